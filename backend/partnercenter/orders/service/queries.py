"""Order reads: the scoped list and by-ids (one `ScopedRead`), the lines and payments of orders
already checked for scope, and what blocks an association change (shared with other slices)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.queryset import QuerySet

from partnercenter.access.reads import Count, ScopedRead
from partnercenter.core.connection import Page, PageArgs, SortKey
from partnercenter.core.context import Viewer
from partnercenter.orders.enums import Obligation, OrderState
from partnercenter.orders.models import Arrears, Order, OrderLine, OrderPayment, OrderPaymentCoupon
from partnercenter.orders.permissions import ORDER

__all__ = [
    "ORDER_READ",
    "OrderQuery",
    "blocking_obligations",
    "lines_for",
    "list_orders",
    "orders_by_ids",
    "payments_for",
]

Row = dict[str, Any]


@dataclass(slots=True)
class OrderQuery:
    states: list[OrderState] | None = None
    customer_ids: list[int] | None = None


def _apply_order_filter(viewer: Viewer, qs: QuerySet[Any], f: OrderQuery) -> QuerySet[Any]:
    if f.states:
        qs = qs.filter(state__in=[s.value for s in f.states])
    if f.customer_ids is not None:
        qs = qs.filter(customer_id__in=f.customer_ids or [0])
    return qs


ORDER_SORT = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)
ORDER_READ = ScopedRead(
    resource=ORDER,
    model=Order,
    columns=(
        "id",
        "customer_id",
        "partner_id",
        "state",
        "currency",
        "amount",
        "created_at",
        "paid_at",
        "placed_by_id",
        "payer",
        "paid_by",
        "cancelled_at",
        "refunded_at",
    ),
    kinds={
        "amount": "money",
        "created_at": "datetime",
        "paid_at": "datetime",
        "cancelled_at": "datetime",
        "refunded_at": "datetime",
    },
    sorts={ORDER_SORT.name: ORDER_SORT},
    apply=_apply_order_filter,
)


async def list_orders(viewer: Viewer, f: OrderQuery, page: PageArgs) -> tuple[Page, Count]:
    return await ORDER_READ.page(viewer, f, ORDER_SORT, page)


async def orders_by_ids(viewer: Viewer | None, ids: list[int]) -> dict[int, Row]:
    return await ORDER_READ.by_ids(viewer, ids)


async def blocking_obligations(customer_id: int) -> list[Obligation]:
    """What the customer still owes that blocks switching or unbinding its association."""
    found: list[Obligation] = []
    if await Arrears.filter(customer_id=customer_id, settled_at__isnull=True).exists():
        found.append(Obligation.ARREARS)
    if await Order.filter(customer_id=customer_id, state=OrderState.AWAITING_PARTNER_PAYMENT).exists():
        found.append(Obligation.ORDERS_AWAITING_PARTNER_PAYMENT)
    return found


async def lines_for(order_ids: list[int]) -> dict[int, list[Row]]:
    """Lines of orders already checked for scope (one statement)."""
    out: dict[int, list[Row]] = {i: [] for i in order_ids}
    if not order_ids:
        return out
    rows = (
        await OrderLine.filter(order_id__in=order_ids)
        .order_by("order_id", "id")
        .values("id", "order_id", "product_id", "service", "quantity", "months", "unit_price", "amount")
    )
    for r in rows:
        out[r["order_id"]].append(r)
    return out


async def payments_for(order_ids: list[int]) -> dict[int, list[Row]]:
    """Payments (with the coupons each used) of orders already checked for scope (two statements)."""
    out: dict[int, list[Row]] = {i: [] for i in order_ids}
    if not order_ids:
        return out
    rows = (
        await OrderPayment.filter(order_id__in=order_ids)
        .order_by("order_id", "id")
        .values(
            "id",
            "order_id",
            "payer",
            "currency",
            "voucher_amount",
            "cash_coupon_amount",
            "balance_amount",
            "created_at",
            "refunded_at",
        )
    )
    used = (
        await OrderPaymentCoupon.filter(payment_id__in=[r["id"] for r in rows] or [0])
        .order_by("id")
        .values("payment_id", "coupon_id", "amount", "coupon__kind")
    )
    by_payment: dict[int, list[Row]] = {}
    for u in used:
        by_payment.setdefault(u["payment_id"], []).append(u)
    for r in rows:
        r["coupons"] = by_payment.get(r["id"], [])
        out[r["order_id"]].append(r)
    return out
