"""Tables of the shared platform machinery: the working calendar (used by every working-day
deadline), the generic workflow history, and the event outbox with one delivery row per subscriber.
The slices own their business tables; these belong to no slice."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

__all__ = [
    "CalendarDayKind",
    "IdempotencyRecord",
    "OutboxDelivery",
    "OutboxEvent",
    "WorkflowHistory",
    "WorkingCalendarDay",
]


class CalendarDayKind(StrEnum):
    """An exception to the weekday rule of the working calendar."""

    HOLIDAY = "HOLIDAY"  # a weekday off (法定节假日)
    WORKDAY = "WORKDAY"  # a weekend day worked (调休上班)


class WorkingCalendarDay(Model):
    """An exception to the weekday rule (Mon-Fri work, Sat-Sun off): a holiday or a make-up working day."""

    id = fields.IntField(primary_key=True)
    day = fields.DateField(unique=True)
    kind = fields.CharEnumField(CalendarDayKind, max_length=16)
    name = fields.CharField(max_length=100, default="")

    class Meta:
        table = "working_calendar_day"


class WorkflowHistory(Model):
    """One fired transition of any workflow: who (None: the system), from, to, why, when."""

    id = fields.BigIntField(primary_key=True)
    workflow = fields.CharField(max_length=64)
    record_id = fields.BigIntField()
    transition = fields.CharField(max_length=64)
    from_state = fields.CharField(max_length=32)
    to_state = fields.CharField(max_length=32)
    # The person who fired it (the accounts slice's User; core names it by string only).
    actor: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.User", related_name="workflow_history", null=True, on_delete=fields.RESTRICT
    )
    reason = fields.TextField(default="")
    payload: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    at = fields.DatetimeField()

    class Meta:
        table = "workflow_history"
        indexes = [Index(fields=["workflow", "record_id", "id"])]


class OutboxEvent(Model):
    """Something that happened, written in the same transaction as the change it reports."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=100)
    aggregate_type = fields.CharField(max_length=64)
    aggregate_id = fields.CharField(max_length=64)
    payload: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField()

    class Meta:
        table = "outbox_event"
        indexes = [Index(fields=["aggregate_type", "aggregate_id", "id"])]


class OutboxDelivery(Model):
    """One event for one subscriber: due at `next_attempt_at`, leased by a dispatcher while it
    delivers (`claimed_by`, `lease_until`), done when `delivered_at` is set."""

    id = fields.BigIntField(primary_key=True)
    event: fields.ForeignKeyRelation[OutboxEvent] = fields.ForeignKeyField(
        "models.OutboxEvent", related_name="deliveries", on_delete=fields.RESTRICT
    )
    subscriber = fields.CharField(max_length=100)
    # Copied from the event: the per-(subscriber, aggregate) ordering check reads one table.
    aggregate_type = fields.CharField(max_length=64)
    aggregate_id = fields.CharField(max_length=64)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_error = fields.TextField(default="")
    claimed_by = fields.CharField(max_length=64, null=True)
    lease_until = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_delivery"
        unique_together = (("event_id", "subscriber"),)
        indexes = [
            Index(fields=["delivered_at", "next_attempt_at"]),
            Index(fields=["subscriber", "aggregate_type", "aggregate_id", "id"]),
        ]


class IdempotencyRecord(Model):
    """One client idempotency key of one sender (`user:<id>` or `token:<id>`), claimed by the first
    mutation that used it, in that mutation's transaction; `result` references what it created (see
    core/idempotency.py). No foreign keys: nothing cascades into or out of it."""

    id = fields.BigIntField(primary_key=True)
    scope = fields.CharField(max_length=100)
    key = fields.CharField(max_length=100)
    operation = fields.CharField(max_length=64)
    fingerprint = fields.CharField(max_length=64)  # sha256 of the normalized input
    result: fields.Field[Any] = fields.JSONField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "idempotency_record"
        unique_together = (("scope", "key"),)
