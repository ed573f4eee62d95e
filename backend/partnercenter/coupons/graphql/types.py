"""GraphQL types of coupon quotas, coupons and the coupon operation log. The issuer-only memo
comes from the access policy (`issuer_only_value`), decided once per object."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.accounts.graphql.types import OrganizationType, UserType, organization_loader, user_loader
from partnercenter.catalogue.graphql.types import CloudServiceEnum
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import to_global_id
from partnercenter.core.node import register_node_type
from partnercenter.core.types import Money, Node
from partnercenter.coupons import service
from partnercenter.coupons.enums import CouponKind, CouponOperationKind, CouponState, IssueFailure, QuotaState
from partnercenter.coupons.permissions import (
    can_adjust_quota,
    can_manage_coupons,
    is_coupon_issuer,
    issuer_only_value,
)
from partnercenter.customers.graphql.types import CustomerType, load_customer

Ctx = Info[RequestContext, Any]

CouponKindEnum = strawberry.enum(CouponKind, name="CouponKind", description="VOUCHER 代金券 or CASH 现金券.")
QuotaStateEnum = strawberry.enum(
    QuotaState,
    name="CouponQuotaState",
    description="券额度状态: NORMAL 正常, INVALID 失效, ADJUSTING 调整中, FROZEN 冻结, RECLAIMED 已回收.",
)
CouponStateEnum = strawberry.enum(
    CouponState,
    name="CouponState",
    description="NOT_ACTIVATED 未激活, USABLE 可使用, USED 已使用, EXPIRED 已过期, RECLAIMED 已回收.",
)
CouponOperationKindEnum = strawberry.enum(
    CouponOperationKind, name="CouponOperationKind", description="A row kind of the coupon operation log."
)
IssueFailureEnum = strawberry.enum(
    IssueFailure,
    name="CouponIssueFailure",
    description=(
        "Why one customer got no coupon: NOT_FOUND (not a customer of the issuer), WRONG_ASSOCIATION_TYPE "
        "(consulting sale), QUOTA_INSUFFICIENT (the quota ran out), DUPLICATE (listed twice)."
    ),
)


@strawberry.type(name="CouponQuota", description="A coupon quota 券额度 held by a partner.")
class CouponQuotaType(Node):
    id: strawberry.ID
    kind: CouponKindEnum  # type: ignore[valid-type]
    state: QuotaStateEnum  # type: ignore[valid-type]
    amount: Money = strawberry.field(description="Total granted (after adjustments).")
    remaining: Money = strawberry.field(description="Not yet consumed by coupons or sub-quotas.")
    used: Money
    product_scope: list[CloudServiceEnum] = strawberry.field(  # type: ignore[valid-type]
        description="Products the coupons may be used for; empty: every product."
    )
    valid_from: datetime
    valid_until: datetime
    created_at: datetime
    is_sub_quota: bool = strawberry.field(description="Passed on by a distributor (二级额度).")
    parent_id: strawberry.ID | None
    viewer_can_issue: bool
    viewer_can_adjust: bool = strawberry.field(description="The viewer granted it: adjust, freeze, reclaim.")
    viewer_can_pass_on: bool = strawberry.field(
        description="The viewer may pass sub-quotas to its resellers."
    )
    partner_id: strawberry.Private[int]
    granted_by_id: strawberry.Private[int]

    @strawberry.field(description="The partner holding the quota.")
    async def partner(self, info: Ctx) -> OrganizationType | None:
        return await organization_loader(info.context).load(self.partner_id)  # type: ignore[no-any-return]

    @strawberry.field(description="Who granted it: the vendor, or the distributor for a sub-quota.")
    async def granted_by(self, info: Ctx) -> OrganizationType | None:
        return await organization_loader(info.context).load(self.granted_by_id)  # type: ignore[no-any-return]


def quota_from_row(viewer: Viewer, row: dict[str, Any]) -> CouponQuotaType:
    cur = row["currency"]
    return CouponQuotaType(
        id=strawberry.ID(to_global_id("CouponQuota", row["id"])),
        kind=CouponKind(row["kind"]),
        state=QuotaState(row["state"]),
        amount=Money.of(row["amount"], cur),
        remaining=Money.of(row["remaining"], cur),
        used=Money.of(row["amount"] - row["remaining"], cur),
        product_scope=service.scope_list(row["product_scope"]),
        valid_from=row["valid_from"],
        valid_until=row["valid_until"],
        created_at=row["created_at"],
        is_sub_quota=row["parent_id"] is not None,
        parent_id=strawberry.ID(to_global_id("CouponQuota", row["parent_id"])) if row["parent_id"] else None,
        viewer_can_issue=can_manage_coupons(viewer, row["partner_id"]) and row["state"] == QuotaState.NORMAL,
        viewer_can_adjust=can_adjust_quota(viewer, row),
        viewer_can_pass_on=can_manage_coupons(viewer, row["partner_id"])
        and bool(viewer.reseller_org_ids)
        and row["state"] == QuotaState.NORMAL,
        partner_id=row["partner_id"],
        granted_by_id=row["granted_by_id"],
    )


@strawberry.type(name="Coupon", description="A voucher 代金券 or cash coupon 现金券 issued to a customer.")
class CouponType(Node):
    id: strawberry.ID
    kind: CouponKindEnum  # type: ignore[valid-type]
    state: CouponStateEnum  # type: ignore[valid-type]
    face_value: Money
    remaining: Money = strawberry.field(description="What is left to spend.")
    used: Money = strawberry.field(description="What orders have used of it.")
    min_order_amount: Money = strawberry.field(
        description="The order amount from which it applies (满减门槛)."
    )
    product_scope: list[CloudServiceEnum]  # type: ignore[valid-type]
    valid_from: datetime
    valid_until: datetime
    issued_at: datetime
    memo: str | None = strawberry.field(description="The issuer's memo: null for everyone but the issuer.")
    quota_id: strawberry.ID | None = strawberry.field(description="The quota it came from (issuer only).")
    viewer_can_reclaim: bool
    customer_id: strawberry.Private[int]
    issuer_id: strawberry.Private[int]

    @strawberry.field(description="The customer it was issued to (through the customer scope).")
    async def customer(self, info: Ctx) -> CustomerType | None:
        return await load_customer(info.context, self.customer_id)

    @strawberry.field(description="The partner that issued it.")
    async def issuer(self, info: Ctx) -> OrganizationType | None:
        return await organization_loader(info.context).load(self.issuer_id)  # type: ignore[no-any-return]


def coupon_from_row(viewer: Viewer, row: dict[str, Any]) -> CouponType:
    cur = row["currency"]
    issuer = is_coupon_issuer(viewer, row)
    return CouponType(
        id=strawberry.ID(to_global_id("Coupon", row["id"])),
        kind=CouponKind(row["kind"]),
        state=CouponState(row["state"]),
        face_value=Money.of(row["face_value"], cur),
        remaining=Money.of(row["remaining"], cur),
        used=Money.of(row["spent"], cur),
        min_order_amount=Money.of(row["min_order_amount"], cur),
        product_scope=service.scope_list(row["product_scope"]),
        valid_from=row["valid_from"],
        valid_until=row["valid_until"],
        issued_at=row["issued_at"],
        memo=issuer_only_value(viewer, row, "memo"),
        quota_id=strawberry.ID(to_global_id("CouponQuota", row["quota_id"])) if issuer else None,
        viewer_can_reclaim=issuer and row["state"] in service.LIVE_COUPON_STATES,
        customer_id=row["customer_id"],
        issuer_id=row["issuer_id"],
    )


@strawberry.type(name="CouponOperation", description="A row of the coupon operation log 优惠券操作记录.")
class CouponOperationType(Node):
    id: strawberry.ID
    kind: CouponOperationKindEnum  # type: ignore[valid-type]
    amount: Money
    at: datetime
    coupon_kind: CouponKindEnum | None  # type: ignore[valid-type]
    coupon_id: strawberry.ID | None
    quota_id: strawberry.ID | None
    order_id: strawberry.ID | None
    ledger_transaction_id: strawberry.ID | None
    customer_pk: strawberry.Private[int | None]
    actor_pk: strawberry.Private[int | None]

    @strawberry.field(description="The customer concerned (through the customer scope).")
    async def customer(self, info: Ctx) -> CustomerType | None:
        if self.customer_pk is None:
            return None
        return await load_customer(info.context, self.customer_pk)

    @strawberry.field(description="Who did it; null for the system (expiry job).")
    async def actor(self, info: Ctx) -> UserType | None:
        if self.actor_pk is None:
            return None
        return await user_loader(info.context).load(self.actor_pk)  # type: ignore[no-any-return]


def _gid(type_name: str, pk: int | None) -> strawberry.ID | None:
    return strawberry.ID(to_global_id(type_name, pk)) if pk else None


def operation_from_row(row: dict[str, Any]) -> CouponOperationType:
    return CouponOperationType(
        id=strawberry.ID(to_global_id("CouponOperation", row["id"])),
        kind=CouponOperationKind(row["kind"]),
        amount=Money.of(row["amount"], row["currency"]),
        at=row["at"],
        coupon_kind=CouponKind(row["coupon__kind"]) if row.get("coupon__kind") else None,
        coupon_id=_gid("Coupon", row["coupon_id"]),
        quota_id=_gid("CouponQuota", row["quota_id"]),
        order_id=_gid("Order", row["order_id"]),
        ledger_transaction_id=_gid("LedgerTransaction", row["ledger_transaction_id"]),
        customer_pk=row["customer_id"],
        actor_pk=row["actor_id"],
    )


async def _load_quotas(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    return {
        k: quota_from_row(ctx.viewer, r) for k, r in (await service.quotas_by_ids(ctx.viewer, ids)).items()
    }


async def _load_coupons(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    return {
        k: coupon_from_row(ctx.viewer, r) for k, r in (await service.coupons_by_ids(ctx.viewer, ids)).items()
    }


async def _load_operations(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    return {k: operation_from_row(r) for k, r in (await service.operations_by_ids(ctx.viewer, ids)).items()}


register_node_type("CouponQuota", _load_quotas)
register_node_type("Coupon", _load_coupons)
register_node_type("CouponOperation", _load_operations)
