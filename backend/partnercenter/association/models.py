"""Customer association: switch/unbind requests, the association operation log, account manager
assignments, the association notice and its signatures, vendor knowledge items."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from partnercenter.association.enums import (
    KnowledgeKind,
    LogAction,
    RequestInitiator,
    RequestKind,
    RequestState,
)
from partnercenter.customers.enums import AssociationType

if TYPE_CHECKING:
    from partnercenter.accounts.models import Organization, User
    from partnercenter.customers.models import Customer


class AssociationRequest(Model):
    """A request to switch the association type or to unbind a customer from its partner."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="association_requests", on_delete=fields.RESTRICT
    )
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="association_requests", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(RequestKind, max_length=16)
    initiator = fields.CharEnumField(RequestInitiator, max_length=16)
    state = fields.CharEnumField(RequestState, max_length=16, default=RequestState.PENDING)
    from_type = fields.CharEnumField(AssociationType, max_length=16)
    to_type = fields.CharEnumField(AssociationType, max_length=16, null=True)
    reason = fields.CharField(max_length=500, default="")
    requested_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="association_requests", on_delete=fields.RESTRICT
    )
    requested_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(null=True)
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="association_decisions", null=True, on_delete=fields.RESTRICT
    )
    decided_at = fields.DatetimeField(null=True)
    decision_reason = fields.CharField(max_length=500, default="")

    class Meta:
        table = "association_request"
        indexes = (("customer_id", "requested_at"), ("state", "expires_at"), ("partner_id", "requested_at"))


class AssociationLogEntry(Model):
    """One line of the association operation log 关联关系操作记录 (actor null: the system)."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="association_log", on_delete=fields.RESTRICT
    )
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="association_log", on_delete=fields.RESTRICT
    )
    action = fields.CharEnumField(LogAction, max_length=24)
    request: fields.ForeignKeyNullableRelation[AssociationRequest] = fields.ForeignKeyField(
        "models.AssociationRequest", related_name="log_entries", null=True, on_delete=fields.RESTRICT
    )
    from_type = fields.CharEnumField(AssociationType, max_length=16, null=True)
    to_type = fields.CharEnumField(AssociationType, max_length=16, null=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="association_log", null=True, on_delete=fields.RESTRICT
    )
    note = fields.CharField(max_length=500, default="")
    at = fields.DatetimeField()

    class Meta:
        table = "association_log"
        indexes = (("partner_id", "at", "id"), ("customer_id", "at", "id"))


class CustomerAssignment(Model):
    """Account manager assignment history 客户分配: who moved a customer from whom to whom, when."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="assignments", on_delete=fields.RESTRICT
    )
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="customer_assignments", on_delete=fields.RESTRICT
    )
    from_manager: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="assignments_from", null=True, on_delete=fields.RESTRICT
    )
    to_manager: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="assignments_to", on_delete=fields.RESTRICT
    )
    assigned_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="assignments_made", on_delete=fields.RESTRICT
    )
    assigned_at = fields.DatetimeField()

    class Meta:
        table = "customer_assignment"
        indexes = (("customer_id", "assigned_at"),)


class NoticeVersion(Model):
    """A published version of the association notice 客户关联合作伙伴须知 (version numbers increase)."""

    id = fields.IntField(primary_key=True)
    version = fields.IntField(unique=True)
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    published_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notice_versions", on_delete=fields.RESTRICT
    )
    published_at = fields.DatetimeField()

    class Meta:
        table = "association_notice_version"


class NoticeSignature(Model):
    """A customer user signed one version of the notice for their company."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="notice_signatures", on_delete=fields.RESTRICT
    )
    notice: fields.ForeignKeyRelation[NoticeVersion] = fields.ForeignKeyField(
        "models.NoticeVersion", related_name="signatures", on_delete=fields.RESTRICT
    )
    signed_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notice_signatures", on_delete=fields.RESTRICT
    )
    signed_at = fields.DatetimeField()

    class Meta:
        table = "association_notice_signature"
        unique_together = (("customer_id", "notice_id"),)


class KnowledgeItem(Model):
    """Vendor-maintained knowledge 知识推荐: a product, an industry case or a solution."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(KnowledgeKind, max_length=16)
    title = fields.CharField(max_length=200)
    summary = fields.CharField(max_length=2000, default="")
    url = fields.CharField(max_length=500, default="")
    # Industries it is recommended for, delimited ",FINANCE,RETAIL," (one LIKE per industry).
    industries = fields.CharField(max_length=500, default="")
    tags = fields.CharField(max_length=500, default="")
    created_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="knowledge_items", on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "knowledge_item"
