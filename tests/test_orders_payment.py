"""Placing and paying orders: applicable coupons (validity, product scope, minimum amount), one
voucher at most, cash coupons drawn product-specific first, the rest from the balance; typed
refusals change nothing; 代支付 needs the partner's balance and disbursable; refunds give
everything back; idempotency keys. The whole ledger is verified after every test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest_asyncio

from partnercenter.catalogue.enums import CloudService
from partnercenter.core import clock
from partnercenter.core.errors import ErrorCode
from partnercenter.coupons import money
from partnercenter.coupons.enums import CouponKind, CouponOperationKind, CouponState
from partnercenter.coupons.models import Coupon, CouponOperation
from partnercenter.ledger.models import LedgerEntry, LedgerTransaction
from partnercenter.orders import service as orders
from partnercenter.orders.enums import OrderState, Payer
from partnercenter.orders.models import Order, OrderPayment
from partnercenter.orders.service import paying as orders_paying
from tests.coupons_factories import (
    T0,
    assert_ledger_ok,
    fund_customer,
    fund_partner,
    grant,
    issue,
    outcome,
    place,
    products,
    viewer_of,
)
from tests.factories import World

D = Decimal


@pytest_asyncio.fixture(autouse=True)
async def frozen_and_checked(world: World) -> AsyncIterator[None]:
    with clock.frozen(T0):
        yield
        await assert_ledger_ok()


async def _snapshot() -> tuple:
    """Everything a refused payment must leave as it was."""
    coupons = await Coupon.all().order_by("id").values_list("id", "state", "remaining", "spent")
    order_states = await Order.all().order_by("id").values_list("id", "state")
    return (
        coupons,
        order_states,
        await OrderPayment.all().count(),
        await LedgerTransaction.all().count(),
        await LedgerEntry.all().count(),
        await CouponOperation.all().count(),
    )


async def _world_with_coupons(world: World) -> dict:
    codes = await products()
    cash_q = await grant(world, kind=CouponKind.CASH, amount="5000.00")
    ecs_cash_q = await grant(world, kind=CouponKind.CASH, amount="5000.00", scope=[CloudService.ECS])
    voucher_q = await grant(world, kind=CouponKind.VOUCHER, amount="5000.00")
    [general_cash] = await issue(world, cash_q, ["a_m1"], face="100.00")
    [ecs_cash] = await issue(world, ecs_cash_q, ["a_m1"], face="50.00")
    [voucher] = await issue(world, voucher_q, ["a_m1"], face="80.00")
    [big_voucher] = await issue(world, voucher_q, ["a_m1"], face="200.00", min_order_amount=D("1000.00"))
    [eip_voucher] = await issue(world, voucher_q, ["a_m1"], face="20.00", product_scope=[CloudService.EIP])
    [later] = await issue(world, cash_q, ["a_m1"], face="10.00", valid_from=T0 + timedelta(days=3))
    [other_customer] = await issue(world, cash_q, ["a_m2"], face="500.00")
    return {
        "codes": codes,
        "general_cash": general_cash,
        "ecs_cash": ecs_cash,
        "voucher": voucher,
        "big_voucher": big_voucher,
        "eip_voucher": eip_voucher,
        "later": later,
        "other_customer": other_customer,
    }


async def test_applicable_coupons_follow_validity_scope_and_minimum(world: World) -> None:
    w = await _world_with_coupons(world)
    cust = await viewer_of(world, "cust_user")
    # An ECS order of 2 x 177.30 x 1 month = 354.60
    order_id = await place(world, w["codes"], ("ecs.s6.large.2", 2, 1))
    found = await outcome(orders.applicable_coupons(cust, order_id))
    assert isinstance(found, list)
    ids = [c["id"] for c in found]
    # vouchers first (80; not the 200 one needing 1000, not the EIP one), then cash: ECS-specific first.
    assert ids == [w["voucher"], w["ecs_cash"], w["general_cash"]]
    # A mixed order (ECS + EIP) is not covered by the ECS-only coupon.
    mixed = await place(world, w["codes"], ("ecs.s6.large.2", 3, 2), ("eip.bandwidth.5", 1, 2))
    found = await outcome(orders.applicable_coupons(cust, mixed))
    ids = [c["id"] for c in found]  # type: ignore[index]
    assert ids == [w["big_voucher"], w["voucher"], w["general_cash"]]  # 1294.20 >= 1000
    # Day 4: the later coupon is applicable too (activation by date, before the job ran).
    with clock.frozen(T0 + timedelta(days=4)):
        ids = [c["id"] for c in await outcome(orders.applicable_coupons(cust, order_id))]  # type: ignore[index]
    assert w["later"] in ids


async def test_pay_with_voucher_and_two_cash_coupons(world: World) -> None:
    w = await _world_with_coupons(world)
    await fund_customer(world.customers["a_m1"], world.orgs["a"], "300.00")
    cust = await viewer_of(world, "cust_user")
    order_id = await place(world, w["codes"], ("ecs.s6.large.2", 2, 1))  # 354.60
    result = await outcome(
        orders.pay_order(
            cust,
            order_id,
            "pay-1",
            voucher_id=w["voucher"],
            cash_coupon_ids=[w["general_cash"], w["ecs_cash"]],
        )
    )
    assert isinstance(result, orders.PaymentResult), result
    # voucher 80, then ECS-specific cash 50 before the general 100, then 124.60 from the balance.
    assert result.drawn == [
        (w["voucher"], D("80.00")),
        (w["ecs_cash"], D("50.00")),
        (w["general_cash"], D("100.00")),
    ]
    order = await Order.get(id=order_id)
    assert (order.state, order.paid_by) == (OrderState.PAID, Payer.CUSTOMER)
    states = dict(await Coupon.filter(customer_id=world.customers["a_m1"]).values_list("id", "state"))
    assert states[w["voucher"]] == CouponState.USED
    assert states[w["ecs_cash"]] == CouponState.USED
    assert states[w["general_cash"]] == CouponState.USED
    assert await money.customer_balance(world.customers["a_m1"]) == D("175.40")
    assert await money.account_balance(money.revenue(world.orgs["a"])) == D("354.60")
    redeemed = await CouponOperation.filter(kind=CouponOperationKind.REDEEM, order_id=order_id).count()
    assert redeemed == 3
    p = await OrderPayment.get(order_id=order_id)
    assert (p.voucher_amount, p.cash_coupon_amount, p.balance_amount) == (
        D("80.00"),
        D("150.00"),
        D("124.60"),
    )


async def test_cash_coupon_partly_used_stays_usable(world: World) -> None:
    w = await _world_with_coupons(world)
    cust = await viewer_of(world, "cust_user")
    order_id = await place(world, w["codes"], ("evs.sata", 1, 1))  # 30.00
    result = await outcome(orders.pay_order(cust, order_id, "k", cash_coupon_ids=[w["general_cash"]]))
    assert isinstance(result, orders.PaymentResult), result
    c = await Coupon.get(id=w["general_cash"])
    assert (c.state, c.remaining, c.spent) == (CouponState.USABLE, D("70.00"), D("30.00"))


async def test_refusals_change_nothing(world: World) -> None:
    w = await _world_with_coupons(world)
    await fund_customer(world.customers["a_m1"], world.orgs["a"], "100.00")
    cust = await viewer_of(world, "cust_user")
    order_id = await place(world, w["codes"], ("ecs.s6.large.2", 2, 1))  # 354.60
    before = await _snapshot()
    cases = [
        ({"voucher_id": w["voucher"], "cash_coupon_ids": [w["big_voucher"]]}, ErrorCode.WRONG_COUPON_KIND),
        ({"voucher_id": w["general_cash"]}, ErrorCode.WRONG_COUPON_KIND),
        ({"voucher_id": w["big_voucher"]}, ErrorCode.COUPON_NOT_APPLICABLE),  # minimum 1000
        ({"voucher_id": w["eip_voucher"]}, ErrorCode.COUPON_NOT_APPLICABLE),  # product scope
        ({"cash_coupon_ids": [w["later"]]}, ErrorCode.COUPON_NOT_APPLICABLE),  # not valid yet
        ({"cash_coupon_ids": [w["other_customer"]]}, ErrorCode.NOT_FOUND),  # someone else's
        ({"cash_coupon_ids": [w["general_cash"], w["general_cash"]]}, ErrorCode.DUPLICATE),
        # 80 + 100 + 100 balance = 280 < 354.60
        (
            {"voucher_id": w["voucher"], "cash_coupon_ids": [w["general_cash"]]},
            ErrorCode.INSUFFICIENT_BALANCE,
        ),
    ]
    for i, (kw, code) in enumerate(cases):
        result = await outcome(orders.pay_order(cust, order_id, f"try-{i}", **kw))
        assert isinstance(result, list) and result[0].code is code, (kw, result)
        assert await _snapshot() == before, kw
    assert await money.customer_balance(world.customers["a_m1"]) == D("100.00")
    # Not the customer's own order: other customers' users and partners cannot pay it.
    admin = await viewer_of(world, "a_admin")
    refused = await outcome(orders.pay_order(admin, order_id, "admin"))
    assert isinstance(refused, list) and refused[0].code is ErrorCode.FORBIDDEN


async def test_payment_idempotency(world: World) -> None:
    w = await _world_with_coupons(world)
    await fund_customer(world.customers["a_m1"], world.orgs["a"], "1000.00")
    cust = await viewer_of(world, "cust_user")
    order_id = await place(world, w["codes"], ("ecs.s6.large.2", 1, 1))  # 177.30
    first = await outcome(orders.pay_order(cust, order_id, "same-key", cash_coupon_ids=[w["general_cash"]]))
    assert isinstance(first, orders.PaymentResult) and not first.replayed
    snap = await _snapshot()
    again = await outcome(orders.pay_order(cust, order_id, "same-key", cash_coupon_ids=[w["general_cash"]]))
    assert isinstance(again, orders.PaymentResult) and again.replayed and again.payment_id == first.payment_id
    assert await _snapshot() == snap
    assert await money.customer_balance(world.customers["a_m1"]) == D("922.70")
    other = await place(world, w["codes"], ("evs.sata", 1, 1))
    snap = await _snapshot()
    reused = await outcome(orders.pay_order(cust, other, "same-key"))
    assert isinstance(reused, list) and reused[0].code is ErrorCode.IDEMPOTENCY_KEY_REUSED
    # A new key on a paid order: not payable, nothing moves.
    paid_again = await outcome(orders.pay_order(cust, order_id, "new-key"))
    assert isinstance(paid_again, list) and paid_again[0].code is ErrorCode.ORDER_NOT_PAYABLE
    assert await _snapshot() == snap


async def test_refund_returns_coupons_and_money(world: World) -> None:
    w = await _world_with_coupons(world)
    await fund_customer(world.customers["a_m1"], world.orgs["a"], "500.00")
    cust = await viewer_of(world, "cust_user")
    order_id = await place(world, w["codes"], ("ecs.s6.large.2", 2, 1))  # 354.60
    paid = await outcome(
        orders.pay_order(
            cust, order_id, "p", voucher_id=w["voucher"], cash_coupon_ids=[w["general_cash"], w["ecs_cash"]]
        )
    )
    assert isinstance(paid, orders.PaymentResult)
    unpaid = await place(world, w["codes"], ("evs.sata", 1, 1))
    refused = await outcome(orders.refund_order(cust, unpaid, "r0"))
    assert isinstance(refused, list) and refused[0].code is ErrorCode.ORDER_NOT_REFUNDABLE
    assert await outcome(orders.refund_order(cust, order_id, "r1")) == order_id
    for key in ("voucher", "general_cash", "ecs_cash"):
        c = await Coupon.get(id=w[key])
        assert (c.state, c.remaining, c.spent) == (CouponState.USABLE, c.face_value, D("0.00")), key
    assert await money.customer_balance(world.customers["a_m1"]) == D("500.00")
    assert await money.account_balance(money.revenue(world.orgs["a"])) == D("0.00")
    assert (await Order.get(id=order_id)).state == OrderState.REFUNDED
    snap = await _snapshot()
    assert await outcome(orders.refund_order(cust, order_id, "r1")) == order_id  # retried: nothing moves
    assert await _snapshot() == snap
    restored = await CouponOperation.filter(kind=CouponOperationKind.RESTORE, order_id=order_id).count()
    assert restored == 3


async def test_refund_after_reclaim_returns_to_the_quota(world: World) -> None:
    w = await _world_with_coupons(world)
    cust = await viewer_of(world, "cust_user")
    order_id = await place(world, w["codes"], ("evs.sata", 1, 1))  # 30.00
    assert isinstance(
        await outcome(orders.pay_order(cust, order_id, "p", cash_coupon_ids=[w["general_cash"]])),
        orders.PaymentResult,
    )
    from partnercenter.coupons import service as coupons
    from partnercenter.coupons.models import CouponQuota

    admin = await viewer_of(world, "a_admin")
    assert await outcome(coupons.reclaim_coupon(admin, w["general_cash"])) == w["general_cash"]
    quota_id = (await Coupon.get(id=w["general_cash"])).quota_id  # type: ignore[attr-defined]
    before = (await CouponQuota.get(id=quota_id)).remaining
    assert await outcome(orders.refund_order(cust, order_id, "r")) == order_id
    c = await Coupon.get(id=w["general_cash"])
    assert (c.state, c.remaining) == (CouponState.RECLAIMED, D("0.00"))
    assert (await CouponQuota.get(id=quota_id)).remaining == before + D("30.00")


async def test_partner_pays_on_behalf_needs_funds(world: World) -> None:
    w = await _world_with_coupons(world)
    order_id = await place(world, w["codes"], ("ecs.s6.xlarge.2", 1, 1), payer=Payer.PARTNER)  # 354.60
    assert (await Order.get(id=order_id)).state == OrderState.AWAITING_PARTNER_PAYMENT
    from partnercenter.orders.service import blocking_obligations

    assert [o.value for o in await blocking_obligations(world.customers["a_m1"])] == [
        "ORDERS_AWAITING_PARTNER_PAYMENT"
    ]
    cust = await viewer_of(world, "cust_user")
    mine = await outcome(orders.pay_order(cust, order_id, "c"))
    assert isinstance(mine, list) and mine[0].code is ErrorCode.ORDER_NOT_PAYABLE
    fin = await viewer_of(world, "a_fin")
    await fund_partner(world.orgs["a"], "300.00")
    before = await _snapshot()
    short = await outcome(orders.pay_order_on_behalf(fin, order_id, "k1"))
    assert isinstance(short, list) and short[0].code is ErrorCode.INSUFFICIENT_BALANCE
    assert await _snapshot() == before
    for who in ("b_admin", "r_admin", "a_m1"):
        other = await viewer_of(world, who)
        refused = await outcome(orders.pay_order_on_behalf(other, order_id, "k"))
        assert isinstance(refused, list) and refused[0].code in (ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN)
    await fund_partner(world.orgs["a"], "100.00")
    paid = await outcome(orders.pay_order_on_behalf(fin, order_id, "k2"))
    assert isinstance(paid, orders.PaymentResult), paid
    assert await money.partner_funds(world.orgs["a"]) == D("45.40")
    assert await blocking_obligations(world.customers["a_m1"]) == []
    replay = await outcome(orders.pay_order_on_behalf(fin, order_id, "k2"))
    assert isinstance(replay, orders.PaymentResult) and replay.replayed
    assert await money.partner_funds(world.orgs["a"]) == D("45.40")
    # The partner refunds what it paid; the customer cannot.
    refused = await outcome(orders.refund_order(cust, order_id, "x"))
    assert isinstance(refused, list) and refused[0].code is ErrorCode.FORBIDDEN
    assert await outcome(orders.refund_order(fin, order_id, "x")) == order_id
    assert await money.partner_funds(world.orgs["a"]) == D("400.00")


async def test_disbursable_guard(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With a disbursable amount below the balance (e.g. credit not disbursable), 代支付 is refused."""
    w = await _world_with_coupons(world)
    order_id = await place(world, w["codes"], ("ecs.s6.large.2", 1, 1), payer=Payer.PARTNER)
    await fund_partner(world.orgs["a"], "1000.00")

    async def limited(partner_id: int) -> tuple[Decimal, Decimal]:
        return D("1000.00"), D("100.00")

    monkeypatch.setattr(orders_paying, "partner_balance_and_disbursable", limited)
    fin = await viewer_of(world, "a_fin")
    refused = await outcome(orders.pay_order_on_behalf(fin, order_id, "k"))
    assert isinstance(refused, list) and refused[0].code is ErrorCode.INSUFFICIENT_DISBURSABLE
    assert (await Order.get(id=order_id)).state == OrderState.AWAITING_PARTNER_PAYMENT


async def test_place_order_rules(world: World) -> None:
    codes = await products()
    cust = await viewer_of(world, "cust_user")
    bad = await outcome(
        orders.place_order(
            cust, [orders.LineDraft(codes["ecs.s6.large.2"], 0, 1), orders.LineDraft(999, 1, 40)]
        )
    )
    assert isinstance(bad, list)
    assert {(e.code, e.field) for e in bad} == {
        (ErrorCode.OUT_OF_RANGE, "lines.0.quantity"),
        (ErrorCode.NOT_FOUND, "lines.1.productId"),
        (ErrorCode.OUT_OF_RANGE, "lines.1.months"),
    }
    admin = await viewer_of(world, "a_admin")
    forbidden = await outcome(orders.place_order(admin, [orders.LineDraft(codes["ecs.s6.large.2"], 1, 1)]))
    assert isinstance(forbidden, list) and forbidden[0].code is ErrorCode.FORBIDDEN
    order_id = await place(world, codes, ("ecs.s6.large.2", 2, 3), ("evs.ssd", 4, 3))
    order = await Order.get(id=order_id)
    assert order.amount == D("177.30") * 6 + D("100.00") * 12
    assert await outcome(orders.cancel_order(cust, order_id)) == order_id
    assert (await Order.get(id=order_id)).state == OrderState.CANCELLED


async def test_idempotency_keys_are_per_sender(world: World) -> None:
    """Two customer users of one partner may use the same key: each pays its own order."""
    from partnercenter.accounts.enums import Role
    from partnercenter.accounts.models import User

    codes = await products()
    other = await User.create(
        org_id=world.orgs["a"], username="cust_user2", name="客户二", role=Role.CUSTOMER_USER,
        password_hash="x", customer_id=world.customers["a_m2"],
    )  # fmt: skip
    world.users["cust_user2"] = other.id
    await fund_customer(world.customers["a_m1"], world.orgs["a"], "100.00")
    await fund_customer(world.customers["a_m2"], world.orgs["a"], "100.00")
    first = await place(world, codes, ("evs.sata", 1, 1))
    second_viewer = await viewer_of(world, "cust_user2")
    second = await outcome(orders.place_order(second_viewer, [orders.LineDraft(codes["evs.sata"], 1, 1)]))
    assert isinstance(second, int)
    cust = await viewer_of(world, "cust_user")
    assert isinstance(await outcome(orders.pay_order(cust, first, "1")), orders.PaymentResult)
    paid = await outcome(orders.pay_order(second_viewer, second, "1"))
    assert isinstance(paid, orders.PaymentResult) and not paid.replayed
    assert await money.customer_balance(world.customers["a_m2"]) == D("70.00")
