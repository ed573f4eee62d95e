"""Coupon and order lists over GraphQL: constant statement counts per page size (no N+1),
filters, keyset paging, the issue mutation's per-customer results, and the catalogue for tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from partnercenter.accounts import service as accounts
from partnercenter.accounts.enums import Role, TokenScope
from partnercenter.core.context import Viewer
from partnercenter.coupons.enums import CouponKind, CouponOperationKind, CouponState, QuotaState
from partnercenter.coupons.models import Coupon, CouponOperation, CouponQuota
from partnercenter.orders.enums import OrderState
from partnercenter.orders.models import Order, OrderLine, OrderPayment, OrderPaymentCoupon
from tests.coupons_factories import grant, products
from tests.factories import World, count_statements, gql, sign_in

BASE = datetime(2026, 1, 1, tzinfo=UTC)
D = Decimal

QUOTAS = """query($n:Int!,$after:String,$f:CouponQuotaFilter){
  couponQuotas(first:$n, after:$after, filter:$f) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id kind state amount { amount } remaining { amount } used { amount } productScope validUntil
    isSubQuota viewerCanIssue viewerCanAdjust partner { id name } grantedBy { id name } } } } }"""
COUPONS = """query($n:Int!,$after:String,$f:CouponFilter){ coupons(first:$n, after:$after, filter:$f) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id kind state faceValue { amount } remaining { amount } used { amount } memo quotaId
    validFrom validUntil viewerCanReclaim customer { id name } issuer { id name } } } } }"""
OPERATIONS = """query($n:Int!,$after:String,$f:CouponOperationFilter){
  couponOperations(first:$n, after:$after, filter:$f) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id kind amount { amount } at couponKind couponId customer { id name }
    actor { id name } } } } }"""
ORDERS = """query($n:Int!,$after:String){ orders(first:$n, after:$after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id state amount { amount } viewerCanPay customer { id name }
    lines { quantity months amount { amount } product { id code name } }
    payments { voucherAmount { amount } coupons { couponId kind amount { amount } } } } } } }"""

PRODUCTS = """query($n:Int!){ products(first:$n) { totalCount edges { node { id code spec
  monthlyPrice { amount } hourlyPrice { amount } } } } }"""


async def _many(world: World, n: int) -> None:
    codes = await products()
    q = await CouponQuota.create(
        partner_id=world.orgs["a"], granted_by_id=world.orgs["vendor"], kind=CouponKind.CASH,
        amount=D("100000"), remaining=D("50000"), valid_from=BASE, valid_until=BASE + timedelta(days=900),
        created_at=BASE, updated_at=BASE,
    )  # fmt: skip
    await CouponQuota.bulk_create(
        [
            CouponQuota(
                partner_id=world.orgs["a"], granted_by_id=world.orgs["vendor"], kind=CouponKind.VOUCHER,
                amount=D("10"), remaining=D("10"), valid_from=BASE, valid_until=BASE + timedelta(days=900),
                created_at=BASE + timedelta(minutes=i), updated_at=BASE,
                state=QuotaState.NORMAL if i % 3 else QuotaState.FROZEN,
            )
            for i in range(n)
        ]
    )  # fmt: skip
    customers = [world.customers["a_m1"], world.customers["a_m2"], world.customers["a_m3"]]
    await Coupon.bulk_create(
        [
            Coupon(
                quota_id=q.id, issuer_id=world.orgs["a"], customer_id=customers[i % 3], kind=CouponKind.CASH,
                state=CouponState.USABLE, face_value=D("10"), remaining=D("10"), valid_from=BASE,
                valid_until=BASE + timedelta(days=900), memo=f"备注{i}", issued_by_id=world.users["a_admin"],
                issued_at=BASE + timedelta(minutes=i), updated_at=BASE,
            )
            for i in range(n)
        ]
    )  # fmt: skip
    coupon_ids = await Coupon.all().order_by("id").values_list("id", flat=True)
    await CouponOperation.bulk_create(
        [
            CouponOperation(
                kind=CouponOperationKind.ISSUE, partner_id=world.orgs["a"], quota_id=q.id, coupon_id=cid,
                customer_id=customers[i % 3], amount=D("10"), actor_id=world.users["a_admin"],
                at=BASE + timedelta(minutes=i),
            )
            for i, cid in enumerate(coupon_ids)
        ]
    )  # fmt: skip
    await Order.bulk_create(
        [
            Order(
                customer_id=world.customers["a_m1"], partner_id=world.orgs["a"], amount=D("354.60"),
                created_at=BASE + timedelta(minutes=i), state=OrderState.PAID,
                placed_by_id=world.users["cust_user"],
            )
            for i in range(n)
        ]
    )  # fmt: skip
    order_ids = await Order.all().order_by("id").values_list("id", flat=True)
    await OrderLine.bulk_create(
        [
            OrderLine(order_id=oid, product_id=codes["ecs.s6.large.2"], service="ECS", quantity=2, months=1,
                      unit_price=D("177.30"), amount=D("354.60"))
            for oid in order_ids
        ]
    )  # fmt: skip
    for i, oid in enumerate(order_ids):
        p = await OrderPayment.create(
            order_id=oid, idempotency_key=f"k{oid}", payer="CUSTOMER", voucher_amount=D("0"),
            cash_coupon_amount=D("10"), balance_amount=D("344.60"), created_at=BASE,
        )  # fmt: skip
        await OrderPaymentCoupon.create(payment_id=p.id, coupon_id=coupon_ids[i], amount=D("10"))


async def _counts(client, query: str, key: str, sizes=(5, 50)) -> dict[int, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for n in sizes:
        with count_statements() as counter:
            body = await gql(client, query, {"n": n})
        assert "errors" not in body, body
        assert len(body["data"][key]["edges"]) == n
        counts[n] = len(counter.statements)
    return counts


async def test_statement_counts_do_not_grow_with_the_page(client, world: World) -> None:
    await _many(world, 60)
    await sign_in(client, world, "a_admin")
    quotas = await _counts(client, QUOTAS, "couponQuotas")
    assert quotas[5] == quotas[50] and quotas[5] <= 5, quotas  # session (2), page, count, organisations
    coupons = await _counts(client, COUPONS, "coupons")
    assert coupons[5] == coupons[50] and coupons[5] <= 6, coupons  # + customers, organisations
    ops = await _counts(client, OPERATIONS, "couponOperations")
    assert ops[5] == ops[50] and ops[5] <= 6, ops  # + customers, people
    products = await _counts(client, PRODUCTS, "products", sizes=(2, 10))
    assert products[2] == products[10] and products[2] <= 4, products  # session (2), page, count
    await sign_in(client, world, "cust_user")
    orders = await _counts(client, ORDERS, "orders")
    assert orders[5] == orders[50] and orders[5] <= 8, orders  # lines, products, payments (2), customers


async def test_filters_and_keyset_pages(client, world: World) -> None:
    await _many(world, 30)
    await sign_in(client, world, "a_fin")
    body = await gql(client, QUOTAS, {"n": 100, "f": {"states": ["FROZEN"], "kinds": ["VOUCHER"]}})
    assert body["data"]["couponQuotas"]["totalCount"] == 10
    body = await gql(
        client, COUPONS, {"n": 100, "f": {"customerIds": [world.gid("Customer", world.customers["a_m2"])]}}
    )
    assert body["data"]["coupons"]["totalCount"] == 10
    memos = {e["node"]["memo"] for e in body["data"]["coupons"]["edges"]}
    assert all(m and m.startswith("备注") for m in memos)  # the issuer sees its memos
    seen: list[str] = []
    after = None
    while True:
        body = await gql(client, COUPONS, {"n": 7, "after": after})
        conn = body["data"]["coupons"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert len(seen) == 30 == len(set(seen))
    body = await gql(client, OPERATIONS, {"n": 100, "f": {"kinds": ["RECLAIM"]}})
    assert body["data"]["couponOperations"]["totalCount"] == 0
    # The customer user sees its own coupons, never the memo.
    await sign_in(client, world, "cust_user")
    body = await gql(client, COUPONS, {"n": 100})
    nodes = [e["node"] for e in body["data"]["coupons"]["edges"]]
    assert len(nodes) == 10 and all(n["memo"] is None and n["quotaId"] is None for n in nodes)


ISSUE = """mutation($input: CouponsIssueInput!) { couponsIssue(input: $input) {
  issuedCount failedCount results { customerId failure coupon { id state memo faceValue { amount } } }
  userErrors { code field message } } }"""


async def test_issue_mutation_reports_per_customer(client, world: World) -> None:
    quota = await grant(world, "a", CouponKind.VOUCHER, "150.00")
    csrf = await sign_in(client, world, "a_admin")
    ids = [world.gid("Customer", world.customers[k]) for k in ("a_m1", "b_m1", "a_m2")]
    body = await gql(
        client,
        ISSUE,
        {"input": {"quotaId": world.gid("CouponQuota", quota), "customerIds": ids,
                   "faceValue": {"amount": "100.00"}, "memo": "季度返利", "idempotencyKey": "k1"}},
        csrf=csrf,
    )  # fmt: skip
    out = body["data"]["couponsIssue"]
    assert (out["issuedCount"], out["failedCount"], out["userErrors"]) == (1, 2, [])
    assert [r["failure"] for r in out["results"]] == [None, "NOT_FOUND", "QUOTA_INSUFFICIENT"]
    assert out["results"][0]["coupon"]["memo"] == "季度返利"
    body = await gql(
        client,
        ISSUE,
        {
            "input": {
                "quotaId": world.gid("CouponQuota", quota),
                "customerIds": ids[:1],
                "faceValue": {"amount": "0"},
                "idempotencyKey": "k2",
            }
        },
        csrf=csrf,
    )
    assert body["data"]["couponsIssue"]["userErrors"][0]["code"] == "NOT_POSITIVE"


async def test_products_for_tokens_need_products_read(client, world: World) -> None:
    await products()
    admin = Viewer(org_id=world.orgs["a"], role=Role.PARTNER_ADMIN, user_id=world.users["a_admin"])
    _, with_scope = await accounts.create_api_token(admin, "catalogue", [TokenScope.PRODUCTS_READ])
    query = """{ products(first: 50, filter: {services: [ECS]}) { totalCount edges { node {
      code spec monthlyPrice { amount currency } hourlyPrice { amount } } } } }"""
    body = await gql(client, query, token=with_scope)
    nodes = [e["node"] for e in body["data"]["products"]["edges"]]
    assert body["data"]["products"]["totalCount"] == 4
    assert nodes[0] == {
        "code": "ecs.s6.large.2", "spec": "2 vCPUs | 4 GiB",
        "monthlyPrice": {"amount": "177.30", "currency": "CNY"}, "hourlyPrice": {"amount": "0.43"},
    }  # fmt: skip
    body = await gql(client, query, token=world.tokens["full"])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
