"""GraphQL building blocks shared by every domain: Node, connections, money, user errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry

from partnercenter.core.errors import DomainError, ErrorCode

T = TypeVar("T")

ErrorCodeEnum = strawberry.enum(ErrorCode, name="ErrorCode", description="Machine-readable error codes.")


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.interface(description="An object with an opaque global ID.")
class Node:
    id: strawberry.ID


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A keyset-paginated list (Relay cursor connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="The nodes of this page (shortcut for edges.node).")
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]

    @strawberry.field(description="How many rows match the filters within the viewer's scope.")
    async def total_count(self) -> int:
        return await self.count()


class _PageEdge(Edge[T]):
    """An edge whose cursor is encoded only if the query asks for it."""

    def __init__(self, page: Any, index: int, node: T) -> None:  # no dataclass __init__
        self._page, self._index, self.node = page, index, node

    @property
    def cursor(self) -> str:  # type: ignore[override]
        return self._page.cursor(self._index)  # type: ignore[no-any-return]


def connection_from_page(
    page: Any, count: Callable[[], Awaitable[int]], convert: Callable[[dict[str, Any]], T]
) -> Connection[T]:
    """A Relay connection over a keyset page (core.connection.Page)."""
    rows = page.rows
    return Connection(
        edges=[_PageEdge(page, i, convert(row)) for i, row in enumerate(rows)],
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=page.cursor(0),
            end_cursor=page.cursor(len(rows) - 1),
        ),
        count=count,
    )


@strawberry.type(description="An amount of money: a decimal string and an ISO 4217 currency.")
class Money:
    amount: str
    currency: str

    @staticmethod
    def of(amount: Decimal, currency: str) -> Money:
        return Money(amount=f"{amount:.2f}", currency=currency)


@strawberry.input(description="An amount of money as a decimal string (at most 2 decimals).")
class MoneyInput:
    amount: Decimal
    currency: str = "CNY"


@strawberry.input
class DecimalRange:
    min: Decimal | None = None
    max: Decimal | None = None


@strawberry.input
class IntRange:
    min: int | None = None
    max: int | None = None


@strawberry.input
class DateTimeRange:
    from_: datetime | None = strawberry.field(default=None, name="from")
    to: datetime | None = None


@strawberry.type(description="An expected failure of a mutation.")
class UserError:
    code: ErrorCodeEnum  # type: ignore[valid-type]
    field: str | None
    message: str

    @staticmethod
    def of(err: DomainError) -> UserError:
        return UserError(code=err.code, field=err.field, message=err.message)
