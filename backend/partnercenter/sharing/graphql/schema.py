"""Opportunity sharing queries and mutations (thin: parse input, call the service, build the payload).

There is deliberately no mutation to withdraw or edit a PO: once shared, it stays with the vendor."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.accounts.graphql.types import organization_loader
from partnercenter.core import clock
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.errors import DomainError, ErrorCode, PublicError
from partnercenter.core.ids import pk_of
from partnercenter.core.types import Connection, MoneyInput, OrderDirection, UserError, connection_from_page
from partnercenter.customers.graphql.types import IndustryEnum
from partnercenter.opportunities.enums import OpportunityType
from partnercenter.opportunities.graphql.types import OpportunityTypeEnum
from partnercenter.sharing import jobs as _jobs  # noqa: F401  (registers the deadline job)
from partnercenter.sharing import service
from partnercenter.sharing.graphql.types import (
    HoRejectReasonEnum,
    HoStateEnum,
    PartnerSharedOpportunityType,
    PceMembership,
    PcePartner,
    PcePlan,
    PceTermsType,
    PoDecisionEnum,
    PoStateEnum,
    SupportKindEnum,
    VendorSharedOpportunityType,
    eligibility_type,
    ho_from_row,
    po_from_row,
    terms_from_row,
)
from partnercenter.sharing.permissions import (
    PARTNER_SHARED_OPPORTUNITY,
    VENDOR_SHARED_OPPORTUNITY,
    may_join_pce,
    may_see_pce_status,
    may_share_ho,
)

Ctx = Info[RequestContext, Any]


@strawberry.enum
class SharedOpportunityOrderField(Enum):
    SHARED_AT = "SHARED_AT"
    DEADLINE_AT = "DEADLINE_AT"


@strawberry.input
class SharedOpportunityOrder:
    field: SharedOpportunityOrderField = SharedOpportunityOrderField.SHARED_AT
    direction: OrderDirection = OrderDirection.DESC


@strawberry.input(description="Filters combine with AND; list values match any of their items.")
class VendorSharedOpportunityFilter:
    states: list[HoStateEnum] | None = None  # type: ignore[valid-type]
    partner_ids: list[strawberry.ID] | None = None
    deadline_before: datetime | None = None


@strawberry.input(description="Filters combine with AND; list values match any of their items.")
class PartnerSharedOpportunityFilter:
    states: list[PoStateEnum] | None = None  # type: ignore[valid-type]
    support_kinds: list[SupportKindEnum] | None = None  # type: ignore[valid-type]
    duplicate: bool | None = strawberry.field(
        default=None, description="Only flagged duplicates (or only not)."
    )
    opportunity_ids: list[strawberry.ID] | None = None


def _pks(ids: list[strawberry.ID] | None, type_name: str) -> list[int] | None:
    return None if ids is None else [p for g in ids if (p := pk_of(g, type_name))]


def _sort(order: SharedOpportunityOrder | None, sorts: dict[Any, Any]) -> Any:
    o = order or SharedOpportunityOrder()
    return sorts[(o.field.value, o.direction is OrderDirection.DESC)]


@strawberry.type
class SharingQueries:
    @strawberry.field(
        description="The PCE plan 合作伙伴共拓计划: current terms, the viewer's membership, eligibility."
    )
    async def pce_plan(self, info: Ctx) -> PcePlan:
        viewer = policy.require_viewer(info.context.viewer)
        terms = await service.current_terms()
        membership = eligibility = None
        if may_see_pce_status(viewer):
            accepted = (await service.latest_acceptances([viewer.org_id])).get(viewer.org_id)
            if accepted is not None:
                membership = PceMembership(
                    terms_version=accepted["terms__version"],
                    accepted_at=accepted["accepted_at"],
                    accepted_current_terms=terms is not None and accepted["terms_id"] == terms["id"],
                    accepted_by_id=accepted["accepted_by_id"],
                )
            found = (await service.eligibility_of([viewer.org_id])).get(viewer.org_id)
            eligibility = eligibility_type(found) if found is not None else None
        return PcePlan(
            current_terms=terms_from_row(terms) if terms else None,
            membership=membership,
            eligibility=eligibility,
            viewer_can_join=may_join_pce(viewer) and terms is not None,
        )

    @strawberry.field(description="Partners with their PCE eligibility, for a PDM sharing an HO (PDM only).")
    async def pce_partners(self, info: Ctx) -> list[PcePartner]:
        viewer = policy.require_viewer(info.context.viewer)
        if not may_share_ho(viewer):
            raise PublicError(ErrorCode.FORBIDDEN, "Only vendor PDMs share opportunities with partners.")
        ids = await service.partner_ids_for_sharing(viewer)
        status = await service.eligibility_of(ids)
        orgs = await organization_loader(info.context).load_many(ids)
        return [
            PcePartner(organization=o, eligibility=eligibility_type(status[i]))
            for i, o in zip(ids, orgs, strict=True)
            if o is not None and i in status
        ]

    @strawberry.field(
        description="由华为共享 (HO): the partner admin's HOs, or those the PDM shared; keyset paginated."
    )
    async def vendor_shared_opportunities(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: VendorSharedOpportunityFilter | None = None,
        order_by: SharedOpportunityOrder | None = None,
    ) -> Connection[VendorSharedOpportunityType]:
        viewer = policy.require_read(info.context.viewer, VENDOR_SHARED_OPPORTUNITY)
        f = filter or VendorSharedOpportunityFilter()
        query = service.HoQuery(
            states=f.states,
            partner_ids=_pks(f.partner_ids, "Organization"),
            deadline_before=f.deadline_before,
        )
        page, count = await service.list_hos(
            viewer, query, _sort(order_by, service.HO_SORTS), PageArgs(first, after, last, before)
        )
        now = clock.now()
        return connection_from_page(page, count, lambda r: ho_from_row(viewer, r, now))

    @strawberry.field(description="共享给华为 (PO): POs in the viewer's scope (PDM: all); keyset paginated.")
    async def partner_shared_opportunities(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: PartnerSharedOpportunityFilter | None = None,
        order_by: SharedOpportunityOrder | None = None,
    ) -> Connection[PartnerSharedOpportunityType]:
        viewer = policy.require_read(info.context.viewer, PARTNER_SHARED_OPPORTUNITY)
        f = filter or PartnerSharedOpportunityFilter()
        query = service.PoQuery(
            states=f.states,
            support_kinds=f.support_kinds,
            duplicate=f.duplicate,
            opportunity_ids=_pks(f.opportunity_ids, "Opportunity"),
        )
        page, count = await service.list_pos(
            viewer, query, _sort(order_by, service.PO_SORTS), PageArgs(first, after, last, before)
        )
        now = clock.now()
        return connection_from_page(page, count, lambda r: po_from_row(viewer, r, now))


# --------------------------------------------------------------------------- inputs and payloads


@strawberry.input
class PceTermsPublishInput:
    version: str
    title: str
    body: str


@strawberry.type
class PceTermsPublishPayload:
    terms: PceTermsType | None
    user_errors: list[UserError]


@strawberry.input
class PceJoinInput:
    terms_id: strawberry.ID = strawberry.field(
        description="The current terms, which the partner admin accepts."
    )


@strawberry.type
class PceJoinPayload:
    plan: PcePlan | None
    user_errors: list[UserError]


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


@strawberry.type
class VendorSharedOpportunityPayload:
    vendor_shared_opportunity: VendorSharedOpportunityType | None
    user_errors: list[UserError]


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


@strawberry.type
class PartnerSharedOpportunityPayload:
    partner_shared_opportunity: PartnerSharedOpportunityType | None
    user_errors: list[UserError]


def _errors(result: list[DomainError]) -> list[UserError]:
    return [UserError.of(e) for e in result]


async def _ho_payload(info: Ctx, result: list[DomainError] | int) -> VendorSharedOpportunityPayload:
    if isinstance(result, list):
        return VendorSharedOpportunityPayload(vendor_shared_opportunity=None, user_errors=_errors(result))
    viewer = policy.require_viewer(info.context.viewer)
    row = (await service.hos_by_ids(viewer, [result])).get(result)
    ho = ho_from_row(viewer, row, clock.now()) if row else None
    return VendorSharedOpportunityPayload(vendor_shared_opportunity=ho, user_errors=[])


async def _po_payload(info: Ctx, result: list[DomainError] | int) -> PartnerSharedOpportunityPayload:
    if isinstance(result, list):
        return PartnerSharedOpportunityPayload(partner_shared_opportunity=None, user_errors=_errors(result))
    viewer = policy.require_viewer(info.context.viewer)
    row = (await service.pos_by_ids(viewer, [result])).get(result)
    po = po_from_row(viewer, row, clock.now()) if row else None
    return PartnerSharedOpportunityPayload(partner_shared_opportunity=po, user_errors=[])


@strawberry.type
class SharingMutations:
    @strawberry.mutation(description="Publish a new version of the PCE terms (vendor PDM).")
    async def pce_terms_publish(self, info: Ctx, input: PceTermsPublishInput) -> PceTermsPublishPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.publish_terms(viewer, input.version, input.title, input.body)
        if isinstance(result, list):
            return PceTermsPublishPayload(terms=None, user_errors=_errors(result))
        rows = await service.terms_by_ids([result])
        return PceTermsPublishPayload(terms=terms_from_row(rows[result]), user_errors=[])

    @strawberry.mutation(description="Join the PCE plan by accepting its current terms (partner admin).")
    async def pce_join(self, info: Ctx, input: PceJoinInput) -> PceJoinPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.join_pce(viewer, pk_of(input.terms_id, "PceTerms"))
        if isinstance(result, list):
            return PceJoinPayload(plan=None, user_errors=_errors(result))
        return PceJoinPayload(plan=await SharingQueries().pce_plan(info), user_errors=[])

    @strawberry.mutation(description="Share an opportunity with an eligible PCE partner (vendor PDM).")
    async def vendor_shared_opportunity_share(
        self, info: Ctx, input: VendorSharedOpportunityShareInput
    ) -> VendorSharedOpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        draft = service.HoDraft(
            partner_id=pk_of(input.partner_id, "Organization"),
            title=input.title,
            customer_name=input.customer_name,
            industry=input.industry,
            region=input.region,
            need=input.need,
            expected_monthly_revenue=input.expected_monthly_revenue.amount,
            currency=input.expected_monthly_revenue.currency,
            contact_phone=input.contact_phone,
            contact_email=input.contact_email,
            opportunity_type=input.opportunity_type,
            description=input.description,
        )
        return await _ho_payload(info, await service.share_ho(viewer, draft))

    @strawberry.mutation(
        description="Accept an HO: it becomes an opportunity owned by the chosen manager (partner admin)."
    )
    async def vendor_shared_opportunity_accept(
        self, info: Ctx, input: VendorSharedOpportunityAcceptInput
    ) -> VendorSharedOpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.accept_ho(
            viewer, pk_of(input.id, "VendorSharedOpportunity") or 0, pk_of(input.owner_id, "User")
        )
        return await _ho_payload(info, result)

    @strawberry.mutation(description="Reject an HO with one of the fixed reasons and a note (partner admin).")
    async def vendor_shared_opportunity_reject(
        self, info: Ctx, input: VendorSharedOpportunityRejectInput
    ) -> VendorSharedOpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.reject_ho(
            viewer, pk_of(input.id, "VendorSharedOpportunity") or 0, input.reason, input.note
        )
        return await _ho_payload(info, result)

    @strawberry.mutation(
        description=(
            "Share one of the partner's opportunities with the vendor asking for support (partner admin or "
            "the opportunity's owner). It cannot be withdrawn."
        )
    )
    async def partner_shared_opportunity_share(
        self, info: Ctx, input: PartnerSharedOpportunityShareInput
    ) -> PartnerSharedOpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.share_po(
            viewer, pk_of(input.opportunity_id, "Opportunity") or 0, input.support_kind, input.need
        )
        return await _po_payload(info, result)

    @strawberry.mutation(description="Approve or reject (with a reason) a pending PO (vendor PDM).")
    async def partner_shared_opportunity_validate(
        self, info: Ctx, input: PartnerSharedOpportunityValidateInput
    ) -> PartnerSharedOpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.validate_po(
            viewer, pk_of(input.id, "PartnerSharedOpportunity") or 0, input.decision, input.reason
        )
        return await _po_payload(info, result)

    @strawberry.mutation(description="Record when an approved PO was signed and delivered (vendor PDM).")
    async def partner_shared_opportunity_record_delivery(
        self, info: Ctx, input: PartnerSharedOpportunityRecordDeliveryInput
    ) -> PartnerSharedOpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.record_po_delivery(
            viewer, pk_of(input.id, "PartnerSharedOpportunity") or 0, input.signed_at, input.delivered_at
        )
        return await _po_payload(info, result)
