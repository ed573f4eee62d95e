"""GraphQL types of customer warnings 客户预警, their signals and processing history."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.accounts.graphql.types import UserType, user_from_prefixed
from partnercenter.accounts.permissions import USER
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import to_global_id
from partnercenter.core.loaders import loader
from partnercenter.core.money import currency
from partnercenter.core.node import register_node_type
from partnercenter.core.types import Money, Node
from partnercenter.customers.graphql.types import (
    CustomerType,
    PendingWarningCounts,
    customer_from_row,
    provide_pending_warnings,
)
from partnercenter.customers.permissions import CUSTOMER
from partnercenter.warnings import service
from partnercenter.warnings.enums import WarningKind, WarningLevel, WarningResult, WarningState
from partnercenter.warnings.permissions import WARNING, can_process_warning

WarningKindEnum = strawberry.enum(
    WarningKind, name="WarningKind", description="CHURN 流失预警 or RESOURCE 资源预警."
)
WarningLevelEnum = strawberry.enum(
    WarningLevel, name="WarningLevel", description="HIGH 高, MEDIUM 中, LOW 低."
)
WarningStateEnum = strawberry.enum(
    WarningState, name="WarningState", description="PENDING 待处理 or PROCESSED 已处理."
)
WarningResultEnum = strawberry.enum(
    WarningResult,
    name="WarningResult",
    description=(
        "处理结果. Churn: CHURNED 已流失 (reason, churn date), NOT_CHURNED 未流失 (measures, follow-up "
        "date). Resource: RENEWED 已续费, WILL_NOT_RENEW 不再续费, OTHER 其他 (note required)."
    ),
)


@strawberry.enum(description="What a signal measured.")
class WarningSignalType(Enum):
    MONTHLY_SPEND = "MONTHLY_SPEND"
    RESOURCE_EXPIRY = "RESOURCE_EXPIRY"


@strawberry.type(name="WarningSignal", description="A fact that raised the warning (the rules' input).")
class WarningSignal:
    type: WarningSignalType
    month: str | None = strawberry.field(description="MONTHLY_SPEND: the month, YYYY-MM.")
    amount: Money | None = strawberry.field(description="MONTHLY_SPEND: spend in that month.")
    previous_amount: Money | None
    change_percent: float | None = strawberry.field(description="Change against the month before, in %.")
    product: str | None = strawberry.field(description="RESOURCE_EXPIRY: the cloud product (ECS, EVS, ...).")
    resource_name: str | None
    spec: str | None
    expires_at: datetime | None
    days_left: int | None


def _money(value: str | None) -> Money | None:
    return None if value is None else Money.of(Decimal(value), currency())


def signal_from_dict(d: dict[str, Any]) -> WarningSignal:
    expires = d.get("expiresAt")
    return WarningSignal(
        type=WarningSignalType(d["type"]),
        month=d.get("month"),
        amount=_money(d.get("amount")),
        previous_amount=_money(d.get("previousAmount")),
        change_percent=d.get("changePercent"),
        product=d.get("product"),
        resource_name=d.get("resourceName"),
        spec=d.get("spec"),
        expires_at=datetime.fromisoformat(expires) if expires else None,
        days_left=d.get("daysLeft"),
    )


@strawberry.type(name="WarningProcessing", description="One processing 处理 of a warning (history).")
class WarningProcessingType:
    id: strawberry.ID
    result: WarningResultEnum  # type: ignore[valid-type]
    reason: str = strawberry.field(description="CHURNED: why the customer left.")
    churn_date: date | None
    measures: str = strawberry.field(description="NOT_CHURNED: the measures taken.")
    follow_up_date: date | None
    note: str
    created_at: datetime
    actor: UserType | None = strawberry.field(
        description="Who processed it (null outside your people scope)."
    )


def _date(v: Any) -> date | None:
    return v if v is None or isinstance(v, date) else date.fromisoformat(str(v))


def processing_from_row(
    viewer: Viewer, row: dict[str, Any], secrets: tuple[str, ...] = ()
) -> WarningProcessingType:
    """A processing; its notes masked with the warning's `secrets` (policy.text_secrets)."""
    actor_row = {"id": row["actor_id"], "org_id": row["actor__org_id"]}
    return WarningProcessingType(
        id=strawberry.ID(to_global_id("WarningProcessing", row["id"])),
        result=WarningResult(row["result"]),
        reason=policy.show_text(secrets, row["reason"]),
        churn_date=_date(row["churn_date"]),
        measures=policy.show_text(secrets, row["measures"]),
        follow_up_date=_date(row["follow_up_date"]),
        note=policy.show_text(secrets, row["note"]),
        created_at=row["created_at"],
        actor=user_from_prefixed(viewer, row, "actor", row["actor_id"])
        if policy.in_scope(viewer, USER, actor_row)
        else None,
    )


@strawberry.type(name="CustomerWarning", description="A churn or resource warning 客户预警 about a customer.")
class CustomerWarningType(Node):
    id: strawberry.ID
    kind: WarningKindEnum  # type: ignore[valid-type]
    level: WarningLevelEnum  # type: ignore[valid-type]
    state: WarningStateEnum  # type: ignore[valid-type]
    period: str = strawberry.field(
        description="The episode: the latest month (churn, YYYY-MM) or the expiry date (resource)."
    )
    rules: list[str] = strawberry.field(description="Codes of the rules that matched (see README).")
    signals: list[WarningSignal]
    result: WarningResultEnum | None = strawberry.field(description="The latest processing result.")  # type: ignore[valid-type]
    created_at: datetime
    evaluated_at: datetime = strawberry.field(description="When the daily job last evaluated it.")
    processed_at: datetime | None
    customer: CustomerType | None
    manager: UserType | None = strawberry.field(
        description="The customer's responsible account manager, who alone may process it."
    )
    viewer_can_process: bool
    pk: strawberry.Private[int]
    text_secrets: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="Processing history, newest first.")
    async def history(self, info: Info[RequestContext, Any]) -> list[WarningProcessingType]:
        found: list[WarningProcessingType] = await history_loader(info.context).load(self.pk)
        if not self.text_secrets:
            return found
        masked = policy.show_text
        return [
            dataclasses.replace(
                p,
                reason=masked(self.text_secrets, p.reason),
                measures=masked(self.text_secrets, p.measures),
                note=masked(self.text_secrets, p.note),
            )
            for p in found
        ]


def warning_from_row(viewer: Viewer, row: dict[str, Any]) -> CustomerWarningType:
    customer_id = row["customer_id"]
    customer_row = {
        "id": customer_id,
        "partner_id": row["customer__partner_id"],
        "manager_id": row["customer__manager_id"],
    }
    manager_id = row.get("customer__manager_id")
    return CustomerWarningType(
        id=strawberry.ID(to_global_id("CustomerWarning", row["id"])),
        kind=WarningKind(row["kind"]),
        level=WarningLevel(row["level"]),
        state=WarningState(row["state"]),
        period=row["period"],
        rules=list(row["rules"] or []),
        signals=[signal_from_dict(s) for s in row["signals"] or []],
        result=WarningResult(row["result"]) if row.get("result") else None,
        created_at=row["created_at"],
        evaluated_at=row["evaluated_at"],
        processed_at=row.get("processed_at"),
        customer=customer_from_row(viewer, row, "customer__", customer_id)
        if policy.in_scope(viewer, CUSTOMER, customer_row)
        else None,
        manager=user_from_prefixed(viewer, row, "customer__manager", manager_id)
        if manager_id is not None and "customer__manager__name" in row
        else None,
        viewer_can_process=can_process_warning(viewer, row),
        pk=row["id"],
        text_secrets=policy.text_secrets(viewer, WARNING, row),
    )


def history_loader(ctx: RequestContext) -> Any:
    async def batch(ids: list[int]) -> list[list[WarningProcessingType]]:
        viewer = policy.require_viewer(ctx.viewer)
        found = await service.history_for(viewer, list(ids))
        return [[processing_from_row(viewer, r) for r in found.get(i, [])] for i in ids]

    return loader(ctx, "warning_history", batch)


def pending_warnings_loader(ctx: RequestContext) -> Any:
    """Pending warnings per customer and kind, one statement per page of customers."""

    async def batch(ids: list[int]) -> list[PendingWarningCounts]:
        found = await service.pending_counts_by_customer(ctx.viewer, list(ids)) if ctx.viewer else {}
        out = []
        for i in ids:
            by_kind = found.get(i, {})
            churn, resource = (
                by_kind.get(WarningKind.CHURN.value, 0),
                by_kind.get(WarningKind.RESOURCE.value, 0),
            )
            out.append(PendingWarningCounts(churn=churn, resource=resource, total=churn + resource))
        return out

    return loader(ctx, "customer_pending_warnings", batch)


provide_pending_warnings(pending_warnings_loader)  # answers Customer.pendingWarnings


async def _load(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    viewer = ctx.viewer
    if viewer is None:
        return {}
    rows = await service.WARNING_READ.by_ids(viewer, ids)
    return {k: warning_from_row(viewer, r) for k, r in rows.items()}


register_node_type("CustomerWarning", _load)
