"""GraphQL inputs of the coupons slice: the list filters (and their translation into the service's
queries) and the mutation inputs."""

from __future__ import annotations

from datetime import datetime

import strawberry

from partnercenter.catalogue.graphql.types import CloudServiceEnum
from partnercenter.core.ids import pk_of
from partnercenter.core.types import DateTimeRange, MoneyInput
from partnercenter.coupons import service
from partnercenter.coupons.graphql.types import (
    CouponKindEnum,
    CouponOperationKindEnum,
    CouponStateEnum,
    QuotaStateEnum,
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


@strawberry.input
class CouponQuotaGrantInput:
    partner_id: strawberry.ID
    kind: CouponKindEnum  # type: ignore[valid-type]
    amount: MoneyInput
    valid_until: datetime
    idempotency_key: str = strawberry.field(
        description="The client's key for this request (1-100 printable characters, unique per sender): "
        "a retry with the same key and input answers the first result and moves nothing."
    )
    valid_from: datetime | None = None
    product_scope: list[CloudServiceEnum] | None = None  # type: ignore[valid-type]


@strawberry.input
class CouponSubQuotaGrantInput:
    quota_id: strawberry.ID
    reseller_id: strawberry.ID
    amount: MoneyInput
    idempotency_key: str = strawberry.field(
        description="The client's key for this request (1-100 printable characters, unique per sender): "
        "a retry with the same key and input answers the first result and moves nothing."
    )
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


@strawberry.input
class CouponsIssueInput:
    quota_id: strawberry.ID
    customer_ids: list[strawberry.ID]
    face_value: MoneyInput
    idempotency_key: str = strawberry.field(
        description="The client's key for this request (1-100 printable characters, unique per sender): "
        "a retry with the same key and input answers the first result and moves nothing."
    )
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


@strawberry.input
class CouponReclaimInput:
    coupon_id: strawberry.ID


def quota_query(f: CouponQuotaFilter | None) -> service.QuotaQuery:
    f = f or CouponQuotaFilter()
    return service.QuotaQuery(
        kinds=f.kinds, states=f.states, partner_ids=_pks(f.partner_ids, "Organization"), own_only=f.own_only
    )


def coupon_query(f: CouponFilter | None) -> service.CouponQuery:
    f = f or CouponFilter()
    return service.CouponQuery(
        kinds=f.kinds,
        states=f.states,
        customer_ids=_pks(f.customer_ids, "Customer"),
        quota_ids=_pks(f.quota_ids, "CouponQuota"),
        issued_from=f.issued_at.from_ if f.issued_at else None,
        issued_to=f.issued_at.to if f.issued_at else None,
    )


def operation_query(f: CouponOperationFilter | None) -> service.OperationQuery:
    f = f or CouponOperationFilter()
    return service.OperationQuery(
        kinds=f.kinds,
        coupon_ids=_pks(f.coupon_ids, "Coupon"),
        customer_ids=_pks(f.customer_ids, "Customer"),
        at_from=f.at.from_ if f.at else None,
        at_to=f.at.to if f.at else None,
    )
