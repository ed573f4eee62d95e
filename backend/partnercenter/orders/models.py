"""Customer orders and arrears. The funds/coupons slice builds payment on these; the association
rules (switch / unbind refused while money is owed) read them through `orders.service`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from partnercenter.core.fields import MoneyField
from partnercenter.orders.enums import OrderState

if TYPE_CHECKING:
    from partnercenter.accounts.models import Organization
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
