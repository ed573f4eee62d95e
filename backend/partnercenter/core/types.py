"""GraphQL building blocks shared by every domain: Node, connections, money, user errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Generic, TypeVar

import strawberry

from partnercenter.access.policy import MaskedField as _MaskedField
from partnercenter.core.errors import DomainError, ErrorCode

T = TypeVar("T")

ErrorCodeEnum = strawberry.enum(ErrorCode, name="ErrorCode", description="Machine-readable error codes.")
MaskedField = strawberry.enum(
    _MaskedField, name="MaskedField", description="Identifiers shown masked until explicitly revealed."
)


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
