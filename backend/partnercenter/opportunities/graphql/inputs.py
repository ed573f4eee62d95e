"""GraphQL filter, order and mutation inputs of opportunities, and their translation to the
service's query and change objects."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

import strawberry

from partnercenter.core.connection import SortKey
from partnercenter.core.ids import pk_of
from partnercenter.core.types import DateTimeRange, DecimalRange, IntRange, MoneyInput, OrderDirection
from partnercenter.customers.graphql.types import IndustryEnum
from partnercenter.opportunities import service
from partnercenter.opportunities.graphql.types import OpportunityStageEnum, OpportunityTypeEnum

__all__ = [
    "OpportunityCreateInput",
    "OpportunityFilter",
    "OpportunityOrder",
    "OpportunityOrderField",
    "OpportunityProgressAddInput",
    "OpportunityReassignInput",
    "OpportunityUpdateInput",
    "changes_of",
    "draft_of",
    "sort_of",
    "to_query",
]


@strawberry.enum
class OpportunityOrderField(Enum):
    UPDATED_AT = "UPDATED_AT"
    CREATED_AT = "CREATED_AT"
    EXPECTED_MONTHLY_REVENUE = "EXPECTED_MONTHLY_REVENUE"
    CONFIDENCE = "CONFIDENCE"


@strawberry.input
class OpportunityOrder:
    field: OpportunityOrderField = OpportunityOrderField.UPDATED_AT
    direction: OrderDirection = OrderDirection.DESC


@strawberry.input(description="Filters combine with AND; list values match any of their items.")
class OpportunityFilter:
    industries: list[IndustryEnum] | None = None  # type: ignore[valid-type]
    types: list[OpportunityTypeEnum] | None = None  # type: ignore[valid-type]
    stages: list[OpportunityStageEnum] | None = None  # type: ignore[valid-type]
    confidence: IntRange | None = None
    owner_ids: list[strawberry.ID] | None = None
    customer_ids: list[strawberry.ID] | None = None
    expected_monthly_revenue: DecimalRange | None = None
    updated_at: DateTimeRange | None = None
    search: str | None = strawberry.field(default=None, description="Part of the opportunity name.")


def _pks(ids: list[strawberry.ID] | None, type_name: str) -> list[int] | None:
    return None if ids is None else [p for g in ids if (p := pk_of(g, type_name))]


def to_query(f: OpportunityFilter | None) -> service.OpportunityQuery:
    if f is None:
        return service.OpportunityQuery()
    return service.OpportunityQuery(
        industries=f.industries,
        types=f.types,
        stages=f.stages,
        confidence_min=f.confidence.min if f.confidence else None,
        confidence_max=f.confidence.max if f.confidence else None,
        owner_ids=_pks(f.owner_ids, "User"),
        customer_ids=_pks(f.customer_ids, "Customer"),
        revenue_min=f.expected_monthly_revenue.min if f.expected_monthly_revenue else None,
        revenue_max=f.expected_monthly_revenue.max if f.expected_monthly_revenue else None,
        updated_from=f.updated_at.from_ if f.updated_at else None,
        updated_to=f.updated_at.to if f.updated_at else None,
        search=f.search,
    )


@strawberry.input
class OpportunityCreateInput:
    customer_id: strawberry.ID
    name: str
    type: OpportunityTypeEnum  # type: ignore[valid-type]
    stage: OpportunityStageEnum  # type: ignore[valid-type]
    confidence: int
    expected_monthly_revenue: MoneyInput
    description: str = ""
    industry: IndustryEnum | None = None  # type: ignore[valid-type]


@strawberry.input
class OpportunityUpdateInput:
    id: strawberry.ID
    name: str | None = None
    type: OpportunityTypeEnum | None = None  # type: ignore[valid-type]
    stage: OpportunityStageEnum | None = None  # type: ignore[valid-type]
    confidence: int | None = None
    expected_monthly_revenue: MoneyInput | None = None
    description: str | None = None


@strawberry.input
class OpportunityProgressAddInput:
    opportunity_id: strawberry.ID
    note: str
    stage: OpportunityStageEnum | None = None  # type: ignore[valid-type]


@strawberry.input
class OpportunityReassignInput:
    id: strawberry.ID
    owner_id: strawberry.ID


def sort_of(order: OpportunityOrder | None) -> SortKey:
    o = order or OpportunityOrder()
    return service.OPPORTUNITY_SORTS[(o.field.value, o.direction is OrderDirection.DESC)]


def _money(m: MoneyInput | None) -> tuple[Decimal | None, str | None]:
    return (m.amount, m.currency) if m is not None else (None, None)


def draft_of(input: OpportunityCreateInput) -> service.OpportunityDraft:
    return service.OpportunityDraft(
        customer_id=pk_of(input.customer_id, "Customer"),
        name=input.name,
        type=input.type,
        stage=input.stage,
        confidence=input.confidence,
        expected_monthly_revenue=input.expected_monthly_revenue.amount,
        currency=input.expected_monthly_revenue.currency,
        description=input.description,
        industry=input.industry,
    )


def changes_of(input: OpportunityUpdateInput) -> service.OpportunityChanges:
    amount, currency = _money(input.expected_monthly_revenue)
    return service.OpportunityChanges(
        name=input.name,
        type=input.type,
        stage=input.stage,
        confidence=input.confidence,
        expected_monthly_revenue=amount,
        currency=currency,
        description=input.description,
    )
