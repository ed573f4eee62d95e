"""Reading the audit log 审计日志: the scoped list (`AUDIT_READ`, scope from `audit.permissions`),
the records each entry touched, and the xlsx export of the same list (audited as EXPORT).

    page, count = await list_entries(viewer, AuditQuery(actions=["REVEAL"]), PageArgs(first=20))
    records = await records_of([row["id"] for row in page.rows])   # {entry id: [(record, fields)]}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.access.reads import Count, ScopedRead
from partnercenter.accounts.permissions import USER
from partnercenter.audit.models import AuditEntry, AuditRecord
from partnercenter.audit.permissions import AUDIT_ENTRY
from partnercenter.audit.service import record_action
from partnercenter.core import clock
from partnercenter.core.connection import Page, PageArgs, SortKey, utc
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.errors import ErrorCode, refuse
from partnercenter.core.export import EXPORT_MAX_ROWS, ExportFile, export_file, export_slot, write_xlsx
from partnercenter.core.rows import fetch_rows

__all__ = [
    "AUDIT_READ",
    "NEWEST_FIRST",
    "AuditQuery",
    "actor_name",
    "actor_row",
    "export_entries",
    "list_entries",
    "records_of",
]

Row = dict[str, Any]
NEWEST_FIRST = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)
MAX_FILTER_VALUES = 100


@dataclass(frozen=True, slots=True)
class AuditQuery:
    actor_ids: Sequence[int] | None = None  # user pks
    actions: Sequence[str] | None = None
    record_id: str | None = None  # canonical `Type:pk`
    since: datetime | None = None
    until: datetime | None = None


def _apply(viewer: Viewer, qs: Any, f: AuditQuery) -> Any:
    if f.actor_ids is not None:
        qs = qs.filter(actor_user_id__in=list(f.actor_ids)[:MAX_FILTER_VALUES])
    if f.actions is not None:
        qs = qs.filter(action__in=[a[:40] for a in f.actions][:MAX_FILTER_VALUES])
    if f.record_id:
        touched = AuditRecord.filter(record_id=f.record_id[:100]).values("entry_id")
        qs = qs.filter(id__in=Subquery(touched))
    if f.since is not None:
        qs = qs.filter(created_at__gte=utc(f.since))
    if f.until is not None:
        qs = qs.filter(created_at__lt=utc(f.until))
    return qs


def _decode(viewer: Viewer, rows: list[Row]) -> list[Row]:
    for r in rows:
        detail = r.get("detail")
        if isinstance(detail, str | bytes):
            r["detail"] = orjson.loads(detail) if detail else {}
    return rows


AUDIT_READ = ScopedRead(
    resource=AUDIT_ENTRY,
    model=AuditEntry,
    columns=(
        "id",
        "action",
        "created_at",
        "org_id",
        "actor_user_id",
        "actor_token_id",
        "client_ip",
        "request_id",
        "detail",
        "actor_user__name",
        "actor_user__role",
        "actor_user__org_id",
        "actor_token__name",
        "org__name",
    ),
    kinds={"created_at": "datetime"},
    sorts={NEWEST_FIRST.name: NEWEST_FIRST},
    apply=_apply,
    finish=_decode,
)


async def list_entries(viewer: Viewer, f: AuditQuery, args: PageArgs) -> tuple[Page, Count]:
    policy.require_read(viewer, AUDIT_ENTRY)
    return await AUDIT_READ.page(viewer, f, NEWEST_FIRST, args)


async def records_of(entry_ids: Sequence[int]) -> dict[int, list[tuple[str, list[str]]]]:
    """The records (canonical `Type:pk`) and fields each entry touched, in one statement. The
    entries were read through the scope already: their records are theirs."""
    out: dict[int, list[tuple[str, list[str]]]] = {pk: [] for pk in entry_ids}
    if not entry_ids:
        return out
    query = AuditRecord.filter(Q(entry_id__in=list(entry_ids))).order_by("id")
    rows = await fetch_rows(query.values("entry_id", "record_id", "fields_"), {})
    for r in rows:
        fields = r["fields_"]
        if isinstance(fields, str | bytes):
            fields = orjson.loads(fields) if fields else []
        out.setdefault(r["entry_id"], []).append((r["record_id"], list(fields or [])))
    return out


# --------------------------------------------------------------------------- export

HEADERS = {
    "zh-CN": ("时间", "操作", "操作人", "组织", "记录", "字段", "原因", "说明", "IP 地址", "请求编号"),
    "en": (
        "Time",
        "Action",
        "Person",
        "Organization",
        "Records",
        "Fields",
        "Reason",
        "Note",
        "IP address",
        "Request ID",
    ),
}


def sheet_row(actor: str, row: Row, records: list[tuple[str, list[str]]]) -> list[Any]:
    """One entry as shown in the sheet (the actor's name as the viewer sees it)."""
    detail = row.get("detail") or {}
    fields = sorted({f for _, fs in records for f in fs} | set(detail.get("fields") or []))
    return [
        row["created_at"],
        row["action"],
        actor,
        row.get("org__name") or "",
        ", ".join(r for r, _ in records),
        ", ".join(fields),
        str(detail.get("reason") or ""),
        str(detail.get("reasonText") or ""),
        row.get("client_ip") or "",
        row.get("request_id") or "",
    ]


def actor_row(row: Row) -> Row | None:
    """The acting person's columns as a User row (None for an API token's entry)."""
    pk = row.get("actor_user_id")
    if pk is None:
        return None
    return {
        "id": pk,
        "name": row.get("actor_user__name") or "",
        "role": row.get("actor_user__role"),
        "org_id": row.get("actor_user__org_id"),
    }


def actor_name(viewer: Viewer, row: Row) -> str:
    """The actor as the viewer sees people: the name masked per the User policy, an API token
    by its name."""
    person = actor_row(row)
    if person is None:
        token = row.get("actor_token__name")
        return f"API token {token}" if token else ""
    if not policy.in_scope(viewer, USER, person):
        return ""
    shown, _ = policy.present(viewer, USER, person)
    return str(shown.get("name") or "")


async def export_entries(ctx: RequestContext, f: AuditQuery, language: str) -> ExportFile:
    """The filtered audit log as xlsx (newest first, at most EXPORT_MAX_ROWS), audited as EXPORT."""
    viewer = policy.require_read(ctx.viewer, AUDIT_ENTRY)
    owner = ("token", viewer.token_id) if viewer.is_token else ("user", viewer.user_id)
    async with export_slot(owner):
        total = await AUDIT_READ.count(viewer, f)
        if total > EXPORT_MAX_ROWS:
            refuse(
                ErrorCode.EXPORT_TOO_LARGE,
                f"{total} entries match: at most {EXPORT_MAX_ROWS} can be exported; narrow the filters.",
                "filter",
            )
        rows = await AUDIT_READ.export_rows(viewer, f, NEWEST_FIRST, EXPORT_MAX_ROWS) if total else []
        records = await records_of([r["id"] for r in rows])
        headers = HEADERS.get(language, HEADERS["zh-CN"])
        content, count = await write_xlsx(
            "audit", headers, (sheet_row(actor_name(viewer, r), r, records[r["id"]]) for r in rows)
        )
        async with in_transaction():
            await record_action(
                ctx,
                "EXPORT",
                detail={
                    "list": "auditEntries",
                    "filter": _jsonable(f),
                    "language": language,
                    "rowCount": count,
                },
            )
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return export_file(f"audit-{stamp}.xlsx", content, count)


def _jsonable(f: AuditQuery) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if f.actor_ids is not None:
        out["actorIds"] = list(f.actor_ids)
    if f.actions is not None:
        out["actions"] = list(f.actions)
    if f.record_id:
        out["recordId"] = f.record_id
    if f.since is not None:
        out["from"] = f.since.isoformat()
    if f.until is not None:
        out["to"] = f.until.isoformat()
    return out
