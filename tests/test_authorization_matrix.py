"""The authorization matrix: every principal x every read path, with the expectations derived from
the access policy tables (ROW_SCOPES via `in_scope`, REVEAL_RIGHTS/MASKED_FIELDS via `field_rights`,
TOKEN_SCOPES via `require_read`) applied to the rows actually stored, never hand-listed per cell.

Every out-of-scope ID is compared with a never-existing ID of the same type: the whole JSON answer
must be identical (node, nodes, filters, reveal, mutations). A small anchor test at the end pins
the policy itself to the domain rules, so a wrong table cannot make the matrix vacuously green.

The world is built once for this module (reads only; the mutations tried here must all fail)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
import pytest_asyncio

from partnercenter.accounts import service as accounts
from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.audit.models import AuditEntry
from partnercenter.core.context import Viewer
from partnercenter.core.errors import PublicError
from partnercenter.core.ids import from_global_id, to_global_id
from partnercenter.customers.graphql.schema import CustomerOrderField
from partnercenter.customers.models import Customer
from partnercenter.customers.service import CUSTOMER_COLUMNS
from partnercenter.opportunities.graphql.inputs import OpportunityOrderField
from partnercenter.opportunities.models import Opportunity
from partnercenter.settings import get_settings
from tests import policy_tables as policy
from tests.conftest import truncate_all
from tests.factories import PASSWORD, World, build_world, gql
from tests.policy_tables import (
    FIELD_COLUMNS,
    MASKED_FIELDS,
    MASKERS,
    ROW_SCOPES,
    MaskedField,
    Resource,
    field_rights,
    in_scope,
)

SESSION_PRINCIPALS = [
    "a_m1",  # manager A
    "a_m2",  # manager B (same supervisor)
    "a_m3",  # manager without a supervisor
    "a_lead",  # supervisor of a_m1 and a_m2
    "a_sup",  # top supervisor (a_lead's supervisor)
    "a_admin",  # partner admin of distributor A (sees reseller R's rows, basic data only)
    "a_fin",  # partner finance
    "r_admin",  # admin of the secondary reseller R
    "b_admin",  # admin of an unrelated partner B
    "pdm",  # vendor PDM
    "vfin",  # vendor finance
    "cust_user",  # a customer user of a_m1's customer
]
TOKEN_PRINCIPALS = ["token_full", "token_customers_only"]
PRINCIPALS = [*SESSION_PRINCIPALS, *TOKEN_PRINCIPALS, "anonymous"]

GQL_FIELD = {
    MaskedField.NAME: "name",
    MaskedField.ACCOUNT_NAME: "accountName",
    MaskedField.PHONE: "phone",
    MaskedField.EMAIL: "email",
}
USER_COLUMNS = ["id", "org_id", "name", "phone", "email", "role"]
OPP_COLUMNS = [
    "id",
    "partner_id",
    "customer_id",
    "owner_id",
    "confidence",
    "expected_monthly_revenue",
    "created_at",
    "updated_at",
]

FRAGMENTS = """
fragment C on Customer { id name accountName phone email isResellerCustomer maskedFields revealableFields
  hiddenFields }
fragment U on User { id name phone email role maskedFields revealableFields }
"""
OPPORTUNITIES = (
    FRAGMENTS
    + """
query($first: Int!, $after: String, $filter: OpportunityFilter, $order: OpportunityOrder) {
  opportunities(first: $first, after: $after, filter: $filter, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id confidence createdAt updatedAt expectedMonthlyRevenue { amount }
      customer { ...C } owner { ...U } } } } }"""
)
CUSTOMERS = (
    FRAGMENTS
    + """
query($first: Int!, $after: String, $filter: CustomerFilter, $order: CustomerOrder) {
  customers(first: $first, after: $after, filter: $filter, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { ...C associatedAt manager { ...U } } } } }"""
)
NODE = (
    FRAGMENTS
    + """
query($id: ID!) { node(id: $id) { __typename id
  ... on Customer { ...C manager { ...U } }
  ... on Opportunity { name customer { id } owner { id } }
  ... on User { ...U } } }"""
)
NODES = (
    FRAGMENTS
    + """
query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
  ... on Customer { ...C manager { ...U } }
  ... on Opportunity { name customer { id } owner { id } }
  ... on User { ...U } } }"""
)
VIEWER = "{ viewer { role scopes user { id } organization { id } } }"
REVEAL = """mutation($ids: [ID!]!, $fields: [MaskedField!]!) {
  maskedFieldsReveal(input: {ids: $ids, fields: $fields}) {
    records { id name accountName phone email } userErrors { code field message } } }"""
OPP_PAYLOAD = "opportunity { id name confidence owner { id } } userErrors { code field message }"
UPDATE = "mutation($id: ID!) { opportunityUpdate(input: {id: $id, confidence: 90}) { PAYLOAD } }"
REASSIGN = (
    "mutation($id: ID!, $owner: ID!) { opportunityReassign(input: {id: $id, ownerId: $owner}) { PAYLOAD } }"
)
PROGRESS = """mutation($id: ID!) { opportunityProgressAdd(input: {opportunityId: $id, note: "跟进"}) {
  progress { id } opportunity { id } userErrors { code field message } } }"""
CREATE = """mutation($customer: ID!) { opportunityCreate(input: {customerId: $customer, name: "新商机",
  type: NEW_PURCHASE, stage: LEAD, confidence: 10, expectedMonthlyRevenue: {amount: "1.00"}}) { PAYLOAD } }"""
UPDATE, REASSIGN, CREATE = (q.replace("PAYLOAD", OPP_PAYLOAD) for q in (UPDATE, REASSIGN, CREATE))


# --------------------------------------------------------------------------- the world


@dataclass
class Matrix:
    world: World
    sessions: dict[str, tuple[str, str]]  # principal -> (session token, csrf token)
    viewers: dict[str, Viewer | None]


@pytest_asyncio.fixture(scope="module")
async def matrix(app: object) -> Matrix:
    await truncate_all()
    w = await build_world()
    # Rows that make the nested paths interesting: an opportunity of a_m1's customer owned by a_m2
    # (as after a reassignment), and a customer of A without a manager.
    base = datetime(2026, 2, 1, tzinfo=UTC)
    cross = await Opportunity.create(
        partner_id=w.orgs["a"],
        customer_id=w.customers["a_m1"],
        owner_id=w.users["a_m2"],
        name="交叉商机",
        industry="FINANCE",
        type="EXPANSION",
        stage="LEAD",
        confidence=90,
        expected_monthly_revenue=Decimal("5.50"),
        created_at=base,
        updated_at=base - timedelta(days=60),
    )
    w.opportunities["cross"] = cross.id
    orphan = await Customer.create(
        partner_id=w.orgs["a"],
        name="无主测试信息有限公司",
        account_name="hw_orphan9",
        phone="13955550000",
        email="orphan@nomgr.com",
        industry="RETAIL",
        region="华南",
        association_type="CONSULTING",
        associated_at=base,
        manager_id=None,
        tags="",
    )
    w.customers["none"] = orphan.id
    # Distinct phone numbers per person, so that no clear value is shared between people.
    for i, uid in enumerate(sorted(w.users.values())):
        await User.filter(id=uid).update(phone=f"1370000{i:04d}")
    sessions: dict[str, tuple[str, str]] = {}
    viewers: dict[str, Viewer | None] = {"anonymous": None}
    for username in SESSION_PRINCIPALS:
        token, csrf = await accounts.login(username, PASSWORD, "203.0.113.7", "pytest-matrix")
        found = await accounts.viewer_for_session(token)
        assert found is not None
        sessions[username] = (token, csrf)
        viewers[username] = found[0]
    for name in TOKEN_PRINCIPALS:
        viewers[name] = await accounts.viewer_for_token(w.tokens[name.removeprefix("token_")])
    return Matrix(w, sessions, viewers)


async def ask(
    client: httpx.AsyncClient, m: Matrix, principal: str, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    client.cookies.clear()
    csrf = token = None
    if principal in m.sessions:
        session, csrf = m.sessions[principal]
        client.cookies.set(get_settings().session_cookie, session)
    elif principal in TOKEN_PRINCIPALS:
        token = m.world.tokens[principal.removeprefix("token_")]
    return await gql(client, query, variables, csrf=csrf, token=token)


@dataclass
class Snap:
    """The rows as stored now, each with the columns the policy looks at."""

    customers: dict[int, dict[str, Any]]
    opportunities: dict[int, dict[str, Any]]
    users: dict[int, dict[str, Any]]

    def rows(self, resource: Resource) -> dict[int, dict[str, Any]]:
        return {
            Resource.CUSTOMER: self.customers,
            Resource.OPPORTUNITY: self.opportunities,
            Resource.USER: self.users,
        }[resource]


async def snapshot() -> Snap:
    return Snap(
        customers={r["id"]: r for r in await Customer.all().values(*CUSTOMER_COLUMNS)},
        opportunities={r["id"]: r for r in await Opportunity.all().values(*OPP_COLUMNS)},
        users={r["id"]: r for r in await User.all().values(*USER_COLUMNS)},
    )


# --------------------------------------------------------------------------- expectations from the policy


def visible(viewer: Viewer | None, resource: Resource, snap: Snap) -> set[int]:
    return {pk for pk, row in snap.rows(resource).items() if in_scope(viewer, resource, row)}


def list_error(viewer: Viewer | None, resource: Resource) -> str | None:
    """The typed error a list answers with for this viewer, per the policy (None: it lists rows)."""
    try:
        policy.require_read(viewer, resource)
    except PublicError as err:
        return err.code.value
    return None


def gid(resource: Resource, pk: int) -> str:
    return to_global_id(resource.value, pk)


def unknown_gid(resource: Resource, k: int = 0) -> str:
    return to_global_id(resource.value, 900_000 + k)


def pk(resource: Resource, global_id: str) -> int:
    decoded = from_global_id(global_id)
    assert decoded is not None and decoded[0] == resource.value, global_id
    return decoded[1]


def _listed(fields: frozenset[MaskedField]) -> list[str]:
    return [f.value for f in MaskedField if f in fields]


def assert_presented(viewer: Viewer, resource: Resource, node: dict[str, Any], row: dict[str, Any]) -> None:
    """Masked, revealable and hidden fields exactly as the policy says; masked values carry `*`."""
    rights = field_rights(viewer, resource, row)
    where = f"{resource.value} {row['id']}"
    assert node["id"] == gid(resource, row["id"])
    assert node["maskedFields"] == _listed(rights.masked), where
    assert node["revealableFields"] == _listed(rights.revealable), where
    if resource is Resource.CUSTOMER:
        assert node["hiddenFields"] == _listed(rights.hidden), where
        assert node["isResellerCustomer"] is (row["partner_id"] in viewer.reseller_org_ids), where
    else:
        assert not rights.hidden
    for field in MASKED_FIELDS[resource]:
        shown, clear = node[GQL_FIELD[field]], row[FIELD_COLUMNS[field]]
        assert clear, f"{where}: the world must hold a value for {field}"
        if field in rights.hidden:
            assert shown is None, (where, field)
        elif field in rights.masked:
            assert shown == MASKERS[(resource, field)](clear), (where, field, shown)
            assert "*" in shown and shown != clear, (where, field, shown)
        else:
            assert shown == clear, (where, field)


def assert_no_clear_text(viewer: Viewer | None, body: dict[str, Any], snap: Snap) -> None:
    """No masked value of any record appears in clear anywhere in the answer (own name excepted)."""
    text = json.dumps(body, ensure_ascii=False)
    own = viewer.user_id if viewer else None
    for row in snap.customers.values():
        for field in MASKED_FIELDS[Resource.CUSTOMER]:
            assert row[FIELD_COLUMNS[field]] not in text, (row["id"], field)
    for row in snap.users.values():
        if row["id"] != own:
            for field in MASKED_FIELDS[Resource.USER]:
                assert row[FIELD_COLUMNS[field]] not in text, (row["id"], field)


def assert_error(body: dict[str, Any], code: str) -> None:
    assert body.get("data") is None, body
    assert [e["extensions"]["code"] for e in body["errors"]] == [code], body


def user_or_none(viewer: Viewer, node: dict[str, Any] | None, user_id: int | None, snap: Snap) -> None:
    """A nested person: present (and masked per policy) exactly when in the viewer's people scope."""
    row = snap.users.get(user_id) if user_id is not None else None
    if row is None or not in_scope(viewer, Resource.USER, row):
        assert node is None, (user_id, node)
    else:
        assert node is not None, user_id
        assert_presented(viewer, Resource.USER, node, row)


def customer_or_none(viewer: Viewer, node: dict[str, Any] | None, customer_id: int, snap: Snap) -> None:
    row = snap.customers[customer_id]
    if in_scope(viewer, Resource.CUSTOMER, row):
        assert node is not None, customer_id
        assert_presented(viewer, Resource.CUSTOMER, node, row)
    else:
        assert node is None, (customer_id, node)


def nodes_of(body: dict[str, Any], key: str) -> list[dict[str, Any]]:
    assert "errors" not in body, body
    return [e["node"] for e in body["data"][key]["edges"]]


# --------------------------------------------------------------------------- paths


async def path_viewer(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    viewer = m.viewers[principal]
    body = await ask(client, m, principal, VIEWER)
    assert "errors" not in body, body
    got = body["data"]["viewer"]
    if viewer is None:
        assert got is None
        return
    assert got["role"] == viewer.role.value
    assert got["scopes"] == sorted(s.value for s in viewer.scopes)
    assert got["organization"]["id"] == to_global_id("Organization", viewer.org_id)
    own = snap.users.get(viewer.user_id or 0)
    expected_user = own is not None and in_scope(viewer, Resource.USER, own)
    assert (got["user"] is not None) is expected_user, got


async def path_opportunities(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    viewer = m.viewers[principal]
    body = await ask(client, m, principal, OPPORTUNITIES, {"first": 100})
    error = list_error(viewer, Resource.OPPORTUNITY)
    if error:
        assert_error(body, error)
        return
    assert viewer is not None
    nodes = nodes_of(body, "opportunities")
    expected = visible(viewer, Resource.OPPORTUNITY, snap)
    assert sorted(n["id"] for n in nodes) == sorted(gid(Resource.OPPORTUNITY, p) for p in expected)
    assert body["data"]["opportunities"]["totalCount"] == len(expected)
    for n in nodes:
        row = snap.opportunities[pk(Resource.OPPORTUNITY, n["id"])]
        assert n["owner"] is not None
        user_or_none(viewer, n["owner"], row["owner_id"], snap)
    assert_no_clear_text(viewer, body, snap)


async def path_opportunity_customer(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    """Nested `opportunity.customer`: null exactly when the customer is outside the customer scope."""
    viewer = m.viewers[principal]
    body = await ask(client, m, principal, OPPORTUNITIES, {"first": 100})
    if list_error(viewer, Resource.OPPORTUNITY):
        return  # covered by path_opportunities
    assert viewer is not None
    for n in nodes_of(body, "opportunities"):
        row = snap.opportunities[pk(Resource.OPPORTUNITY, n["id"])]
        customer_or_none(viewer, n["customer"], row["customer_id"], snap)
    assert_no_clear_text(viewer, body, snap)


async def _customers(
    client: httpx.AsyncClient,
    m: Matrix,
    principal: str,
    snap: Snap,
    view: str | None,
) -> None:
    viewer = m.viewers[principal]
    variables: dict[str, Any] = {"first": 100}
    if view:
        variables["filter"] = {"view": view}
    body = await ask(client, m, principal, CUSTOMERS, variables)
    error = list_error(viewer, Resource.CUSTOMER)
    if error:
        assert_error(body, error)
        return
    assert viewer is not None
    expected = visible(viewer, Resource.CUSTOMER, snap)
    if view == "OWN":  # a distributor's own tab: its own customers
        expected = {p for p in expected if snap.customers[p]["partner_id"] == viewer.org_id}
    elif view == "RESELLERS":  # its secondary resellers' customers
        expected = {p for p in expected if snap.customers[p]["partner_id"] in viewer.reseller_org_ids}
    nodes = nodes_of(body, "customers")
    assert sorted(n["id"] for n in nodes) == sorted(gid(Resource.CUSTOMER, p) for p in expected)
    assert body["data"]["customers"]["totalCount"] == len(expected)
    for n in nodes:
        assert_presented(viewer, Resource.CUSTOMER, n, snap.customers[pk(Resource.CUSTOMER, n["id"])])
    assert_no_clear_text(viewer, body, snap)


async def path_customers(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    await _customers(client, m, principal, snap, None)


async def path_customers_view_own(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    await _customers(client, m, principal, snap, "OWN")


async def path_customers_view_resellers(
    client: httpx.AsyncClient,
    m: Matrix,
    principal: str,
    snap: Snap,
) -> None:
    await _customers(client, m, principal, snap, "RESELLERS")


async def path_customer_manager(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    """Nested `customer.manager`, from the list and from node(): null exactly outside the people scope."""
    viewer = m.viewers[principal]
    body = await ask(client, m, principal, CUSTOMERS, {"first": 100})
    if list_error(viewer, Resource.CUSTOMER):
        return  # covered by path_customers
    assert viewer is not None
    for n in nodes_of(body, "customers"):
        row = snap.customers[pk(Resource.CUSTOMER, n["id"])]
        user_or_none(viewer, n["manager"], row["manager_id"], snap)
    assert_no_clear_text(viewer, body, snap)
    for customer_id in visible(viewer, Resource.CUSTOMER, snap):
        single = await ask(client, m, principal, NODE, {"id": gid(Resource.CUSTOMER, customer_id)})
        node = single["data"]["node"]
        assert node is not None
        user_or_none(viewer, node["manager"], snap.customers[customer_id]["manager_id"], snap)
        assert_no_clear_text(viewer, single, snap)


def _check_node(viewer: Viewer | None, resource: Resource, node: dict[str, Any], snap: Snap) -> None:
    assert viewer is not None
    assert node["__typename"] == resource.value
    row = snap.rows(resource)[pk(resource, node["id"])]
    if resource is Resource.OPPORTUNITY:
        assert node["owner"] == {"id": gid(Resource.USER, row["owner_id"])}
        in_customer_scope = in_scope(viewer, Resource.CUSTOMER, snap.customers[row["customer_id"]])
        assert (node["customer"] is not None) is in_customer_scope
    else:
        assert_presented(viewer, resource, node, row)
    if resource is Resource.CUSTOMER:
        user_or_none(viewer, node["manager"], row["manager_id"], snap)


async def _node(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap, resource: Resource) -> None:
    viewer = m.viewers[principal]
    unknown = await ask(client, m, principal, NODE, {"id": unknown_gid(resource)})
    assert unknown == {"data": {"node": None}}
    seen = set()
    for key in sorted(snap.rows(resource)):
        body = await ask(client, m, principal, NODE, {"id": gid(resource, key)})
        assert_no_clear_text(viewer, body, snap)
        if in_scope(viewer, resource, snap.rows(resource)[key]):
            assert body["data"]["node"] is not None, key
            _check_node(viewer, resource, body["data"]["node"], snap)
            seen.add(key)
        else:
            assert body == unknown, (key, body)
    assert seen == visible(viewer, resource, snap)


async def _nodes(
    client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap, resource: Resource
) -> None:
    viewer = m.viewers[principal]
    keys = sorted(snap.rows(resource))
    body = await ask(
        client, m, principal, NODES, {"ids": [gid(resource, k) for k in keys] + [unknown_gid(resource)]}
    )
    assert "errors" not in body, body
    assert_no_clear_text(viewer, body, snap)
    got = body["data"]["nodes"]
    assert len(got) == len(keys) + 1 and got[-1] is None
    for key, node in zip(keys, got, strict=False):
        if in_scope(viewer, resource, snap.rows(resource)[key]):
            assert node is not None, key
            assert node["id"] == gid(resource, key)
            _check_node(viewer, resource, node, snap)
        else:
            assert node is None, (key, node)
    hidden = sorted(set(keys) - visible(viewer, resource, snap))
    if hidden:
        out_of_scope = await ask(client, m, principal, NODES, {"ids": [gid(resource, k) for k in hidden]})
        unknown = await ask(
            client, m, principal, NODES, {"ids": [unknown_gid(resource, i) for i in range(len(hidden))]}
        )
        assert out_of_scope == unknown == {"data": {"nodes": [None] * len(hidden)}}


async def path_node_customer(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    await _node(client, m, principal, snap, Resource.CUSTOMER)


async def path_node_opportunity(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    await _node(client, m, principal, snap, Resource.OPPORTUNITY)


async def path_node_user(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    await _node(client, m, principal, snap, Resource.USER)


async def path_nodes_customer(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    await _nodes(client, m, principal, snap, Resource.CUSTOMER)


async def path_nodes_opportunity(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    await _nodes(client, m, principal, snap, Resource.OPPORTUNITY)


async def path_nodes_user(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    await _nodes(client, m, principal, snap, Resource.USER)


async def _id_filter(
    client: httpx.AsyncClient,
    m: Matrix,
    principal: str,
    snap: Snap,
    query: str,
    list_key: str,
    list_resource: Resource,
    filter_key: str,
    by: Resource,
    column: str,
) -> None:
    """Filtering by one ID: the in-scope rows that match; an out-of-scope ID answers like an unknown one."""
    viewer = m.viewers[principal]

    async def run(ids: list[str]) -> dict[str, Any]:
        return await ask(client, m, principal, query, {"first": 100, "filter": {filter_key: ids}})

    unknown = await run([unknown_gid(by)])
    error = list_error(viewer, list_resource)
    if error:
        assert_error(unknown, error)
        return
    assert viewer is not None
    assert nodes_of(unknown, list_key) == [] and unknown["data"][list_key]["totalCount"] == 0
    rows = visible(viewer, list_resource, snap)
    for key, row in sorted(snap.rows(by).items()):
        body = await run([gid(by, key)])
        if in_scope(viewer, by, row):
            expected = {p for p in rows if snap.rows(list_resource)[p][column] == key}
            got = [n["id"] for n in nodes_of(body, list_key)]
            assert sorted(got) == sorted(gid(list_resource, p) for p in expected), key
            assert body["data"][list_key]["totalCount"] == len(expected)
        else:
            assert body == unknown, (key, body)
    # Several IDs at once: the out-of-scope ones add nothing.
    everything = await run([gid(by, k) for k in sorted(snap.rows(by))])
    in_scope_only = await run([gid(by, k) for k in sorted(visible(viewer, by, snap))] or [unknown_gid(by)])
    assert everything == in_scope_only


async def path_filter_customer_ids(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    await _id_filter(
        client,
        m,
        principal,
        snap,
        OPPORTUNITIES,
        "opportunities",
        Resource.OPPORTUNITY,
        "customerIds",
        Resource.CUSTOMER,
        "customer_id",
    )


async def path_filter_owner_ids(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    await _id_filter(
        client,
        m,
        principal,
        snap,
        OPPORTUNITIES,
        "opportunities",
        Resource.OPPORTUNITY,
        "ownerIds",
        Resource.USER,
        "owner_id",
    )


async def path_filter_manager_ids(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    await _id_filter(
        client,
        m,
        principal,
        snap,
        CUSTOMERS,
        "customers",
        Resource.CUSTOMER,
        "managerIds",
        Resource.USER,
        "manager_id",
    )


SORT_VALUE = {  # the shown value each ordering sorts by (customers' createdAt is not exposed)
    (Resource.OPPORTUNITY, "UPDATED_AT"): lambda n: datetime.fromisoformat(n["updatedAt"]),
    (Resource.OPPORTUNITY, "CREATED_AT"): lambda n: datetime.fromisoformat(n["createdAt"]),
    (Resource.OPPORTUNITY, "EXPECTED_MONTHLY_REVENUE"): lambda n: Decimal(
        n["expectedMonthlyRevenue"]["amount"]
    ),
    (Resource.OPPORTUNITY, "CONFIDENCE"): lambda n: n["confidence"],
    (Resource.CUSTOMER, "ASSOCIATED_AT"): lambda n: datetime.fromisoformat(n["associatedAt"]),
}


async def _walk(
    client: httpx.AsyncClient, m: Matrix, principal: str, query: str, key: str, order: dict[str, str]
) -> list[dict[str, Any]]:
    """Every page of two rows, following endCursor."""
    seen: list[dict[str, Any]] = []
    after = None
    for _ in range(50):
        body = await ask(client, m, principal, query, {"first": 2, "after": after, "order": order})
        seen += nodes_of(body, key)
        info = body["data"][key]["pageInfo"]
        if not info["hasNextPage"]:
            return seen
        after = info["endCursor"]
    raise AssertionError("paging does not end")


async def path_ordering(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    """Every ordering (both directions, paged two by two) returns exactly the same set of rows."""
    viewer = m.viewers[principal]
    for query, key, resource, fields in (
        (OPPORTUNITIES, "opportunities", Resource.OPPORTUNITY, list(OpportunityOrderField)),
        (CUSTOMERS, "customers", Resource.CUSTOMER, list(CustomerOrderField)),
    ):
        error = list_error(viewer, resource)
        expected = sorted(gid(resource, p) for p in visible(viewer, resource, snap))
        for field in fields:
            for direction in ("ASC", "DESC"):
                order = {"field": field.value, "direction": direction}
                if error:
                    body = await ask(client, m, principal, query, {"first": 2, "order": order})
                    assert_error(body, error)
                    continue
                rows = await _walk(client, m, principal, query, key, order)
                ids = [n["id"] for n in rows]
                assert len(ids) == len(set(ids)), (field, direction)
                assert sorted(ids) == expected, (field, direction)
                if (resource, field.value) in SORT_VALUE:
                    values = [SORT_VALUE[(resource, field.value)](n) for n in rows]
                    assert values == sorted(values, reverse=direction == "DESC"), (field, direction)


async def path_total_count(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    """totalCount counts the scope (and the filters), never the page, never other rows."""
    viewer = m.viewers[principal]
    for query, key, resource in (
        (OPPORTUNITIES, "opportunities", Resource.OPPORTUNITY),
        (CUSTOMERS, "customers", Resource.CUSTOMER),
    ):
        body = await ask(client, m, principal, query, {"first": 1})
        error = list_error(viewer, resource)
        if error:
            assert_error(body, error)
            continue
        expected = visible(viewer, resource, snap)
        conn = body["data"][key]
        assert conn["totalCount"] == len(expected)
        assert len(conn["edges"]) == min(1, len(expected))
        assert conn["pageInfo"]["hasNextPage"] is (len(expected) > 1)
    # With a filter: opportunities of confidence >= 60 (only the cross opportunity has 90).
    body = await ask(client, m, principal, OPPORTUNITIES, {"first": 1, "filter": {"confidence": {"min": 60}}})
    if not list_error(viewer, Resource.OPPORTUNITY):
        expected = {
            p
            for p in visible(viewer, Resource.OPPORTUNITY, snap)
            if snap.opportunities[p]["confidence"] >= 60
        }
        assert body["data"]["opportunities"]["totalCount"] == len(expected)


def _same_but_id(a: dict[str, Any], a_id: str, b: dict[str, Any], b_id: str) -> None:
    """Identical answers, once the asked ID echoed in a message is replaced by a placeholder."""
    assert json.dumps(a, ensure_ascii=False).replace(a_id, "<ID>") == json.dumps(
        b, ensure_ascii=False
    ).replace(b_id, "<ID>")


async def path_reveal(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    """maskedFieldsReveal of an out-of-scope record answers like an unknown one, alone or mixed."""
    viewer = m.viewers[principal]
    audit_before = await AuditEntry.all().count()
    fields = [f.value for f in MaskedField]
    for resource in (Resource.CUSTOMER, Resource.USER):
        unknown_id = unknown_gid(resource)
        unknown = await ask(client, m, principal, REVEAL, {"ids": [unknown_id], "fields": fields})
        if viewer is not None:
            assert unknown["data"]["maskedFieldsReveal"]["records"] == []
            assert [e["code"] for e in unknown["data"]["maskedFieldsReveal"]["userErrors"]] == ["NOT_FOUND"]
        inside = sorted(visible(viewer, resource, snap))
        for key in sorted(set(snap.rows(resource)) - set(inside)):
            oos = gid(resource, key)
            body = await ask(client, m, principal, REVEAL, {"ids": [oos], "fields": fields})
            _same_but_id(body, oos, unknown, unknown_id)
            if inside:  # one in-scope record first, then the out-of-scope one
                first = gid(resource, inside[0])
                mixed = await ask(client, m, principal, REVEAL, {"ids": [first, oos], "fields": fields})
                mixed_unknown = await ask(
                    client, m, principal, REVEAL, {"ids": [first, unknown_id], "fields": fields}
                )
                _same_but_id(mixed, oos, mixed_unknown, unknown_id)
                assert mixed["data"]["maskedFieldsReveal"]["records"] == []
            assert_no_clear_text(viewer, body, snap)
    assert await AuditEntry.all().count() == audit_before


async def path_mutations(client: httpx.AsyncClient, m: Matrix, principal: str, snap: Snap) -> None:
    """opportunityUpdate / ProgressAdd / Reassign / Create with out-of-scope IDs answer like unknown IDs
    and change nothing."""
    viewer = m.viewers[principal]
    some_user = gid(Resource.USER, m.world.users["a_m2"])
    opp_unknown = unknown_gid(Resource.OPPORTUNITY)
    opp_inside = sorted(visible(viewer, Resource.OPPORTUNITY, snap))
    opp_outside = sorted(set(snap.opportunities) - set(opp_inside))
    for query, extra in ((UPDATE, {}), (PROGRESS, {}), (REASSIGN, {"owner": some_user})):
        unknown = await ask(client, m, principal, query, {"id": opp_unknown, **extra})
        if viewer is None:
            assert_error(unknown, "UNAUTHENTICATED")
        else:
            payload = next(iter(unknown["data"].values()))
            assert [e["code"] for e in payload["userErrors"]] == ["NOT_FOUND"], unknown
        for key in opp_outside:
            body = await ask(client, m, principal, query, {"id": gid(Resource.OPPORTUNITY, key), **extra})
            assert body == unknown, (query, key, body)
    # Reassigning a visible opportunity to someone outside the people scope == to an unknown person.
    if opp_inside:
        target = gid(Resource.OPPORTUNITY, opp_inside[0])
        unknown = await ask(
            client, m, principal, REASSIGN, {"id": target, "owner": unknown_gid(Resource.USER)}
        )
        for key in sorted(set(snap.users) - visible(viewer, Resource.USER, snap)):
            body = await ask(client, m, principal, REASSIGN, {"id": target, "owner": gid(Resource.USER, key)})
            assert body == unknown, (key, body)
    # Creating an opportunity for an out-of-scope customer == for an unknown one.
    unknown = await ask(client, m, principal, CREATE, {"customer": unknown_gid(Resource.CUSTOMER)})
    for key in sorted(set(snap.customers) - visible(viewer, Resource.CUSTOMER, snap)):
        body = await ask(client, m, principal, CREATE, {"customer": gid(Resource.CUSTOMER, key)})
        assert body == unknown, (key, body)
    assert await snapshot() == snap  # nothing changed


PATHS = {
    "viewer": path_viewer,
    "opportunities": path_opportunities,
    "opportunity.customer": path_opportunity_customer,
    "customers": path_customers,
    "customers(view:OWN)": path_customers_view_own,
    "customers(view:RESELLERS)": path_customers_view_resellers,
    "customer.manager": path_customer_manager,
    "node(Customer)": path_node_customer,
    "node(Opportunity)": path_node_opportunity,
    "node(User)": path_node_user,
    "nodes(Customer)": path_nodes_customer,
    "nodes(Opportunity)": path_nodes_opportunity,
    "nodes(User)": path_nodes_user,
    "filter(customerIds)": path_filter_customer_ids,
    "filter(ownerIds)": path_filter_owner_ids,
    "filter(managerIds)": path_filter_manager_ids,
    "ordering": path_ordering,
    "totalCount": path_total_count,
    "maskedFieldsReveal": path_reveal,
    "mutations": path_mutations,
}


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_matrix(client: httpx.AsyncClient, matrix: Matrix, principal: str, path: str) -> None:
    await PATHS[path](client, matrix, principal, await snapshot())


# --------------------------------------------------------------------------- anchors


async def test_policy_matches_the_domain_rules(matrix: Matrix) -> None:
    """The derived expectations are not vacuous: they say what DOMAIN.md says for this world."""
    w, snap = matrix.world, await snapshot()
    # The principals cover every role, and the policy decides a row scope for each of them.
    roles = {v.role for v in matrix.viewers.values() if v is not None}
    assert roles == set(Role)
    for resource in Resource:
        assert set(ROW_SCOPES[resource]) == set(Role), resource

    def customers_of(principal: str) -> set[str]:
        names = {v: k for k, v in w.customers.items()}
        return {names[p] for p in visible(matrix.viewers[principal], Resource.CUSTOMER, snap)}

    def opportunities_of(principal: str) -> set[str]:
        names = {v: k for k, v in w.opportunities.items()}
        return {names[p] for p in visible(matrix.viewers[principal], Resource.OPPORTUNITY, snap)}

    a_all = {"a_m1", "a_m2", "a_m3", "none"}
    assert customers_of("a_m1") == {"a_m1"}
    assert opportunities_of("a_m1") == {"a_m1"}
    assert opportunities_of("a_m2") == {"a_m2", "cross"}
    assert customers_of("a_lead") == customers_of("a_sup") == {"a_m1", "a_m2"}
    assert customers_of("a_admin") == a_all | {"r_m1"}
    assert opportunities_of("a_admin") == {"a_m1", "a_m2", "a_m3", "cross", "r_m1"}
    assert customers_of("r_admin") == {"r_m1"}
    assert customers_of("b_admin") == {"b_m1"}
    assert customers_of("pdm") == set(w.customers)
    assert customers_of("cust_user") == {"a_m1"}
    assert customers_of("token_full") == customers_of("token_customers_only") == a_all
    assert opportunities_of("token_customers_only") == set() and opportunities_of("anonymous") == set()
    assert list_error(matrix.viewers["anonymous"], Resource.CUSTOMER) == "UNAUTHENTICATED"
    assert list_error(matrix.viewers["token_customers_only"], Resource.OPPORTUNITY) == "FORBIDDEN"
    assert list_error(matrix.viewers["token_full"], Resource.OPPORTUNITY) is None
    # Masking: everyone sees customers masked; managers may reveal everything; tokens nothing;
    # the distributor gets only basic data of its reseller's customers.
    a_admin, r_row = matrix.viewers["a_admin"], snap.customers[w.customers["r_m1"]]
    assert a_admin is not None
    rights = field_rights(a_admin, Resource.CUSTOMER, r_row)
    assert rights.hidden == {MaskedField.PHONE, MaskedField.EMAIL}
    assert rights.revealable == {MaskedField.NAME, MaskedField.ACCOUNT_NAME}
    m1 = matrix.viewers["a_m1"]
    assert m1 is not None
    assert field_rights(m1, Resource.CUSTOMER, snap.customers[w.customers["a_m1"]]).revealable == set(
        MaskedField
    ) - {MaskedField.TEXT}
    token = matrix.viewers["token_full"]
    assert token is not None
    token_rights = field_rights(token, Resource.CUSTOMER, snap.customers[w.customers["a_m1"]])
    assert token_rights.revealable == set() and token_rights.masked == set(MaskedField) - {MaskedField.TEXT}


async def test_distributor_admin_sees_reseller_customers_as_basic_data(
    client: httpx.AsyncClient, matrix: Matrix
) -> None:
    body = await ask(client, matrix, "a_admin", CUSTOMERS, {"first": 100, "filter": {"view": "RESELLERS"}})
    nodes = nodes_of(body, "customers")
    assert [n["id"] for n in nodes] == [gid(Resource.CUSTOMER, matrix.world.customers["r_m1"])]
    (node,) = nodes
    assert node["phone"] is None and node["email"] is None
    assert node["hiddenFields"] == ["PHONE", "EMAIL"]
    assert node["maskedFields"] == ["NAME", "ACCOUNT_NAME"]
    assert node["revealableFields"] == ["NAME", "ACCOUNT_NAME"]
    assert node["isResellerCustomer"] is True
    assert node["name"] == "成都**有限公司" and node["accountName"] == "hw****03"


async def test_anonymous_and_unscoped_token(client: httpx.AsyncClient, matrix: Matrix) -> None:
    for query in (OPPORTUNITIES, CUSTOMERS):
        assert_error(await ask(client, matrix, "anonymous", query, {"first": 10}), "UNAUTHENTICATED")
    assert await ask(client, matrix, "anonymous", VIEWER) == {"data": {"viewer": None}}
    body = await ask(client, matrix, "token_customers_only", OPPORTUNITIES, {"first": 10})
    assert_error(body, "FORBIDDEN")
    assert "OPPORTUNITIES_READ" in body["errors"][0]["message"]
    opp = gid(Resource.OPPORTUNITY, matrix.world.opportunities["a_m1"])
    assert await ask(client, matrix, "token_customers_only", NODE, {"id": opp}) == {"data": {"node": None}}
    visible_to_full = await ask(client, matrix, "token_full", NODE, {"id": opp})
    assert visible_to_full["data"]["node"]["id"] == opp
