"""Sub-customers 子客户 associated with a partner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from partnercenter.customers.enums import AssociationType, Industry

if TYPE_CHECKING:
    from partnercenter.accounts.models import Organization, User


class Customer(Model):
    id = fields.IntField(primary_key=True)
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="customers", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=200)
    account_name = fields.CharField(max_length=100)
    phone = fields.CharField(max_length=32, default="")
    email = fields.CharField(max_length=200, default="")
    industry = fields.CharEnumField(Industry, max_length=16)
    region = fields.CharField(max_length=64, default="")
    association_type = fields.CharEnumField(AssociationType, max_length=16)
    associated_at = fields.DatetimeField()
    manager: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="customers", null=True, on_delete=fields.RESTRICT
    )
    # Delimited ",tag1,tag2," so that one LIKE filters by tag on SQLite and PostgreSQL alike.
    tags = fields.CharField(max_length=500, default="")
    # Set when the customer was unbound from its partner (解除关联): it is then the vendor's direct
    # customer (partner = the vendor organisation) and the former partner is in the association log.
    unbound_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "customer"
        indexes = (("partner_id", "associated_at", "id"), ("manager_id", "associated_at", "id"))
