"""GraphQL types of opportunities and their progress updates."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.access.graphql.types import MaskedField, RevealDenial
from partnercenter.access.presenting import rights_lists
from partnercenter.accounts.graphql.types import UserType, user_from_prefixed, user_loader
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import to_global_id
from partnercenter.core.loaders import SharedLoader, by_id_loader, loader
from partnercenter.core.node import register_node_type
from partnercenter.core.types import Money, Node
from partnercenter.customers.graphql.types import CustomerType, IndustryEnum, customer_from_row
from partnercenter.customers.permissions import CUSTOMER
from partnercenter.opportunities import service
from partnercenter.opportunities.enums import OpportunityStage, OpportunityType
from partnercenter.opportunities.permissions import OPPORTUNITY, can_update_opportunity, may_reassign

OpportunityStageEnum = strawberry.enum(
    OpportunityStage,
    name="OpportunityStage",
    description=(
        "商机阶段: LEAD 线索, QUALIFIED 需求确认, SOLUTION 方案设计, "
        "NEGOTIATION 商务谈判, WON 赢单, LOST 输单."
    ),
)
OpportunityTypeEnum = strawberry.enum(
    OpportunityType,
    name="OpportunityType",
    description="商机类型: NEW_PURCHASE 新购, EXPANSION 增购, RENEWAL 续费, MIGRATION 迁移上云.",
)


@strawberry.type(name="OpportunityProgress", description="A progress update 商机进展.")
class OpportunityProgressType(Node):
    id: strawberry.ID
    note: str
    stage: OpportunityStageEnum  # type: ignore[valid-type]
    created_at: datetime
    author_id: strawberry.Private[int]

    @strawberry.field
    async def author(self, info: Info[RequestContext, Any]) -> UserType | None:
        return await user_loader(info.context).load(self.author_id)  # type: ignore[no-any-return]


def progress_from_row(row: dict[str, Any]) -> OpportunityProgressType:
    return OpportunityProgressType(
        id=strawberry.ID(to_global_id("OpportunityProgress", row["id"])),
        note=row["note"],
        stage=OpportunityStage(row["stage"]),
        created_at=row["created_at"],
        author_id=row["author_id"],
    )


@strawberry.type(name="Opportunity", description="A business opportunity 商机.")
class OpportunityType_(Node):
    id: strawberry.ID
    name: str
    industry: IndustryEnum  # type: ignore[valid-type]
    type: OpportunityTypeEnum  # type: ignore[valid-type]
    stage: OpportunityStageEnum  # type: ignore[valid-type]
    confidence: int = strawberry.field(description="把握度, percent (0-100 in steps of 10).")
    expected_monthly_revenue: Money = strawberry.field(description="预计月流水.")
    description: str
    created_at: datetime
    updated_at: datetime = strawberry.field(description="最近更新时间.")
    customer: CustomerType | None = strawberry.field(
        description="Null when the customer itself is outside the viewer's customer scope."
    )
    owner: UserType = strawberry.field(description="The owning account manager.")
    viewer_can_update: bool
    viewer_can_reassign: bool
    masked_fields: list[MaskedField] = strawberry.field(  # type: ignore[valid-type]
        description=(
            "TEXT when the name, description and progress notes are shown with the customer's name "
            "and trade name 字号 masked (while you see the customer's name masked)."
        )
    )
    revealable_fields: list[MaskedField] = strawberry.field(  # type: ignore[valid-type]
        description="TEXT when you may reveal the texts (with the customer's name; audited)."
    )
    reveal_denials: list[RevealDenial]
    pk: strawberry.Private[int]
    text_secrets: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="Progress updates 商机进展, newest first.")
    async def progress_updates(self, info: Info[RequestContext, Any]) -> list[OpportunityProgressType]:
        found: list[OpportunityProgressType] = await progress_loader(info.context).load(self.pk)
        if not self.text_secrets:
            return found
        return [dataclasses.replace(p, note=policy.show_text(self.text_secrets, p.note)) for p in found]


def opportunity_from_row(
    viewer: Viewer, row: dict[str, Any], owners: dict[int, UserType] | None = None
) -> OpportunityType_:
    customer_row = {
        "id": row["customer_id"],
        "partner_id": row["customer__partner_id"],
        "manager_id": row["customer__manager_id"],
    }
    customer = (
        customer_from_row(viewer, row, "customer__", row["customer_id"])
        if policy.in_scope(viewer, CUSTOMER, customer_row)
        else None
    )
    rights = policy.field_rights(viewer, OPPORTUNITY, row)
    secrets = policy.text_secrets(viewer, OPPORTUNITY, row, rights)
    masked, revealable, _, denials = rights_lists(rights, viewer.is_token)
    return OpportunityType_(
        id=strawberry.ID(to_global_id("Opportunity", row["id"])),
        name=policy.show_text(secrets, row["name"]),
        industry=row["industry"],
        type=row["type"],
        stage=row["stage"],
        confidence=row["confidence"],
        expected_monthly_revenue=Money.of(row["expected_monthly_revenue"], row["currency"]),
        description=policy.show_text(secrets, row["description"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        customer=customer,
        owner=_owner(viewer, row, owners),
        viewer_can_update=can_update_opportunity(viewer, row),
        viewer_can_reassign=may_reassign(viewer),
        masked_fields=masked,
        revealable_fields=revealable,
        reveal_denials=denials,
        pk=row["id"],
        text_secrets=secrets,
    )


def _owner(viewer: Viewer, row: dict[str, Any], owners: dict[int, UserType] | None) -> UserType:
    owner_id = row["owner_id"]
    if owners is None:
        return user_from_prefixed(viewer, row, "owner", owner_id)
    found = owners.get(owner_id)
    if found is None:
        found = owners[owner_id] = user_from_prefixed(viewer, row, "owner", owner_id)
    return found


def progress_loader(ctx: RequestContext) -> Any:
    async def batch(ids: list[int]) -> list[list[OpportunityProgressType]]:
        found = await service.progress_for(policy.require_viewer(ctx.viewer), list(ids))
        return [[progress_from_row(r) for r in found.get(i, [])] for i in ids]

    return loader(ctx, "opportunity_progress", batch)


async def _load(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    viewer = ctx.viewer
    if viewer is None:
        return {}
    rows = await service.OPPORTUNITY_READ.by_ids(viewer, ids)
    return {k: opportunity_from_row(viewer, r) for k, r in rows.items()}


def opportunity_loader(ctx: RequestContext) -> SharedLoader:
    """The request's one loader of opportunities (scoped; None for an unknown or unseen id), for
    other slices' nested references."""
    return by_id_loader(ctx, "opportunity", lambda ids: _load(ctx, ids))


register_node_type("Opportunity", _load)
