"""Coupon quotas, coupons and the operation log: lists and mutations (thin: the rules are in
coupons.service). The `coupons-expiry` job is in coupons/jobs.py."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.access.policy import Resource
from partnercenter.accounts.enums import OrgKind
from partnercenter.accounts.graphql.types import OrganizationType, organization_from_row
from partnercenter.accounts.models import Organization
from partnercenter.catalogue.graphql.types import CloudServiceEnum
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.errors import DomainError
from partnercenter.core.ids import pk_of
from partnercenter.core.types import (
    Connection,
    DateTimeRange,
    MoneyInput,
    UserError,
    connection_from_page,
)
from partnercenter.coupons import service
from partnercenter.coupons.graphql.types import (
    CouponKindEnum,
    CouponOperationKindEnum,
    CouponOperationType,
    CouponQuotaType,
    CouponStateEnum,
    CouponType,
    IssueFailureEnum,
    QuotaStateEnum,
    coupon_from_row,
    operation_from_row,
    quota_from_row,
)

Ctx = Info[RequestContext, Any]


_ORG_COLUMNS = (
    "id",
    "name",
    "kind",
    "is_distributor",
    "is_reseller",
    "is_service_provider",
    "is_solution_partner",
    "distributor_id",
    "path_stage",
    "core_map",
)


def _pks(ids: list[strawberry.ID] | None, type_name: str) -> list[int] | None:
    return None if ids is None else [p for g in ids if (p := pk_of(g, type_name))]


@strawberry.input
class CouponQuotaFilter:
    kinds: list[CouponKindEnum] | None = None  # type: ignore[valid-type]
    states: list[QuotaStateEnum] | None = None  # type: ignore[valid-type]
    partner_ids: list[strawberry.ID] | None = None
    own_only: bool = strawberry.field(
        default=False, description="Only quotas the viewer's organisation holds."
    )


@strawberry.input
class CouponFilter:
    kinds: list[CouponKindEnum] | None = None  # type: ignore[valid-type]
    states: list[CouponStateEnum] | None = None  # type: ignore[valid-type]
    customer_ids: list[strawberry.ID] | None = None
    quota_ids: list[strawberry.ID] | None = None
    issued_at: DateTimeRange | None = None


@strawberry.input
class CouponOperationFilter:
    kinds: list[CouponOperationKindEnum] | None = None  # type: ignore[valid-type]
    coupon_ids: list[strawberry.ID] | None = None
    customer_ids: list[strawberry.ID] | None = None
    at: DateTimeRange | None = None


@strawberry.type
class CouponQueries:
    @strawberry.field(description="Coupon quotas 券额度 in the viewer's scope, newest first.")
    async def coupon_quotas(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: CouponQuotaFilter | None = None,
    ) -> Connection[CouponQuotaType]:
        viewer = policy.require_read(info.context.viewer, Resource.COUPON_QUOTA)
        f = filter or CouponQuotaFilter()
        query = service.QuotaQuery(
            kinds=f.kinds,
            states=f.states,
            partner_ids=_pks(f.partner_ids, "Organization"),
            own_only=f.own_only,
        )
        page, count = await service.list_quotas(viewer, query, PageArgs(first, after, last, before))
        return connection_from_page(page, count, lambda r: quota_from_row(viewer, r))

    @strawberry.field(
        description="Coupons in the viewer's scope (issued ones, or a customer's own), newest first."
    )
    async def coupons(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: CouponFilter | None = None,
    ) -> Connection[CouponType]:
        viewer = policy.require_read(info.context.viewer, Resource.COUPON)
        f = filter or CouponFilter()
        query = service.CouponQuery(
            kinds=f.kinds,
            states=f.states,
            customer_ids=_pks(f.customer_ids, "Customer"),
            quota_ids=_pks(f.quota_ids, "CouponQuota"),
            issued_from=f.issued_at.from_ if f.issued_at else None,
            issued_to=f.issued_at.to if f.issued_at else None,
        )
        page, count = await service.list_coupons(viewer, query, PageArgs(first, after, last, before))
        return connection_from_page(page, count, lambda r: coupon_from_row(viewer, r))

    @strawberry.field(description="The coupon operation log 优惠券操作记录, newest first.")
    async def coupon_operations(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: CouponOperationFilter | None = None,
    ) -> Connection[CouponOperationType]:
        viewer = policy.require_read(info.context.viewer, Resource.COUPON_OPERATION)
        f = filter or CouponOperationFilter()
        query = service.OperationQuery(
            kinds=f.kinds,
            coupon_ids=_pks(f.coupon_ids, "Coupon"),
            customer_ids=_pks(f.customer_ids, "Customer"),
            at_from=f.at.from_ if f.at else None,
            at_to=f.at.to if f.at else None,
        )
        page, count = await service.list_operations(viewer, query, PageArgs(first, after, last, before))
        return connection_from_page(page, count, operation_from_row)

    @strawberry.field(
        description="Organisations the viewer may grant coupon quota to: every partner for vendor finance, "
        "its secondary resellers for a distributor's coupon managers."
    )
    async def coupon_grantees(self, info: Ctx) -> list[OrganizationType]:
        viewer = policy.require_viewer(info.context.viewer)
        if policy.can_grant_quota(viewer):
            qs = Organization.filter(kind=OrgKind.PARTNER)
        elif policy.can_manage_coupons(viewer, viewer.org_id) and viewer.reseller_org_ids:
            qs = Organization.filter(distributor_id=viewer.org_id)
        else:
            return []
        rows = await qs.order_by("id").limit(500).values(*_ORG_COLUMNS)
        return [organization_from_row(r) for r in rows]


# --------------------------------------------------------------------------- mutations


@strawberry.input
class CouponQuotaGrantInput:
    partner_id: strawberry.ID
    kind: CouponKindEnum  # type: ignore[valid-type]
    amount: MoneyInput
    valid_until: datetime
    valid_from: datetime | None = None
    product_scope: list[CloudServiceEnum] | None = None  # type: ignore[valid-type]


@strawberry.input
class CouponSubQuotaGrantInput:
    quota_id: strawberry.ID
    reseller_id: strawberry.ID
    amount: MoneyInput
    valid_until: datetime | None = None


@strawberry.input
class CouponQuotaRefInput:
    quota_id: strawberry.ID


@strawberry.input
class CouponQuotaAdjustInput:
    quota_id: strawberry.ID
    amount: MoneyInput


@strawberry.input
class CouponQuotaFreezeInput:
    quota_id: strawberry.ID
    frozen: bool


@strawberry.type
class CouponQuotaPayload:
    quota: CouponQuotaType | None
    user_errors: list[UserError]


@strawberry.input
class CouponsIssueInput:
    quota_id: strawberry.ID
    customer_ids: list[strawberry.ID]
    face_value: MoneyInput
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    product_scope: list[CloudServiceEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Null: the quota's scope."
    )
    min_order_amount: MoneyInput | None = None
    memo: str = strawberry.field(default="", description="Seen only by the issuer.")
    totp_code: str | None = strawberry.field(
        default=None,
        description="The second-factor code, when the partner requires one for money operations.",
    )


@strawberry.type(description="The outcome for one customer of a batch issue.")
class CouponIssueResult:
    customer_id: strawberry.ID
    coupon: CouponType | None
    failure: IssueFailureEnum | None  # type: ignore[valid-type]


@strawberry.type
class CouponsIssuePayload:
    results: list[CouponIssueResult]
    issued_count: int
    failed_count: int
    user_errors: list[UserError]


@strawberry.input
class CouponReclaimInput:
    coupon_id: strawberry.ID


@strawberry.type
class CouponPayload:
    coupon: CouponType | None
    user_errors: list[UserError]


def _errors(result: list[DomainError]) -> list[UserError]:
    return [UserError.of(e) for e in result]


async def _quota_payload(info: Ctx, result: list[DomainError] | int) -> CouponQuotaPayload:
    if isinstance(result, list):
        return CouponQuotaPayload(quota=None, user_errors=_errors(result))
    viewer = policy.require_viewer(info.context.viewer)
    row = (await service.quotas_by_ids(viewer, [result])).get(result)
    return CouponQuotaPayload(quota=quota_from_row(viewer, row) if row else None, user_errors=[])


@strawberry.type
class CouponMutations:
    @strawberry.mutation(description="Vendor finance grants a voucher or cash-coupon quota to a partner.")
    async def coupon_quota_grant(self, info: Ctx, input: CouponQuotaGrantInput) -> CouponQuotaPayload:
        viewer = policy.require_viewer(info.context.viewer)
        draft = service.QuotaDraft(
            partner_id=pk_of(input.partner_id, "Organization"),
            kind=input.kind,
            amount=input.amount.amount,
            currency=input.amount.currency,
            valid_from=input.valid_from,
            valid_until=input.valid_until,
            product_scope=list(input.product_scope or []),
        )
        return await _quota_payload(info, await service.grant_quota(viewer, draft))

    @strawberry.mutation(description="A distributor passes part of its quota to a secondary reseller.")
    async def coupon_sub_quota_grant(self, info: Ctx, input: CouponSubQuotaGrantInput) -> CouponQuotaPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.grant_sub_quota(
            viewer,
            pk_of(input.quota_id, "CouponQuota") or 0,
            pk_of(input.reseller_id, "Organization"),
            input.amount.amount,
            input.valid_until,
        )
        return await _quota_payload(info, result)

    @strawberry.mutation(description="The distributor takes back what is left of a sub-quota.")
    async def coupon_sub_quota_reclaim(self, info: Ctx, input: CouponQuotaRefInput) -> CouponQuotaPayload:
        viewer = policy.require_viewer(info.context.viewer)
        return await _quota_payload(
            info, await service.reclaim_sub_quota(viewer, pk_of(input.quota_id, "CouponQuota") or 0)
        )

    @strawberry.mutation(description="The grantor changes a quota's total (not below what is used).")
    async def coupon_quota_adjust(self, info: Ctx, input: CouponQuotaAdjustInput) -> CouponQuotaPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.adjust_quota(
            viewer, pk_of(input.quota_id, "CouponQuota") or 0, input.amount.amount
        )
        return await _quota_payload(info, result)

    @strawberry.mutation(description="The grantor freezes or unfreezes a quota.")
    async def coupon_quota_freeze(self, info: Ctx, input: CouponQuotaFreezeInput) -> CouponQuotaPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.set_quota_frozen(
            viewer, pk_of(input.quota_id, "CouponQuota") or 0, input.frozen
        )
        return await _quota_payload(info, result)

    @strawberry.mutation(
        description="Issue a voucher or cash coupon to one or many resale customers; results per customer."
    )
    async def coupons_issue(self, info: Ctx, input: CouponsIssueInput) -> CouponsIssuePayload:
        viewer = policy.require_viewer(info.context.viewer)
        draft = service.CouponDraft(
            quota_id=pk_of(input.quota_id, "CouponQuota"),
            customer_ids=[pk_of(g, "Customer") for g in input.customer_ids],
            face_value=input.face_value.amount,
            currency=input.face_value.currency,
            valid_from=input.valid_from,
            valid_until=input.valid_until,
            product_scope=None if input.product_scope is None else list(input.product_scope),
            min_order_amount=input.min_order_amount.amount if input.min_order_amount else Decimal(0),
            memo=input.memo,
            totp_code=input.totp_code,
        )
        result = await service.issue_coupons(viewer, draft)
        if result and isinstance(result[0], DomainError):
            return CouponsIssuePayload(
                results=[], issued_count=0, failed_count=0, user_errors=_errors(result)
            )  # type: ignore[arg-type]
        outcomes: list[service.IssueResult] = result  # type: ignore[assignment]
        issued = await service.coupons_by_ids(viewer, [r.coupon_id for r in outcomes if r.coupon_id])
        results = [
            CouponIssueResult(
                customer_id=gid,
                coupon=coupon_from_row(viewer, issued[r.coupon_id]) if r.coupon_id in issued else None,
                failure=r.failure,
            )
            for gid, r in zip(input.customer_ids, outcomes, strict=True)
        ]
        ok = sum(1 for r in outcomes if r.coupon_id)
        return CouponsIssuePayload(
            results=results, issued_count=ok, failed_count=len(outcomes) - ok, user_errors=[]
        )

    @strawberry.mutation(
        description="The issuer takes back a coupon; its remaining value returns to the quota."
    )
    async def coupon_reclaim(self, info: Ctx, input: CouponReclaimInput) -> CouponPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.reclaim_coupon(viewer, pk_of(input.coupon_id, "Coupon") or 0)
        if isinstance(result, list):
            return CouponPayload(coupon=None, user_errors=_errors(result))
        row = (await service.coupons_by_ids(viewer, [result])).get(result)
        return CouponPayload(coupon=coupon_from_row(viewer, row) if row else None, user_errors=[])
