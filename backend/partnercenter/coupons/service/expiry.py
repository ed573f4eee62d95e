"""The expiry job: activates coupons whose validity began, expires coupons and quotas whose
validity ended and returns what was unused up the quota chain."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.coupons import money
from partnercenter.coupons.enums import CouponOperationKind, CouponState, QuotaState
from partnercenter.coupons.models import Coupon, CouponQuota
from partnercenter.coupons.service.common import (
    LIVE_COUPON_STATES,
    TAKE_BACK_COLUMNS,
    log_operation,
    return_to_quota,
    take_back,
)
from partnercenter.ledger.enums import TransactionKind

__all__ = ["run_expiry"]


async def run_expiry() -> dict[str, int]:
    """Activates coupons whose validity started, expires coupons and quotas whose validity ended,
    returning unused amounts to the issuer's quota (and unused quota to its grantor). Idempotent:
    each change is a conditional update, so a second run (or a concurrent one) changes nothing."""
    now = clock.now()
    return {
        "activated": await _activate(now),
        "coupons_expired": await _expire_coupons(now),
        "quotas_expired": await _expire_quotas(now),
    }


async def _activate(now: datetime) -> int:
    done = 0
    to_activate = await Coupon.filter(
        state=CouponState.NOT_ACTIVATED, valid_from__lte=now, valid_until__gt=now
    ).values("id", "issuer_id", "quota_id", "customer_id", "currency")
    for row in to_activate:
        async with in_transaction():
            if await Coupon.filter(id=row["id"], state=CouponState.NOT_ACTIVATED).update(
                state=CouponState.USABLE, updated_at=now
            ):
                done += 1
                await log_operation(
                    CouponOperationKind.ACTIVATE,
                    row["issuer_id"],
                    quota_id=row["quota_id"],
                    coupon_id=row["id"],
                    customer_id=row["customer_id"],
                    currency=row["currency"],
                )
    return done


async def _expire_coupons(now: datetime) -> int:
    done = 0
    expired = (
        await Coupon.filter(state__in=LIVE_COUPON_STATES, valid_until__lte=now)
        .order_by("id")
        .values(*TAKE_BACK_COLUMNS)
    )
    for row in expired:
        async with in_transaction():
            if await take_back(row, CouponState.EXPIRED, CouponOperationKind.EXPIRE, None, "coupon-expire"):
                done += 1
    return done


async def _expire_quotas(now: datetime) -> int:
    # Sub-quotas before their parents, so what a sub-quota gives back reaches a parent that then
    # passes everything on to its own grantor.
    done = 0
    quotas = await CouponQuota.filter(
        state__in=(QuotaState.NORMAL, QuotaState.FROZEN, QuotaState.ADJUSTING), valid_until__lte=now
    ).values("id", "parent_id", "partner_id", "currency", "kind")
    quotas.sort(key=lambda r: (r["parent_id"] is None, r["id"]))
    for q in quotas:
        async with in_transaction():
            row = await CouponQuota.filter(id=q["id"]).first().values("state", "remaining")
            if row is None or row["state"] in (QuotaState.INVALID, QuotaState.RECLAIMED):
                continue
            rest = row["remaining"]
            if not await CouponQuota.filter(id=q["id"], state=row["state"], remaining=rest).update(
                state=QuotaState.INVALID, remaining=0, updated_at=now
            ):
                continue
            txn = await return_to_quota(
                q["parent_id"],
                [(money.quota(q["id"], q["kind"]), -rest)],
                rest,
                kind=TransactionKind.QUOTA_EXPIRY,
                key=f"coupon-quota-expire:{q['id']}",
                reference=("CouponQuota", q["id"]),
                actor_user_id=None,
                currency=q["currency"],
                root_partner_id=q["partner_id"],
            )
            await log_operation(
                CouponOperationKind.QUOTA_EXPIRE,
                q["partner_id"],
                quota_id=q["id"],
                amount=rest,
                ledger_transaction_id=txn,
                currency=q["currency"],
            )
            done += 1
    return done
