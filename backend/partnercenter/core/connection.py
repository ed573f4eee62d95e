"""Keyset (cursor) pagination over any Tortoise queryset, with a tie-breaker on id.

A cursor is the encoded sort-key values of a row, bound to the ordering it was made for,
so page 10,000 costs what page 1 costs (an index range scan, never OFFSET).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from partnercenter.core.errors import ErrorCode, PublicError
from partnercenter.core.rows import fetch_by_id_subquery
from partnercenter.settings import get_settings


@dataclass(frozen=True, slots=True)
class SortKey:
    name: str  # the ordering's public name, bound into cursors
    column: str
    kind: str  # "datetime" | "decimal" | "int" | "smallint" | "str"
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
    sort: SortKey | None
    has_next: bool
    has_previous: bool

    def cursor(self, index: int) -> str | None:
        if not self.rows or self.sort is None:
            return None
        return encode_cursor(self.sort, self.rows[index])


EMPTY_PAGE = Page([], None, False, False)


def encode_cursor(sort: SortKey, row: dict[str, Any]) -> str:
    value = row[sort.column]
    if isinstance(value, datetime):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    raw = orjson.dumps([sort.name, value, row["id"]])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# A crafted cursor must fail as INVALID_CURSOR, never as a database error (out-of-range
# integers, timestamps beyond the UTC range, huge decimals are refused by PostgreSQL).
_INT_BOUNDS = {"int": 2**31, "smallint": 2**15}
_DECIMAL_BOUND = Decimal(10) ** 16  # money is BIGINT cents
_CURSOR_ERRORS = (
    binascii.Error,
    ValueError,
    TypeError,
    OverflowError,
    InvalidOperation,
    orjson.JSONDecodeError,
)


def utc(value: datetime) -> datetime:
    """A filter bound in UTC (SQLite compares the stored text, so +08:00 must not reach it); naive is UTC."""
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError as exc:
        raise PublicError(ErrorCode.INVALID, "The date and time is out of range.") from exc


def decode_cursor(sort: SortKey, cursor: str) -> tuple[Any, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, value, pk = orjson.loads(raw)
        if name != sort.name or type(pk) is not int or not 0 < pk < 2**31:
            raise ValueError
        if sort.kind == "datetime":
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                raise ValueError
            value = value.astimezone(UTC)  # OverflowError next to datetime.min/max
        elif sort.kind == "decimal":
            value = Decimal(value)
            exponent = value.as_tuple().exponent
            if not value.is_finite() or abs(value) >= _DECIMAL_BOUND or exponent < -2:  # type: ignore[operator]
                raise ValueError
        elif sort.kind in _INT_BOUNDS:
            bound = _INT_BOUNDS[sort.kind]
            if type(value) is not int or not -bound <= value < bound:
                raise ValueError
        elif not isinstance(value, str):
            raise ValueError
    except _CURSOR_ERRORS as exc:
        raise PublicError(
            ErrorCode.INVALID_CURSOR, "The cursor is invalid or belongs to another ordering."
        ) from exc
    return value, pk


def _beyond(sort: SortKey, cursor: str, forward: bool) -> Q:
    """Rows strictly after (forward) or before the cursor in the ordering's direction."""
    value, pk = decode_cursor(sort, cursor)
    greater = sort.descending != forward  # descending+forward -> smaller values come next
    op = "gt" if greater else "lt"
    # The redundant bound lets the database seek the index to the cursor; the OR alone
    # made SQLite walk the index from the top (15 ms instead of 0.04 ms 150,000 rows deep).
    bound: dict[str, Any] = {f"{sort.column}__{op}e": value}
    after_value: dict[str, Any] = {f"{sort.column}__{op}": value}
    same_value: dict[str, Any] = {sort.column: value}
    after_id: dict[str, Any] = {f"id__{op}": pk}
    return Q(**bound) & (Q(**after_value) | (Q(**same_value) & Q(**after_id)))


async def fetch_page(
    qs: QuerySet[Any], sort: SortKey, args: PageArgs, fields: list[str], kinds: dict[str, str]
) -> Page:
    """`kinds` names the columns to convert from driver values (see core.rows)."""
    size = args.validate()
    if args.after:
        qs = qs.filter(_beyond(sort, args.after, forward=True))
    if args.before:
        qs = qs.filter(_beyond(sort, args.before, forward=False))
    backwards = args.last is not None
    desc = sort.descending != backwards
    prefix = "-" if desc else ""
    order = (f"{prefix}{sort.column}", f"{prefix}id")
    # Ids first, from the index alone, then the joined columns for those ids only: with the
    # joins in the same statement SQLite sorted a partner admin's whole scope (2.8 s at 800k
    # rows); this way it is 0.3 ms. Still one statement.
    page_ids = qs.order_by(*order).limit(size + 1).values("id")
    rows = await fetch_by_id_subquery(page_ids, qs.model, order, tuple(fields), kinds)
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        has_next, has_previous = args.before is not None, more
    else:
        has_next, has_previous = more, args.after is not None
    return Page(rows, sort, has_next, has_previous)
