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


class Payer(StrEnum):
    """Who pays an order: the customer itself, or its partner on its behalf (代支付)."""

    CUSTOMER = "CUSTOMER"
    PARTNER = "PARTNER"


class PaymentFailure(StrEnum):
    """Typed reasons a payment is refused (nothing changes)."""

    INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE"
