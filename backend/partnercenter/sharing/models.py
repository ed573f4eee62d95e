"""Opportunity sharing 机会点共享: the PCE plan (terms, membership), the working calendar, opportunities
shared by the vendor with a partner (HO) and by a partner with the vendor (PO)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from partnercenter.core.fields import MoneyField
from partnercenter.core.models import WorkingCalendarDay as WorkingCalendarDay  # moved to core; re-exported
from partnercenter.customers.enums import Industry
from partnercenter.opportunities.enums import OpportunityType
from partnercenter.sharing.enums import (
    HoRejectReason,
    HoState,
    PoRejection,
    PoState,
    SupportKind,
)

if TYPE_CHECKING:
    from partnercenter.accounts.models import Organization, User
    from partnercenter.customers.models import Customer
    from partnercenter.opportunities.models import Opportunity


class PceTerms(Model):
    """A published version of the PCE plan terms and conditions."""

    id = fields.IntField(primary_key=True)
    version = fields.CharField(max_length=32, unique=True)
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    published_at = fields.DatetimeField()
    published_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="pce_terms_published", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "pce_terms"


class PceAcceptance(Model):
    """A partner admin accepted a terms version for the partner (who, when, which version)."""

    id = fields.IntField(primary_key=True)
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="pce_acceptances", on_delete=fields.RESTRICT
    )
    terms: fields.ForeignKeyRelation[PceTerms] = fields.ForeignKeyField(
        "models.PceTerms", related_name="acceptances", on_delete=fields.RESTRICT
    )
    accepted_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="pce_acceptances", on_delete=fields.RESTRICT
    )
    accepted_at = fields.DatetimeField()

    class Meta:
        table = "pce_acceptance"
        unique_together = (("partner_id", "terms_id"),)


class VendorSharedOpportunity(Model):
    """HO: an opportunity a vendor PDM shares with a PCE partner, handled within 3 working days."""

    id = fields.IntField(primary_key=True)
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="vendor_shared_opportunities", on_delete=fields.RESTRICT
    )
    shared_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="hos_shared", on_delete=fields.RESTRICT
    )
    title = fields.CharField(max_length=200)
    customer_name = fields.CharField(max_length=200)
    contact_name = fields.CharField(max_length=100, default="")
    contact_phone = fields.CharField(max_length=32, default="")
    contact_email = fields.CharField(max_length=200, default="")
    industry = fields.CharEnumField(Industry, max_length=16)
    region = fields.CharField(max_length=64, default="")
    need = fields.TextField()
    opportunity_type = fields.CharEnumField(
        OpportunityType, max_length=16, default=OpportunityType.NEW_PURCHASE
    )
    expected_monthly_revenue = MoneyField()
    currency = fields.CharField(max_length=3, default="CNY")
    description = fields.TextField(default="")
    state = fields.CharEnumField(HoState, max_length=16, default=HoState.PENDING)
    shared_at = fields.DatetimeField()
    deadline_at = fields.DatetimeField()
    # The workflow engine's due column (`service/workflows.py`): deadline_at while PENDING, then NULL.
    due_at = fields.DatetimeField(null=True)
    # From this moment the partner admins get HO_EXPIRING (one working day before the deadline).
    expiring_from = fields.DatetimeField()
    expiring_notified_at = fields.DatetimeField(null=True)
    handled_at = fields.DatetimeField(null=True)
    handled_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="hos_handled", null=True, on_delete=fields.RESTRICT
    )
    reject_reason = fields.CharEnumField(HoRejectReason, max_length=32, null=True)
    reject_note = fields.TextField(default="")
    customer: fields.ForeignKeyNullableRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="vendor_shared_opportunities", null=True, on_delete=fields.RESTRICT
    )
    opportunity: fields.ForeignKeyNullableRelation[Opportunity] = fields.ForeignKeyField(
        "models.Opportunity", related_name="vendor_shares", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "vendor_shared_opportunity"
        indexes = (
            ("partner_id", "shared_at", "id"),
            ("shared_by_id", "shared_at", "id"),
            ("state", "deadline_at"),
            ("state", "due_at"),
        )


class PartnerSharedOpportunity(Model):
    """PO: a partner's opportunity shared with the vendor asking for support. It cannot be withdrawn."""

    id = fields.IntField(primary_key=True)
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="partner_shared_opportunities", on_delete=fields.RESTRICT
    )
    opportunity: fields.ForeignKeyRelation[Opportunity] = fields.ForeignKeyField(
        "models.Opportunity", related_name="partner_shares", on_delete=fields.RESTRICT
    )
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="partner_shared_opportunities", on_delete=fields.RESTRICT
    )
    # The opportunity's owner when it was shared (row scope of managers and supervisors).
    owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="pos_owned", on_delete=fields.RESTRICT
    )
    shared_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="pos_shared", on_delete=fields.RESTRICT
    )
    support_kind = fields.CharEnumField(SupportKind, max_length=40)
    need = fields.TextField()
    # The need normalised (trimmed, lower case, single spaces): duplicates share customer and need_key.
    need_key = fields.CharField(max_length=255)
    state = fields.CharEnumField(PoState, max_length=16, default=PoState.PENDING)
    shared_at = fields.DatetimeField()
    deadline_at = fields.DatetimeField()
    # The workflow engine's due column (`service/workflows.py`): deadline_at while PENDING, then NULL.
    due_at = fields.DatetimeField(null=True)
    duplicate_of: fields.ForeignKeyNullableRelation[PartnerSharedOpportunity] = fields.ForeignKeyField(
        "models.PartnerSharedOpportunity", related_name="duplicates", null=True, on_delete=fields.RESTRICT
    )
    validated_at = fields.DatetimeField(null=True)
    validated_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="pos_validated", null=True, on_delete=fields.RESTRICT
    )
    rejection = fields.CharEnumField(PoRejection, max_length=16, null=True)
    reject_reason = fields.TextField(default="")
    signed_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "partner_shared_opportunity"
        indexes = (
            ("partner_id", "shared_at", "id"),
            ("owner_id", "shared_at", "id"),
            ("customer_id", "need_key"),
            ("state", "deadline_at"),
            ("state", "due_at"),
            ("shared_at", "id"),
        )
