"""The coupons and orders part of the authorization matrix: every principal x every read path of
products, coupon quotas, coupons, the coupon operation log and orders, with the expectations derived
from the policy tables (ROW_SCOPES via `in_scope`, TOKEN_SCOPES via `require_read`, the issuer-only
memo via `issuer_only_value`) applied to the rows actually stored. Out-of-scope IDs answer exactly
like never-existing ones (node, nodes, mutations). Anchors at the end pin the tables to DOMAIN.md."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import pytest
import pytest_asyncio

from partnercenter.accounts import service as accounts
from partnercenter.accounts.enums import Role, TokenScope
from partnercenter.catalogue.models import Product
from partnercenter.core.context import Viewer
from partnercenter.core.ids import to_global_id
from partnercenter.coupons import service as coupons
from partnercenter.coupons.enums import CouponKind
from partnercenter.coupons.models import Coupon, CouponOperation, CouponQuota
from partnercenter.customers.models import Customer
from partnercenter.customers.service import CUSTOMER_COLUMNS
from partnercenter.orders.enums import Payer
from partnercenter.orders.models import Order
from tests import policy_tables as policy
from tests.conftest import truncate_all
from tests.coupons_factories import grant, outcome, place, products, viewer_of
from tests.factories import PASSWORD, build_world
from tests.policy_tables import ROW_SCOPES, Resource, RowScope, in_scope
from tests.test_authorization_matrix import SESSION_PRINCIPALS, assert_error, list_error, nodes_of
from tests.test_authorization_matrix import Matrix as BaseMatrix
from tests.test_authorization_matrix import ask as base_ask

TOKENS = ["token_full", "token_customers_only", "token_products"]
PRINCIPALS = [*SESSION_PRINCIPALS, *TOKENS, "anonymous"]

LISTS: dict[Resource, tuple[str, str]] = {
    Resource.PRODUCT: ("products", "id code monthlyPrice { amount } hourlyPrice { amount }"),
    Resource.COUPON_QUOTA: ("couponQuotas", "id kind state remaining { amount } partner { id }"),
    Resource.COUPON: ("coupons", "id kind state memo remaining { amount } quotaId customer { id }"),
    Resource.COUPON_OPERATION: ("couponOperations", "id kind amount { amount } customer { id }"),
    Resource.ORDER: (
        "orders",
        "id state amount { amount } lines { quantity product { id } } customer { id }",
    ),
}
MODELS = {
    Resource.PRODUCT: Product,
    Resource.COUPON_QUOTA: CouponQuota,
    Resource.COUPON: Coupon,
    Resource.COUPON_OPERATION: CouponOperation,
    Resource.ORDER: Order,
}
COLUMNS = {
    Resource.PRODUCT: ["id"],
    Resource.COUPON_QUOTA: ["id", "partner_id", "created_by_id", "parent_id", "granted_by_id"],
    Resource.COUPON: ["id", "issuer_id", "customer_id", "issued_by_id", "memo", "quota_id"],
    Resource.COUPON_OPERATION: ["id", "partner_id", "actor_id", "customer_id"],
    Resource.ORDER: ["id", "partner_id", "customer_id", "placed_by_id", "paid_by"],
}


@dataclass
class Matrix(BaseMatrix):
    rows: dict[Resource, dict[int, dict[str, Any]]] | None = None


@pytest_asyncio.fixture(scope="module")
async def matrix(app: object) -> Matrix:
    await truncate_all()
    w = await build_world()
    admin_viewer = Viewer(org_id=w.orgs["a"], role=Role.PARTNER_ADMIN, user_id=w.users["a_admin"])
    _, products_token = await accounts.create_api_token(admin_viewer, "products", [TokenScope.PRODUCTS_READ])
    w.tokens["products"] = products_token
    codes = await products()
    cash_a = await grant(w, "a", CouponKind.CASH, "1000.00")
    voucher_b = await grant(w, "b", CouponKind.VOUCHER, "1000.00")
    a_admin = await viewer_of(w, "a_admin")
    sub = await outcome(coupons.grant_sub_quota(a_admin, cash_a, w.orgs["r"], Decimal("300.00")))
    assert isinstance(sub, int)
    for issuer, quota, customer, memo in (
        ("a_admin", cash_a, "a_m1", "甲的备注"),
        ("a_fin", cash_a, "a_m2", "甲财务备注"),
        ("r_admin", sub, "r_m1", "乙的备注"),
        ("b_admin", voucher_b, "b_m1", "丙的备注"),
    ):
        v = await viewer_of(w, issuer)
        result = await outcome(
            coupons.issue_coupons(
                v,
                coupons.CouponDraft(
                    quota_id=quota, customer_ids=[w.customers[customer]], face_value=Decimal("10"), memo=memo
                ),
            )
        )
        assert result[0].coupon_id  # type: ignore[union-attr]
    await place(w, codes, ("ecs.s6.large.2", 1, 1))
    await place(w, codes, ("evs.ssd", 2, 1), payer=Payer.PARTNER)
    sessions: dict[str, tuple[str, str]] = {}
    viewers: dict[str, Viewer | None] = {"anonymous": None}
    for username in SESSION_PRINCIPALS:
        token, csrf = await accounts.login(username, PASSWORD, "203.0.113.7", "pytest-matrix")
        found = await accounts.viewer_for_session(token)
        assert found is not None
        sessions[username] = (token, csrf)
        viewers[username] = found[0]
    for name in TOKENS:
        viewers[name] = await accounts.viewer_for_token(w.tokens[name.removeprefix("token_")])
    rows = {r: {x["id"]: x for x in await MODELS[r].all().values(*COLUMNS[r])} for r in MODELS}
    rows[Resource.CUSTOMER] = {x["id"]: x for x in await Customer.all().values(*CUSTOMER_COLUMNS)}
    return Matrix(w, sessions, viewers, rows)


async def ask(
    client: httpx.AsyncClient, m: Matrix, principal: str, query: str, variables: dict | None = None
) -> Any:
    if principal == "token_products":
        client.cookies.clear()
        from tests.factories import gql

        return await gql(client, query, variables, token=m.world.tokens["products"])
    return await base_ask(client, m, principal, query, variables)


def visible(viewer: Viewer | None, resource: Resource, m: Matrix) -> set[int]:
    assert m.rows is not None
    return {k for k, row in m.rows[resource].items() if in_scope(viewer, resource, row)}


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("resource", list(LISTS), ids=[r.value for r in LISTS])
async def test_lists_follow_the_policy(
    client: httpx.AsyncClient, matrix: Matrix, principal: str, resource: Resource
) -> None:
    key, fields = LISTS[resource]
    viewer = matrix.viewers[principal]
    body = await ask(
        client, matrix, principal, f"{{ {key}(first: 100) {{ totalCount edges {{ node {{ {fields} }} }} }} }}"
    )
    error = list_error(viewer, resource)
    if error:
        assert_error(body, error)
        return
    nodes = nodes_of(body, key)
    expected = visible(viewer, resource, matrix)
    assert sorted(n["id"] for n in nodes) == sorted(to_global_id(resource.value, p) for p in expected)
    assert body["data"][key]["totalCount"] == len(expected)
    assert viewer is not None and matrix.rows is not None
    for n in nodes:
        pk = next(p for p in expected if to_global_id(resource.value, p) == n["id"])
        row = matrix.rows[resource][pk]
        if resource is Resource.COUPON:
            # The memo only for the issuer; the quota reference likewise.
            assert n["memo"] == policy.issuer_only_value(viewer, row, "memo")
            assert (n["quotaId"] is not None) == policy.is_coupon_issuer(viewer, row)
        if "customer" in n and row.get("customer_id") is not None:
            # A nested customer follows the customer scope: null where the viewer may not see it.
            customer = matrix.rows[Resource.CUSTOMER][row["customer_id"]]
            expected_customer = in_scope(viewer, Resource.CUSTOMER, customer)
            assert (n["customer"] is not None) == expected_customer, (n, customer)


@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_node_answers_out_of_scope_like_unknown(
    client: httpx.AsyncClient, matrix: Matrix, principal: str
) -> None:
    viewer = matrix.viewers[principal]
    assert matrix.rows is not None
    query = "query($id: ID!) { node(id: $id) { __typename id } }"
    for resource in (
        Resource.COUPON_QUOTA,
        Resource.COUPON,
        Resource.COUPON_OPERATION,
        Resource.ORDER,
        Resource.PRODUCT,
    ):
        unknown = await ask(client, matrix, principal, query, {"id": to_global_id(resource.value, 900_000)})
        for pk, row in matrix.rows[resource].items():
            gid = to_global_id(resource.value, pk)
            body = await ask(client, matrix, principal, query, {"id": gid})
            if in_scope(viewer, resource, row) and not (
                viewer and viewer.is_token and list_error(viewer, resource)
            ):
                assert body["data"]["node"] == {"__typename": resource.value, "id": gid}, (resource, pk)
            else:
                assert json.dumps(body, sort_keys=True) == json.dumps(unknown, sort_keys=True), (resource, pk)


@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_coupon_mutations_on_foreign_records_answer_like_unknown(
    client: httpx.AsyncClient, matrix: Matrix, principal: str
) -> None:
    """Reclaiming a coupon outside the viewer's scope answers exactly like an unknown coupon, and
    within scope only the issuer may; nothing changes in either case (the world is shared)."""
    viewer = matrix.viewers[principal]
    if viewer is None or viewer.is_token:
        return
    assert matrix.rows is not None
    mutation = """mutation($id: ID!) { couponReclaim(input: {couponId: $id}) { coupon { id }
      userErrors { code field } } }"""
    unknown = await ask(client, matrix, principal, mutation, {"id": to_global_id("Coupon", 900_000)})
    for pk, row in matrix.rows[Resource.COUPON].items():
        if policy.is_coupon_issuer(viewer, row):
            continue  # would succeed: covered by the rule tests
        body = await ask(client, matrix, principal, mutation, {"id": to_global_id("Coupon", pk)})
        if in_scope(viewer, Resource.COUPON, row):
            assert body["data"]["couponReclaim"]["userErrors"][0]["code"] == "FORBIDDEN"
        else:
            assert json.dumps(body, sort_keys=True) == json.dumps(unknown, sort_keys=True)
    assert await Coupon.filter(state="RECLAIMED").count() == 0


def test_policy_anchors() -> None:
    """The tables say what DOMAIN.md says."""
    quota, coupon = ROW_SCOPES[Resource.COUPON_QUOTA], ROW_SCOPES[Resource.COUPON]
    assert quota[Role.VENDOR_FINANCE] is RowScope.ALL
    assert quota[Role.PARTNER_ADMIN] is RowScope.PARTNER_TREE  # a distributor sees its sub-quotas
    assert quota[Role.ACCOUNT_MANAGER] is quota[Role.CUSTOMER_USER] is quota[Role.INTEGRATOR] is RowScope.NONE
    assert all(
        set(ROW_SCOPES[r]) == set(Role) for r in (Resource.COUPON_QUOTA, Resource.COUPON, Resource.ORDER)
    )
    assert coupon[Role.CUSTOMER_USER] is RowScope.CUSTOMER_SELF  # 费用与成本 → 优惠折扣
    assert ROW_SCOPES[Resource.ORDER][Role.CUSTOMER_USER] is RowScope.CUSTOMER_SELF
    assert policy.TOKEN_SCOPES[Resource.PRODUCT] == frozenset({TokenScope.PRODUCTS_READ})
    assert all(scope is RowScope.ALL for scope in ROW_SCOPES[Resource.PRODUCT].values())
    assert policy.ISSUER_ONLY_FIELDS[Resource.COUPON] == frozenset({"memo"})
    a = Viewer(org_id=1, role=Role.PARTNER_ADMIN, user_id=1, reseller_org_ids=(2,))
    assert policy.issuer_only_value(a, {"issuer_id": 1, "memo": "m"}, "memo") == "m"
    assert policy.issuer_only_value(a, {"issuer_id": 2, "memo": "m"}, "memo") is None  # a reseller's memo
    token = Viewer(org_id=1, role=Role.INTEGRATOR, token_id=1, scopes=frozenset(TokenScope))
    assert policy.issuer_only_value(token, {"issuer_id": 1, "memo": "m"}, "memo") is None
    assert not policy.can_grant_quota(a)
    assert policy.can_grant_quota(Viewer(org_id=9, role=Role.VENDOR_FINANCE, user_id=2, is_vendor=True))
