"""Funds: adjust records 调账记录 and credit line changes. Money itself lives in the ledger
(ledger.models); the second factor and its per-partner setting live in accounts (accounts.totp)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from partnercenter.core.fields import MoneyField
from partnercenter.funds.enums import AdjustmentOperation, AdjustmentTarget

if TYPE_CHECKING:
    from partnercenter.accounts.models import Organization, User
    from partnercenter.customers.models import Customer
    from partnercenter.ledger.models import LedgerTransaction


class FundsAdjustment(Model):
    """One disbursement or recovery between a partner and a resale customer or secondary reseller."""

    id = fields.IntField(primary_key=True)
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="funds_adjustments", on_delete=fields.RESTRICT
    )
    partner_id: int
    operation = fields.CharEnumField(AdjustmentOperation, max_length=16)
    target = fields.CharEnumField(AdjustmentTarget, max_length=16)
    customer: fields.ForeignKeyNullableRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="funds_adjustments", null=True, on_delete=fields.RESTRICT
    )
    customer_id: int | None
    reseller: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="funds_adjustments_received", null=True, on_delete=fields.RESTRICT
    )
    reseller_id: int | None
    amount = MoneyField()
    currency = fields.CharField(max_length=3, default="CNY")
    actor_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="funds_adjustments", null=True, on_delete=fields.RESTRICT
    )
    actor_user_id: int | None
    # Set in the same database transaction as the ledger posting it records.
    transaction: fields.ForeignKeyNullableRelation[LedgerTransaction] = fields.ForeignKeyField(
        "models.LedgerTransaction", related_name="funds_adjustments", null=True, on_delete=fields.RESTRICT
    )
    transaction_id: int | None
    memo = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField()

    class Meta:
        table = "funds_adjustment"
        indexes = (
            ("partner_id", "created_at", "id"),
            ("customer_id", "created_at", "id"),
            ("reseller_id", "created_at", "id"),
        )


class FundsCreditLineChange(Model):
    """A credit line change by vendor finance (from, to), unique per actor and idempotency key, so a
    retry never applies it twice, even when it changed nothing and made no ledger posting."""

    id = fields.IntField(primary_key=True)
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="credit_line_changes", on_delete=fields.RESTRICT
    )
    partner_id: int
    previous_line = MoneyField()
    new_line = MoneyField()
    currency = fields.CharField(max_length=3, default="CNY")
    actor_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="credit_line_changes", null=True, on_delete=fields.RESTRICT
    )
    actor_user_id: int | None
    idempotency_key = fields.CharField(max_length=100)
    transaction: fields.ForeignKeyNullableRelation[LedgerTransaction] = fields.ForeignKeyField(
        "models.LedgerTransaction", related_name="credit_line_changes", null=True, on_delete=fields.RESTRICT
    )
    transaction_id: int | None
    created_at = fields.DatetimeField()

    class Meta:
        table = "funds_credit_line_change"
        unique_together = (("actor_user_id", "idempotency_key"),)
        indexes = (("partner_id", "created_at", "id"),)
