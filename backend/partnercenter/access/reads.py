"""Scoped reads: one declaration per resource gives its page, by-ids, count, export rows and loader.

Every read path of a resource (a list, `node`/`nodes`, a nested reference, a count, an export)
goes through the same scoped queryset, so an out-of-scope row answers exactly like an unknown
one everywhere, and the same customer is loaded once per request whoever asks for it.

    CUSTOMER_READ = ScopedRead(
        resource=CUSTOMER,               # the resource name its slice registered whose row scope applies
        model=Customer,
        columns=("id", "name", ..., "manager__name"),   # joined to-one columns allowed
        kinds={"created_at": "datetime", "balance": "money"},
        sorts={"CREATED_AT_DESC": SortKey(...), ...},
        apply=apply_customer_filter,     # (viewer, queryset, filter) -> queryset
        finish=decode_rows,              # optional: post-process fetched rows (JSON, hiding)
    )

    page, count = await CUSTOMER_READ.page(viewer, f, sort, page_args)
    rows = await CUSTOMER_READ.by_ids(viewer, ids)            # {id: row}
    row = await CUSTOMER_READ.loader(ctx).load(pk)          # one loader per resource
    rows = await CUSTOMER_READ.export_rows(viewer, f, sort, max_rows)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from partnercenter.access.policy import scope_q
from partnercenter.core.connection import EMPTY_PAGE, Page, PageArgs, SortKey, fetch_page
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.loaders import SharedLoader, by_id_loader
from partnercenter.core.rows import fetch_rows

__all__ = ["Count", "ScopedRead", "zero"]

Row = dict[str, Any]
Count = Callable[[], Awaitable[int]]
Filter = Callable[[Viewer, QuerySet[Any], Any], QuerySet[Any]]
Finish = Callable[[Viewer, list[Row]], list[Row]]


async def zero() -> int:
    """The count of a list the viewer may not see any row of."""
    return 0


@dataclass(frozen=True)
class ScopedRead:
    resource: Any
    model: Any
    columns: Sequence[str]
    kinds: dict[str, str] = field(default_factory=dict)
    sorts: dict[str, SortKey] = field(default_factory=dict)
    apply: Filter | None = None
    finish: Finish | None = None
    base: Callable[[Viewer], Q | None] | None = None  # a fixed extra condition (e.g. live rows only)

    # --- querysets ---------------------------------------------------------------------------
    def scoped(self, viewer: Viewer | None) -> QuerySet[Any] | None:
        """The viewer's rows of this resource; None when the viewer sees none."""
        q = scope_q(viewer, self.resource)
        if q is None or viewer is None:
            return None
        qs = self.model.filter(q)
        if self.base is not None:
            extra = self.base(viewer)
            if extra is not None:
                qs = qs.filter(extra)
        return qs  # type: ignore[no-any-return]

    def filtered(self, viewer: Viewer | None, f: Any = None) -> QuerySet[Any] | None:
        qs = self.scoped(viewer)
        if qs is None or viewer is None:
            return None
        return self.apply(viewer, qs, f) if self.apply is not None and f is not None else qs

    def _finish(self, viewer: Viewer, rows: list[Row]) -> list[Row]:
        return self.finish(viewer, rows) if self.finish is not None else rows

    # --- reads -------------------------------------------------------------------------------
    async def page(self, viewer: Viewer | None, f: Any, sort: SortKey, args: PageArgs) -> tuple[Page, Count]:
        """One keyset page (one statement) and the deferred `totalCount` of the same filter."""
        qs = self.filtered(viewer, f)
        if qs is None or viewer is None:
            args.validate()
            return EMPTY_PAGE, zero
        result = await fetch_page(qs, sort, args, list(self.columns), self.kinds)
        result.rows = self._finish(viewer, result.rows)
        return result, qs.count

    async def count(self, viewer: Viewer | None, f: Any = None) -> int:
        qs = self.filtered(viewer, f)
        return 0 if qs is None else await qs.count()

    async def by_ids(self, viewer: Viewer | None, ids: Sequence[int]) -> dict[int, Row]:
        """The rows of these ids that the viewer may see (others are simply absent)."""
        qs = self.scoped(viewer)
        if qs is None or viewer is None or not ids:
            return {}
        rows = await fetch_rows(qs.filter(id__in=list(set(ids))).values(*self.columns), self.kinds)
        return {r["id"]: r for r in self._finish(viewer, rows)}

    async def export_rows(self, viewer: Viewer | None, f: Any, sort: SortKey, limit: int) -> list[Row]:
        """Rows in the list's order (at most `limit`), for an export."""
        qs = self.filtered(viewer, f)
        if qs is None or viewer is None:
            return []
        prefix = "-" if sort.descending else ""
        ordered = qs.order_by(f"{prefix}{sort.column}", f"{prefix}id").limit(limit)
        rows = await fetch_rows(ordered.values(*self.columns), self.kinds)
        return self._finish(viewer, rows)

    def loader(self, ctx: RequestContext) -> SharedLoader:
        """The request's one loader of this resource (keyed by the resource's name)."""
        viewer = ctx.viewer

        async def fetch(ids: list[int]) -> dict[int, Row]:
            return await self.by_ids(viewer, ids)

        return by_id_loader(ctx, f"read:{self.resource}", fetch)
