"""Opportunity list, create, update, progress and reassign."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.errors import DomainError
from partnercenter.core.ids import pk_of
from partnercenter.core.types import (
    Connection,
    DateTimeRange,
    DecimalRange,
    IntRange,
    MoneyInput,
    OrderDirection,
    UserError,
    connection_from_page,
)
from partnercenter.customers.graphql.types import IndustryEnum
from partnercenter.opportunities import service
from partnercenter.opportunities.graphql.types import (
    OpportunityProgressType,
    OpportunityStageEnum,
    OpportunityType_,
    OpportunityTypeEnum,
    opportunity_from_row,
    progress_from_row,
)
from partnercenter.opportunities.permissions import OPPORTUNITY

Ctx = Info[RequestContext, Any]


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


@strawberry.type
class OpportunityQueries:
    @strawberry.field(description="Opportunities in the viewer's scope; keyset paginated.")
    async def opportunities(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: OpportunityFilter | None = None,
        order_by: OpportunityOrder | None = None,
    ) -> Connection[OpportunityType_]:
        viewer = policy.require_read(info.context.viewer, OPPORTUNITY)
        order = order_by or OpportunityOrder()
        sort = service.OPPORTUNITY_SORTS[(order.field.value, order.direction is OrderDirection.DESC)]
        page, count = await service.list_opportunities(
            viewer, to_query(filter), sort, PageArgs(first, after, last, before)
        )
        owners: dict[int, Any] = {}  # one person object per owner on the page
        return connection_from_page(page, count, lambda r: opportunity_from_row(viewer, r, owners))


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


@strawberry.type
class OpportunityPayload:
    opportunity: OpportunityType_ | None
    user_errors: list[UserError]


@strawberry.type
class OpportunityProgressAddPayload:
    progress: OpportunityProgressType | None
    opportunity: OpportunityType_ | None
    user_errors: list[UserError]


async def _reload(info: Ctx, pk: int) -> OpportunityType_ | None:
    viewer = policy.require_viewer(info.context.viewer)
    row = (await service.opportunities_by_ids(viewer, [pk])).get(pk)
    return opportunity_from_row(viewer, row) if row else None


async def _payload(info: Ctx, result: list[DomainError] | int) -> OpportunityPayload:
    if isinstance(result, list):
        return OpportunityPayload(opportunity=None, user_errors=[UserError.of(e) for e in result])
    return OpportunityPayload(opportunity=await _reload(info, result), user_errors=[])


def _money(m: MoneyInput | None) -> tuple[Decimal | None, str | None]:
    return (m.amount, m.currency) if m is not None else (None, None)


@strawberry.type
class OpportunityMutations:
    @strawberry.mutation(
        description="Create an opportunity for one of your own customers (account managers)."
    )
    async def opportunity_create(self, info: Ctx, input: OpportunityCreateInput) -> OpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        draft = service.OpportunityDraft(
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
        return await _payload(info, await service.create_opportunity(viewer, draft))

    @strawberry.mutation(description="Change stage, confidence, revenue or details (owner or partner admin).")
    async def opportunity_update(self, info: Ctx, input: OpportunityUpdateInput) -> OpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        amount, currency = _money(input.expected_monthly_revenue)
        changes = service.OpportunityChanges(
            name=input.name,
            type=input.type,
            stage=input.stage,
            confidence=input.confidence,
            expected_monthly_revenue=amount,
            currency=currency,
            description=input.description,
        )
        return await _payload(
            info, await service.update_opportunity(viewer, pk_of(input.id, "Opportunity") or 0, changes)
        )

    @strawberry.mutation(description="Add a progress update 商机进展 (owner or partner admin).")
    async def opportunity_progress_add(
        self, info: Ctx, input: OpportunityProgressAddInput
    ) -> OpportunityProgressAddPayload:
        viewer = policy.require_viewer(info.context.viewer)
        opp_pk = pk_of(input.opportunity_id, "Opportunity") or 0
        result = await service.add_progress(viewer, opp_pk, input.note, input.stage)
        if isinstance(result, list):
            return OpportunityProgressAddPayload(
                progress=None, opportunity=None, user_errors=[UserError.of(e) for e in result]
            )
        rows = (await service.progress_for(viewer, [opp_pk]))[opp_pk]
        progress = next((progress_from_row(r) for r in rows if r["id"] == result), None)
        return OpportunityProgressAddPayload(
            progress=progress, opportunity=await _reload(info, opp_pk), user_errors=[]
        )

    @strawberry.mutation(
        description="Hand an opportunity to another manager (supervisor or admin, within scope)."
    )
    async def opportunity_reassign(self, info: Ctx, input: OpportunityReassignInput) -> OpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.reassign_opportunity(
            viewer, pk_of(input.id, "Opportunity") or 0, pk_of(input.owner_id, "User")
        )
        return await _payload(info, result)
