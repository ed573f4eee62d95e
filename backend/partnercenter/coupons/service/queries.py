"""Coupon reads: the scoped quota, coupon and operation-log lists, their by-ids and loaders
(one `ScopedRead` each), and the organisations a viewer may grant quota to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.queryset import QuerySet

from partnercenter.access.reads import Count, ScopedRead
from partnercenter.accounts.enums import OrgKind
from partnercenter.accounts.models import Organization
from partnercenter.core.connection import Page, PageArgs, SortKey, utc
from partnercenter.core.context import Viewer
from partnercenter.coupons.enums import CouponKind, CouponOperationKind, CouponState, QuotaState
from partnercenter.coupons.models import Coupon, CouponOperation, CouponQuota
from partnercenter.coupons.permissions import (
    COUPON,
    COUPON_OPERATION,
    COUPON_QUOTA,
    can_grant_quota,
    can_manage_coupons,
)

__all__ = [
    "COUPON_READ",
    "OPERATION_READ",
    "QUOTA_READ",
    "CouponQuery",
    "OperationQuery",
    "QuotaQuery",
    "coupon_grantees",
    "coupons_by_ids",
    "list_coupons",
    "list_operations",
    "list_quotas",
    "operations_by_ids",
    "quotas_by_ids",
]

Row = dict[str, Any]
GRANTEES_MAX = 500
ORG_COLUMNS = (
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


@dataclass(slots=True)
class QuotaQuery:
    kinds: list[CouponKind] | None = None
    states: list[QuotaState] | None = None
    partner_ids: list[int] | None = None
    own_only: bool = False  # only quotas the viewer's organisation holds


@dataclass(slots=True)
class CouponQuery:
    kinds: list[CouponKind] | None = None
    states: list[CouponState] | None = None
    customer_ids: list[int] | None = None
    quota_ids: list[int] | None = None
    issued_from: datetime | None = None
    issued_to: datetime | None = None


@dataclass(slots=True)
class OperationQuery:
    kinds: list[CouponOperationKind] | None = None
    coupon_ids: list[int] | None = None
    customer_ids: list[int] | None = None
    at_from: datetime | None = None
    at_to: datetime | None = None


def _apply_quota_filter(viewer: Viewer, qs: QuerySet[Any], f: QuotaQuery) -> QuerySet[Any]:
    if f.kinds:
        qs = qs.filter(kind__in=[k.value for k in f.kinds])
    if f.states:
        qs = qs.filter(state__in=[s.value for s in f.states])
    if f.partner_ids is not None:
        qs = qs.filter(partner_id__in=f.partner_ids or [0])
    if f.own_only:
        qs = qs.filter(partner_id=viewer.org_id)
    return qs


def _apply_coupon_filter(viewer: Viewer, qs: QuerySet[Any], f: CouponQuery) -> QuerySet[Any]:
    if f.kinds:
        qs = qs.filter(kind__in=[k.value for k in f.kinds])
    if f.states:
        qs = qs.filter(state__in=[s.value for s in f.states])
    if f.customer_ids is not None:
        qs = qs.filter(customer_id__in=f.customer_ids or [0])
    if f.quota_ids is not None:
        qs = qs.filter(quota_id__in=f.quota_ids or [0])
    if f.issued_from:
        qs = qs.filter(issued_at__gte=utc(f.issued_from))
    if f.issued_to:
        qs = qs.filter(issued_at__lte=utc(f.issued_to))
    return qs


def _apply_operation_filter(viewer: Viewer, qs: QuerySet[Any], f: OperationQuery) -> QuerySet[Any]:
    if f.kinds:
        qs = qs.filter(kind__in=[k.value for k in f.kinds])
    if f.coupon_ids is not None:
        qs = qs.filter(coupon_id__in=f.coupon_ids or [0])
    if f.customer_ids is not None:
        qs = qs.filter(customer_id__in=f.customer_ids or [0])
    if f.at_from:
        qs = qs.filter(at__gte=utc(f.at_from))
    if f.at_to:
        qs = qs.filter(at__lte=utc(f.at_to))
    return qs


QUOTA_SORT = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)
QUOTA_READ = ScopedRead(
    resource=COUPON_QUOTA,
    model=CouponQuota,
    columns=(
        "id",
        "partner_id",
        "granted_by_id",
        "parent_id",
        "kind",
        "state",
        "currency",
        "amount",
        "remaining",
        "product_scope",
        "valid_from",
        "valid_until",
        "created_at",
        "updated_at",
    ),
    kinds={
        "amount": "money",
        "remaining": "money",
        "valid_from": "datetime",
        "valid_until": "datetime",
        "created_at": "datetime",
        "updated_at": "datetime",
    },
    sorts={QUOTA_SORT.name: QUOTA_SORT},
    apply=_apply_quota_filter,
)

COUPON_SORT = SortKey("ISSUED_AT_DESC", "issued_at", "datetime", True)
COUPON_READ = ScopedRead(
    resource=COUPON,
    model=Coupon,
    columns=(
        "id",
        "quota_id",
        "issuer_id",
        "customer_id",
        "kind",
        "state",
        "currency",
        "face_value",
        "remaining",
        "spent",
        "min_order_amount",
        "product_scope",
        "valid_from",
        "valid_until",
        "memo",
        "issued_by_id",
        "issued_at",
        "updated_at",
    ),
    kinds={
        "face_value": "money",
        "remaining": "money",
        "spent": "money",
        "min_order_amount": "money",
        "valid_from": "datetime",
        "valid_until": "datetime",
        "issued_at": "datetime",
        "updated_at": "datetime",
    },
    sorts={COUPON_SORT.name: COUPON_SORT},
    apply=_apply_coupon_filter,
)

OPERATION_SORT = SortKey("AT_DESC", "at", "datetime", True)
OPERATION_READ = ScopedRead(
    resource=COUPON_OPERATION,
    model=CouponOperation,
    columns=(
        "id",
        "kind",
        "partner_id",
        "quota_id",
        "coupon_id",
        "customer_id",
        "order_id",
        "currency",
        "amount",
        "actor_id",
        "ledger_transaction_id",
        "at",
        "coupon__kind",
    ),
    kinds={"amount": "money", "at": "datetime"},
    sorts={OPERATION_SORT.name: OPERATION_SORT},
    apply=_apply_operation_filter,
)


async def list_quotas(viewer: Viewer, f: QuotaQuery, page: PageArgs) -> tuple[Page, Count]:
    return await QUOTA_READ.page(viewer, f, QUOTA_SORT, page)


async def list_coupons(viewer: Viewer, f: CouponQuery, page: PageArgs) -> tuple[Page, Count]:
    return await COUPON_READ.page(viewer, f, COUPON_SORT, page)


async def list_operations(viewer: Viewer, f: OperationQuery, page: PageArgs) -> tuple[Page, Count]:
    return await OPERATION_READ.page(viewer, f, OPERATION_SORT, page)


async def quotas_by_ids(viewer: Viewer | None, ids: list[int]) -> dict[int, Row]:
    return await QUOTA_READ.by_ids(viewer, ids)


async def coupons_by_ids(viewer: Viewer | None, ids: list[int]) -> dict[int, Row]:
    return await COUPON_READ.by_ids(viewer, ids)


async def operations_by_ids(viewer: Viewer | None, ids: list[int]) -> dict[int, Row]:
    return await OPERATION_READ.by_ids(viewer, ids)


async def coupon_grantees(viewer: Viewer) -> list[Row]:
    """Organisations the viewer may grant coupon quota to: every partner for vendor finance, its
    secondary resellers for a distributor's coupon managers, nobody for anyone else."""
    if can_grant_quota(viewer):
        qs = Organization.filter(kind=OrgKind.PARTNER)
    elif can_manage_coupons(viewer, viewer.org_id) and viewer.reseller_org_ids:
        qs = Organization.filter(distributor_id=viewer.org_id)
    else:
        return []
    return await qs.order_by("id").limit(GRANTEES_MAX).values(*ORG_COLUMNS)
