"""Order rules (no GraphQL here): what blocks an association change (shared with other slices),
placing an order from the catalogue, paying it with coupons and balance, 代支付, cancel and
refund. Coupons are drawn and given back only through `partnercenter.coupons.service`; expected
failures raise `DomainErrors`. Other slices import this package only."""

from partnercenter.orders.service.paying import (
    PaymentResult,
    applicable_coupons,
    partner_balance_and_disbursable,
    pay_order,
    pay_order_on_behalf,
)
from partnercenter.orders.service.placing import LineDraft, cancel_order, place_order
from partnercenter.orders.service.queries import (
    ORDER_READ,
    OrderQuery,
    blocking_obligations,
    lines_for,
    list_orders,
    orders_by_ids,
    payments_for,
)
from partnercenter.orders.service.refund import refund_order

__all__ = [
    "ORDER_READ",
    "LineDraft",
    "OrderQuery",
    "PaymentResult",
    "applicable_coupons",
    "blocking_obligations",
    "cancel_order",
    "lines_for",
    "list_orders",
    "orders_by_ids",
    "partner_balance_and_disbursable",
    "pay_order",
    "pay_order_on_behalf",
    "payments_for",
    "place_order",
    "refund_order",
]
