"""Keyset (cursor) pagination over any Tortoise queryset, with a tie-breaker on id.

A cursor is the encoded sort-key values of a row, bound to the ordering it was made for,
so page 10,000 costs what page 1 costs (an index range scan, never OFFSET).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from partnercenter.core.errors import ErrorCode, PublicError
from partnercenter.settings import get_settings


@dataclass(frozen=True, slots=True)
class SortKey:
    name: str  # the ordering's public name, bound into cursors
    column: str
    kind: str  # "datetime" | "decimal" | "int" | "str"
    descending: bool


@dataclass(slots=True)
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def validate(self) -> int:
        limit = get_settings().max_page_size
        if (self.first is None) == (self.last is None):
            raise PublicError(ErrorCode.PAGE_SIZE, f"Give exactly one of `first` or `last` (1 to {limit}).")
        size = self.first if self.first is not None else self.last
        assert size is not None
        if not 1 <= size <= limit:
            raise PublicError(ErrorCode.PAGE_SIZE, f"`first`/`last` must be between 1 and {limit}.")
        return size


@dataclass(slots=True)
class Page:
    rows: list[dict[str, Any]]
    cursors: list[str]
    has_next: bool
    has_previous: bool


def encode_cursor(sort: SortKey, row: dict[str, Any]) -> str:
    value = row[sort.column]
    if isinstance(value, datetime):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    raw = orjson.dumps([sort.name, value, row["id"]])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(sort: SortKey, cursor: str) -> tuple[Any, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, value, pk = orjson.loads(raw)
        if name != sort.name or not isinstance(pk, int):
            raise ValueError
        if sort.kind == "datetime":
            value = datetime.fromisoformat(value)
        elif sort.kind == "decimal":
            value = Decimal(value)
        elif sort.kind == "int":
            value = int(value)
        elif not isinstance(value, str):
            raise ValueError
    except (binascii.Error, ValueError, TypeError, InvalidOperation, orjson.JSONDecodeError) as exc:
        raise PublicError(ErrorCode.INVALID_CURSOR, "The cursor is invalid or belongs to another ordering.") from exc
    return value, pk


def _beyond(sort: SortKey, cursor: str, forward: bool) -> Q:
    """Rows strictly after (forward) or before the cursor in the ordering's direction."""
    value, pk = decode_cursor(sort, cursor)
    greater = sort.descending != forward  # descending+forward -> smaller values come next
    op = "gt" if greater else "lt"
    return Q(**{f"{sort.column}__{op}": value}) | (Q(**{sort.column: value}) & Q(**{f"id__{op}": pk}))


async def fetch_page(qs: QuerySet[Any], sort: SortKey, args: PageArgs, fields: list[str]) -> Page:
    size = args.validate()
    if args.after:
        qs = qs.filter(_beyond(sort, args.after, forward=True))
    if args.before:
        qs = qs.filter(_beyond(sort, args.before, forward=False))
    backwards = args.last is not None
    desc = sort.descending != backwards
    prefix = "-" if desc else ""
    rows = await qs.order_by(f"{prefix}{sort.column}", f"{prefix}id").limit(size + 1).values(*fields)
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        has_next, has_previous = args.before is not None, more
    else:
        has_next, has_previous = more, args.after is not None
    return Page(rows, [encode_cursor(sort, r) for r in rows], has_next, has_previous)
