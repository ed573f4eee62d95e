"""Customer data the warnings come from (monthly spend, cloud resources) and the warnings
themselves with their processing history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from partnercenter.core.fields import MoneyField
from partnercenter.warnings.enums import ResourceState, WarningKind, WarningLevel, WarningResult, WarningState

if TYPE_CHECKING:
    from partnercenter.accounts.models import Organization, User
    from partnercenter.customers.models import Customer


class CustomerMonthlySpend(Model):
    """What a customer spent on the cloud in one calendar month (month = its first day)."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="monthly_spend", on_delete=fields.RESTRICT
    )
    month = fields.DateField()
    amount = MoneyField()
    currency = fields.CharField(max_length=3, default="CNY")

    class Meta:
        table = "customer_monthly_spend"
        unique_together = (("customer_id", "month"),)
        indexes = (("month", "customer_id"),)


class CloudResource(Model):
    """A customer's paid cloud resource (ECS, EVS, ...) with its subscription expiry."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="cloud_resources", on_delete=fields.RESTRICT
    )
    product = fields.CharField(max_length=16)
    name = fields.CharField(max_length=100)
    spec = fields.CharField(max_length=100, default="")
    state = fields.CharEnumField(ResourceState, max_length=16, default=ResourceState.ACTIVE)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "cloud_resource"
        indexes = (("state", "expires_at"),)


class CustomerWarning(Model):
    """A churn or resource warning about one customer, raised by the daily refresh job.

    `subject` tells warnings of one customer and kind apart (the resource id of a resource
    warning, empty for churn), `period` is the episode (churn: the latest month, resource: the
    expiry date): the job updates the open warning of a subject and never raises a second one
    for an episode that was already processed."""

    id = fields.IntField(primary_key=True)
    partner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="customer_warnings", on_delete=fields.RESTRICT
    )
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="warnings", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(WarningKind, max_length=16)
    subject = fields.CharField(max_length=40, default="")
    period = fields.CharField(max_length=16)
    level = fields.CharEnumField(WarningLevel, max_length=8)
    state = fields.CharEnumField(WarningState, max_length=16, default=WarningState.PENDING)
    rules: fields.Field[list[str]] = fields.JSONField(default=list)
    signals: fields.Field[list[dict[str, Any]]] = fields.JSONField(default=list)
    result = fields.CharEnumField(WarningResult, max_length=16, null=True)
    created_at = fields.DatetimeField()
    evaluated_at = fields.DatetimeField()
    processed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "customer_warning"
        unique_together = (("customer_id", "kind", "subject", "period"),)
        indexes = (
            ("partner_id", "created_at", "id"),
            ("customer_id", "state"),
            ("state", "kind", "created_at", "id"),
        )


class WarningProcessing(Model):
    """One processing 处理 of a warning by the responsible manager (history, never deleted)."""

    id = fields.IntField(primary_key=True)
    warning: fields.ForeignKeyRelation[CustomerWarning] = fields.ForeignKeyField(
        "models.CustomerWarning", related_name="processings", on_delete=fields.RESTRICT
    )
    actor: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="warning_processings", on_delete=fields.RESTRICT
    )
    result = fields.CharEnumField(WarningResult, max_length=16)
    reason = fields.CharField(max_length=500, default="")
    churn_date = fields.DateField(null=True)
    measures = fields.CharField(max_length=1000, default="")
    follow_up_date = fields.DateField(null=True)
    note = fields.CharField(max_length=1000, default="")
    created_at = fields.DatetimeField()

    class Meta:
        table = "warning_processing"
        indexes = (("warning_id", "created_at", "id"),)
