"""Coupon quotas 券额度, coupons (vouchers 代金券 and cash coupons 现金券), the coupon operation log
and customers' signing entities. Amounts are also ledger accounts: the ledger is the record of every
movement, these rows hold the state the rules check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from partnercenter.core.fields import MoneyField
from partnercenter.coupons.enums import CouponKind, CouponOperationKind, CouponState, QuotaState

if TYPE_CHECKING:
    from partnercenter.accounts.models import Organization, User
    from partnercenter.customers.models import Customer


class CouponQuota(Model):
    """A coupon quota held by a partner: granted by vendor finance, or a sub-quota passed by a distributor."""

    id = fields.IntField(primary_key=True)
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="coupon_quotas", on_delete=fields.RESTRICT
    )
    granted_by: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="granted_coupon_quotas", on_delete=fields.RESTRICT
    )
    parent: fields.ForeignKeyNullableRelation[CouponQuota] = fields.ForeignKeyField(
        "models.CouponQuota", related_name="sub_quotas", null=True, on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(CouponKind, max_length=8)
    state = fields.CharEnumField(QuotaState, max_length=16, default=QuotaState.NORMAL)
    currency = fields.CharField(max_length=3, default="CNY")
    amount = MoneyField(description="Total granted (after adjustments)")
    remaining = MoneyField(description="Not yet consumed by coupons or sub-quotas")
    # Delimited ",ECS,EVS," (empty: every product), one LIKE per service on both databases.
    product_scope = fields.CharField(max_length=100, default="")
    valid_from = fields.DatetimeField()
    valid_until = fields.DatetimeField()
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="granted_quotas", null=True, on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "coupon_quota"
        indexes = (("partner_id", "created_at", "id"), ("state", "valid_until"))


class Coupon(Model):
    """A voucher or cash coupon issued by a partner to one customer from one quota."""

    id = fields.IntField(primary_key=True)
    quota: fields.ForeignKeyRelation[CouponQuota] = fields.ForeignKeyField(
        "models.CouponQuota", related_name="coupons", on_delete=fields.RESTRICT
    )
    issuer: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="issued_coupons", on_delete=fields.RESTRICT
    )
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="coupons", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(CouponKind, max_length=8)
    state = fields.CharEnumField(CouponState, max_length=16)
    currency = fields.CharField(max_length=3, default="CNY")
    face_value = MoneyField()
    remaining = MoneyField(description="What is left to spend")
    spent = MoneyField(default=0, description="What orders have used of it")
    min_order_amount = MoneyField(default=0)
    product_scope = fields.CharField(max_length=100, default="")
    valid_from = fields.DatetimeField()
    valid_until = fields.DatetimeField()
    memo = fields.CharField(max_length=200, default="", description="Seen by the issuer only")
    issued_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="issued_coupons", null=True, on_delete=fields.RESTRICT
    )
    issued_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "coupon"
        indexes = (
            ("issuer_id", "issued_at", "id"),
            ("customer_id", "state"),
            ("state", "valid_until"),
        )


class CouponOperation(Model):
    """One row of the coupon operation log 优惠券操作记录 (issue, reclaim, expiry, redemption...)."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(CouponOperationKind, max_length=24)
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="coupon_operations", on_delete=fields.RESTRICT
    )
    quota: fields.ForeignKeyNullableRelation[CouponQuota] = fields.ForeignKeyField(
        "models.CouponQuota", related_name="operations", null=True, on_delete=fields.RESTRICT
    )
    coupon: fields.ForeignKeyNullableRelation[Coupon] = fields.ForeignKeyField(
        "models.Coupon", related_name="operations", null=True, on_delete=fields.RESTRICT
    )
    customer_id = fields.IntField(null=True)
    order_id = fields.IntField(null=True)
    currency = fields.CharField(max_length=3, default="CNY")
    amount = MoneyField(default=0)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="coupon_operations", null=True, on_delete=fields.RESTRICT
    )
    ledger_transaction_id = fields.IntField(null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "coupon_operation"
        indexes = (("partner_id", "at", "id"), ("coupon_id", "at"))


class CustomerSigningEntity(Model):
    """The signing entity 签约主体 a customer currently contracts with (absent: the default one)."""

    id = fields.IntField(primary_key=True)
    customer: fields.OneToOneRelation[Customer] = fields.OneToOneField(
        "models.Customer", related_name="signing_entity", on_delete=fields.RESTRICT
    )
    entity = fields.CharField(max_length=200)
    changed_at = fields.DatetimeField()
    changed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="signing_entity_changes", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "customer_signing_entity"
