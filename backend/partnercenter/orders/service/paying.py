"""Paying an order. A customer user pays with at most one voucher and any number of cash coupons
(drawn through the coupons service), the rest from its balance (a ledger account); the partner
pays on the customer's behalf (代支付) an order awaiting partner payment. Payment takes an
idempotency key: a retry answers with the first payment and moves nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, DomainErrors, ErrorCode, check, refuse
from partnercenter.coupons import money
from partnercenter.coupons import service as coupons
from partnercenter.coupons.enums import CouponKind
from partnercenter.ledger.enums import TransactionKind
from partnercenter.orders.enums import OrderState, Payer
from partnercenter.orders.models import Order, OrderPayment, OrderPaymentCoupon
from partnercenter.orders.permissions import can_pay_on_behalf, can_place_order
from partnercenter.orders.service.queries import lines_for, orders_by_ids

__all__ = [
    "KEY_MAX",
    "PaymentResult",
    "applicable_coupons",
    "client_key",
    "key_errors",
    "partner_balance_and_disbursable",
    "pay_order",
    "pay_order_on_behalf",
]

Row = dict[str, Any]
KEY_MAX = 100


@dataclass(slots=True)
class PaymentResult:
    order_id: int
    payment_id: int
    replayed: bool = False
    drawn: list[tuple[int, Decimal]] = field(default_factory=list)


def client_key(viewer: Viewer, key: str) -> str:
    """A client's key, scoped to whoever sent it (a person, else a token): two customers of one
    partner never collide on the same key."""
    who = f"u{viewer.user_id}" if viewer.user_id is not None else f"t{viewer.token_id}"
    return f"{who}:{key}"


def key_errors(key: str) -> list[DomainError]:
    if not key or not key.strip():
        return [DomainError(ErrorCode.BLANK, "An idempotency key is required.", "idempotencyKey")]
    if len(key) > KEY_MAX:
        return [DomainError(ErrorCode.TOO_LONG, f"The key is over {KEY_MAX} characters.", "idempotencyKey")]
    return []


async def _visible_order(viewer: Viewer, order_id: int) -> Row:
    order = (await orders_by_ids(viewer, [order_id])).get(order_id)
    if order is None:
        refuse(ErrorCode.NOT_FOUND, "No such order.", "orderId")
    return order


async def _replay(viewer: Viewer, key: str, order_id: int) -> PaymentResult | None:
    found = (
        await OrderPayment.filter(idempotency_key=client_key(viewer, key)).first().values("id", "order_id")
    )
    if found is None:
        return None
    if found["order_id"] != order_id:
        refuse(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key already paid another order.", "idempotencyKey")
    return PaymentResult(order_id, found["id"], replayed=True)


async def _services(order_id: int) -> set[str]:
    return {ln["service"] for ln in (await lines_for([order_id]))[order_id]}


async def applicable_coupons(viewer: Viewer, order_id: int) -> list[Row]:
    """Every voucher and cash coupon of the order's customer that meets its conditions now
    (validity, product scope, minimum order amount): vouchers first, then cash coupons in the
    order they would be drawn."""
    order = await _visible_order(viewer, order_id)
    if order["state"] != OrderState.AWAITING_PAYMENT:
        return []  # only an order the customer is about to pay is offered coupons
    return await coupons.applicable_coupons(
        order["customer_id"], order["currency"], order["amount"], await _services(order_id), clock.now()
    )


async def _second_factor(viewer: Viewer, code: str | None) -> None:
    from partnercenter.funds.totp import require_second_factor  # the partner's money-operation setting

    found = await require_second_factor(viewer, code)
    if found:
        raise DomainErrors(found)


def _choose(
    order: Row,
    rows: dict[int, Row],
    voucher_id: int | None,
    cash_ids: list[int],
    services: set[str],
    now: datetime,
) -> list[Row]:
    """The chosen coupons in drawing order (the voucher, then cash by priority), or a refusal."""

    def applies(c: Row) -> bool:
        return coupons.applies(c, order["customer_id"], order["currency"], order["amount"], services, now)

    chosen: list[Row] = []
    if voucher_id is not None:
        voucher = rows.get(voucher_id)
        if voucher is None:
            refuse(ErrorCode.NOT_FOUND, "No such coupon.", "voucherId")
        if voucher["kind"] != CouponKind.VOUCHER:
            refuse(ErrorCode.WRONG_COUPON_KIND, "This is not a voucher.", "voucherId")
        if not applies(voucher):
            refuse(ErrorCode.COUPON_NOT_APPLICABLE, "This voucher does not apply to the order.", "voucherId")
        chosen.append(voucher)
    cash = []
    for i, cid in enumerate(cash_ids):
        c = rows.get(cid)
        if c is None:
            refuse(ErrorCode.NOT_FOUND, "No such coupon.", f"cashCouponIds.{i}")
        if c["kind"] != CouponKind.CASH:
            refuse(ErrorCode.WRONG_COUPON_KIND, "At most one voucher per order.", f"cashCouponIds.{i}")
        if not applies(c):
            refuse(ErrorCode.COUPON_NOT_APPLICABLE, "This cash coupon does not apply.", f"cashCouponIds.{i}")
        cash.append(c)
    return chosen + sorted(cash, key=coupons.cash_coupon_priority)


async def pay_order(
    viewer: Viewer,
    order_id: int,
    idempotency_key: str,
    voucher_id: int | None = None,
    cash_coupon_ids: list[int] | None = None,
) -> PaymentResult:
    """The customer pays its order: the chosen voucher (at most one), the chosen cash coupons, the
    rest from its balance. Any refusal changes nothing; a retry with the same key answers with the
    first payment and moves nothing."""
    check(key_errors(idempotency_key))
    order = await _visible_order(viewer, order_id)
    if not can_place_order(viewer, order["customer_id"]):
        refuse(ErrorCode.FORBIDDEN, "Only the customer pays its order here.", "orderId")
    replay = await _replay(viewer, idempotency_key, order_id)
    if replay is not None:
        return replay
    if order["state"] != OrderState.AWAITING_PAYMENT:
        refuse(ErrorCode.ORDER_NOT_PAYABLE, "This order is not awaiting your payment.", "orderId")
    cash_ids = list(cash_coupon_ids or [])
    if len(set(cash_ids)) != len(cash_ids) or (voucher_id is not None and voucher_id in cash_ids):
        refuse(ErrorCode.DUPLICATE, "A coupon is chosen twice.", "cashCouponIds")
    chosen_ids = cash_ids + ([voucher_id] if voucher_id is not None else [])
    rows = await coupons.chosen_coupons(order["customer_id"], chosen_ids)
    chosen = _choose(order, rows, voucher_id, cash_ids, await _services(order_id), clock.now())
    # Draw: the voucher first, then cash coupons in priority order, the rest from the balance.
    due = order["amount"]
    drawn: list[coupons.Draw] = []
    for c in chosen:
        if due <= 0:
            break
        take = min(due, c["remaining"])
        drawn.append((c, take))
        due -= take
    payment_id = await _settle(viewer, order, idempotency_key, drawn, due, clock.now())
    return PaymentResult(order_id, payment_id, drawn=[(c["id"], a) for c, a in drawn])


async def _create_payment(
    viewer: Viewer, order: Row, key: str, now: datetime, payer: Payer, **amounts: Decimal
) -> int:
    try:
        payment = await OrderPayment.create(
            order_id=order["id"],
            idempotency_key=client_key(viewer, key),
            payer=payer,
            actor_id=viewer.user_id,
            currency=order["currency"],
            created_at=now,
            **amounts,  # type: ignore[arg-type]
        )
    except IntegrityError as exc:  # a concurrent retry with the same key won the unique index
        raise DomainErrors(
            [DomainError(ErrorCode.ORDER_NOT_PAYABLE, "This order is being paid already.", "orderId")]
        ) from exc
    return int(payment.id)


async def _mark_paid(order_id: int, from_state: OrderState, payer: Payer, now: datetime) -> None:
    if not await Order.filter(id=order_id, state=from_state).update(
        state=OrderState.PAID, paid_at=now, paid_by=payer
    ):
        refuse(ErrorCode.ORDER_NOT_PAYABLE, "This order is not awaiting payment.", "orderId")


async def _settle(
    viewer: Viewer, order: Row, key: str, drawn: list[coupons.Draw], from_balance: Decimal, now: datetime
) -> int:
    order_id = order["id"]
    voucher_amount = sum((a for c, a in drawn if c["kind"] == CouponKind.VOUCHER), Decimal(0))
    cash_amount = sum((a for c, a in drawn if c["kind"] == CouponKind.CASH), Decimal(0))
    async with in_transaction():
        await _mark_paid(order_id, OrderState.AWAITING_PAYMENT, Payer.CUSTOMER, now)
        moves = await coupons.redeem(drawn, now)
        payment_id = await _create_payment(
            viewer,
            order,
            key,
            now,
            payer=Payer.CUSTOMER,
            voucher_amount=voucher_amount,
            cash_coupon_amount=cash_amount,
            balance_amount=from_balance,
        )
        moves += [
            (money.customer(order["customer_id"]), -from_balance),
            (money.revenue(order["partner_id"]), order["amount"]),
        ]
        try:
            txn = await money.post(
                TransactionKind.ORDER_PAYMENT,
                moves,
                actor_user_id=viewer.user_id,
                idempotency_key=f"order-payment:{order_id}",
                reference=("Order", order_id),
                currency=order["currency"],
            )
        except money.InsufficientFunds as exc:
            raise DomainErrors(
                [
                    DomainError(
                        ErrorCode.INSUFFICIENT_BALANCE, "Your balance does not cover the rest.", "orderId"
                    )
                ]
            ) from exc
        await OrderPayment.filter(id=payment_id).update(ledger_transaction_id=txn)
        if drawn:
            await OrderPaymentCoupon.bulk_create(
                [OrderPaymentCoupon(payment_id=payment_id, coupon_id=c["id"], amount=a) for c, a in drawn]
            )
            await coupons.record_redemptions(
                drawn,
                customer_id=order["customer_id"],
                order_id=order_id,
                currency=order["currency"],
                actor_user_id=viewer.user_id,
                ledger_transaction_id=txn,
                now=now,
            )
    return payment_id


async def pay_order_on_behalf(
    viewer: Viewer, order_id: int, idempotency_key: str, totp_code: str | None = None
) -> PaymentResult:
    """代支付: the partner pays an order awaiting partner payment from its own funds; its account
    balance and its disbursable amount must both cover the order."""
    check(key_errors(idempotency_key))
    order = await _visible_order(viewer, order_id)
    if not can_pay_on_behalf(viewer, order):
        refuse(
            ErrorCode.FORBIDDEN, "Only the customer's partner admin or finance pays on its behalf.", "orderId"
        )
    replay = await _replay(viewer, idempotency_key, order_id)
    if replay is not None:
        return replay
    if order["state"] != OrderState.AWAITING_PARTNER_PAYMENT:
        refuse(ErrorCode.ORDER_NOT_PAYABLE, "This order is not awaiting partner payment.", "orderId")
    await _second_factor(viewer, totp_code)
    amount = order["amount"]
    balance, disbursable = await partner_balance_and_disbursable(order["partner_id"])
    if balance < amount:
        refuse(ErrorCode.INSUFFICIENT_BALANCE, "Your account balance does not cover the order.", "orderId")
    if disbursable < amount:
        refuse(
            ErrorCode.INSUFFICIENT_DISBURSABLE, "Your disbursable amount does not cover the order.", "orderId"
        )
    now = clock.now()
    async with in_transaction():
        await _mark_paid(order_id, OrderState.AWAITING_PARTNER_PAYMENT, Payer.PARTNER, now)
        payment_id = await _create_payment(
            viewer, order, idempotency_key, now, payer=Payer.PARTNER, balance_amount=amount
        )
        try:
            txn = await money.post(
                TransactionKind.ORDER_PARTNER_PAYMENT,
                [
                    (money.partner(order["partner_id"]), -amount),
                    (money.revenue(order["partner_id"]), amount),
                ],
                actor_user_id=viewer.user_id,
                idempotency_key=f"order-payment:{order_id}",
                reference=("Order", order_id),
                currency=order["currency"],
            )
        except money.InsufficientFunds as exc:  # the funds moved between the check and the lock
            raise DomainErrors(
                [
                    DomainError(
                        ErrorCode.INSUFFICIENT_DISBURSABLE, "Your funds do not cover the order.", "orderId"
                    )
                ]
            ) from exc
        await OrderPayment.filter(id=payment_id).update(ledger_transaction_id=txn)
    return PaymentResult(order_id, payment_id)


async def partner_balance_and_disbursable(partner_id: int) -> tuple[Decimal, Decimal]:
    """The partner's account balance 账户余额 and disbursable amount 可拨款, as the funds slice
    computes them from the ledger."""
    from partnercenter.funds.service import accounts_overview

    overview = (await accounts_overview([partner_id]))[partner_id]
    return overview.account_balance, overview.disbursable_amount
