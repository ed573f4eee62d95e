"""GraphQL types of opportunity sharing: PCE plan, HO (shared by the vendor), PO (shared by a partner).
Masking and withholding are decided by the access policy, once per object."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.access.graphql.types import MaskedField, RevealDenial
from partnercenter.access.presenting import rights_lists
from partnercenter.accounts.graphql.types import (
    OrganizationType,
    PathStageEnum,
    UserType,
    organization_loader,
    user_from_prefixed,
    user_loader,
)
from partnercenter.accounts.permissions import USER
from partnercenter.core import clock
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import to_global_id
from partnercenter.core.loaders import by_id_loader
from partnercenter.core.node import register_node_type
from partnercenter.core.types import Money, Node
from partnercenter.customers.graphql.types import CustomerType, IndustryEnum, customer_from_row
from partnercenter.customers.permissions import CUSTOMER
from partnercenter.opportunities import service as opportunities
from partnercenter.opportunities.graphql.types import (
    OpportunityType_,
    OpportunityTypeEnum,
    opportunity_from_row,
)
from partnercenter.sharing import service
from partnercenter.sharing.enums import (
    EligibilityCriterion,
    HoRejectReason,
    HoState,
    PoDecision,
    PoRejection,
    PoState,
    SupportKind,
)
from partnercenter.sharing.permissions import (
    HO_DETAIL_COLUMNS,
    PARTNER_SHARED_OPPORTUNITY,
    VENDOR_SHARED_OPPORTUNITY,
)

HoStateEnum = strawberry.enum(
    HoState, name="HoState", description="由华为共享 (HO): PENDING 待处理, ACCEPTED 已接受, REJECTED 已拒绝."
)
HoRejectReasonEnum = strawberry.enum(
    HoRejectReason,
    name="HoRejectReason",
    description=(
        "Why an HO was rejected: NO_CAPACITY 资源不足, INDUSTRY_NOT_COVERED 非擅长行业, REGION_NOT_COVERED "
        "区域未覆盖, CUSTOMER_CONFLICT 客户冲突, INSUFFICIENT_INFORMATION 信息不足, OTHER 其他 (with a "
        "note), EXPIRED 超期自动拒绝 (set by the deadline job only)."
    ),
)
SupportKindEnum = strawberry.enum(
    SupportKind,
    name="SupportKind",
    description=(
        "Support asked for with a PO: ARCHITECTURE_VALIDATION 架构验证, BUSINESS_DEMO 业务演示, "
        "TECHNICAL_CONSULTING 技术咨询, STRATEGY_SUPPORT 策略支持, RESOURCE_CONFIGURATION_SUPPORT "
        "资源配置支持, VISIBLE_ONLY 仅供可视."
    ),
)
PoStateEnum = strawberry.enum(
    PoState, name="PoState", description="共享给华为 (PO): PENDING 待验证, APPROVED 已通过, REJECTED 已驳回."
)
PoRejectionEnum = strawberry.enum(
    PoRejection,
    name="PoRejection",
    description="BY_VENDOR: a PDM rejected it with a reason. EXPIRED: not validated in time (default).",
)
PoDecisionEnum = strawberry.enum(PoDecision, name="PoDecision", description="A PDM's validation of a PO.")
EligibilityCriterionEnum = strawberry.enum(
    EligibilityCriterion,
    name="PceEligibilityCriterion",
    description=(
        "PCE_MEMBER: joined the plan. PATH_DIFFERENTIATED: path stage 差异化. PATH_CERTIFIED: path stage "
        "已认证 or above. DELIVERED_POS: signed-and-delivered POs in the last 12 months (3 needed)."
    ),
)


# --------------------------------------------------------------------------- PCE plan


@strawberry.type(
    name="PceTerms", description="A published version of the PCE plan terms 合作伙伴共拓计划条款."
)
class PceTermsType(Node):
    id: strawberry.ID
    version: str
    title: str
    body: str
    published_at: datetime


def terms_from_row(row: dict[str, Any]) -> PceTermsType:
    return PceTermsType(
        id=strawberry.ID(to_global_id("PceTerms", row["id"])),
        version=row["version"],
        title=row["title"],
        body=row["body"],
        published_at=row["published_at"],
    )


@strawberry.type(name="PceCriterionStatus", description="One eligibility criterion, met or missing.")
class PceCriterionStatus:
    criterion: EligibilityCriterionEnum  # type: ignore[valid-type]
    met: bool
    actual: int | None = strawberry.field(description="The count so far (DELIVERED_POS only).")
    required: int | None = strawberry.field(description="The count needed (DELIVERED_POS only).")


@strawberry.type(
    name="PceEligibility",
    description=(
        "Whether a partner may receive vendor-shared opportunities (HO): a PCE member that is "
        "differentiated, or certified with 3 signed-and-delivered POs in the last 12 months."
    ),
)
class PceEligibility:
    eligible: bool
    member: bool
    path_stage: PathStageEnum  # type: ignore[valid-type]
    delivered_pos: int = strawberry.field(description="Signed-and-delivered POs in the last 12 months.")
    criteria: list[PceCriterionStatus]
    missing: list[EligibilityCriterionEnum] = strawberry.field(  # type: ignore[valid-type]
        description="What is still missing on the shortest way to eligibility (empty when eligible)."
    )


def eligibility_type(e: service.Eligibility) -> PceEligibility:
    return PceEligibility(
        eligible=e.eligible,
        member=e.member,
        path_stage=e.path_stage,
        delivered_pos=e.delivered_pos,
        criteria=[PceCriterionStatus(criterion=c.criterion, met=c.met, actual=c.actual, required=c.required)
                  for c in e.criteria],
        missing=e.missing,
    )  # fmt: skip


@strawberry.type(
    name="PceMembership", description="The partner's acceptance of the PCE terms (who, when, which)."
)
class PceMembership:
    terms_version: str
    accepted_at: datetime
    accepted_current_terms: bool
    accepted_by_id: strawberry.Private[int]

    @strawberry.field(description="The partner admin who accepted (null outside your people scope).")
    async def accepted_by(self, info: Info[RequestContext, Any]) -> UserType | None:
        return await user_loader(info.context).load(self.accepted_by_id)  # type: ignore[no-any-return]


@strawberry.type(
    name="PcePlan", description="The PCE plan 合作伙伴共拓计划 as the viewer's organisation sees it."
)
class PcePlan:
    current_terms: PceTermsType | None
    membership: PceMembership | None = strawberry.field(description="Null for vendor staff and non-members.")
    eligibility: PceEligibility | None = strawberry.field(description="Null for vendor staff.")
    viewer_can_join: bool = strawberry.field(
        description="The viewer may accept the current terms (partner admin)."
    )


def plan_from(view: service.PlanView) -> PcePlan:
    accepted = view.acceptance
    membership = (
        None
        if accepted is None
        else PceMembership(
            terms_version=accepted["terms__version"],
            accepted_at=accepted["accepted_at"],
            accepted_current_terms=view.accepted_current_terms,
            accepted_by_id=accepted["accepted_by_id"],
        )
    )
    return PcePlan(
        current_terms=terms_from_row(view.terms) if view.terms else None,
        membership=membership,
        eligibility=eligibility_type(view.eligibility) if view.eligibility is not None else None,
        viewer_can_join=view.can_join,
    )


@strawberry.type(
    name="PcePartner", description="A partner with its PCE status (for a PDM choosing where to share)."
)
class PcePartner:
    organization: OrganizationType
    eligibility: PceEligibility


# --------------------------------------------------------------------------- HO


@strawberry.type(
    name="VendorSharedOpportunity",
    description=(
        "由华为共享 (HO): an opportunity a vendor PDM shared with the partner. Before it is accepted the "
        "partner sees a summary only (customer name masked, not revealable; details null)."
    ),
)
class VendorSharedOpportunityType(Node):
    id: strawberry.ID
    title: str
    customer_name: str = strawberry.field(
        description="Masked; revealable once accepted (partner admin, PDM)."
    )
    contact_phone: str | None = strawberry.field(description="Withheld (null) in the summary.")
    contact_email: str | None = strawberry.field(description="Withheld (null) in the summary.")
    industry: IndustryEnum  # type: ignore[valid-type]
    region: str
    need: str
    opportunity_type: OpportunityTypeEnum | None  # type: ignore[valid-type]
    expected_monthly_revenue: Money | None = strawberry.field(description="Null in the summary.")
    description: str | None = strawberry.field(description="Null in the summary.")
    state: HoStateEnum  # type: ignore[valid-type]
    shared_at: datetime
    deadline_at: datetime = strawberry.field(description="End of the 3rd working day after sharing (UTC).")
    handled_at: datetime | None
    reject_reason: HoRejectReasonEnum | None  # type: ignore[valid-type]
    reject_note: str
    summary_only: bool = strawberry.field(description="The viewer sees the summary only (not accepted).")
    masked_fields: list[MaskedField]  # type: ignore[valid-type]
    revealable_fields: list[MaskedField]  # type: ignore[valid-type]
    hidden_fields: list[MaskedField]  # type: ignore[valid-type]
    reveal_denials: list[RevealDenial]
    viewer_can_handle: bool = strawberry.field(description="The viewer may accept or reject it now.")
    available_actions: list[str] = strawberry.field(
        description="The workflow transitions the viewer may fire now (ACCEPT, REJECT), none once handled."
    )
    shared_by: UserType | None = strawberry.field(
        description="The sharing PDM (null outside your people scope)."
    )
    partner_id: strawberry.Private[int]
    opportunity_id: strawberry.Private[int | None]

    @strawberry.field(description="The partner it was shared with.")
    async def partner(self, info: Info[RequestContext, Any]) -> OrganizationType | None:
        return await organization_loader(info.context).load(self.partner_id)

    @strawberry.field(
        description="The partner's opportunity created on acceptance (null before, or out of scope)."
    )
    async def opportunity(self, info: Info[RequestContext, Any]) -> OpportunityType_ | None:
        if self.opportunity_id is None:
            return None
        return await opportunity_loader(info.context).load(self.opportunity_id)  # type: ignore[no-any-return]


def ho_from_row(viewer: Viewer, row: dict[str, Any], now: datetime) -> VendorSharedOpportunityType:
    shown, rights = policy.present(viewer, VENDOR_SHARED_OPPORTUNITY, row)
    masked, revealable, hidden, denials = rights_lists(rights, viewer.is_token)
    summary = rights.summary_only
    withheld = set(HO_DETAIL_COLUMNS) if summary else set()
    actions = service.ho_actions(viewer, row, now)
    shared_by_id = row["shared_by_id"]
    shared_by = (
        user_from_prefixed(viewer, row, "shared_by", shared_by_id)
        if "shared_by__name" in row
        and policy.in_scope(viewer, USER, {"id": shared_by_id, "org_id": row["shared_by__org_id"]})
        else None
    )
    return VendorSharedOpportunityType(
        id=strawberry.ID(to_global_id("VendorSharedOpportunity", row["id"])),
        title=row["title"],
        customer_name=shown["name"],
        contact_phone=None if "contact_phone" in withheld else shown.get("phone"),
        contact_email=None if "contact_email" in withheld else shown.get("email"),
        industry=row["industry"],
        region=row["region"],
        need=row["need"],
        opportunity_type=None if "opportunity_type" in withheld else row["opportunity_type"],
        expected_monthly_revenue=None
        if "expected_monthly_revenue" in withheld
        else Money.of(row["expected_monthly_revenue"], row["currency"]),
        description=None if "description" in withheld else row["description"],
        state=row["state"],
        shared_at=row["shared_at"],
        deadline_at=row["deadline_at"],
        handled_at=row["handled_at"],
        reject_reason=row["reject_reason"],
        reject_note=row["reject_note"],
        summary_only=summary,
        masked_fields=masked,
        revealable_fields=revealable,
        hidden_fields=hidden,
        reveal_denials=denials,
        viewer_can_handle=bool(actions),
        available_actions=actions,
        shared_by=shared_by,
        partner_id=row["partner_id"],
        opportunity_id=row["opportunity_id"],
    )


# --------------------------------------------------------------------------- PO


@strawberry.type(
    name="PartnerSharedOpportunity",
    description="共享给华为 (PO): a partner's opportunity shared with the vendor. It cannot be withdrawn.",
)
class PartnerSharedOpportunityType(Node):
    id: strawberry.ID
    support_kind: SupportKindEnum  # type: ignore[valid-type]
    need: str
    state: PoStateEnum  # type: ignore[valid-type]
    shared_at: datetime
    deadline_at: datetime = strawberry.field(description="End of the 10th working day after sharing (UTC).")
    validated_at: datetime | None
    rejection: PoRejectionEnum | None  # type: ignore[valid-type]
    reject_reason: str
    signed_at: datetime | None
    delivered_at: datetime | None
    is_duplicate: bool = strawberry.field(
        description="A duplicate of an earlier PO for the same customer and need (the earlier wins)."
    )
    customer: CustomerType | None = strawberry.field(description="Null outside your customer scope.")
    partner_name: str
    viewer_can_validate: bool
    available_actions: list[str] = strawberry.field(
        description="The workflow transitions the viewer may fire now (APPROVE, REJECT), none once validated."
    )
    partner_id: strawberry.Private[int]
    opportunity_id: strawberry.Private[int]
    shared_by_id: strawberry.Private[int]
    duplicate_of_id: strawberry.Private[int | None]

    @strawberry.field(description="The partner that shared it.")
    async def partner(self, info: Info[RequestContext, Any]) -> OrganizationType | None:
        return await organization_loader(info.context).load(self.partner_id)

    @strawberry.field(description="The shared opportunity (null outside your opportunity scope).")
    async def opportunity(self, info: Info[RequestContext, Any]) -> OpportunityType_ | None:
        return await opportunity_loader(info.context).load(self.opportunity_id)  # type: ignore[no-any-return]

    @strawberry.field(description="Who shared it (null outside your people scope).")
    async def shared_by(self, info: Info[RequestContext, Any]) -> UserType | None:
        return await user_loader(info.context).load(self.shared_by_id)  # type: ignore[no-any-return]

    @strawberry.field(description="The earlier PO it duplicates (null if none, or out of scope).")
    async def duplicate_of(self, info: Info[RequestContext, Any]) -> PartnerSharedOpportunityType | None:
        if self.duplicate_of_id is None or info.context.viewer is None:
            return None
        row = await service.PO_READ.loader(info.context).load(self.duplicate_of_id)
        return None if row is None else po_from_row(info.context.viewer, row, clock.now())


def po_from_row(viewer: Viewer, row: dict[str, Any], now: datetime) -> PartnerSharedOpportunityType:
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
    texts = policy.present_texts(viewer, PARTNER_SHARED_OPPORTUNITY, row)
    actions = service.po_actions(viewer, row, now)
    return PartnerSharedOpportunityType(
        id=strawberry.ID(to_global_id("PartnerSharedOpportunity", row["id"])),
        support_kind=row["support_kind"],
        need=texts["need"],
        state=row["state"],
        shared_at=row["shared_at"],
        deadline_at=row["deadline_at"],
        validated_at=row["validated_at"],
        rejection=row["rejection"],
        reject_reason=texts["reject_reason"],
        signed_at=row["signed_at"],
        delivered_at=row["delivered_at"],
        is_duplicate=row["duplicate_of_id"] is not None,
        customer=customer,
        partner_name=row["partner__name"],
        viewer_can_validate=bool(actions),
        available_actions=actions,
        partner_id=row["partner_id"],
        opportunity_id=row["opportunity_id"],
        shared_by_id=row["shared_by_id"],
        duplicate_of_id=row["duplicate_of_id"],
    )


# --------------------------------------------------------------------------- loaders and nodes


def opportunity_loader(ctx: RequestContext) -> Any:
    async def fetch(ids: list[int]) -> dict[int, OpportunityType_]:
        viewer = policy.require_viewer(ctx.viewer)
        rows = await opportunities.opportunities_by_ids(viewer, ids)
        return {k: opportunity_from_row(viewer, r) for k, r in rows.items()}

    return by_id_loader(ctx, "sharing.opportunity", fetch)


async def _load_hos(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    now = clock.now()
    rows = await service.HO_READ.by_ids(ctx.viewer, ids)
    return {k: ho_from_row(ctx.viewer, r, now) for k, r in rows.items()}


async def _load_pos(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    now = clock.now()
    rows = await service.PO_READ.by_ids(ctx.viewer, ids)
    return {k: po_from_row(ctx.viewer, r, now) for k, r in rows.items()}


async def _load_terms(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    return {k: terms_from_row(r) for k, r in (await service.terms_by_ids(ids)).items()}


register_node_type("VendorSharedOpportunity", _load_hos)
register_node_type("PartnerSharedOpportunity", _load_pos)
register_node_type("PceTerms", _load_terms)
