"""GraphQL inputs of opportunity sharing: list filters and order, mutation inputs."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from partnercenter.core.ids import pk_of
from partnercenter.core.types import MoneyInput, OrderDirection
from partnercenter.customers.graphql.types import IndustryEnum
from partnercenter.opportunities.enums import OpportunityType
from partnercenter.opportunities.graphql.types import OpportunityTypeEnum
from partnercenter.sharing import service
from partnercenter.sharing.graphql.types import (
    HoRejectReasonEnum,
    HoStateEnum,
    PoDecisionEnum,
    PoStateEnum,
    SupportKindEnum,
)


@strawberry.enum
class SharedOpportunityOrderField(Enum):
    SHARED_AT = "SHARED_AT"
    DEADLINE_AT = "DEADLINE_AT"


@strawberry.input
class SharedOpportunityOrder:
    field: SharedOpportunityOrderField = SharedOpportunityOrderField.SHARED_AT
    direction: OrderDirection = OrderDirection.DESC


def sort_of(order: SharedOpportunityOrder | None, sorts: dict[Any, Any]) -> Any:
    """The service's sort key for a list's order input (default: newest shared first)."""
    o = order or SharedOpportunityOrder()
    return sorts[(o.field.value, o.direction is OrderDirection.DESC)]


def _pks(ids: list[strawberry.ID] | None, type_name: str) -> list[int] | None:
    return None if ids is None else [p for g in ids if (p := pk_of(g, type_name))]


@strawberry.input(description="Filters combine with AND; list values match any of their items.")
class VendorSharedOpportunityFilter:
    states: list[HoStateEnum] | None = None  # type: ignore[valid-type]
    partner_ids: list[strawberry.ID] | None = None
    deadline_before: datetime | None = None

    def query(self) -> service.HoQuery:
        return service.HoQuery(
            states=self.states,
            partner_ids=_pks(self.partner_ids, "Organization"),
            deadline_before=self.deadline_before,
        )


@strawberry.input(description="Filters combine with AND; list values match any of their items.")
class PartnerSharedOpportunityFilter:
    states: list[PoStateEnum] | None = None  # type: ignore[valid-type]
    support_kinds: list[SupportKindEnum] | None = None  # type: ignore[valid-type]
    duplicate: bool | None = strawberry.field(
        default=None, description="Only flagged duplicates (or only not)."
    )
    opportunity_ids: list[strawberry.ID] | None = None

    def query(self) -> service.PoQuery:
        return service.PoQuery(
            states=self.states,
            support_kinds=self.support_kinds,
            duplicate=self.duplicate,
            opportunity_ids=_pks(self.opportunity_ids, "Opportunity"),
        )


@strawberry.input
class PceTermsPublishInput:
    version: str
    title: str
    body: str


@strawberry.input
class PceJoinInput:
    terms_id: strawberry.ID = strawberry.field(
        description="The current terms, which the partner admin accepts."
    )


@strawberry.input
class VendorSharedOpportunityShareInput:
    partner_id: strawberry.ID
    title: str
    customer_name: str
    industry: IndustryEnum  # type: ignore[valid-type]
    region: str
    need: str
    expected_monthly_revenue: MoneyInput
    contact_phone: str = ""
    contact_email: str = ""
    opportunity_type: OpportunityTypeEnum = OpportunityType.NEW_PURCHASE  # type: ignore[valid-type]
    description: str = ""

    def draft(self) -> service.HoDraft:
        return service.HoDraft(
            partner_id=pk_of(self.partner_id, "Organization"),
            title=self.title,
            customer_name=self.customer_name,
            industry=self.industry,
            region=self.region,
            need=self.need,
            expected_monthly_revenue=self.expected_monthly_revenue.amount,
            currency=self.expected_monthly_revenue.currency,
            contact_phone=self.contact_phone,
            contact_email=self.contact_email,
            opportunity_type=self.opportunity_type,
            description=self.description,
        )


@strawberry.input
class VendorSharedOpportunityAcceptInput:
    id: strawberry.ID
    owner_id: strawberry.ID = strawberry.field(
        description="The account manager who will own the opportunity."
    )


@strawberry.input
class VendorSharedOpportunityRejectInput:
    id: strawberry.ID
    reason: HoRejectReasonEnum  # type: ignore[valid-type]
    note: str = ""


@strawberry.input
class PartnerSharedOpportunityShareInput:
    opportunity_id: strawberry.ID
    support_kind: SupportKindEnum  # type: ignore[valid-type]
    need: str


@strawberry.input
class PartnerSharedOpportunityValidateInput:
    id: strawberry.ID
    decision: PoDecisionEnum  # type: ignore[valid-type]
    reason: str = ""


@strawberry.input
class PartnerSharedOpportunityRecordDeliveryInput:
    id: strawberry.ID
    signed_at: datetime
    delivered_at: datetime
