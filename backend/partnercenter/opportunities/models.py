"""Opportunities 商机 and their progress updates 商机进展."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from partnercenter.core.fields import MoneyField
from partnercenter.customers.enums import Industry
from partnercenter.opportunities.enums import OpportunityStage, OpportunityType

if TYPE_CHECKING:
    from partnercenter.accounts.models import Organization, User
    from partnercenter.customers.models import Customer


class Opportunity(Model):
    id = fields.IntField(primary_key=True)
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="opportunities", on_delete=fields.RESTRICT
    )
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="opportunities", on_delete=fields.RESTRICT
    )
    owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="opportunities", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=200)
    industry = fields.CharEnumField(Industry, max_length=16)
    type = fields.CharEnumField(OpportunityType, max_length=16)
    stage = fields.CharEnumField(OpportunityStage, max_length=16)
    confidence = fields.SmallIntField()
    expected_monthly_revenue = MoneyField()
    currency = fields.CharField(max_length=3, default="CNY")
    description = fields.TextField(default="")
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "opportunity"
        indexes = (
            ("partner_id", "updated_at", "id"),
            ("owner_id", "updated_at", "id"),
            ("customer_id", "updated_at", "id"),
            ("partner_id", "expected_monthly_revenue", "id"),
            ("partner_id", "created_at", "id"),
        )


class OpportunityProgress(Model):
    id = fields.IntField(primary_key=True)
    opportunity: fields.ForeignKeyRelation[Opportunity] = fields.ForeignKeyField(
        "models.Opportunity", related_name="progress_updates", on_delete=fields.RESTRICT
    )
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="progress_updates", on_delete=fields.RESTRICT
    )
    note = fields.TextField()
    stage = fields.CharEnumField(OpportunityStage, max_length=16)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "opportunity_progress"
