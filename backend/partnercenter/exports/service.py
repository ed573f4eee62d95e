"""xlsx exports of the customer, opportunity and warning lists: the list's own scoped and
filtered query, every row presented by the list's own converter (so masked names, phones and
emails stay masked, withheld fields stay empty), and one audit entry per export.

The sheet holds exactly what the screen shows; the audit entry (action EXPORT) records the list,
the filter, the ordering and the row count."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.access.policy import Resource
from partnercenter.audit import service as audit
from partnercenter.core import clock
from partnercenter.core.connection import SortKey
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.errors import DomainError, DomainErrors, ErrorCode
from partnercenter.core.export import EXPORT_MAX_ROWS, ExportFile, export_file, export_slot, write_xlsx
from partnercenter.core.rows import fetch_rows
from partnercenter.exports.labels import header, label

__all__ = ["ExportSpec", "run_export"]


@dataclasses.dataclass(frozen=True, slots=True)
class ExportSpec:
    name: str  # the list: "customers", "opportunities", "warnings"
    resource: Resource
    columns: list[str]  # the list's selected columns (joined ones included)
    kinds: dict[str, str]
    headers: Sequence[str]  # header keys (exports/labels.py)
    # The presented row, from the list's own converter: one value per header.
    present: Callable[[Viewer, dict[str, Any], str], Sequence[Any]]
    prepare: Callable[[Viewer, list[dict[str, Any]]], Any] | None = None


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: jsonable(v) for k, v in dataclasses.asdict(value).items() if v is not None}
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


async def run_export(
    ctx: RequestContext,
    spec: ExportSpec,
    qs: Any,
    query: Any,
    sort: SortKey,
    language: str,
) -> ExportFile | list[DomainError]:
    """`qs` is the list's scoped, filtered queryset (None when the viewer sees no row)."""
    viewer = policy.require_read(ctx.viewer, spec.resource)
    owner = ("token", viewer.token_id) if viewer.is_token else ("user", viewer.user_id)
    try:
        async with export_slot(owner):
            return await _export(ctx, viewer, spec, qs, query, sort, language)
    except DomainErrors as refused:
        return refused.errors


async def _export(
    ctx: RequestContext,
    viewer: Viewer,
    spec: ExportSpec,
    qs: Any,
    query: Any,
    sort: SortKey,
    language: str,
) -> ExportFile | list[DomainError]:
    rows: list[dict[str, Any]] = []
    if qs is not None:
        total = await qs.count()
        if total > EXPORT_MAX_ROWS:
            return [
                DomainError(
                    ErrorCode.EXPORT_TOO_LARGE,
                    f"{total} rows match: at most {EXPORT_MAX_ROWS} can be exported; narrow the filters.",
                    "filter",
                )
            ]
        prefix = "-" if sort.descending else ""
        ordered = qs.order_by(f"{prefix}{sort.column}", f"{prefix}id").limit(EXPORT_MAX_ROWS)
        rows = await fetch_rows(ordered.values(*spec.columns), spec.kinds)
        if spec.prepare is not None:
            spec.prepare(viewer, rows)
    headers = [header(language, h) for h in spec.headers]
    content, count = await write_xlsx(spec.name, headers, (spec.present(viewer, r, language) for r in rows))
    async with in_transaction():
        await audit.record_action(
            ctx,
            "EXPORT",
            detail={
                "list": spec.name,
                "filter": jsonable(query),
                "orderBy": sort.name,
                "language": language,
                "rowCount": count,
            },
        )
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return export_file(f"{spec.name}-{stamp}.xlsx", content, count)


def labels(language: str, values: Iterable[Any], group: str) -> str:
    return ", ".join(label(language, group, v) for v in values)
