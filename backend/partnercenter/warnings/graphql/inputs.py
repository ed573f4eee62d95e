"""GraphQL filter, order and mutation inputs of customer warnings, and their translation to the
service's query objects."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from partnercenter.core.connection import SortKey
from partnercenter.core.ids import pk_of
from partnercenter.core.types import DateTimeRange, OrderDirection
from partnercenter.warnings import service
from partnercenter.warnings.graphql.types import (
    WarningKindEnum,
    WarningLevelEnum,
    WarningResultEnum,
    WarningStateEnum,
)

__all__ = [
    "WarningFilter",
    "WarningOrder",
    "WarningOrderField",
    "WarningProcessInput",
    "processing_of",
    "sort_of",
    "to_query",
]


@strawberry.enum
class WarningOrderField(Enum):
    CREATED_AT = "CREATED_AT"
    EVALUATED_AT = "EVALUATED_AT"


@strawberry.input
class WarningOrder:
    field: WarningOrderField = WarningOrderField.CREATED_AT
    direction: OrderDirection = OrderDirection.DESC


@strawberry.input(description="Filters combine with AND; list values match any of their items.")
class WarningFilter:
    kinds: list[WarningKindEnum] | None = None  # type: ignore[valid-type]
    states: list[WarningStateEnum] | None = None  # type: ignore[valid-type]
    levels: list[WarningLevelEnum] | None = None  # type: ignore[valid-type]
    customer_ids: list[strawberry.ID] | None = None
    created_at: DateTimeRange | None = None


def to_query(f: WarningFilter | None) -> service.WarningQuery:
    if f is None:
        return service.WarningQuery()
    return service.WarningQuery(
        kinds=f.kinds,
        states=f.states,
        levels=f.levels,
        customer_ids=None
        if f.customer_ids is None
        else [p for g in f.customer_ids if (p := pk_of(g, "Customer"))],
        created_from=f.created_at.from_ if f.created_at else None,
        created_to=f.created_at.to if f.created_at else None,
    )


def sort_of(order: WarningOrder | None) -> SortKey:
    o = order or WarningOrder()
    return service.WARNING_SORTS[(o.field.value, o.direction is OrderDirection.DESC)]


@strawberry.input(
    description="Fields per result: CHURNED needs reason and churnDate, NOT_CHURNED measures and "
    "followUpDate, OTHER a note; fields of other results are ignored."
)
class WarningProcessInput:
    id: strawberry.ID
    result: WarningResultEnum  # type: ignore[valid-type]
    reason: str = ""
    churn_date: date | None = None
    measures: str = ""
    follow_up_date: date | None = None
    note: str = ""


def processing_of(input: WarningProcessInput) -> service.ProcessingInput:
    return service.ProcessingInput(
        result=input.result,
        reason=input.reason,
        churn_date=input.churn_date,
        measures=input.measures,
        follow_up_date=input.follow_up_date,
        note=input.note,
    )
