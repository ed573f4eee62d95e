"""Customer warnings: list, counts, processing (thin resolvers over warnings.service)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.ids import pk_of
from partnercenter.core.mutations import attempt
from partnercenter.core.types import Connection, UserError, connection_from_page
from partnercenter.warnings import service
from partnercenter.warnings.enums import WarningKind
from partnercenter.warnings.graphql.inputs import (
    WarningFilter,
    WarningOrder,
    WarningProcessInput,
    processing_of,
    sort_of,
    to_query,
)
from partnercenter.warnings.graphql.types import (
    CustomerWarningType,
    WarningProcessingType,
    processing_from_row,
    warning_from_row,
)
from partnercenter.warnings.permissions import WARNING

Ctx = Info[RequestContext, Any]


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
        viewer = policy.require_read(info.context.viewer, WARNING)
        page, count = await service.list_warnings(
            viewer, to_query(filter), sort_of(order_by), PageArgs(first, after, last, before)
        )
        return connection_from_page(page, count, lambda r: warning_from_row(viewer, r))

    @strawberry.field(description="Pending warnings by kind in the viewer's scope.")
    async def warning_counts(self, info: Ctx) -> WarningCounts:
        viewer = policy.require_read(info.context.viewer, WARNING)
        counts = await service.pending_counts(viewer)
        churn, resource = counts[WarningKind.CHURN], counts[WarningKind.RESOURCE]
        return WarningCounts(churn_pending=churn, resource_pending=resource, total_pending=churn + resource)


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
        processing_id, errors = await attempt(service.process_warning(viewer, pk, processing_of(input)))
        if processing_id is None:
            return WarningProcessPayload(warning=None, processing=None, user_errors=errors)
        row = (await service.warnings_by_ids(viewer, [pk])).get(pk)
        history = (await service.history_for(viewer, [pk]))[pk]
        secrets = policy.text_secrets(viewer, WARNING, row) if row else ()
        processing = next(
            (processing_from_row(viewer, r, secrets) for r in history if r["id"] == processing_id), None
        )
        return WarningProcessPayload(
            warning=warning_from_row(viewer, row) if row else None, processing=processing, user_errors=[]
        )
