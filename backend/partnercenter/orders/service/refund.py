"""Refunding a paid order (cancelled before use): the coupons service gives the coupons back what
they gave, money returns to whoever paid. A retry with the same key answers with the first refund."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, DomainErrors, ErrorCode, check, refuse
from partnercenter.core.rows import CONVERTERS
from partnercenter.coupons import money
from partnercenter.coupons import service as coupons
from partnercenter.ledger.enums import TransactionKind
from partnercenter.orders.enums import OrderState, Payer
from partnercenter.orders.models import Order, OrderPayment, OrderPaymentCoupon, OrderRefund
from partnercenter.orders.permissions import can_pay_on_behalf, can_place_order
from partnercenter.orders.service.paying import client_key, key_errors
from partnercenter.orders.service.queries import orders_by_ids

__all__ = ["refund_order"]

Row = dict[str, Any]


async def refund_order(viewer: Viewer, order_id: int, idempotency_key: str) -> int:
    """Refund of a paid order (cancelled before use): coupons get back what they gave (usable
    again; a coupon reclaimed or expired since hands it to its quota instead), money returns to
    whoever paid. A retry with the same key answers with the first refund."""
    check(key_errors(idempotency_key))
    order = (await orders_by_ids(viewer, [order_id])).get(order_id)
    if order is None:
        refuse(ErrorCode.NOT_FOUND, "No such order.", "orderId")
    paid_by_partner = order["paid_by"] == Payer.PARTNER
    allowed = (
        can_pay_on_behalf(viewer, order)
        if paid_by_partner
        else can_place_order(viewer, order["customer_id"])
    )
    if not allowed:
        refuse(ErrorCode.FORBIDDEN, "Only whoever paid the order refunds it.", "orderId")
    key = client_key(viewer, idempotency_key)
    done = await OrderRefund.filter(idempotency_key=key).first().values("order_id")
    if done is not None:
        if done["order_id"] != order_id:
            refuse(
                ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key already refunded another order.", "idempotencyKey"
            )
        return order_id
    if order["state"] != OrderState.PAID:
        refuse(ErrorCode.ORDER_NOT_REFUNDABLE, "Only a paid order can be refunded.", "orderId")
    async with in_transaction():
        await _refund(viewer, order, key, clock.now())
    return order_id


async def _refund(viewer: Viewer, order: Row, key: str, now: datetime) -> None:
    order_id = order["id"]
    if not await Order.filter(id=order_id, state=OrderState.PAID).update(
        state=OrderState.REFUNDED, refunded_at=now
    ):
        refuse(ErrorCode.ORDER_NOT_REFUNDABLE, "Only a paid order can be refunded.", "orderId")
    try:
        refund = await OrderRefund.create(
            order_id=order_id, idempotency_key=key, actor_id=viewer.user_id, created_at=now
        )
    except IntegrityError as exc:
        raise DomainErrors(
            [DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key is in use.", "idempotencyKey")]
        ) from exc
    payment = (
        await OrderPayment.filter(order_id=order_id, refunded_at__isnull=True)
        .first()
        .values("id", "payer", "balance_amount")
    )
    assert payment is not None, "a paid order has a payment"
    used = (
        await OrderPaymentCoupon.filter(payment_id=payment["id"]).order_by("id").values("coupon_id", "amount")
    )
    restored = await coupons.restore([(u["coupon_id"], CONVERTERS["money"](u["amount"])) for u in used], now)
    revenue = money.revenue(order["partner_id"])
    payer_account = (
        money.partner(order["partner_id"])
        if payment["payer"] == Payer.PARTNER
        else money.customer(order["customer_id"])
    )
    # The revenue leg shrinks by what goes straight back to quotas (in `finish_restore`).
    moves: list[money.Move] = [
        (revenue, -order["amount"] + restored.back_to_quotas),
        (payer_account, CONVERTERS["money"](payment["balance_amount"])),
        *restored.moves,
    ]
    txn = await money.post(
        TransactionKind.ORDER_REFUND,
        moves,
        actor_user_id=viewer.user_id,
        idempotency_key=f"order-refund:{order_id}",
        reference=("Order", order_id),
        currency=order["currency"],
    )
    await coupons.finish_restore(
        restored,
        source=revenue,
        customer_id=order["customer_id"],
        order_id=order_id,
        currency=order["currency"],
        actor_user_id=viewer.user_id,
        ledger_transaction_id=txn,
        now=now,
    )
    await OrderPayment.filter(id=payment["id"]).update(refunded_at=now)
    await OrderRefund.filter(id=refund.id).update(ledger_transaction_id=txn)
