"""The fast execution path answers exactly like Strawberry's standard execution: same data,
same errors (message and path), same null propagation."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from partnercenter.accounts import service as accounts
from partnercenter.core.context import RequestContext
from partnercenter.opportunities.models import Opportunity, OpportunityProgress
from partnercenter.schema import build_schema, schema
from tests.factories import PASSWORD, World

REFERENCE = build_schema(fast_execution=False)

QUERIES = {
    "list with aliases, fragments, typename, directives": (
        """query($n: Int!, $withOwner: Boolean!, $skipCustomer: Boolean!) {
          list: opportunities(first: $n) {
            __typename totalCount
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            edges { cursor node { ...O id2: id type stage kind: __typename } }
            nodes { name money: expectedMonthlyRevenue { amount } }
          }
        }
        fragment O on Opportunity {
          id name industry confidence createdAt updatedAt viewerCanUpdate viewerCanReassign
          expectedMonthlyRevenue { amount currency }
          customer @skip(if: $skipCustomer) {
            id name phone email tags maskedFields revealableFields hiddenFields
            ... on Customer { associationType associatedAt isResellerCustomer } }
          owner @include(if: $withOwner) { id name role maskedFields }
        }""",
        {"n": 10, "withOwner": True, "skipCustomer": False},
    ),
    "resolvers mixed in (loaders, async fields)": (
        """{ opportunities(first: 5) { edges { node { name
            customer { name manager { name phone } partner { name kinds pathStage distributor { name } } }
            progressUpdates { note stage author { name } } } } } }""",
        None,
    ),
    "customers with withheld fields": (
        """{ own: customers(first: 10, filter: {view: OWN}) { nodes { name phone email hiddenFields } }
            resellers: customers(first: 10, filter: {view: RESELLERS}) {
              nodes { name phone email hiddenFields manager { name } } } }""",
        None,
    ),
    "node and nodes with inline fragments": (
        """query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
            ... on Opportunity { name customer { name } owner { name } }
            ... on Customer { name accountName } ... on User { name role } } }""",
        "IDS",
    ),
    "viewer": ("{ viewer { role scopes user { name } organization { name kinds coreMap } } }", None),
}


async def _execute(target: Any, username: str, query: str, variables: dict[str, Any] | None) -> Any:
    token, _ = await accounts.login(username, PASSWORD, "127.0.0.1", "test")
    found = await accounts.viewer_for_session(token)
    assert found is not None
    ctx = RequestContext(request_id="equivalence", viewer=found[0], auth_method="cookie", csrf_ok=True)
    result = await target.execute(query, variable_values=variables, context_value=ctx)
    errors = [(e.message, e.path) for e in result.errors or []]
    return result.data, errors


async def _extra_rows(world: World) -> None:
    """An opportunity whose customer is outside its owner's customer scope (nested null), and progress."""
    when = datetime(2026, 3, 1, tzinfo=UTC)
    cross = await Opportunity.create(
        partner_id=world.orgs["a"], customer_id=world.customers["a_m1"], owner_id=world.users["a_m2"],
        name="交叉商机", industry="FINANCE", type="RENEWAL", stage="SOLUTION", confidence=40,
        expected_monthly_revenue=Decimal("12.30"), created_at=when, updated_at=when,
    )  # fmt: skip
    await OpportunityProgress.create(
        opportunity=cross, author_id=world.users["a_m2"], note="已拜访", stage="SOLUTION"
    )


@pytest.mark.parametrize("username", ["a_m2", "a_lead", "a_admin", "pdm"])
@pytest.mark.parametrize("name", list(QUERIES))
async def test_same_answers(world: World, username: str, name: str) -> None:
    await _extra_rows(world)
    query, variables = QUERIES[name]
    if variables == "IDS":
        variables = {
            "ids": [world.gid("Opportunity", pk) for pk in world.opportunities.values()]
            + [world.gid("Customer", pk) for pk in world.customers.values()]
            + [world.gid("User", pk) for pk in world.users.values()]
        }
    fast = await _execute(schema, username, query, variables)  # type: ignore[arg-type]
    reference = await _execute(REFERENCE, username, query, variables)  # type: ignore[arg-type]
    assert fast == reference
    assert fast[0] is not None


async def test_same_errors_and_null_propagation(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A non-null field that comes back null: same error message and path, same nulling."""
    from partnercenter.opportunities.graphql import schema as opportunity_schema
    from partnercenter.opportunities.graphql import types

    real = types.opportunity_from_row

    def broken(viewer: Any, row: dict[str, Any], *rest: Any) -> Any:
        obj = real(viewer, row, *rest)
        if row["owner_id"] == world.users["a_m2"]:
            obj.name = None  # type: ignore[assignment]
        return obj

    monkeypatch.setattr(opportunity_schema, "opportunity_from_row", broken)
    query = "{ viewer { role } opportunities(first: 5) { edges { node { id name } } } }"
    fast = await _execute(schema, "a_lead", query, None)
    reference = await _execute(REFERENCE, "a_lead", query, None)
    assert fast == reference
    assert fast[1] and fast[1][0][1][:3] == ["opportunities", "edges", fast[1][0][1][2]]
