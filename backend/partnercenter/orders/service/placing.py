"""Placing an order from the catalogue (a customer user, for its own company) and cancelling an
unpaid one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.catalogue.models import Product
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode, check, refuse
from partnercenter.core.money import currency
from partnercenter.core.rows import CONVERTERS
from partnercenter.customers.enums import AssociationType
from partnercenter.customers.models import Customer
from partnercenter.orders.enums import OrderState, Payer
from partnercenter.orders.models import Order, OrderLine
from partnercenter.orders.permissions import can_place_order
from partnercenter.orders.service.queries import orders_by_ids

__all__ = ["MAX_LINES", "MAX_MONTHS", "MAX_QUANTITY", "LineDraft", "cancel_order", "place_order"]

MAX_QUANTITY = 1000
MAX_MONTHS = 36
MAX_LINES = 20


@dataclass(slots=True)
class LineDraft:
    product_id: int | None
    quantity: int
    months: int


def _line_errors(lines: list[LineDraft], products: dict[int, Any]) -> list[DomainError]:
    errors: list[DomainError] = []
    if not lines:
        errors.append(DomainError(ErrorCode.BLANK, "Add at least one product.", "lines"))
    if len(lines) > MAX_LINES:
        errors.append(DomainError(ErrorCode.TOO_LONG, f"At most {MAX_LINES} lines.", "lines"))
    for i, ln in enumerate(lines):
        if ln.product_id not in products:
            errors.append(DomainError(ErrorCode.NOT_FOUND, "No such product.", f"lines.{i}.productId"))
        if not 1 <= ln.quantity <= MAX_QUANTITY:
            errors.append(
                DomainError(
                    ErrorCode.OUT_OF_RANGE, f"Quantity is 1 to {MAX_QUANTITY}.", f"lines.{i}.quantity"
                )
            )
        if not 1 <= ln.months <= MAX_MONTHS:
            errors.append(
                DomainError(ErrorCode.OUT_OF_RANGE, f"Months are 1 to {MAX_MONTHS}.", f"lines.{i}.months")
            )
    return errors


async def place_order(viewer: Viewer, lines: list[LineDraft], payer: Payer = Payer.CUSTOMER) -> int:
    """A customer user orders catalogue products for its own company; with payer PARTNER the
    order awaits its partner's payment on its behalf (代支付)."""
    cid = viewer.customer_id
    if cid is None or not can_place_order(viewer, cid):
        refuse(ErrorCode.FORBIDDEN, "Only a customer user places orders.")
    customer = await Customer.filter(id=cid).first().values("id", "partner_id", "association_type")
    if customer is None:
        refuse(ErrorCode.NOT_FOUND, "No such customer.")
    products = {
        r["id"]: r
        for r in await Product.filter(
            id__in=[ln.product_id or 0 for ln in lines] or [0], is_active=True
        ).values("id", "service", "monthly_price", "currency")
    }
    errors = _line_errors(lines, products)
    if payer is Payer.PARTNER and customer["association_type"] != AssociationType.RESALE:
        errors.append(
            DomainError(
                ErrorCode.NOT_RESALE_CUSTOMER, "Only a resale customer's partner pays for it.", "payer"
            )
        )
    check(errors)
    now = clock.now()
    priced = []
    for ln in lines:
        p = products[ln.product_id or 0]
        unit = CONVERTERS["money"](p["monthly_price"])
        priced.append((ln, p, unit, unit * ln.quantity * ln.months))
    total = sum((a for *_, a in priced), Decimal(0))
    state = OrderState.AWAITING_PARTNER_PAYMENT if payer is Payer.PARTNER else OrderState.AWAITING_PAYMENT
    async with in_transaction():
        order = await Order.create(
            customer_id=cid,
            partner_id=customer["partner_id"],
            state=state,
            currency=currency(),
            amount=total,
            created_at=now,
            placed_by_id=viewer.user_id,
            payer=payer,
        )
        await OrderLine.bulk_create(
            [
                OrderLine(
                    order_id=order.id,
                    product_id=ln.product_id,
                    service=p["service"],
                    quantity=ln.quantity,
                    months=ln.months,
                    unit_price=unit,
                    amount=amount,
                )
                for ln, p, unit, amount in priced
            ]
        )
    return int(order.id)


async def cancel_order(viewer: Viewer, order_id: int) -> int:
    """An unpaid order is cancelled by its customer (nothing was used, nothing moves)."""
    order = (await orders_by_ids(viewer, [order_id])).get(order_id)
    if order is None:
        refuse(ErrorCode.NOT_FOUND, "No such order.", "orderId")
    if not can_place_order(viewer, order["customer_id"]):
        refuse(ErrorCode.FORBIDDEN, "Only the customer cancels its order.", "orderId")
    async with in_transaction():
        done = await Order.filter(
            id=order_id, state__in=(OrderState.AWAITING_PAYMENT, OrderState.AWAITING_PARTNER_PAYMENT)
        ).update(state=OrderState.CANCELLED, cancelled_at=clock.now())
    if not done:
        refuse(ErrorCode.INVALID_STATE, "Only an unpaid order can be cancelled.", "orderId")
    return order_id
