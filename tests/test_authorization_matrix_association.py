"""Authorization matrix of the association slice: every principal x every new Node type and list, the
expectations derived from the policy tables (ROW_SCOPES via `in_scope`, TOKEN_SCOPES via
`require_read`) applied to the rows actually stored. Out-of-scope IDs answer exactly like unknown
ones (node, nodes, mutations). An anchor test pins the tables to the domain rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import pytest_asyncio

from partnercenter.accounts import service as accounts
from partnercenter.accounts.enums import Role
from partnercenter.association.enums import KnowledgeKind, LogAction, RequestInitiator, RequestKind
from partnercenter.association.models import (
    AssociationLogEntry,
    AssociationRequest,
    CustomerAssignment,
    KnowledgeItem,
    NoticeVersion,
)
from partnercenter.core.context import Viewer
from partnercenter.core.errors import PublicError
from partnercenter.core.ids import to_global_id
from partnercenter.settings import get_settings
from tests import policy_tables as policy
from tests.association_factories import add_customer_user
from tests.conftest import truncate_all
from tests.factories import PASSWORD, World, build_world, gql
from tests.policy_tables import ROW_SCOPES, Resource, RowScope, in_scope

SESSION_PRINCIPALS = [
    "a_m1", "a_m2", "a_m3", "a_lead", "a_sup", "a_admin", "a_fin", "r_admin", "b_admin", "pdm", "vfin",
    "cust_user", "cust_b",
]  # fmt: skip
TOKEN_PRINCIPALS = ["token_full", "token_customers_only"]
PRINCIPALS = [*SESSION_PRINCIPALS, *TOKEN_PRINCIPALS, "anonymous"]

RESOURCES = [
    Resource.ASSOCIATION_REQUEST,
    Resource.ASSOCIATION_LOG,
    Resource.CUSTOMER_ASSIGNMENT,
    Resource.NOTICE_VERSION,
    Resource.KNOWLEDGE_ITEM,
]
LIST_FIELD = {
    Resource.ASSOCIATION_REQUEST: "associationRequests",
    Resource.ASSOCIATION_LOG: "associationLog",
    Resource.CUSTOMER_ASSIGNMENT: "customerAssignments",
    Resource.NOTICE_VERSION: "associationNotices",
    Resource.KNOWLEDGE_ITEM: "knowledgeItems",
}
MODELS: dict[Resource, Any] = {
    Resource.ASSOCIATION_REQUEST: AssociationRequest,
    Resource.ASSOCIATION_LOG: AssociationLogEntry,
    Resource.CUSTOMER_ASSIGNMENT: CustomerAssignment,
    Resource.NOTICE_VERSION: NoticeVersion,
    Resource.KNOWLEDGE_ITEM: KnowledgeItem,
}
NODE = "query($id: ID!) { node(id: $id) { __typename id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
MUTATIONS = {
    "confirm": "mutation($r: ID!) { associationRequestConfirm(input: {requestId: $r}) "
    "{ request { id state } userErrors { code field message } } }",
    "decline": "mutation($r: ID!) { associationRequestDecline(input: {requestId: $r}) "
    "{ request { id state } userErrors { code field message } } }",
    "approve": "mutation($r: ID!) { associationUnbindRequestApprove(input: {requestId: $r}) "
    "{ request { id state } userErrors { code field message } } }",
    "reject": 'mutation($r: ID!) { associationUnbindRequestReject(input: {requestId: $r, reason: "x"}) '
    "{ request { id state } userErrors { code field message } } }",
}
CUSTOMER_QUERIES = {
    "create": "mutation($c: ID!) { associationRequestCreate(input: {customerId: $c, kind: UNBIND}) "
    "{ request { id } userErrors { code field message } } }",
    "knowledge": "query($c: ID!) { customerKnowledge(customerId: $c) { available reason items { id } } }",
    "status": "query($c: ID!) { customerAssociationStatus(customerId: $c) { canRequest } }",
    "assign": 'mutation($c: ID!) { customerAssign(input: {customerId: $c, managerId: "VXNlcjox"}) '
    "{ assignment { id } userErrors { code field message } } }",
}


@dataclass
class Matrix:
    world: World
    sessions: dict[str, tuple[str, str]]
    viewers: dict[str, Viewer | None]


@pytest_asyncio.fixture(scope="module")
async def matrix(app: object) -> Matrix:
    await truncate_all()
    w = await build_world()
    await add_customer_user(w, "cust_b", "b_m1")
    t = datetime(2026, 3, 1, tzinfo=UTC)
    for key in ("a_m1", "a_m2", "r_m1", "b_m1"):
        cid = w.customers[key]
        org = w.orgs[key.split("_")[0]]
        admin = w.users[f"{key.split('_')[0]}_admin"]
        for initiator in (RequestInitiator.PARTNER, RequestInitiator.CUSTOMER):
            req = await AssociationRequest.create(
                customer_id=cid, partner_id=org, kind=RequestKind.UNBIND, initiator=initiator,
                from_type="RESALE", requested_by_id=admin, requested_at=t, expires_at=None,
            )  # fmt: skip
            await AssociationLogEntry.create(
                customer_id=cid, partner_id=org, action=LogAction.UNBIND_REQUESTED, request_id=req.id,
                actor_id=admin, at=t,
            )  # fmt: skip
        manager = w.users[key]
        await CustomerAssignment.create(
            customer_id=cid, partner_id=org, from_manager_id=None, to_manager_id=manager,
            assigned_by_id=admin, assigned_at=t,
        )  # fmt: skip
    await NoticeVersion.create(
        version=1, title="须知", body="正文", published_by_id=w.users["pdm"], published_at=t
    )
    await KnowledgeItem.create(
        kind=KnowledgeKind.PRODUCT, title="云数据库", industries=",INTERNET,", created_by_id=w.users["pdm"],
        created_at=t,
    )  # fmt: skip
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


async def stored(resource: Resource) -> dict[int, dict[str, Any]]:
    """Rows with the columns the policy looks at (owner through the customer's current manager)."""
    model = MODELS[resource]
    if resource in (Resource.NOTICE_VERSION, Resource.KNOWLEDGE_ITEM):
        return {r["id"]: r for r in await model.all().values("id")}
    rows = await model.all().values("id", "partner_id", "customer_id", "customer__manager_id")
    return {r["id"]: r for r in rows}


def list_error(viewer: Viewer | None, resource: Resource) -> str | None:
    try:
        policy.require_read(viewer, resource)
    except PublicError as err:
        return err.code.value
    return None


def gid(resource: Resource, pk: int) -> str:
    return to_global_id(resource.value, pk)


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.value)
@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_list_node_and_nodes_follow_the_policy(
    client: httpx.AsyncClient, matrix: Matrix, principal: str, resource: Resource
) -> None:
    viewer = matrix.viewers[principal]
    rows = await stored(resource)
    expected = {pk for pk, row in rows.items() if in_scope(viewer, resource, row)}
    field = LIST_FIELD[resource]
    body = await ask(
        client, matrix, principal, f"{{ {field}(first: 100) {{ totalCount edges {{ node {{ id }} }} }} }}"
    )
    error = list_error(viewer, resource)
    if error:
        assert body["errors"][0]["extensions"]["code"] == error, body
    else:
        conn = body["data"][field]
        assert sorted(e["node"]["id"] for e in conn["edges"]) == sorted(gid(resource, pk) for pk in expected)
        assert conn["totalCount"] == len(expected)
    unknown = await ask(client, matrix, principal, NODE, {"id": gid(resource, 900_001)})
    for pk in rows:
        body = await ask(client, matrix, principal, NODE, {"id": gid(resource, pk)})
        if pk in expected:
            assert body["data"]["node"] == {"__typename": resource.value, "id": gid(resource, pk)}
        else:
            assert body == unknown, (principal, resource, pk)
    ids = [gid(resource, pk) for pk in sorted(rows)]
    nodes = (await ask(client, matrix, principal, NODES, {"ids": ids})).get("data") or {}
    got = [n["id"] if n else None for n in nodes.get("nodes") or [None] * len(ids)]
    assert got == [gid(resource, pk) if pk in expected else None for pk in sorted(rows)]


@pytest.mark.parametrize("name", sorted(MUTATIONS))
@pytest.mark.parametrize("principal", [p for p in SESSION_PRINCIPALS if p not in ("a_admin", "cust_user")])
async def test_request_mutations_on_out_of_scope_ids_answer_like_unknown(
    client: httpx.AsyncClient, matrix: Matrix, principal: str, name: str
) -> None:
    viewer = matrix.viewers[principal]
    rows = await stored(Resource.ASSOCIATION_REQUEST)
    unknown = await ask(
        client, matrix, principal, MUTATIONS[name], {"r": gid(Resource.ASSOCIATION_REQUEST, 900_002)}
    )
    assert (
        unknown["data"]
        and unknown["data"][next(iter(unknown["data"]))]["userErrors"][0]["code"] == "NOT_FOUND"
    )
    for pk, row in rows.items():
        if in_scope(viewer, Resource.ASSOCIATION_REQUEST, row):
            continue
        body = await ask(
            client, matrix, principal, MUTATIONS[name], {"r": gid(Resource.ASSOCIATION_REQUEST, pk)}
        )
        assert body == unknown, (principal, name, pk)


@pytest.mark.parametrize("name", sorted(CUSTOMER_QUERIES))
@pytest.mark.parametrize("principal", ["a_m2", "b_admin", "r_admin", "cust_b", "a_fin"])
async def test_customer_keyed_operations_out_of_scope_answer_like_unknown(
    client: httpx.AsyncClient, matrix: Matrix, principal: str, name: str
) -> None:
    """a_m1's customer is outside each principal's customer scope (a_fin: inside, see below)."""
    target = to_global_id("Customer", matrix.world.customers["a_m1"])
    unknown = to_global_id("Customer", 900_003)
    viewer = matrix.viewers[principal]
    from partnercenter.customers.models import Customer
    from partnercenter.customers.service import CUSTOMER_COLUMNS

    row = await Customer.get(id=matrix.world.customers["a_m1"]).values(*CUSTOMER_COLUMNS)
    a = await ask(client, matrix, principal, CUSTOMER_QUERIES[name], {"c": target})
    b = await ask(client, matrix, principal, CUSTOMER_QUERIES[name], {"c": unknown})
    if in_scope(viewer, Resource.CUSTOMER, row):
        assert a != b
    else:
        assert a == b


def test_anchor_the_policy_tables_to_the_domain() -> None:
    """The rules of the issue, so that a wrong table cannot make the matrix vacuously green."""
    for resource in (Resource.ASSOCIATION_REQUEST, Resource.ASSOCIATION_LOG):
        scopes = ROW_SCOPES[resource]
        assert scopes[Role.PARTNER_ADMIN] is RowScope.ORG
        assert scopes[Role.SUPERVISOR] is RowScope.SUBTREE
        assert scopes[Role.ACCOUNT_MANAGER] is RowScope.OWN
        assert scopes[Role.CUSTOMER_USER] is RowScope.CUSTOMER_SELF
        assert scopes.get(Role.INTEGRATOR, RowScope.NONE) is RowScope.NONE
    assign = ROW_SCOPES[Resource.CUSTOMER_ASSIGNMENT]
    assert assign[Role.ACCOUNT_MANAGER] is RowScope.OWN and assign[Role.CUSTOMER_USER] is RowScope.NONE
    knowledge = ROW_SCOPES[Resource.KNOWLEDGE_ITEM]
    assert {r for r, s in knowledge.items() if s is not RowScope.NONE} == {Role.VENDOR_PDM}
    for resource in RESOURCES:
        assert policy.TOKEN_SCOPES[resource] == frozenset()
    admin = Viewer(org_id=1, role=Role.PARTNER_ADMIN, user_id=1)
    manager = Viewer(org_id=1, role=Role.ACCOUNT_MANAGER, user_id=2)
    customer = Viewer(org_id=1, role=Role.CUSTOMER_USER, user_id=3, customer_id=7)
    assert policy.association_request_denial(admin, {"partner_id": 1}) is None
    assert policy.association_request_denial(admin, {"partner_id": 2}) is not None
    assert policy.association_request_denial(manager, {"partner_id": 1}) is not None
    assert policy.can_answer_association_request(customer, {"customer_id": 7})
    assert not policy.can_answer_association_request(customer, {"customer_id": 8})
    assert not policy.can_answer_association_request(admin, {"customer_id": 7})
    # An unbound customer (the vendor's direct customer, no manager) is outside every partner-side
    # scope, but its customer user still sees it.
    unbound = {"id": 7, "partner_id": 99, "manager_id": None, "unbound_at": datetime(2026, 1, 1, tzinfo=UTC)}
    assert not in_scope(admin, Resource.CUSTOMER, unbound)
    assert not in_scope(manager, Resource.CUSTOMER, unbound)
    assert in_scope(customer, Resource.CUSTOMER, unbound)
