"""Opportunity list, create, update, progress and reassign."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.ids import pk_of
from partnercenter.core.mutations import attempt
from partnercenter.core.types import Connection, UserError, connection_from_page
from partnercenter.opportunities import service
from partnercenter.opportunities.graphql.inputs import (
    OpportunityCreateInput,
    OpportunityFilter,
    OpportunityOrder,
    OpportunityProgressAddInput,
    OpportunityReassignInput,
    OpportunityUpdateInput,
    changes_of,
    draft_of,
    sort_of,
    to_query,
)
from partnercenter.opportunities.graphql.types import (
    OpportunityProgressType,
    OpportunityType_,
    opportunity_from_row,
    progress_from_row,
)
from partnercenter.opportunities.permissions import OPPORTUNITY

Ctx = Info[RequestContext, Any]


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
        page, count = await service.list_opportunities(
            viewer, to_query(filter), sort_of(order_by), PageArgs(first, after, last, before)
        )
        owners: dict[int, Any] = {}  # one person object per owner on the page
        return connection_from_page(page, count, lambda r: opportunity_from_row(viewer, r, owners))

    @strawberry.field(
        description=(
            "Whether an opportunity name (or description) typed for this customer names it (its name or "
            "trade name 字号): such text is shown masked to whoever sees the customer masked. The "
            "customer's name is never returned; false for a customer you cannot see."
        )
    )
    async def opportunity_name_warning(self, info: Ctx, customer_id: strawberry.ID, name: str) -> bool:
        viewer = policy.require_read(info.context.viewer, OPPORTUNITY)
        return await service.name_names_customer(viewer, pk_of(customer_id, "Customer"), name)


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


async def _payload(info: Ctx, call: Awaitable[int]) -> OpportunityPayload:
    pk, errors = await attempt(call)
    if pk is None:
        return OpportunityPayload(opportunity=None, user_errors=errors)
    return OpportunityPayload(opportunity=await _reload(info, pk), user_errors=[])


@strawberry.type
class OpportunityMutations:
    @strawberry.mutation(
        description="Create an opportunity for one of your own customers (account managers)."
    )
    async def opportunity_create(self, info: Ctx, input: OpportunityCreateInput) -> OpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        return await _payload(info, service.create_opportunity(viewer, draft_of(input)))

    @strawberry.mutation(description="Change stage, confidence, revenue or details (owner or partner admin).")
    async def opportunity_update(self, info: Ctx, input: OpportunityUpdateInput) -> OpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        pk = pk_of(input.id, "Opportunity") or 0
        return await _payload(info, service.update_opportunity(viewer, pk, changes_of(input)))

    @strawberry.mutation(description="Add a progress update 商机进展 (owner or partner admin).")
    async def opportunity_progress_add(
        self, info: Ctx, input: OpportunityProgressAddInput
    ) -> OpportunityProgressAddPayload:
        viewer = policy.require_viewer(info.context.viewer)
        opp_pk = pk_of(input.opportunity_id, "Opportunity") or 0
        progress_id, errors = await attempt(service.add_progress(viewer, opp_pk, input.note, input.stage))
        if progress_id is None:
            return OpportunityProgressAddPayload(progress=None, opportunity=None, user_errors=errors)
        rows = (await service.progress_for(viewer, [opp_pk]))[opp_pk]
        progress = next((progress_from_row(r) for r in rows if r["id"] == progress_id), None)
        return OpportunityProgressAddPayload(
            progress=progress, opportunity=await _reload(info, opp_pk), user_errors=[]
        )

    @strawberry.mutation(
        description="Hand an opportunity to another manager (supervisor or admin, within scope)."
    )
    async def opportunity_reassign(self, info: Ctx, input: OpportunityReassignInput) -> OpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        owner = pk_of(input.owner_id, "User")
        return await _payload(
            info, service.reassign_opportunity(viewer, pk_of(input.id, "Opportunity") or 0, owner)
        )
