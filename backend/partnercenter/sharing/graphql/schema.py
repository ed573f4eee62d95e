"""Opportunity sharing queries and mutations (thin: parse input, call the service, build the payload).

There is deliberately no mutation to withdraw or edit a PO: once shared, it stays with the vendor."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.accounts.graphql.types import organization_loader
from partnercenter.core import clock
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.ids import pk_of
from partnercenter.core.mutations import attempt
from partnercenter.core.types import Connection, UserError, connection_from_page
from partnercenter.sharing import service
from partnercenter.sharing.graphql.inputs import (
    PartnerSharedOpportunityFilter,
    PartnerSharedOpportunityRecordDeliveryInput,
    PartnerSharedOpportunityShareInput,
    PartnerSharedOpportunityValidateInput,
    PceJoinInput,
    PceTermsPublishInput,
    SharedOpportunityOrder,
    VendorSharedOpportunityAcceptInput,
    VendorSharedOpportunityFilter,
    VendorSharedOpportunityRejectInput,
    VendorSharedOpportunityShareInput,
    sort_of,
)
from partnercenter.sharing.graphql.types import (
    PartnerSharedOpportunityType,
    PcePartner,
    PcePlan,
    PceTermsType,
    VendorSharedOpportunityType,
    eligibility_type,
    ho_from_row,
    plan_from,
    po_from_row,
    terms_from_row,
)
from partnercenter.sharing.permissions import (
    PARTNER_SHARED_OPPORTUNITY,
    VENDOR_SHARED_OPPORTUNITY,
)

Ctx = Info[RequestContext, Any]


@strawberry.type
class SharingQueries:
    @strawberry.field(
        description="The PCE plan 合作伙伴共拓计划: current terms, the viewer's membership, eligibility."
    )
    async def pce_plan(self, info: Ctx) -> PcePlan:
        return plan_from(await service.plan_of(policy.require_viewer(info.context.viewer)))

    @strawberry.field(description="Partners with their PCE eligibility, for a PDM sharing an HO (PDM only).")
    async def pce_partners(self, info: Ctx) -> list[PcePartner]:
        status = await service.pce_partners(policy.require_viewer(info.context.viewer))
        orgs = await organization_loader(info.context).load_many([s.org_id for s in status])
        return [
            PcePartner(organization=o, eligibility=eligibility_type(s))
            for s, o in zip(status, orgs, strict=True)
            if o is not None
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
        query = (filter or VendorSharedOpportunityFilter()).query()
        page, count = await service.list_hos(
            viewer, query, sort_of(order_by, service.HO_SORTS), PageArgs(first, after, last, before)
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
        query = (filter or PartnerSharedOpportunityFilter()).query()
        page, count = await service.list_pos(
            viewer, query, sort_of(order_by, service.PO_SORTS), PageArgs(first, after, last, before)
        )
        now = clock.now()
        return connection_from_page(page, count, lambda r: po_from_row(viewer, r, now))


# --------------------------------------------------------------------------- payloads


@strawberry.type
class PceTermsPublishPayload:
    terms: PceTermsType | None
    user_errors: list[UserError]


@strawberry.type
class PceJoinPayload:
    plan: PcePlan | None
    user_errors: list[UserError]


@strawberry.type
class VendorSharedOpportunityPayload:
    vendor_shared_opportunity: VendorSharedOpportunityType | None
    user_errors: list[UserError]


@strawberry.type
class PartnerSharedOpportunityPayload:
    partner_shared_opportunity: PartnerSharedOpportunityType | None
    user_errors: list[UserError]


async def _ho_payload(info: Ctx, call: Any) -> VendorSharedOpportunityPayload:
    ho_id, errors = await attempt(call)
    if ho_id is None:
        return VendorSharedOpportunityPayload(vendor_shared_opportunity=None, user_errors=errors)
    viewer = policy.require_viewer(info.context.viewer)
    row = (await service.hos_by_ids(viewer, [ho_id])).get(ho_id)
    ho = ho_from_row(viewer, row, clock.now()) if row else None
    return VendorSharedOpportunityPayload(vendor_shared_opportunity=ho, user_errors=[])


async def _po_payload(info: Ctx, call: Any) -> PartnerSharedOpportunityPayload:
    po_id, errors = await attempt(call)
    if po_id is None:
        return PartnerSharedOpportunityPayload(partner_shared_opportunity=None, user_errors=errors)
    viewer = policy.require_viewer(info.context.viewer)
    row = (await service.pos_by_ids(viewer, [po_id])).get(po_id)
    po = po_from_row(viewer, row, clock.now()) if row else None
    return PartnerSharedOpportunityPayload(partner_shared_opportunity=po, user_errors=[])


@strawberry.type
class SharingMutations:
    @strawberry.mutation(description="Publish a new version of the PCE terms (vendor PDM).")
    async def pce_terms_publish(self, info: Ctx, input: PceTermsPublishInput) -> PceTermsPublishPayload:
        viewer = policy.require_viewer(info.context.viewer)
        terms_id, errors = await attempt(
            service.publish_terms(viewer, input.version, input.title, input.body)
        )
        if terms_id is None:
            return PceTermsPublishPayload(terms=None, user_errors=errors)
        rows = await service.terms_by_ids([terms_id])
        return PceTermsPublishPayload(terms=terms_from_row(rows[terms_id]), user_errors=[])

    @strawberry.mutation(description="Join the PCE plan by accepting its current terms (partner admin).")
    async def pce_join(self, info: Ctx, input: PceJoinInput) -> PceJoinPayload:
        viewer = policy.require_viewer(info.context.viewer)
        joined, errors = await attempt(service.join_pce(viewer, pk_of(input.terms_id, "PceTerms")))
        if joined is None:
            return PceJoinPayload(plan=None, user_errors=errors)
        return PceJoinPayload(plan=plan_from(await service.plan_of(viewer)), user_errors=[])

    @strawberry.mutation(description="Share an opportunity with an eligible PCE partner (vendor PDM).")
    async def vendor_shared_opportunity_share(
        self, info: Ctx, input: VendorSharedOpportunityShareInput
    ) -> VendorSharedOpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        return await _ho_payload(info, service.share_ho(viewer, input.draft()))

    @strawberry.mutation(
        description="Accept an HO: it becomes an opportunity owned by the chosen manager (partner admin)."
    )
    async def vendor_shared_opportunity_accept(
        self, info: Ctx, input: VendorSharedOpportunityAcceptInput
    ) -> VendorSharedOpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        ho_id = pk_of(input.id, "VendorSharedOpportunity") or 0
        return await _ho_payload(info, service.accept_ho(viewer, ho_id, pk_of(input.owner_id, "User")))

    @strawberry.mutation(description="Reject an HO with one of the fixed reasons and a note (partner admin).")
    async def vendor_shared_opportunity_reject(
        self, info: Ctx, input: VendorSharedOpportunityRejectInput
    ) -> VendorSharedOpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        ho_id = pk_of(input.id, "VendorSharedOpportunity") or 0
        return await _ho_payload(info, service.reject_ho(viewer, ho_id, input.reason, input.note))

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
        opportunity_id = pk_of(input.opportunity_id, "Opportunity") or 0
        return await _po_payload(
            info, service.share_po(viewer, opportunity_id, input.support_kind, input.need)
        )

    @strawberry.mutation(description="Approve or reject (with a reason) a pending PO (vendor PDM).")
    async def partner_shared_opportunity_validate(
        self, info: Ctx, input: PartnerSharedOpportunityValidateInput
    ) -> PartnerSharedOpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        po_id = pk_of(input.id, "PartnerSharedOpportunity") or 0
        return await _po_payload(info, service.validate_po(viewer, po_id, input.decision, input.reason))

    @strawberry.mutation(description="Record when an approved PO was signed and delivered (vendor PDM).")
    async def partner_shared_opportunity_record_delivery(
        self, info: Ctx, input: PartnerSharedOpportunityRecordDeliveryInput
    ) -> PartnerSharedOpportunityPayload:
        viewer = policy.require_viewer(info.context.viewer)
        po_id = pk_of(input.id, "PartnerSharedOpportunity") or 0
        return await _po_payload(
            info, service.record_po_delivery(viewer, po_id, input.signed_at, input.delivered_at)
        )
