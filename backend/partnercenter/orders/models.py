"""Customer orders and arrears. The funds/coupons slice builds payment on these; the association
rules (switch / unbind refused while money is owed) read them through `orders.service`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from partnercenter.core.fields import MoneyField
from partnercenter.orders.enums import OrderState, Payer

if TYPE_CHECKING:
    from partnercenter.accounts.models import Organization, User
    from partnercenter.catalogue.models import Product
    from partnercenter.coupons.models import Coupon
    from partnercenter.customers.models import Customer


class Order(Model):
    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="orders", on_delete=fields.RESTRICT
    )
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="customer_orders", on_delete=fields.RESTRICT
    )
    state = fields.CharEnumField(OrderState, max_length=32, default=OrderState.AWAITING_PAYMENT)
    currency = fields.CharField(max_length=3, default="CNY")
    amount = MoneyField()
    created_at = fields.DatetimeField()
    paid_at = fields.DatetimeField(null=True)
    # Placing, paying and refunding (coupons slice).
    placed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="placed_orders", null=True, on_delete=fields.RESTRICT
    )
    payer = fields.CharEnumField(Payer, max_length=16, default=Payer.CUSTOMER)
    paid_by = fields.CharEnumField(Payer, max_length=16, null=True)
    cancelled_at = fields.DatetimeField(null=True)
    refunded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "customer_order"
        indexes = (("customer_id", "state"),)


class Arrears(Model):
    """An unpaid bill of a customer (欠费), open while settled_at is null."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="arrears", on_delete=fields.RESTRICT
    )
    currency = fields.CharField(max_length=3, default="CNY")
    amount = MoneyField()
    since = fields.DatetimeField()
    settled_at = fields.DatetimeField(null=True)

    class Meta:
        table = "customer_arrears"
        indexes = (("customer_id", "settled_at"),)


class OrderLine(Model):
    """One catalogue product on an order, with the price at the time of ordering."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="lines", on_delete=fields.RESTRICT
    )
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="order_lines", on_delete=fields.RESTRICT
    )
    service = fields.CharField(max_length=8, description="The product's cloud service, for coupon scopes")
    quantity = fields.IntField()
    months = fields.IntField()
    unit_price = MoneyField(description="Monthly price per unit when ordered")
    amount = MoneyField()

    class Meta:
        table = "customer_order_line"
        indexes = (("order_id", "id"),)


class OrderPayment(Model):
    """How an order was paid: one voucher at most, cash coupons, and the rest from a balance."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="payments", on_delete=fields.RESTRICT
    )
    idempotency_key = fields.CharField(
        max_length=120, unique=True, description="the sender (person or token) and its key"
    )
    payer = fields.CharEnumField(Payer, max_length=16)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="order_payments", null=True, on_delete=fields.RESTRICT
    )
    currency = fields.CharField(max_length=3, default="CNY")
    voucher_amount = MoneyField(default=0)
    cash_coupon_amount = MoneyField(default=0)
    balance_amount = MoneyField(default=0)
    ledger_transaction_id = fields.IntField(null=True)
    created_at = fields.DatetimeField()
    refunded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "customer_order_payment"
        indexes = (("order_id", "id"),)


class OrderPaymentCoupon(Model):
    """A coupon used on a payment, and how much of it."""

    id = fields.IntField(primary_key=True)
    payment: fields.ForeignKeyRelation[OrderPayment] = fields.ForeignKeyField(
        "models.OrderPayment", related_name="coupons", on_delete=fields.RESTRICT
    )
    coupon: fields.ForeignKeyRelation[Coupon] = fields.ForeignKeyField(
        "models.Coupon", related_name="payments", on_delete=fields.RESTRICT
    )
    amount = MoneyField()

    class Meta:
        table = "customer_order_payment_coupon"


class OrderRefund(Model):
    """A refund of a paid order, kept so a retried refund answers with the first result."""

    id = fields.IntField(primary_key=True)
    order: fields.OneToOneRelation[Order] = fields.OneToOneField(
        "models.Order", related_name="refund", on_delete=fields.RESTRICT
    )
    idempotency_key = fields.CharField(max_length=120, unique=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="order_refunds", null=True, on_delete=fields.RESTRICT
    )
    ledger_transaction_id = fields.IntField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "customer_order_refund"
