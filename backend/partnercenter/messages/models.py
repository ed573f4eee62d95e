"""Message centre 消息中心: one row per recipient and event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from partnercenter.messages.enums import MessageKind

if TYPE_CHECKING:
    from partnercenter.accounts.models import User


class Message(Model):
    id = fields.IntField(primary_key=True)
    recipient: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="messages", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(MessageKind, max_length=48)
    # The record the message is about, as (GraphQL type name, primary key); resolved through the
    # access policy when read, so a message never shows a record its reader cannot see.
    record_type = fields.CharField(max_length=40, default="")
    record_pk = fields.IntField(null=True)
    # Non-sensitive values for the text (deadline, stage, support kind...): never a customer's
    # name, phone or email, which are masked per reader.
    params: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "message"
        indexes = (("recipient_id", "created_at", "id"), ("recipient_id", "read_at"))
