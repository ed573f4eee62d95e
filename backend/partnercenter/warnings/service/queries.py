"""Warning reads: the one scoped declaration (list, node, export, loader), history, pending counts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from partnercenter.access import policy
from partnercenter.access.reads import Count as DeferredCount
from partnercenter.access.reads import ScopedRead
from partnercenter.accounts.permissions import USER
from partnercenter.core.connection import Page, PageArgs, SortKey, utc
from partnercenter.core.context import Viewer
from partnercenter.customers import service as customers
from partnercenter.customers.models import Customer
from partnercenter.customers.permissions import CUSTOMER
from partnercenter.warnings.enums import WarningKind, WarningLevel, WarningState
from partnercenter.warnings.models import CustomerWarning, WarningProcessing
from partnercenter.warnings.permissions import WARNING

__all__ = [
    "ALL_COLUMNS",
    "COLUMN_KINDS",
    "WARNING_READ",
    "WARNING_SORTS",
    "WarningQuery",
    "decode_rows",
    "filtered_warnings",
    "hide_managers_out_of_scope",
    "history_for",
    "list_warnings",
    "pending_counts",
    "pending_counts_by_customer",
    "warnings_by_ids",
]

WARNING_COLUMNS = [
    "id",
    "partner_id",
    "customer_id",
    "kind",
    "subject",
    "period",
    "level",
    "state",
    "rules",
    "signals",
    "result",
    "created_at",
    "evaluated_at",
    "processed_at",
]
# One joined statement brings the customer and its manager (no N+1); the scope columns
# `customer__manager_id` / `customer__partner_id` are among them.
JOINED_COLUMNS = [
    *(f"customer__{c}" for c in customers.CUSTOMER_COLUMNS if c != "id"),
    "customer__manager__name",
    "customer__manager__role",
    "customer__manager__org_id",
    "customer__manager__phone",
    "customer__manager__email",
]
ALL_COLUMNS = WARNING_COLUMNS + JOINED_COLUMNS
COLUMN_KINDS = {
    "created_at": "datetime",
    "evaluated_at": "datetime",
    "processed_at": "datetime",
    **{f"customer__{c}": k for c, k in customers.CUSTOMER_KINDS.items()},
}
WARNING_SORTS = {
    ("CREATED_AT", False): SortKey("CREATED_AT_ASC", "created_at", "datetime", False),
    ("CREATED_AT", True): SortKey("CREATED_AT_DESC", "created_at", "datetime", True),
    ("EVALUATED_AT", False): SortKey("EVALUATED_AT_ASC", "evaluated_at", "datetime", False),
    ("EVALUATED_AT", True): SortKey("EVALUATED_AT_DESC", "evaluated_at", "datetime", True),
}
HISTORY_COLUMNS = [
    "id",
    "warning_id",
    "actor_id",
    "result",
    "reason",
    "churn_date",
    "measures",
    "follow_up_date",
    "note",
    "created_at",
    "actor__name",
    "actor__role",
    "actor__org_id",
    "actor__phone",
    "actor__email",
]


@dataclass(slots=True)
class WarningQuery:
    kinds: list[WarningKind] | None = None
    states: list[WarningState] | None = None
    levels: list[WarningLevel] | None = None
    customer_ids: list[int] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


def _apply(viewer: Viewer, qs: QuerySet[Any], f: WarningQuery) -> QuerySet[Any]:
    if f.kinds:
        qs = qs.filter(kind__in=[WarningKind(k).value for k in f.kinds])
    if f.states:
        qs = qs.filter(state__in=[WarningState(s).value for s in f.states])
    if f.levels:
        qs = qs.filter(level__in=[WarningLevel(v).value for v in f.levels])
    if f.customer_ids is not None:  # a customer outside the customer scope filters like an unknown ID
        q = policy.scope_q(viewer, CUSTOMER)
        qs = qs.filter(
            customer_id__in=Subquery(Customer.filter(q, id__in=f.customer_ids).values("id"))
            if q is not None and f.customer_ids
            else [0]
        )
    if f.created_from is not None:
        qs = qs.filter(created_at__gte=utc(f.created_from))
    if f.created_to is not None:
        qs = qs.filter(created_at__lte=utc(f.created_to))
    return qs


def decode_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON columns arrive as text from the raw row query."""
    for r in rows:
        for col in ("rules", "signals"):
            if isinstance(r.get(col), str):
                r[col] = json.loads(r[col])
    return rows


def hide_managers_out_of_scope(viewer: Viewer, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The customer's manager is joined only when the viewer may see that person."""
    for r in rows:
        manager_id = r.get("customer__manager_id")
        if manager_id is not None and not policy.in_scope(
            viewer, USER, {"id": manager_id, "org_id": r.get("customer__manager__org_id")}
        ):
            for col in [c for c in r if c.startswith("customer__manager__")]:
                r.pop(col)
    return rows


def _finish(viewer: Viewer, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return hide_managers_out_of_scope(viewer, decode_rows(rows))


WARNING_READ = ScopedRead(
    resource=WARNING,
    model=CustomerWarning,
    columns=ALL_COLUMNS,
    kinds=COLUMN_KINDS,
    sorts={key.name: key for key in WARNING_SORTS.values()},
    apply=_apply,
    finish=_finish,
)


def filtered_warnings(viewer: Viewer, f: WarningQuery) -> QuerySet[Any] | None:
    """The scoped and filtered queryset (None: the viewer sees no warning)."""
    return WARNING_READ.filtered(viewer, f)


async def list_warnings(
    viewer: Viewer, f: WarningQuery, sort: SortKey, page: PageArgs
) -> tuple[Page, DeferredCount]:
    return await WARNING_READ.page(viewer, f, sort, page)


async def warnings_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    return await WARNING_READ.by_ids(viewer, ids)


async def history_for(viewer: Viewer, warning_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Processing history of warnings the viewer can see, newest first (one statement)."""
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in warning_ids}
    visible = WARNING_READ.scoped(viewer)
    if visible is None or not warning_ids:
        return out
    scoped = Subquery(visible.filter(id__in=warning_ids).values("id"))
    rows = (
        await WarningProcessing.filter(warning_id__in=scoped)
        .order_by("-created_at", "-id")
        .values(*HISTORY_COLUMNS)
    )
    for r in rows:
        out[r["warning_id"]].append(r)
    return out


async def pending_counts_by_customer(viewer: Viewer, customer_ids: list[int]) -> dict[int, dict[str, int]]:
    """Pending warnings per customer and kind, within the viewer's warning scope (one statement)."""
    out: dict[int, dict[str, int]] = {i: {} for i in customer_ids}
    qs = WARNING_READ.scoped(viewer)
    if qs is None or not customer_ids:
        return out
    rows = (
        await qs.filter(customer_id__in=customer_ids, state=WarningState.PENDING)
        .annotate(n=Count("id"))
        .group_by("customer_id", "kind")
        .values("customer_id", "kind", "n")
    )
    for r in rows:
        out[r["customer_id"]][r["kind"]] = r["n"]
    return out


async def pending_counts(viewer: Viewer) -> dict[WarningKind, int]:
    """Pending warnings by kind within the viewer's scope (the home page)."""
    out = dict.fromkeys(WarningKind, 0)
    qs = WARNING_READ.scoped(viewer)
    if qs is None:
        return out
    rows = (
        await qs.filter(state=WarningState.PENDING)
        .annotate(n=Count("id"))
        .group_by("kind")
        .values("kind", "n")
    )
    for r in rows:
        out[WarningKind(r["kind"])] = r["n"]
    return out
