"""Coupon quotas 券额度: vendor finance grants them to partners, a distributor passes part of its
own to its secondary resellers, the grantor adjusts or freezes them. Every amount that moves is
one ledger transaction posted in the same database transaction as the state change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import Organization
from partnercenter.catalogue.enums import CloudService
from partnercenter.core import clock, idempotency
from partnercenter.core.connection import utc
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode, check, refuse
from partnercenter.core.fields import cents
from partnercenter.core.money import amount_errors, currency, currency_errors
from partnercenter.coupons import money
from partnercenter.coupons.enums import CouponKind, CouponOperationKind, QuotaState
from partnercenter.coupons.models import CouponQuota
from partnercenter.coupons.permissions import can_adjust_quota, can_grant_quota, can_manage_coupons
from partnercenter.coupons.service.common import (
    ISSUABLE,
    issuable,
    log_operation,
    return_to_quota,
    scope_text,
)
from partnercenter.coupons.service.queries import quotas_by_ids
from partnercenter.ledger.enums import TransactionKind
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.service import notify, users_with_roles

__all__ = [
    "QuotaDraft",
    "adjust_quota",
    "grant_quota",
    "grant_sub_quota",
    "set_quota_frozen",
    "visible_quota",
]

Row = dict[str, Any]


@dataclass(slots=True)
class QuotaDraft:
    partner_id: int | None
    kind: CouponKind
    amount: Decimal
    valid_from: datetime | None
    valid_until: datetime
    product_scope: list[CloudService] = field(default_factory=list)
    currency: str = field(default_factory=currency)
    idempotency_key: str | None = None  # the client's key (None: an internal caller, no replay)

    def fingerprint_input(self) -> dict[str, Any]:
        return {
            "partner_id": self.partner_id,
            "kind": self.kind,
            "amount": self.amount,
            "currency": self.currency,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "product_scope": sorted(self.product_scope),
        }


def validity_errors(valid_from: datetime, valid_until: datetime) -> list[DomainError]:
    if valid_until <= valid_from:
        return [
            DomainError(ErrorCode.INVALID_VALIDITY, "The validity must end after it starts.", "validUntil")
        ]
    if valid_until <= clock.now():
        return [DomainError(ErrorCode.INVALID_VALIDITY, "The validity must end in the future.", "validUntil")]
    return []


async def visible_quota(viewer: Viewer, quota_id: int) -> Row:
    """The quota if the viewer may see it; NOT_FOUND (a userError) otherwise."""
    found = (await quotas_by_ids(viewer, [quota_id])).get(quota_id)
    if found is None:
        refuse(ErrorCode.NOT_FOUND, "No such quota.", "quotaId")
    return found


async def _notify_holder(org_id: int, quota_id: int, kind: str, amount: Decimal, code: str) -> None:
    admins = await users_with_roles(org_id, [Role.PARTNER_ADMIN, Role.PARTNER_FINANCE])
    await notify(
        admins,
        MessageKind.QUOTA_GRANTED,
        record_type="CouponQuota",
        record_pk=quota_id,
        params={"kind": kind, "amount": f"{amount:.2f}", "currency": code},
    )


async def grant_quota(viewer: Viewer, d: QuotaDraft) -> int:
    """Vendor finance grants a voucher or cash-coupon quota to a partner. With a key, a retry
    answers the first quota and grants nothing."""
    if not can_grant_quota(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only vendor finance grants coupon quotas.")
    async with in_transaction():
        claimed = await idempotency.claim(
            viewer, "coupons.quota_grant", d.idempotency_key, d.fingerprint_input()
        )
        if claimed.replayed:
            return int(claimed.result["quota_id"])
        quota_id = await _grant_quota(viewer, d)
        await claimed.store({"quota_id": quota_id})
    return quota_id


async def _grant_quota(viewer: Viewer, d: QuotaDraft) -> int:
    partner = await Organization.filter(id=d.partner_id or 0, kind="PARTNER").first().values("id")
    if partner is None:
        refuse(ErrorCode.NOT_FOUND, "No such partner.", "partnerId")
    now = clock.now()
    valid_from = utc(d.valid_from) if d.valid_from else now
    valid_until = utc(d.valid_until)
    check(
        amount_errors(d.amount, "amount")
        + currency_errors(d.currency, "amount")
        + validity_errors(valid_from, valid_until)
    )
    q = await CouponQuota.create(
        partner_id=partner["id"],
        granted_by_id=viewer.org_id,
        kind=d.kind,
        state=QuotaState.NORMAL,
        currency=d.currency,
        amount=d.amount,
        remaining=d.amount,
        product_scope=scope_text(d.product_scope),
        valid_from=valid_from,
        valid_until=valid_until,
        created_by_id=viewer.user_id,
        created_at=now,
        updated_at=now,
    )
    txn = await money.post(
        TransactionKind.QUOTA_GRANT,
        [(money.quota_source(partner["id"]), -d.amount), (money.quota(q.id, d.kind), d.amount)],
        actor_user_id=viewer.user_id,
        idempotency_key=f"coupon-quota-grant:{q.id}",
        reference=("CouponQuota", q.id),
        currency=d.currency,
    )
    await log_operation(
        CouponOperationKind.QUOTA_GRANT,
        partner["id"],
        quota_id=q.id,
        amount=d.amount,
        actor_user_id=viewer.user_id,
        ledger_transaction_id=txn,
        currency=d.currency,
    )
    await _notify_holder(partner["id"], q.id, d.kind.value, d.amount, d.currency)
    return int(q.id)


async def grant_sub_quota(
    viewer: Viewer,
    parent_id: int,
    reseller_id: int | None,
    amount: Decimal,
    valid_until: datetime | None = None,
    idempotency_key: str | None = None,
) -> int:
    """A distributor passes part of its own quota to one of its secondary resellers. With a key,
    a retry answers the first sub-quota and moves nothing."""
    parent = await visible_quota(viewer, parent_id)
    if not can_manage_coupons(viewer, parent["partner_id"]):
        refuse(ErrorCode.FORBIDDEN, "Only the quota holder's admin or finance passes it on.", "quotaId")
    wanted = {"quota_id": parent_id, "reseller_id": reseller_id, "amount": amount, "valid_until": valid_until}
    async with in_transaction():
        claimed = await idempotency.claim(viewer, "coupons.sub_quota_grant", idempotency_key, wanted)
        if claimed.replayed:
            return int(claimed.result["quota_id"])
        sub_id = await _grant_sub_quota(viewer, parent, reseller_id, amount, valid_until)
        await claimed.store({"quota_id": sub_id})
    return sub_id


async def _grant_sub_quota(
    viewer: Viewer, parent: Row, reseller_id: int | None, amount: Decimal, valid_until: datetime | None
) -> int:
    parent_id = parent["id"]
    reseller = (
        await Organization.filter(id=reseller_id or 0, distributor_id=viewer.org_id).first().values("id")
    )
    if reseller is None:
        refuse(ErrorCode.NOT_YOUR_RESELLER, "Choose one of your secondary resellers.", "resellerId")
    errors = amount_errors(amount, "amount")
    now = clock.now()
    until = utc(valid_until) if valid_until else parent["valid_until"]
    if until > parent["valid_until"]:
        errors.append(
            DomainError(ErrorCode.INVALID_VALIDITY, "A sub-quota ends no later than its quota.", "validUntil")
        )
    else:
        errors += validity_errors(max(now, parent["valid_from"]), until)
    check(errors)
    if not issuable(parent, now):
        refuse(ErrorCode.QUOTA_NOT_USABLE, "This quota cannot be used now.", "quotaId")
    taken = await CouponQuota.filter(id=parent_id, state=ISSUABLE, remaining__gte=amount).update(
        remaining=F("remaining") - cents(amount), updated_at=now
    )
    if not taken:
        refuse(ErrorCode.QUOTA_INSUFFICIENT, "Not enough quota left.", "amount")
    sub = await CouponQuota.create(
        partner_id=reseller["id"],
        granted_by_id=viewer.org_id,
        parent_id=parent_id,
        kind=parent["kind"],
        state=QuotaState.NORMAL,
        currency=parent["currency"],
        amount=amount,
        remaining=amount,
        product_scope=parent["product_scope"],
        valid_from=max(now, parent["valid_from"]),
        valid_until=until,
        created_by_id=viewer.user_id,
        created_at=now,
        updated_at=now,
    )
    txn = await money.post(
        TransactionKind.QUOTA_SUBGRANT,
        [
            (money.quota(parent_id, parent["kind"]), -amount),
            (money.quota(sub.id, parent["kind"]), amount),
        ],
        actor_user_id=viewer.user_id,
        idempotency_key=f"coupon-subquota-grant:{sub.id}",
        reference=("CouponQuota", sub.id),
        currency=parent["currency"],
    )
    for org in (viewer.org_id, reseller["id"]):
        await log_operation(
            CouponOperationKind.SUBQUOTA_GRANT,
            org,
            quota_id=sub.id,
            amount=amount,
            actor_user_id=viewer.user_id,
            ledger_transaction_id=txn,
            currency=parent["currency"],
        )
    await _notify_holder(reseller["id"], sub.id, parent["kind"], amount, parent["currency"])
    return int(sub.id)


async def adjust_quota(viewer: Viewer, quota_id: int, amount: Decimal) -> int:
    """The grantor changes a quota's total; never below what is already consumed. While the
    adjustment runs the quota is ADJUSTING, so no coupon can be issued from it halfway."""
    q = await visible_quota(viewer, quota_id)
    if not can_adjust_quota(viewer, q):
        refuse(ErrorCode.FORBIDDEN, "Only the grantor adjusts a quota.", "quotaId")
    check(amount_errors(amount, "amount"))
    now = clock.now()
    async with in_transaction():
        locked = await CouponQuota.filter(id=quota_id, state=QuotaState.NORMAL).update(
            state=QuotaState.ADJUSTING, updated_at=now
        )
        if not locked:
            refuse(ErrorCode.INVALID_STATE, "Only a normal quota can be adjusted.", "quotaId")
        row = await CouponQuota.get(id=quota_id).values("amount", "remaining")
        consumed = row["amount"] - row["remaining"]
        if amount < consumed:
            refuse(ErrorCode.QUOTA_BELOW_USED, f"{consumed:.2f} is already used.", "amount")
        delta = amount - row["amount"]
        txn = await _move_adjustment(
            viewer, q, delta, key=f"coupon-quota-adjust:{quota_id}:{now.isoformat()}:{amount}"
        )
        await CouponQuota.filter(id=quota_id).update(
            amount=amount, remaining=F("remaining") + cents(delta), state=QuotaState.NORMAL, updated_at=now
        )
        await log_operation(
            CouponOperationKind.QUOTA_ADJUST,
            q["partner_id"],
            quota_id=quota_id,
            amount=delta,
            actor_user_id=viewer.user_id,
            ledger_transaction_id=txn,
            currency=q["currency"],
        )
    return quota_id


async def _move_adjustment(viewer: Viewer, q: Row, delta: Decimal, *, key: str) -> int | None:
    """The ledger side of an adjustment: from/to the vendor (a vendor-granted quota) or the parent."""
    quota_id = q["id"]
    if not delta:
        return None
    if q["parent_id"] is None:
        return await money.post(
            TransactionKind.QUOTA_GRANT if delta > 0 else TransactionKind.QUOTA_RECLAIM,
            [(money.quota_source(q["partner_id"]), -delta), (money.quota(quota_id, q["kind"]), delta)],
            actor_user_id=viewer.user_id,
            idempotency_key=key,
            reference=("CouponQuota", quota_id),
            currency=q["currency"],
        )
    if delta > 0:
        taken = await CouponQuota.filter(id=q["parent_id"], state=ISSUABLE, remaining__gte=delta).update(
            remaining=F("remaining") - cents(delta), updated_at=clock.now()
        )
        if not taken:
            refuse(ErrorCode.QUOTA_INSUFFICIENT, "Not enough quota left.", "amount")
        return await money.post(
            TransactionKind.QUOTA_SUBGRANT,
            [(money.quota(q["parent_id"], q["kind"]), -delta), (money.quota(quota_id, q["kind"]), delta)],
            actor_user_id=viewer.user_id,
            idempotency_key=key,
            reference=("CouponQuota", quota_id),
            currency=q["currency"],
        )
    return await return_to_quota(
        q["parent_id"],
        [(money.quota(quota_id, q["kind"]), delta)],
        -delta,
        kind=TransactionKind.QUOTA_RECLAIM,
        key=key,
        reference=("CouponQuota", quota_id),
        actor_user_id=viewer.user_id,
        currency=q["currency"],
    )


async def set_quota_frozen(viewer: Viewer, quota_id: int, frozen: bool) -> int:
    """The grantor freezes (no issuing) or unfreezes a quota."""
    q = await visible_quota(viewer, quota_id)
    if not can_adjust_quota(viewer, q):
        refuse(ErrorCode.FORBIDDEN, "Only the grantor freezes a quota.", "quotaId")
    src, dst = (QuotaState.NORMAL, QuotaState.FROZEN) if frozen else (QuotaState.FROZEN, QuotaState.NORMAL)
    async with in_transaction():
        if not await CouponQuota.filter(id=quota_id, state=src).update(state=dst, updated_at=clock.now()):
            refuse(ErrorCode.INVALID_STATE, f"Only a {src.value.lower()} quota can be changed so.", "quotaId")
        await log_operation(
            CouponOperationKind.QUOTA_FREEZE if frozen else CouponOperationKind.QUOTA_UNFREEZE,
            q["partner_id"],
            quota_id=quota_id,
            actor_user_id=viewer.user_id,
            currency=q["currency"],
        )
    return quota_id
