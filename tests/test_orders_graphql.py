"""Orders over GraphQL as the SPA uses them: place, applicable coupons, pay (with a retry of the same
key), the nested lines and payments, 代支付 by the partner, refund, and the customer's balance."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from partnercenter.coupons.enums import CouponKind
from partnercenter.coupons.models import Coupon
from partnercenter.ledger import service as ledger
from partnercenter.orders import service as orders
from partnercenter.orders.enums import Payer
from tests.coupons_factories import (
    fund_customer,
    fund_partner,
    grant,
    issue,
    outcome,
    place,
    products,
    viewer_of,
)
from tests.factories import World, gql, sign_in

ORDER = """id state amount { amount } viewerCanPay viewerCanRefund viewerCanPayOnBehalf
  lines { quantity months service amount { amount } product { code } }
  payments { voucherAmount { amount } cashCouponAmount { amount } balanceAmount { amount }
    coupons { couponId kind amount { amount } } }"""
PLACE = f"""mutation($input: OrderPlaceInput!) {{ orderPlace(input: $input) {{ order {{ {ORDER} }}
  userErrors {{ code field }} }} }}"""
APPLICABLE = """query($id: ID!) { customerBalance { amount } orderApplicableCoupons(orderId: $id) {
  id kind remaining { amount } memo } }"""
PAY = f"""mutation($input: OrderPayInput!) {{ orderPay(input: $input) {{ replayed order {{ {ORDER} }}
  userErrors {{ code field }} }} }}"""
ON_BEHALF = f"""mutation($input: OrderKeyedInput!) {{ orderPayOnBehalf(input: $input) {{ replayed
  order {{ {ORDER} }} userErrors {{ code field }} }} }}"""
REFUND = f"""mutation($input: OrderKeyedInput!) {{ orderRefund(input: $input) {{ order {{ {ORDER} }}
  userErrors {{ code field }} }} }}"""


async def test_customer_places_and_pays_over_graphql(client, world: World) -> None:
    codes = await products()
    cash_q = await grant(world, kind=CouponKind.CASH, amount="1000.00")
    voucher_q = await grant(world, kind=CouponKind.VOUCHER, amount="1000.00")
    [voucher] = await issue(world, voucher_q, ["a_m1"], face="50.00", memo="内部备注")
    [cash1] = await issue(world, cash_q, ["a_m1"], face="80.00")
    [cash2] = await issue(world, cash_q, ["a_m1"], face="60.00")
    await fund_customer(world.customers["a_m1"], world.orgs["a"], "200.00")
    csrf = await sign_in(client, world, "cust_user")
    body = await gql(
        client,
        PLACE,
        {"input": {"lines": [{"productId": world.gid("Product", codes["ecs.s6.large.2"]), "quantity": 2}]}},
        csrf=csrf,
    )
    order = body["data"]["orderPlace"]["order"]
    assert order["amount"]["amount"] == "354.60" and order["viewerCanPay"]
    assert order["lines"] == [
        {
            "quantity": 2,
            "months": 1,
            "service": "ECS",
            "amount": {"amount": "354.60"},
            "product": {"code": "ecs.s6.large.2"},
        }
    ]
    body = await gql(client, APPLICABLE, {"id": order["id"]})
    assert body["data"]["customerBalance"] == {"amount": "200.00"}
    offered = body["data"]["orderApplicableCoupons"]
    assert [c["kind"] for c in offered] == ["VOUCHER", "CASH", "CASH"]
    assert all(c["memo"] is None for c in offered)  # the customer never sees the issuer's memo
    pay = {
        "orderId": order["id"],
        "idempotencyKey": "browser-attempt-1",
        "voucherId": world.gid("Coupon", voucher),
        "cashCouponIds": [world.gid("Coupon", cash1), world.gid("Coupon", cash2)],
    }
    first = (await gql(client, PAY, {"input": pay}, csrf=csrf))["data"]["orderPay"]
    assert first["userErrors"] == [] and not first["replayed"]
    assert first["order"]["state"] == "PAID"
    [payment] = first["order"]["payments"]
    assert (payment["voucherAmount"], payment["cashCouponAmount"], payment["balanceAmount"]) == (
        {"amount": "50.00"}, {"amount": "140.00"}, {"amount": "164.60"},
    )  # fmt: skip
    again = (await gql(client, PAY, {"input": pay}, csrf=csrf))["data"]["orderPay"]
    assert again["replayed"] and again["userErrors"] == []
    body = await gql(client, APPLICABLE, {"id": order["id"]})
    assert body["data"]["customerBalance"] == {"amount": "35.40"}
    assert body["data"]["orderApplicableCoupons"] == []  # the order is paid: nothing to offer
    assert (await ledger.verify_ledger()) == []


async def test_short_balance_is_a_typed_error_over_graphql(client, world: World) -> None:
    codes = await products()
    order_id = await place(world, codes, ("ecs.s6.large.2", 1, 1))
    csrf = await sign_in(client, world, "cust_user")
    body = await gql(
        client, PAY, {"input": {"orderId": world.gid("Order", order_id), "idempotencyKey": "k"}}, csrf=csrf
    )
    assert body["data"]["orderPay"]["userErrors"] == [{"code": "INSUFFICIENT_BALANCE", "field": "orderId"}]
    assert body["data"]["orderPay"]["order"] is None


async def test_partner_pays_on_behalf_and_refunds_over_graphql(client, world: World) -> None:
    codes = await products()
    order_id = await place(world, codes, ("evs.ssd", 2, 1), payer=Payer.PARTNER)  # 200.00
    await fund_partner(world.orgs["a"], "500.00")
    csrf = await sign_in(client, world, "a_fin")
    gid = world.gid("Order", order_id)
    body = await gql(client, ON_BEHALF, {"input": {"orderId": gid, "idempotencyKey": "p1"}}, csrf=csrf)
    out = body["data"]["orderPayOnBehalf"]
    assert out["userErrors"] == [] and out["order"]["state"] == "PAID" and out["order"]["viewerCanRefund"]
    body = await gql(client, REFUND, {"input": {"orderId": gid, "idempotencyKey": "r1"}}, csrf=csrf)
    assert body["data"]["orderRefund"]["order"]["state"] == "REFUNDED"
    # Another partner's admin: the order answers like an unknown one.
    csrf = await sign_in(client, world, "b_admin")
    body = await gql(client, ON_BEHALF, {"input": {"orderId": gid, "idempotencyKey": "p2"}}, csrf=csrf)
    unknown = await gql(
        client,
        ON_BEHALF,
        {"input": {"orderId": world.gid("Order", 99999), "idempotencyKey": "p2"}},
        csrf=csrf,
    )
    assert body == unknown
    assert (await ledger.verify_ledger()) == []


async def test_two_orders_racing_for_one_cash_coupon(world: World) -> None:
    """Two payments drawing the same coupon at once: it is spent once, the loser changes nothing."""
    codes = await products()
    cash_q = await grant(world, kind=CouponKind.CASH, amount="1000.00")
    [cash] = await issue(world, cash_q, ["a_m1"], face="30.00")
    first = await place(world, codes, ("evs.sata", 1, 1))  # 30.00
    second = await place(world, codes, ("evs.sata", 1, 1))
    cust = await viewer_of(world, "cust_user")
    results = await asyncio.gather(
        outcome(orders.pay_order(cust, first, "a", cash_coupon_ids=[cash])),
        outcome(orders.pay_order(cust, second, "b", cash_coupon_ids=[cash])),
    )
    ok = [r for r in results if isinstance(r, orders.PaymentResult)]
    assert len(ok) == 1, results
    c = await Coupon.get(id=cash)
    assert (c.remaining, c.spent) == (Decimal("0.00"), Decimal("30.00"))
    assert (await ledger.verify_ledger()) == []
