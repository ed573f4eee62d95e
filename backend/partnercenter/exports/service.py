"""xlsx exports of the customer, opportunity and warning lists, built here: the list's own scoped
read (`ScopedRead.count` / `export_rows`, so scope and filters are the screen's), the row limit,
the headers in the SPA's language (`exports/labels.py`), the sheet, and one audit entry per export.

Each row is presented by the list's own converter (`ExportSpec.present`, declared with the
GraphQL types in `exports/graphql/sheets.py`), so masked names, phones and emails stay masked and
withheld fields stay empty: the sheet holds exactly what the screen shows. The audit entry
(action EXPORT) records the list, the filter, the ordering, the language and the row count."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.audit import service as audit
from partnercenter.core import clock
from partnercenter.core.connection import SortKey
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.errors import ErrorCode, refuse
from partnercenter.core.export import EXPORT_MAX_ROWS, ExportFile, export_file, export_slot, write_xlsx
from partnercenter.core.rows import fetch_rows
from partnercenter.exports.labels import header

__all__ = ["EXPORT_MAX_ROWS", "ExportSource", "ExportSpec", "QuerySource", "export_list", "jsonable"]

Row = dict[str, Any]


class ExportSource(Protocol):
    """What an export reads: a `ScopedRead` (or anything answering the same two calls)."""

    async def count(self, viewer: Viewer | None, f: Any = None) -> int: ...

    async def export_rows(self, viewer: Viewer | None, f: Any, sort: SortKey, limit: int) -> list[Row]: ...


@dataclasses.dataclass(frozen=True, slots=True)
class QuerySource:
    """An export source over a slice's public `filtered(viewer, query)` queryset, for a list that
    has no `ScopedRead` declaration yet (customers)."""

    filtered: Callable[[Viewer, Any], QuerySet[Any] | None]
    columns: Sequence[str]
    kinds: dict[str, str]
    finish: Callable[[Viewer, list[Row]], Any] | None = None

    async def count(self, viewer: Viewer | None, f: Any = None) -> int:
        qs = self.filtered(viewer, f) if viewer is not None else None
        return 0 if qs is None else await qs.count()

    async def export_rows(self, viewer: Viewer | None, f: Any, sort: SortKey, limit: int) -> list[Row]:
        qs = self.filtered(viewer, f) if viewer is not None else None
        if qs is None or viewer is None:
            return []
        prefix = "-" if sort.descending else ""
        ordered = qs.order_by(f"{prefix}{sort.column}", f"{prefix}id").limit(limit)
        rows = await fetch_rows(ordered.values(*self.columns), self.kinds)
        if self.finish is not None:
            self.finish(viewer, rows)
        return rows


@dataclasses.dataclass(frozen=True, slots=True)
class ExportSpec:
    name: str  # the list: "customers", "opportunities", "warnings"
    resource: str
    source: ExportSource
    headers: Sequence[str]  # header keys (exports/labels.py)
    # The presented row, from the list's own converter: one value per header.
    present: Callable[[Viewer, Row, str], Sequence[Any]]


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


async def export_list(
    ctx: RequestContext, spec: ExportSpec, query: Any, sort: SortKey, language: str
) -> ExportFile:
    """The list filtered by `query` in `sort` order as an xlsx file (audited); raises
    DomainErrors(EXPORT_TOO_LARGE) when more than EXPORT_MAX_ROWS rows match."""
    viewer = policy.require_read(ctx.viewer, spec.resource)
    owner = ("token", viewer.token_id) if viewer.is_token else ("user", viewer.user_id)
    async with export_slot(owner):  # one at a time per person, a few per process
        return await _export(ctx, viewer, spec, query, sort, language)


async def _export(
    ctx: RequestContext, viewer: Viewer, spec: ExportSpec, query: Any, sort: SortKey, language: str
) -> ExportFile:
    limit = EXPORT_MAX_ROWS
    total = await spec.source.count(viewer, query)
    if total > limit:
        refuse(
            ErrorCode.EXPORT_TOO_LARGE,
            f"{total} rows match: at most {limit} can be exported; narrow the filters.",
            "filter",
        )
    rows = await spec.source.export_rows(viewer, query, sort, limit) if total else []
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
