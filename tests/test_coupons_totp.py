"""Issuing coupons and paying on a customer's behalf are money operations: when the partner
requires a second factor (funds settings), they need a valid, fresh TOTP code; nothing moves without."""

from __future__ import annotations

from datetime import timedelta

import httpx

from partnercenter.core import clock
from partnercenter.coupons.enums import CouponKind
from partnercenter.coupons.models import Coupon
from partnercenter.orders.enums import OrderState, Payer
from partnercenter.orders.models import Order
from tests.coupons_factories import fund_partner, grant, place, products
from tests.factories import World, gql, sign_in
from tests.test_funds_totp import SETTING, T0, code_at, enrol

ISSUE = """mutation($input: CouponsIssueInput!) { couponsIssue(input: $input) { issuedCount
  userErrors { code field } } }"""
ON_BEHALF = """mutation($input: OrderKeyedInput!) { orderPayOnBehalf(input: $input) { order { state }
  userErrors { code field } } }"""


async def test_issue_and_pay_on_behalf_need_a_code_when_required(
    client: httpx.AsyncClient, world: World
) -> None:
    with clock.frozen(T0) as cell:
        codes = await products()
        quota = await grant(world, "a", CouponKind.CASH, "100.00")
        order_id = await place(world, codes, ("evs.sata", 1, 1), payer=Payer.PARTNER)
        await fund_partner(world.orgs["a"], "100.00")
        csrf = await sign_in(client, world, "a_admin")
        secret = await enrol(client, csrf, T0)
        body = await gql(client, SETTING, {"r": True}, csrf=csrf)
        assert body["data"]["fundsSettingsUpdate"]["account"]["requireSecondFactor"] is True
        clock.advance(cell, timedelta(seconds=60))
        issue = {
            "quotaId": world.gid("CouponQuota", quota),
            "customerIds": [world.gid("Customer", world.customers["a_m1"])],
            "faceValue": {"amount": "10.00"},
            "idempotencyKey": "issue-1",
        }
        body = await gql(client, ISSUE, {"input": issue}, csrf=csrf)
        assert body["data"]["couponsIssue"]["userErrors"] == [{"code": "TOTP_REQUIRED", "field": "totpCode"}]
        body = await gql(client, ISSUE, {"input": {**issue, "totpCode": "000000"}}, csrf=csrf)
        assert body["data"]["couponsIssue"]["userErrors"][0]["code"] == "TOTP_INVALID"
        assert await Coupon.all().count() == 0
        body = await gql(
            client, ISSUE, {"input": {**issue, "totpCode": code_at(secret, clock.now())}}, csrf=csrf
        )
        assert body["data"]["couponsIssue"]["issuedCount"] == 1

        pay = {"orderId": world.gid("Order", order_id), "idempotencyKey": "k1"}
        body = await gql(client, ON_BEHALF, {"input": pay}, csrf=csrf)
        assert body["data"]["orderPayOnBehalf"]["userErrors"] == [
            {"code": "TOTP_REQUIRED", "field": "totpCode"}
        ]
        assert (await Order.get(id=order_id)).state == OrderState.AWAITING_PARTNER_PAYMENT
        clock.advance(cell, timedelta(seconds=30))
        body = await gql(
            client, ON_BEHALF, {"input": {**pay, "totpCode": code_at(secret, clock.now())}}, csrf=csrf
        )
        assert body["data"]["orderPayOnBehalf"]["order"]["state"] == "PAID"
