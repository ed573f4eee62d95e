"""Audit log: who saw or did what, from which client. Never deleted (RESTRICT)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from partnercenter.accounts.models import ApiToken, Organization, User


class AuditEntry(Model):
    id = fields.IntField(primary_key=True)
    action = fields.CharField(max_length=40)
    actor_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="audit_entries", null=True, on_delete=fields.RESTRICT
    )
    actor_token: fields.ForeignKeyNullableRelation[ApiToken] = fields.ForeignKeyField(
        "models.ApiToken", related_name="audit_entries", null=True, on_delete=fields.RESTRICT
    )
    org: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="audit_entries", on_delete=fields.RESTRICT
    )
    client_ip = fields.CharField(max_length=64, default="")
    user_agent = fields.CharField(max_length=300, default="")
    request_id = fields.CharField(max_length=64, default="")
    detail: fields.Field[dict[str, object]] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_entry"


class AuditRecord(Model):
    """One record touched by an audit entry, with the fields concerned (searchable by record)."""

    id = fields.IntField(primary_key=True)
    entry: fields.ForeignKeyRelation[AuditEntry] = fields.ForeignKeyField(
        "models.AuditEntry", related_name="records", on_delete=fields.RESTRICT
    )
    record_id = fields.CharField(max_length=100, db_index=True)
    fields_: fields.Field[list[str]] = fields.JSONField(source_field="fields", default=list)

    class Meta:
        table = "audit_record"
