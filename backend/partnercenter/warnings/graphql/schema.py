"""Customer warnings: list, counts, processing (thin resolvers over warnings.service)."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.access.policy import Resource
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.ids import pk_of
from partnercenter.core.types import (
    Connection,
    DateTimeRange,
    OrderDirection,
    UserError,
    connection_from_page,
)
from partnercenter.warnings import service
from partnercenter.warnings.enums import WarningKind
from partnercenter.warnings.graphql.types import (
    CustomerWarningType,
    WarningKindEnum,
    WarningLevelEnum,
    WarningProcessingType,
    WarningResultEnum,
    WarningStateEnum,
    processing_from_row,
    warning_from_row,
)

Ctx = Info[RequestContext, Any]


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


def sort_of(order: WarningOrder | None) -> Any:
    o = order or WarningOrder()
    return service.WARNING_SORTS[(o.field.value, o.direction is OrderDirection.DESC)]


@strawberry.type(description="Pending warnings 待处理预警 in the viewer's scope, by kind (the home page).")
class WarningCounts:
    churn_pending: int
    resource_pending: int
    total_pending: int


@strawberry.type
class WarningQueries:
    @strawberry.field(description="Customer warnings 客户预警 in the viewer's scope; keyset paginated.")
    async def customer_warnings(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: WarningFilter | None = None,
        order_by: WarningOrder | None = None,
    ) -> Connection[CustomerWarningType]:
        viewer = policy.require_read(info.context.viewer, Resource.WARNING)
        page, count = await service.list_warnings(
            viewer, to_query(filter), sort_of(order_by), PageArgs(first, after, last, before)
        )
        return connection_from_page(page, count, lambda r: warning_from_row(viewer, r))

    @strawberry.field(description="Pending warnings by kind in the viewer's scope.")
    async def warning_counts(self, info: Ctx) -> WarningCounts:
        viewer = policy.require_read(info.context.viewer, Resource.WARNING)
        counts = await service.pending_counts(viewer)
        churn, resource = counts[WarningKind.CHURN], counts[WarningKind.RESOURCE]
        return WarningCounts(churn_pending=churn, resource_pending=resource, total_pending=churn + resource)


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


@strawberry.type
class WarningProcessPayload:
    warning: CustomerWarningType | None
    processing: WarningProcessingType | None
    user_errors: list[UserError]


@strawberry.type
class WarningMutations:
    @strawberry.mutation(
        description="Process 处理 a warning (the customer's responsible account manager only)."
    )
    async def warning_process(self, info: Ctx, input: WarningProcessInput) -> WarningProcessPayload:
        viewer = policy.require_viewer(info.context.viewer)
        pk = pk_of(input.id, "CustomerWarning") or 0
        result = await service.process_warning(
            viewer,
            pk,
            service.ProcessingInput(
                result=input.result,
                reason=input.reason,
                churn_date=input.churn_date,
                measures=input.measures,
                follow_up_date=input.follow_up_date,
                note=input.note,
            ),
        )
        if isinstance(result, list):
            return WarningProcessPayload(
                warning=None, processing=None, user_errors=[UserError.of(e) for e in result]
            )
        row = (await service.warnings_by_ids(viewer, [pk])).get(pk)
        history = (await service.history_for(viewer, [pk]))[pk]
        processing = next((processing_from_row(viewer, r) for r in history if r["id"] == result), None)
        return WarningProcessPayload(
            warning=warning_from_row(viewer, row) if row else None, processing=processing, user_errors=[]
        )
