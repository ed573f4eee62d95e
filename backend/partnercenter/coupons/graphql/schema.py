"""Coupon quotas, coupons and the operation log: lists and mutations (thin: the rules are in
coupons.service, the inputs in coupons.graphql.inputs). The `coupons-expiry` job is in
coupons/jobs.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.accounts.graphql.types import OrganizationType, organization_from_row
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import pk_of
from partnercenter.core.mutations import attempt
from partnercenter.core.types import Connection, UserError, connection_from_page
from partnercenter.coupons import service
from partnercenter.coupons.graphql.inputs import (
    CouponFilter,
    CouponOperationFilter,
    CouponQuotaAdjustInput,
    CouponQuotaFilter,
    CouponQuotaFreezeInput,
    CouponQuotaGrantInput,
    CouponQuotaRefInput,
    CouponReclaimInput,
    CouponsIssueInput,
    CouponSubQuotaGrantInput,
    coupon_query,
    operation_query,
    quota_query,
)
from partnercenter.coupons.graphql.types import (
    CouponOperationType,
    CouponQuotaType,
    CouponType,
    IssueFailureEnum,
    coupon_from_row,
    operation_from_row,
    quota_from_row,
)
from partnercenter.coupons.permissions import (
    COUPON,
    COUPON_OPERATION,
    COUPON_QUOTA,
)

Ctx = Info[RequestContext, Any]




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
        viewer = policy.require_read(info.context.viewer, COUPON_QUOTA)
        args = PageArgs(first, after, last, before)
        page, count = await service.list_quotas(viewer, quota_query(filter), args)
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
        viewer = policy.require_read(info.context.viewer, COUPON)
        args = PageArgs(first, after, last, before)
        page, count = await service.list_coupons(viewer, coupon_query(filter), args)
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
        viewer = policy.require_read(info.context.viewer, COUPON_OPERATION)
        args = PageArgs(first, after, last, before)
        page, count = await service.list_operations(viewer, operation_query(filter), args)
        return connection_from_page(page, count, operation_from_row)

    @strawberry.field(
        description="Organisations the viewer may grant coupon quota to: every partner for vendor finance, "
        "its secondary resellers for a distributor's coupon managers."
    )
    async def coupon_grantees(self, info: Ctx) -> list[OrganizationType]:
        viewer = policy.require_viewer(info.context.viewer)
        return [organization_from_row(r) for r in await service.coupon_grantees(viewer)]


# --------------------------------------------------------------------------- mutations


@strawberry.type
class CouponQuotaPayload:
    quota: CouponQuotaType | None
    user_errors: list[UserError]


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


@strawberry.type
class CouponPayload:
    coupon: CouponType | None
    user_errors: list[UserError]


async def _quota_payload(viewer: Viewer, result: tuple[int | None, list[UserError]]) -> CouponQuotaPayload:
    pk, errors = result
    row = (await service.quotas_by_ids(viewer, [pk])).get(pk) if pk else None
    return CouponQuotaPayload(quota=quota_from_row(viewer, row) if row else None, user_errors=errors)


def _quota_pk(gid: strawberry.ID) -> int:
    return pk_of(gid, "CouponQuota") or 0


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
            idempotency_key=input.idempotency_key,
        )
        return await _quota_payload(viewer, await attempt(service.grant_quota(viewer, draft)))

    @strawberry.mutation(description="A distributor passes part of its quota to a secondary reseller.")
    async def coupon_sub_quota_grant(self, info: Ctx, input: CouponSubQuotaGrantInput) -> CouponQuotaPayload:
        viewer = policy.require_viewer(info.context.viewer)
        call = service.grant_sub_quota(
            viewer,
            _quota_pk(input.quota_id),
            pk_of(input.reseller_id, "Organization"),
            input.amount.amount,
            input.valid_until,
            input.idempotency_key,
        )
        return await _quota_payload(viewer, await attempt(call))

    @strawberry.mutation(description="The distributor takes back what is left of a sub-quota.")
    async def coupon_sub_quota_reclaim(self, info: Ctx, input: CouponQuotaRefInput) -> CouponQuotaPayload:
        viewer = policy.require_viewer(info.context.viewer)
        call = service.reclaim_sub_quota(viewer, _quota_pk(input.quota_id))
        return await _quota_payload(viewer, await attempt(call))

    @strawberry.mutation(description="The grantor changes a quota's total (not below what is used).")
    async def coupon_quota_adjust(self, info: Ctx, input: CouponQuotaAdjustInput) -> CouponQuotaPayload:
        viewer = policy.require_viewer(info.context.viewer)
        call = service.adjust_quota(viewer, _quota_pk(input.quota_id), input.amount.amount)
        return await _quota_payload(viewer, await attempt(call))

    @strawberry.mutation(description="The grantor freezes or unfreezes a quota.")
    async def coupon_quota_freeze(self, info: Ctx, input: CouponQuotaFreezeInput) -> CouponQuotaPayload:
        viewer = policy.require_viewer(info.context.viewer)
        call = service.set_quota_frozen(viewer, _quota_pk(input.quota_id), input.frozen)
        return await _quota_payload(viewer, await attempt(call))

    @strawberry.mutation(
        description="Issue a voucher or cash coupon to one or many resale customers; results per customer."
    )
    async def coupons_issue(self, info: Ctx, input: CouponsIssueInput) -> CouponsIssuePayload:
        viewer = policy.require_viewer(info.context.viewer)
        draft = service.CouponDraft(
            quota_id=_quota_pk(input.quota_id) or None,
            customer_ids=[pk_of(g, "Customer") for g in input.customer_ids],
            face_value=input.face_value.amount,
            currency=input.face_value.currency,
            valid_from=input.valid_from,
            valid_until=input.valid_until,
            product_scope=None if input.product_scope is None else list(input.product_scope),
            min_order_amount=input.min_order_amount.amount if input.min_order_amount else Decimal(0),
            memo=input.memo,
            totp_code=input.totp_code,
            idempotency_key=input.idempotency_key,
        )
        outcomes, errors = await attempt(service.issue_coupons(viewer, draft))
        if outcomes is None:
            return CouponsIssuePayload(results=[], issued_count=0, failed_count=0, user_errors=errors)
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
        pk, errors = await attempt(service.reclaim_coupon(viewer, pk_of(input.coupon_id, "Coupon") or 0))
        row = (await service.coupons_by_ids(viewer, [pk])).get(pk) if pk else None
        return CouponPayload(coupon=coupon_from_row(viewer, row) if row else None, user_errors=errors)
