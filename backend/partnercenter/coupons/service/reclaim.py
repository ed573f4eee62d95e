"""Giving coupon value back: the distributor reclaims a sub-quota, the issuer reclaims a coupon,
unbinding a customer reclaims the partner's vouchers, and a new signing entity 签约主体 returns
the customer's cash coupons to their issuers."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode, refuse
from partnercenter.coupons import money
from partnercenter.coupons.enums import CouponKind, CouponOperationKind, CouponState, QuotaState
from partnercenter.coupons.models import Coupon, CouponQuota, CustomerSigningEntity
from partnercenter.coupons.permissions import can_adjust_quota, can_manage_coupons
from partnercenter.coupons.service.common import (
    DEFAULT_SIGNING_ENTITY,
    LIVE_COUPON_STATES,
    TAKE_BACK_COLUMNS,
    log_operation,
    return_to_quota,
    take_back,
)
from partnercenter.coupons.service.queries import coupons_by_ids
from partnercenter.coupons.service.quotas import visible_quota
from partnercenter.customers.hooks import on_customer_unbound
from partnercenter.ledger.enums import TransactionKind

__all__ = [
    "change_signing_entity",
    "current_signing_entity",
    "reclaim_coupon",
    "reclaim_sub_quota",
    "reclaim_vouchers_on_unbind",
]


async def reclaim_sub_quota(viewer: Viewer, quota_id: int) -> int:
    """The distributor takes back what is left of a sub-quota (its coupons already issued stay)."""
    q = await visible_quota(viewer, quota_id)
    if q["parent_id"] is None or not can_adjust_quota(viewer, q):
        refuse(ErrorCode.FORBIDDEN, "Only the distributor that passed a sub-quota reclaims it.", "quotaId")
    now = clock.now()
    async with in_transaction():
        live = (QuotaState.NORMAL, QuotaState.FROZEN)
        row = await CouponQuota.filter(id=quota_id, state__in=live).first().values("remaining")
        if row is None:
            refuse(ErrorCode.INVALID_STATE, "This sub-quota can no longer be reclaimed.", "quotaId")
        rest = row["remaining"]
        changed = await CouponQuota.filter(id=quota_id, state__in=live, remaining=rest).update(
            state=QuotaState.RECLAIMED, remaining=0, updated_at=now
        )
        if not changed:
            refuse(ErrorCode.INVALID_STATE, "The sub-quota changed meanwhile: try again.", "quotaId")
        txn = await return_to_quota(
            q["parent_id"],
            [(money.quota(quota_id, q["kind"]), -rest)],
            rest,
            kind=TransactionKind.QUOTA_RECLAIM,
            key=f"coupon-subquota-reclaim:{quota_id}",
            reference=("CouponQuota", quota_id),
            actor_user_id=viewer.user_id,
            currency=q["currency"],
        )
        for org in (viewer.org_id, q["partner_id"]):
            await log_operation(
                CouponOperationKind.SUBQUOTA_RECLAIM,
                org,
                quota_id=quota_id,
                amount=rest,
                actor_user_id=viewer.user_id,
                ledger_transaction_id=txn,
                currency=q["currency"],
            )
    return quota_id


async def reclaim_coupon(viewer: Viewer, coupon_id: int) -> int:
    """The issuer takes back a coupon that is not used up; its remaining value returns to the quota."""
    c = (await coupons_by_ids(viewer, [coupon_id])).get(coupon_id)
    if c is None:
        refuse(ErrorCode.NOT_FOUND, "No such coupon.", "couponId")
    if not can_manage_coupons(viewer, c["issuer_id"]):
        refuse(ErrorCode.FORBIDDEN, "Only the issuer reclaims a coupon.", "couponId")
    async with in_transaction():
        done = await take_back(
            c, CouponState.RECLAIMED, CouponOperationKind.RECLAIM, viewer.user_id, "coupon-reclaim"
        )
    if not done:
        refuse(ErrorCode.INVALID_STATE, "Only a usable or not activated coupon can be reclaimed.", "couponId")
    return coupon_id


@on_customer_unbound
async def reclaim_vouchers_on_unbind(
    customer_id: int, partner_org_id: int, actor_user_id: int | None
) -> None:
    """Unbinding a customer reclaims the partner's unused vouchers (runs in the unbind transaction)."""
    rows = await Coupon.filter(
        customer_id=customer_id,
        issuer_id=partner_org_id,
        kind=CouponKind.VOUCHER,
        state__in=LIVE_COUPON_STATES,
    ).values(*TAKE_BACK_COLUMNS)
    for row in rows:
        await take_back(
            row, CouponState.RECLAIMED, CouponOperationKind.RECLAIM, actor_user_id, "coupon-unbind"
        )


async def current_signing_entity(customer_id: int) -> str:
    row = await CustomerSigningEntity.filter(customer_id=customer_id).first().values("entity")
    return row["entity"] if row else DEFAULT_SIGNING_ENTITY


async def change_signing_entity(customer_id: int, entity: str, actor_user_id: int | None = None) -> int:
    """The customer now contracts with another signing entity 签约主体: its remaining cash coupons
    return to their issuers. Returns how many coupons were returned (0 when nothing changed)."""
    entity = entity.strip()
    if not entity:
        raise ValueError("a signing entity needs a name")
    now = clock.now()
    async with in_transaction():
        if await current_signing_entity(customer_id) == entity:
            return 0
        updated = await CustomerSigningEntity.filter(customer_id=customer_id).update(
            entity=entity, changed_at=now, changed_by_id=actor_user_id
        )
        if not updated:
            await CustomerSigningEntity.create(
                customer_id=customer_id, entity=entity, changed_at=now, changed_by_id=actor_user_id
            )
        rows = await Coupon.filter(
            customer_id=customer_id, kind=CouponKind.CASH, state__in=LIVE_COUPON_STATES
        ).values(*TAKE_BACK_COLUMNS)
        returned = 0
        key = f"coupon-signing-entity:{now.isoformat()}"
        for row in rows:
            if await take_back(
                row, CouponState.RECLAIMED, CouponOperationKind.SIGNING_ENTITY_RETURN, actor_user_id, key
            ):
                returned += 1
    return returned
