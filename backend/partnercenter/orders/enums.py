"""Order reference data."""

from enum import StrEnum


class OrderState(StrEnum):
    AWAITING_PAYMENT = "AWAITING_PAYMENT"  # 待支付 (by the customer)
    AWAITING_PARTNER_PAYMENT = "AWAITING_PARTNER_PAYMENT"  # 待伙伴代支付
    PAID = "PAID"
    CANCELLED = "CANCELLED"
    REFUNDED = "REFUNDED"


class Obligation(StrEnum):
    """Why a customer's association may not change now."""

    ARREARS = "ARREARS"  # 欠费
    ORDERS_AWAITING_PARTNER_PAYMENT = "ORDERS_AWAITING_PARTNER_PAYMENT"
