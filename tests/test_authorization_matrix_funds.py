"""The funds part of the authorization matrix: every principal x every funds path, expectations
derived from the policy tables (ROW_SCOPES/TOKEN_SCOPES of the funds resources via `in_scope` and
`require_read`, the action rules `can_move_funds`, `can_grant_funds`, `funds_customer_denial`,
`funds_reseller_denial`) applied to the rows actually stored. Out-of-scope IDs must answer
exactly like never-existing IDs."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from typing import Any

import httpx
import pytest
import pytest_asyncio

from partnercenter.accounts import service as accounts
from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import Organization
from partnercenter.core.context import Viewer
from partnercenter.core.ids import to_global_id
from partnercenter.customers.models import Customer
from partnercenter.customers.service import CUSTOMER_COLUMNS
from partnercenter.funds import service as funds
from partnercenter.funds.enums import AdjustmentOperation
from partnercenter.funds.models import FundsAdjustment
from partnercenter.ledger.enums import AccountPurpose, OwnerType
from partnercenter.ledger.models import LedgerEntry
from tests import policy_tables as policy
from tests.conftest import truncate_all
from tests.factories import PASSWORD, build_world
from tests.funds_factories import fund
from tests.policy_tables import ROW_SCOPES, Resource, RowScope, in_scope
from tests.test_authorization_matrix import (
    PRINCIPALS,
    SESSION_PRINCIPALS,
    TOKEN_PRINCIPALS,
    Matrix,
    ask,
    gid,
    list_error,
    unknown_gid,
)

pytestmark = pytest.mark.asyncio

ADJUSTMENTS = "{ fundsAdjustments(first: 100) { totalCount nodes { id amount { amount } } } }"
ENTRIES = "{ fundsAccountEntries(first: 100) { totalCount nodes { id balanceAfter { amount } } } }"
ACCOUNTS = "{ fundsPartnerAccounts(first: 100) { totalCount nodes { id accountBalance { amount } } } }"
ACCOUNT = "query($id: ID) { fundsAccount(partnerId: $id) { id accountBalance { amount } } }"
NODE = """query($id: ID!) { node(id: $id) { __typename id
  ... on FundsAdjustment { amount { amount } } ... on FundsAccountEntry { balanceAfter { amount } }
  ... on FundsAccount { accountBalance { amount } } } }"""
MOVE = """mutation($input: FundsMoveInput!) { %s(input: $input) {
  adjustment { id } userErrors { code field message } } }"""
RECHARGE = """mutation($input: FundsRechargeInput!) { fundsRecharge(input: $input) {
  account { id } userErrors { code field message } } }"""


@pytest_asyncio.fixture(scope="module")
async def fm(app: object) -> Matrix:
    await truncate_all()
    w = await build_world()
    base = await Customer.get(id=w.customers["a_m1"])
    consult = await Customer.create(
        partner_id=w.orgs["a"],
        name="顾问测试有限公司",
        account_name="hw_cons",
        industry="RETAIL",
        association_type="CONSULTING",
        associated_at=base.associated_at,
        manager_id=w.users["a_m1"],
    )
    w.customers["consult"] = consult.id
    for org in ("a", "b", "r"):
        await fund(w, org, "100000.00", credit="100.00")

    def admin(org: str, user: str, resellers: tuple[int, ...] = ()) -> Viewer:
        return Viewer(
            org_id=w.orgs[org], role=Role.PARTNER_ADMIN, user_id=w.users[user], reseller_org_ids=resellers
        )

    a, r, b = admin("a", "a_admin", (w.orgs["r"],)), admin("r", "r_admin"), admin("b", "b_admin")
    for viewer, kwargs in (
        (a, {"customer_id": w.customers["a_m1"], "reseller_id": None}),
        (a, {"customer_id": w.customers["a_m2"], "reseller_id": None}),
        (a, {"customer_id": None, "reseller_id": w.orgs["r"]}),
        (r, {"customer_id": w.customers["r_m1"], "reseller_id": None}),
        (b, {"customer_id": w.customers["b_m1"], "reseller_id": None}),
    ):
        done = await funds.move(
            viewer,
            AdjustmentOperation.DISBURSE,
            amount=Decimal("10.00"),
            idempotency_key=str(uuid.uuid4()),
            **kwargs,
        )
        assert not isinstance(done, list), done
    sessions: dict[str, tuple[str, str]] = {}
    viewers: dict[str, Viewer | None] = {"anonymous": None}
    for username in SESSION_PRINCIPALS:
        token, csrf = await accounts.login(username, PASSWORD, "203.0.113.7", "pytest-matrix-funds")
        found = await accounts.viewer_for_session(token)
        assert found is not None
        sessions[username] = (token, csrf)
        viewers[username] = found[0]
    for name in TOKEN_PRINCIPALS:
        viewers[name] = await accounts.viewer_for_token(w.tokens[name.removeprefix("token_")])
    return Matrix(w, sessions, viewers)


async def _adjustment_rows() -> dict[int, dict[str, Any]]:
    return {r["id"]: r for r in await FundsAdjustment.all().values("id", "partner_id")}


async def _entry_rows() -> dict[int, dict[str, Any]]:
    rows = await LedgerEntry.filter(
        account__owner_type=OwnerType.ORG, account__purpose=AccountPurpose.PARTNER_FUNDS
    ).values("id", "account__owner_id")
    return {r["id"]: {"id": r["id"], "partner_id": r["account__owner_id"]} for r in rows}


async def _partner_rows() -> dict[int, dict[str, Any]]:
    return {
        o: {"partner_id": o} for o in await Organization.filter(kind="PARTNER").values_list("id", flat=True)
    }


def _ids(body: dict[str, Any], field: str) -> set[str]:
    return {n["id"] for n in body["data"][field]["nodes"]}


@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_funds_lists(client: httpx.AsyncClient, fm: Matrix, principal: str) -> None:
    viewer = fm.viewers[principal]
    for query, field, resource, rows, type_name in (
        (
            ADJUSTMENTS,
            "fundsAdjustments",
            Resource.FUNDS_ADJUSTMENT,
            await _adjustment_rows(),
            "FundsAdjustment",
        ),
        (
            ENTRIES,
            "fundsAccountEntries",
            Resource.FUNDS_ACCOUNT_ENTRY,
            await _entry_rows(),
            "FundsAccountEntry",
        ),
        (ACCOUNTS, "fundsPartnerAccounts", Resource.FUNDS_ACCOUNT, await _partner_rows(), "FundsAccount"),
    ):
        body = await ask(client, fm, principal, query)
        error = list_error(viewer, resource)
        if error is not None:
            assert body.get("data") is None and body["errors"][0]["extensions"]["code"] == error, body
            continue
        assert viewer is not None
        expected = {
            gid(Resource(type_name), pk) for pk, row in rows.items() if in_scope(viewer, resource, row)
        }
        if resource is Resource.FUNDS_ACCOUNT_ENTRY:
            # the list is one partner's account (the viewer's own, no partnerId given)
            expected = {
                gid(resource, pk)
                for pk, row in rows.items()
                if row["partner_id"] == viewer.org_id and in_scope(viewer, resource, row)
            }
        assert _ids(body, field) == expected, (principal, field)
        assert body["data"][field]["totalCount"] == len(expected)


@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_funds_nodes_answer_like_unknown_out_of_scope(
    client: httpx.AsyncClient, fm: Matrix, principal: str
) -> None:
    viewer = fm.viewers[principal]
    checks = [
        (Resource.FUNDS_ADJUSTMENT, await _adjustment_rows()),
        (Resource.FUNDS_ACCOUNT_ENTRY, await _entry_rows()),
        (Resource.FUNDS_ACCOUNT, await _partner_rows()),
    ]
    for resource, rows in checks:
        unknown = await ask(client, fm, principal, NODE, {"id": unknown_gid(resource)})
        for pk, row in rows.items():
            body = await ask(client, fm, principal, NODE, {"id": gid(resource, pk)})
            if (
                viewer is not None
                and in_scope(viewer, resource, row)
                and list_error(viewer, resource) is None
            ):
                assert body["data"]["node"] is not None and body["data"]["node"]["id"] == gid(resource, pk)
            else:
                assert json.dumps(body) == json.dumps(unknown), (principal, resource, pk)
        # the account query itself
        if resource is Resource.FUNDS_ACCOUNT and list_error(viewer, resource) is None:
            unknown = await ask(client, fm, principal, ACCOUNT, {"id": unknown_gid(resource)})
            for pk, row in rows.items():
                body = await ask(client, fm, principal, ACCOUNT, {"id": gid(resource, pk)})
                assert viewer is not None
                if in_scope(viewer, resource, row):
                    assert body["data"]["fundsAccount"]["id"] == gid(resource, pk)
                else:
                    assert json.dumps(body) == json.dumps(unknown), (principal, pk)


def _expected_move_error(
    viewer: Viewer | None, target: str, customer_row: dict[str, Any] | None, fm: Matrix
) -> str | None:
    if viewer is None:
        return "UNAUTHENTICATED"
    if not policy.can_move_funds(viewer):
        return "FORBIDDEN"
    if target == "reseller":
        org = {"distributor_id": fm.world.orgs["a"]}
        denial = policy.funds_reseller_denial(viewer, org)
    else:
        seen = (
            customer_row
            if customer_row is not None and in_scope(viewer, Resource.CUSTOMER, customer_row)
            else None
        )
        denial = policy.funds_customer_denial(viewer, seen)
    return denial.value if denial is not None else None


@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_funds_mutations(client: httpx.AsyncClient, fm: Matrix, principal: str) -> None:
    viewer = fm.viewers[principal]
    customers = {r["id"]: r for r in await Customer.all().values(*CUSTOMER_COLUMNS)}
    targets = [(f"customer:{k}", fm.world.customers[k]) for k in ("a_m1", "r_m1", "b_m1", "consult")]
    targets.append(("reseller", fm.world.orgs["r"]))
    for op in ("fundsDisburse", "fundsRecover"):
        for label, target_pk in targets:
            inp: dict[str, Any] = {"amount": {"amount": "0.01"}, "idempotencyKey": str(uuid.uuid4())}
            if label == "reseller":
                inp["resellerId"] = to_global_id("Organization", target_pk)
            else:
                inp["customerId"] = gid(Resource.CUSTOMER, target_pk)
            body = await ask(client, fm, principal, MOVE % op, {"input": inp})
            expected = _expected_move_error(
                viewer, label, customers.get(target_pk) if label != "reseller" else None, fm
            )
            if expected == "UNAUTHENTICATED":
                assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", body
                continue
            got = [e["code"] for e in body["data"][op]["userErrors"]]
            assert got == ([] if expected is None else [expected]), (principal, op, label, body)
    # recharge: vendor finance only
    body = await ask(
        client,
        fm,
        principal,
        RECHARGE,
        {
            "input": {
                "partnerId": gid(Resource.FUNDS_ACCOUNT, fm.world.orgs["b"]),
                "amount": {"amount": "1.00"},
                "idempotencyKey": str(uuid.uuid4()),
            }
        },
    )
    if viewer is None:
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    else:
        got = [e["code"] for e in body["data"]["fundsRecharge"]["userErrors"]]
        assert got == ([] if policy.can_grant_funds(viewer) else ["FORBIDDEN"]), principal


async def test_funds_policy_matches_the_domain_rules(fm: Matrix) -> None:
    """Anchor: partner admin and finance move money; vendor finance grants; nobody else; no token."""
    movers = {p for p in SESSION_PRINCIPALS if policy.can_move_funds(fm.viewers[p])}  # type: ignore[arg-type]
    assert movers == {"a_admin", "a_fin", "r_admin", "b_admin"}
    granters = {p for p in SESSION_PRINCIPALS if policy.can_grant_funds(fm.viewers[p])}  # type: ignore[arg-type]
    assert granters == {"vfin"}
    for resource in (Resource.FUNDS_ACCOUNT, Resource.FUNDS_ACCOUNT_ENTRY, Resource.FUNDS_ADJUSTMENT):
        for role in (
            Role.ACCOUNT_MANAGER,
            Role.SUPERVISOR,
            Role.VENDOR_PDM,
            Role.CUSTOMER_USER,
            Role.INTEGRATOR,
        ):
            assert ROW_SCOPES[resource].get(role, RowScope.NONE) is RowScope.NONE
        assert ROW_SCOPES[resource][Role.VENDOR_FINANCE] is RowScope.ALL
        assert policy.TOKEN_SCOPES[resource] == frozenset()
