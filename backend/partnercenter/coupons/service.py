"""Coupon rules (no GraphQL here): quotas granted by vendor finance, sub-quotas passed by a
distributor to its secondary resellers, issuing vouchers and cash coupons to resale customers,
reclaim, expiry, the customer's signing entity change, and the unbind hook.

Every amount that moves is also one ledger transaction (`coupons.money`), posted in the same
database transaction as the state change; state changes are conditional updates, so two requests
racing for the same quota or coupon cannot both win."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import Organization, User
from partnercenter.catalogue.enums import CloudService
from partnercenter.core import clock
from partnercenter.core.connection import EMPTY_PAGE, Page, PageArgs, SortKey, fetch_page, utc
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.core.fields import cents
from partnercenter.core.rows import CONVERTERS
from partnercenter.coupons import money
from partnercenter.coupons.enums import (
    CouponKind,
    CouponOperationKind,
    CouponState,
    IssueFailure,
    QuotaState,
)
from partnercenter.coupons.models import Coupon, CouponOperation, CouponQuota, CustomerSigningEntity
from partnercenter.coupons.permissions import (
    COUPON,
    COUPON_OPERATION,
    COUPON_QUOTA,
    can_adjust_quota,
    can_grant_quota,
    can_manage_coupons,
)
from partnercenter.customers.enums import AssociationType
from partnercenter.customers.hooks import on_customer_unbound
from partnercenter.customers.models import Customer
from partnercenter.ledger.enums import TransactionKind
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.service import notify, users_with_roles

MAX_AMOUNT = Decimal("99999999.99")
MEMO_MAX = 200
LIVE_COUPON_STATES = (CouponState.USABLE, CouponState.NOT_ACTIVATED)
ISSUABLE = QuotaState.NORMAL
DEFAULT_SIGNING_ENTITY = "华为云计算技术有限公司"

# --------------------------------------------------------------------------- product scopes


def scope_text(services: list[CloudService] | None) -> str:
    """ ",ECS,EVS," (sorted, deduplicated); "" means every product."""
    if not services:
        return ""
    return "," + ",".join(sorted({CloudService(s).value for s in services})) + ","


def scope_list(text: str) -> list[CloudService]:
    return [CloudService(s) for s in text.split(",") if s]


def scope_within(inner: str, outer: str) -> bool:
    """A coupon's scope may only narrow its quota's."""
    if not outer:
        return True
    return bool(inner) and set(scope_list(inner)) <= set(scope_list(outer))


def scope_covers(scope: str, services: set[str]) -> bool:
    """Every service of the order is within the coupon's scope (empty scope: every product)."""
    return not scope or services <= {s.value for s in scope_list(scope)}


# --------------------------------------------------------------------------- validation


def amount_errors(value: Decimal | None, field_name: str, *, allow_zero: bool = False) -> list[DomainError]:
    if value is None:
        return [DomainError(ErrorCode.BLANK, "Enter an amount.", field_name)]
    if not value.is_finite():
        return [DomainError(ErrorCode.NOT_A_NUMBER, "The amount must be a number.", field_name)]
    if value < 0:
        return [DomainError(ErrorCode.NEGATIVE, "The amount must not be negative.", field_name)]
    if value == 0 and not allow_zero:
        return [DomainError(ErrorCode.NOT_POSITIVE, "The amount must be above 0.", field_name)]
    if value > MAX_AMOUNT:
        return [DomainError(ErrorCode.TOO_LARGE, f"The amount is at most {MAX_AMOUNT}.", field_name)]
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        return [DomainError(ErrorCode.TOO_MANY_DECIMALS, "Use at most two decimals.", field_name)]
    return []


def currency_errors(currency: str, field_name: str) -> list[DomainError]:
    if currency != "CNY":
        return [DomainError(ErrorCode.UNSUPPORTED_CURRENCY, "Only CNY is supported.", field_name)]
    return []


# --------------------------------------------------------------------------- operation log


async def _log(
    kind: CouponOperationKind,
    partner_id: int,
    *,
    quota_id: int | None = None,
    coupon_id: int | None = None,
    customer_id: int | None = None,
    order_id: int | None = None,
    amount: Decimal = Decimal(0),
    actor_user_id: int | None = None,
    ledger_transaction_id: int | None = None,
    currency: str = "CNY",
) -> None:
    await CouponOperation.create(
        kind=kind,
        partner_id=partner_id,
        quota_id=quota_id,
        coupon_id=coupon_id,
        customer_id=customer_id,
        order_id=order_id,
        amount=amount,
        currency=currency,
        actor_id=actor_user_id,
        ledger_transaction_id=ledger_transaction_id,
        at=clock.now(),
    )


# --------------------------------------------------------------------------- quotas

QUOTA_COLUMNS = [
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
]
QUOTA_KINDS = {
    "amount": "money",
    "remaining": "money",
    "valid_from": "datetime",
    "valid_until": "datetime",
    "created_at": "datetime",
    "updated_at": "datetime",
}
QUOTA_SORT = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)


@dataclass(slots=True)
class QuotaDraft:
    partner_id: int | None
    kind: CouponKind
    amount: Decimal
    valid_from: datetime | None
    valid_until: datetime
    product_scope: list[CloudService] = field(default_factory=list)
    currency: str = "CNY"


def _validity_errors(valid_from: datetime, valid_until: datetime) -> list[DomainError]:
    if valid_until <= valid_from:
        return [
            DomainError(ErrorCode.INVALID_VALIDITY, "The validity must end after it starts.", "validUntil")
        ]
    if valid_until <= clock.now():
        return [DomainError(ErrorCode.INVALID_VALIDITY, "The validity must end in the future.", "validUntil")]
    return []


async def grant_quota(viewer: Viewer, d: QuotaDraft) -> list[DomainError] | int:
    """Vendor finance grants a voucher or cash-coupon quota to a partner."""
    if not can_grant_quota(viewer):
        return [DomainError(ErrorCode.FORBIDDEN, "Only vendor finance grants coupon quotas.", None)]
    partner = await Organization.filter(id=d.partner_id or 0, kind="PARTNER").first().values("id")
    if partner is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such partner.", "partnerId")]
    now = clock.now()
    valid_from = utc(d.valid_from) if d.valid_from else now
    valid_until = utc(d.valid_until)
    errors = amount_errors(d.amount, "amount") + currency_errors(d.currency, "amount")
    errors += _validity_errors(valid_from, valid_until)
    if errors:
        return errors
    async with in_transaction():
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
        await _log(
            CouponOperationKind.QUOTA_GRANT,
            partner["id"],
            quota_id=q.id,
            amount=d.amount,
            actor_user_id=viewer.user_id,
            ledger_transaction_id=txn,
        )
        admins = await users_with_roles(partner["id"], [Role.PARTNER_ADMIN, Role.PARTNER_FINANCE])
        await notify(
            admins,
            MessageKind.QUOTA_GRANTED,
            record_type="CouponQuota",
            record_pk=q.id,
            params={"kind": d.kind.value, "amount": f"{d.amount:.2f}", "currency": d.currency},
        )
    return q.id


async def _visible_quota(viewer: Viewer, quota_id: int) -> dict[str, Any] | None:
    return (await quotas_by_ids(viewer, [quota_id])).get(quota_id)


async def grant_sub_quota(
    viewer: Viewer,
    parent_id: int,
    reseller_id: int | None,
    amount: Decimal,
    valid_until: datetime | None = None,
) -> list[DomainError] | int:
    """A distributor passes part of its own quota to one of its secondary resellers."""
    parent = await _visible_quota(viewer, parent_id)
    if parent is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such quota.", "quotaId")]
    if not can_manage_coupons(viewer, parent["partner_id"]):
        return [
            DomainError(
                ErrorCode.FORBIDDEN, "Only the quota holder's admin or finance passes it on.", "quotaId"
            )
        ]
    reseller = (
        await Organization.filter(id=reseller_id or 0, distributor_id=viewer.org_id).first().values("id")
    )
    if reseller is None:
        return [
            DomainError(ErrorCode.NOT_YOUR_RESELLER, "Choose one of your secondary resellers.", "resellerId")
        ]
    errors = amount_errors(amount, "amount")
    now = clock.now()
    until = utc(valid_until) if valid_until else parent["valid_until"]
    if until > parent["valid_until"]:
        errors.append(
            DomainError(ErrorCode.INVALID_VALIDITY, "A sub-quota ends no later than its quota.", "validUntil")
        )
    else:
        errors += _validity_errors(max(now, parent["valid_from"]), until)
    if errors:
        return errors
    if not _issuable(parent, now):
        return [DomainError(ErrorCode.QUOTA_NOT_USABLE, "This quota cannot be used now.", "quotaId")]
    async with in_transaction():
        taken = await CouponQuota.filter(id=parent_id, state=ISSUABLE, remaining__gte=amount).update(
            remaining=F("remaining") - cents(amount), updated_at=now
        )
        if not taken:
            return [DomainError(ErrorCode.QUOTA_INSUFFICIENT, "Not enough quota left.", "amount")]
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
            await _log(
                CouponOperationKind.SUBQUOTA_GRANT,
                org,
                quota_id=sub.id,
                amount=amount,
                actor_user_id=viewer.user_id,
                ledger_transaction_id=txn,
            )
        admins = await users_with_roles(reseller["id"], [Role.PARTNER_ADMIN, Role.PARTNER_FINANCE])
        await notify(
            admins,
            MessageKind.QUOTA_GRANTED,
            record_type="CouponQuota",
            record_pk=sub.id,
            params={"kind": parent["kind"], "amount": f"{amount:.2f}", "currency": parent["currency"]},
        )
    return sub.id


def _issuable(quota: dict[str, Any], now: datetime) -> bool:
    return bool(quota["state"] == ISSUABLE and quota["valid_from"] <= now < quota["valid_until"])


async def reclaim_sub_quota(viewer: Viewer, quota_id: int) -> list[DomainError] | int:
    """The distributor takes back what is left of a sub-quota (its coupons already issued stay)."""
    q = await _visible_quota(viewer, quota_id)
    if q is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such quota.", "quotaId")]
    if q["parent_id"] is None or not can_adjust_quota(viewer, q):
        return [
            DomainError(
                ErrorCode.FORBIDDEN, "Only the distributor that passed a sub-quota reclaims it.", "quotaId"
            )
        ]
    now = clock.now()
    async with in_transaction():
        live = (QuotaState.NORMAL, QuotaState.FROZEN)
        row = await CouponQuota.filter(id=quota_id, state__in=live).first().values("remaining")
        if row is None:
            return [
                DomainError(ErrorCode.INVALID_STATE, "This sub-quota can no longer be reclaimed.", "quotaId")
            ]
        rest = row["remaining"]
        changed = await CouponQuota.filter(id=quota_id, state__in=live, remaining=rest).update(
            state=QuotaState.RECLAIMED, remaining=0, updated_at=now
        )
        if not changed:
            return [
                DomainError(ErrorCode.INVALID_STATE, "The sub-quota changed meanwhile: try again.", "quotaId")
            ]
        txn = await _return_to_quota(
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
            await _log(
                CouponOperationKind.SUBQUOTA_RECLAIM,
                org,
                quota_id=quota_id,
                amount=rest,
                actor_user_id=viewer.user_id,
                ledger_transaction_id=txn,
            )
    return quota_id


async def adjust_quota(viewer: Viewer, quota_id: int, amount: Decimal) -> list[DomainError] | int:
    """The grantor changes a quota's total; never below what is already consumed. While the
    adjustment runs the quota is ADJUSTING, so no coupon can be issued from it halfway."""
    q = await _visible_quota(viewer, quota_id)
    if q is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such quota.", "quotaId")]
    if not can_adjust_quota(viewer, q):
        return [DomainError(ErrorCode.FORBIDDEN, "Only the grantor adjusts a quota.", "quotaId")]
    errors = amount_errors(amount, "amount")
    if errors:
        return errors
    try:
        await _adjust(viewer, q, amount)
    except _Abort as abort:
        return [abort.error]
    return quota_id


async def _adjust(viewer: Viewer, q: dict[str, Any], amount: Decimal) -> None:
    now = clock.now()
    quota_id = q["id"]
    async with in_transaction():
        locked = await CouponQuota.filter(id=quota_id, state=QuotaState.NORMAL).update(
            state=QuotaState.ADJUSTING, updated_at=now
        )
        if not locked:
            raise _Abort(
                DomainError(ErrorCode.INVALID_STATE, "Only a normal quota can be adjusted.", "quotaId")
            )
        row = await CouponQuota.get(id=quota_id).values("amount", "remaining")
        consumed = row["amount"] - row["remaining"]
        if amount < consumed:
            raise _Abort(
                DomainError(ErrorCode.QUOTA_BELOW_USED, f"{consumed:.2f} is already used.", "amount")
            )
        delta = amount - row["amount"]
        txn = None
        key = f"coupon-quota-adjust:{quota_id}:{now.isoformat()}:{amount}"
        if delta and q["parent_id"] is None:
            txn = await money.post(
                TransactionKind.QUOTA_GRANT if delta > 0 else TransactionKind.QUOTA_RECLAIM,
                [(money.quota_source(q["partner_id"]), -delta), (money.quota(quota_id, q["kind"]), delta)],
                actor_user_id=viewer.user_id,
                idempotency_key=key,
                reference=("CouponQuota", quota_id),
                currency=q["currency"],
            )
        elif delta > 0:
            taken = await CouponQuota.filter(id=q["parent_id"], state=ISSUABLE, remaining__gte=delta).update(
                remaining=F("remaining") - cents(delta), updated_at=now
            )
            if not taken:
                raise _Abort(DomainError(ErrorCode.QUOTA_INSUFFICIENT, "Not enough quota left.", "amount"))
            txn = await money.post(
                TransactionKind.QUOTA_SUBGRANT,
                [(money.quota(q["parent_id"], q["kind"]), -delta), (money.quota(quota_id, q["kind"]), delta)],
                actor_user_id=viewer.user_id,
                idempotency_key=key,
                reference=("CouponQuota", quota_id),
                currency=q["currency"],
            )
        elif delta < 0:
            txn = await _return_to_quota(
                q["parent_id"],
                [(money.quota(quota_id, q["kind"]), delta)],
                -delta,
                kind=TransactionKind.QUOTA_RECLAIM,
                key=key,
                reference=("CouponQuota", quota_id),
                actor_user_id=viewer.user_id,
                currency=q["currency"],
            )
        await CouponQuota.filter(id=quota_id).update(
            amount=amount, remaining=F("remaining") + cents(delta), state=QuotaState.NORMAL, updated_at=now
        )
        await _log(
            CouponOperationKind.QUOTA_ADJUST,
            q["partner_id"],
            quota_id=quota_id,
            amount=delta,
            actor_user_id=viewer.user_id,
            ledger_transaction_id=txn,
        )


class _Abort(Exception):
    """Rolls the surrounding transaction back and becomes a userError."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(error.message)
        self.error = error


async def set_quota_frozen(viewer: Viewer, quota_id: int, frozen: bool) -> list[DomainError] | int:
    """The grantor freezes (no issuing) or unfreezes a quota."""
    q = await _visible_quota(viewer, quota_id)
    if q is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such quota.", "quotaId")]
    if not can_adjust_quota(viewer, q):
        return [DomainError(ErrorCode.FORBIDDEN, "Only the grantor freezes a quota.", "quotaId")]
    src, dst = (QuotaState.NORMAL, QuotaState.FROZEN) if frozen else (QuotaState.FROZEN, QuotaState.NORMAL)
    async with in_transaction():
        if not await CouponQuota.filter(id=quota_id, state=src).update(state=dst, updated_at=clock.now()):
            return [
                DomainError(
                    ErrorCode.INVALID_STATE, f"Only a {src.value.lower()} quota can be changed so.", "quotaId"
                )
            ]
        await _log(
            CouponOperationKind.QUOTA_FREEZE if frozen else CouponOperationKind.QUOTA_UNFREEZE,
            q["partner_id"],
            quota_id=quota_id,
            actor_user_id=viewer.user_id,
        )
    return quota_id


async def _return_to_quota(
    quota_id: int | None,
    moves: list[money.Move],
    amount: Decimal,
    *,
    kind: TransactionKind,
    key: str,
    reference: tuple[str, int],
    actor_user_id: int | None,
    currency: str,
    root_partner_id: int | None = None,
) -> int | None:
    """Gives `amount` back to a quota; a quota that is no longer live (invalid, reclaimed) passes it
    on to its grantor: the parent quota, and finally the vendor's coupon funding. Inside a transaction."""
    if amount <= 0:
        return None
    # No quota to go to (a vendor-granted quota expiring): back to the vendor's quota source.
    target = money.quota_source(root_partner_id) if quota_id is None and root_partner_id else None
    current = quota_id
    while current is not None:
        row = (
            await CouponQuota.filter(id=current)
            .first()
            .values("id", "state", "parent_id", "partner_id", "kind")
        )
        if row is None:
            raise AssertionError(f"coupon quota {current} vanished")
        if row["state"] not in (QuotaState.INVALID, QuotaState.RECLAIMED):
            await CouponQuota.filter(id=current).update(
                remaining=F("remaining") + cents(amount), updated_at=clock.now()
            )
            target = money.quota(current, row["kind"])
            break
        if row["parent_id"] is None:
            target = money.quota_source(row["partner_id"])  # back to the vendor
        current = row["parent_id"]
    assert target is not None
    return await money.post(
        kind,
        [*moves, (target, amount)],
        actor_user_id=actor_user_id,
        idempotency_key=key,
        reference=reference,
        currency=currency,
    )


# --------------------------------------------------------------------------- issuing coupons


@dataclass(slots=True)
class CouponDraft:
    quota_id: int | None
    customer_ids: list[int | None]
    face_value: Decimal
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    product_scope: list[CloudService] | None = None  # None: the quota's scope
    min_order_amount: Decimal = Decimal(0)
    memo: str = ""
    currency: str = "CNY"
    totp_code: str | None = None  # when the partner wants a second factor for money operations


@dataclass(slots=True)
class IssueResult:
    customer_id: int | None
    coupon_id: int | None = None
    failure: IssueFailure | None = None


async def issue_coupons(viewer: Viewer, d: CouponDraft) -> list[DomainError] | list[IssueResult]:
    """Issues one coupon per customer from the quota. The request is checked once; then each
    customer succeeds or fails on its own (atomic per customer), and the result says which."""
    q = await _visible_quota(viewer, d.quota_id or 0)
    if q is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such quota.", "quotaId")]
    if not can_manage_coupons(viewer, q["partner_id"]):
        return [
            DomainError(
                ErrorCode.FORBIDDEN, "Only the quota holder's admin or finance issues coupons.", "quotaId"
            )
        ]
    now = clock.now()
    valid_from = utc(d.valid_from) if d.valid_from else max(now, q["valid_from"])
    valid_until = utc(d.valid_until) if d.valid_until else q["valid_until"]
    scope = q["product_scope"] if d.product_scope is None else scope_text(d.product_scope)
    errors = amount_errors(d.face_value, "faceValue") + currency_errors(d.currency, "faceValue")
    errors += amount_errors(d.min_order_amount, "minOrderAmount", allow_zero=True)
    if valid_until <= valid_from or valid_until <= now:
        errors.append(
            DomainError(ErrorCode.INVALID_VALIDITY, "The validity must end after it starts.", "validUntil")
        )
    elif valid_from < q["valid_from"] or valid_until > q["valid_until"]:
        errors.append(
            DomainError(
                ErrorCode.INVALID_VALIDITY, "A coupon is valid within its quota's validity.", "validUntil"
            )
        )
    if not scope_within(scope, q["product_scope"]):
        errors.append(
            DomainError(
                ErrorCode.PRODUCT_SCOPE_NOT_ALLOWED,
                "The quota does not cover these products.",
                "productScope",
            )
        )
    if len(d.memo) > MEMO_MAX:
        errors.append(DomainError(ErrorCode.TOO_LONG, f"The memo is over {MEMO_MAX} characters.", "memo"))
    if not d.customer_ids:
        errors.append(DomainError(ErrorCode.BLANK, "Choose at least one customer.", "customerIds"))
    elif len(d.customer_ids) > 100:
        errors.append(DomainError(ErrorCode.TOO_LONG, "At most 100 customers at once.", "customerIds"))
    if errors:
        return errors
    if not _issuable(q, now):
        return [DomainError(ErrorCode.QUOTA_NOT_USABLE, "This quota cannot be used now.", "quotaId")]
    from partnercenter.funds.totp import require_second_factor  # the partner's money-operation setting

    second_factor = await require_second_factor(viewer, d.totp_code)
    if second_factor:
        return second_factor
    # Resale customers of the issuer only: anything else answers like an unknown customer.
    wanted = [c for c in d.customer_ids if c]
    own = {
        r["id"]: r
        for r in await Customer.filter(id__in=wanted or [0], partner_id=viewer.org_id).values(
            "id", "association_type"
        )
    }
    state = CouponState.NOT_ACTIVATED if valid_from > now else CouponState.USABLE
    results: list[IssueResult] = []
    seen: set[int] = set()
    for cid in d.customer_ids:
        customer = own.get(cid or 0)
        if cid in seen:
            results.append(IssueResult(cid, failure=IssueFailure.DUPLICATE))
            continue
        if cid is not None:
            seen.add(cid)
        if customer is None:
            results.append(IssueResult(cid, failure=IssueFailure.NOT_FOUND))
            continue
        if customer["association_type"] != AssociationType.RESALE:
            results.append(IssueResult(cid, failure=IssueFailure.WRONG_ASSOCIATION_TYPE))
            continue
        coupon_id = await _issue_one(viewer, q, customer["id"], d, valid_from, valid_until, scope, state)
        results.append(
            IssueResult(cid, coupon_id=coupon_id)
            if coupon_id
            else IssueResult(cid, failure=IssueFailure.QUOTA_INSUFFICIENT)
        )
    return results


async def _issue_one(
    viewer: Viewer,
    q: dict[str, Any],
    customer_id: int,
    d: CouponDraft,
    valid_from: datetime,
    valid_until: datetime,
    scope: str,
    state: CouponState,
) -> int | None:
    now = clock.now()
    async with in_transaction():
        taken = await CouponQuota.filter(id=q["id"], state=ISSUABLE, remaining__gte=d.face_value).update(
            remaining=F("remaining") - cents(d.face_value), updated_at=now
        )
        if not taken:
            return None
        c = await Coupon.create(
            quota_id=q["id"],
            issuer_id=q["partner_id"],
            customer_id=customer_id,
            kind=q["kind"],
            state=state,
            currency=q["currency"],
            face_value=d.face_value,
            remaining=d.face_value,
            min_order_amount=d.min_order_amount,
            product_scope=scope,
            valid_from=valid_from,
            valid_until=valid_until,
            memo=d.memo.strip(),
            issued_by_id=viewer.user_id,
            issued_at=now,
            updated_at=now,
        )
        txn = await money.post(
            TransactionKind.COUPON_ISSUE,
            [(money.quota(q["id"], q["kind"]), -d.face_value), (money.coupon(c.id), d.face_value)],
            actor_user_id=viewer.user_id,
            idempotency_key=f"coupon-issue:{c.id}",
            reference=("Coupon", c.id),
            currency=q["currency"],
        )
        await _log(
            CouponOperationKind.ISSUE,
            q["partner_id"],
            quota_id=q["id"],
            coupon_id=c.id,
            customer_id=customer_id,
            amount=d.face_value,
            actor_user_id=viewer.user_id,
            ledger_transaction_id=txn,
        )
        recipients = await User.filter(customer_id=customer_id, role=Role.CUSTOMER_USER).values_list(
            "id", flat=True
        )
        await notify(
            recipients,  # type: ignore[arg-type]
            MessageKind.COUPON_ISSUED,
            record_type="Coupon",
            record_pk=c.id,
            params={"kind": q["kind"], "amount": f"{d.face_value:.2f}", "currency": q["currency"]},
        )
    return c.id


# --------------------------------------------------------------------------- giving coupons back


async def _take_back(
    coupon_row: dict[str, Any],
    new_state: CouponState,
    op: CouponOperationKind,
    actor_user_id: int | None,
    key_prefix: str,
) -> bool:
    """Ends a live coupon and returns its remaining value to its quota (inside a transaction).
    False when the coupon was no longer live (someone else got there first)."""
    cid = coupon_row["id"]
    row = await Coupon.filter(id=cid, state__in=LIVE_COUPON_STATES).first().values("remaining", "state")
    if row is None:
        return False
    rest = row["remaining"]
    changed = await Coupon.filter(id=cid, state=row["state"], remaining=rest).update(
        state=new_state, remaining=0, updated_at=clock.now()
    )
    if not changed:
        return False
    txn = await _return_to_quota(
        coupon_row["quota_id"],
        [(money.coupon(cid), -rest)],
        rest,
        kind=TransactionKind.COUPON_EXPIRY
        if new_state is CouponState.EXPIRED
        else TransactionKind.COUPON_RECLAIM,
        key=f"{key_prefix}:{cid}",
        reference=("Coupon", cid),
        actor_user_id=actor_user_id,
        currency=coupon_row["currency"],
    )
    await _log(
        op,
        coupon_row["issuer_id"],
        quota_id=coupon_row["quota_id"],
        coupon_id=cid,
        customer_id=coupon_row["customer_id"],
        amount=rest,
        actor_user_id=actor_user_id,
        ledger_transaction_id=txn,
        currency=coupon_row["currency"],
    )
    return True


async def reclaim_coupon(viewer: Viewer, coupon_id: int) -> list[DomainError] | int:
    """The issuer takes back a coupon that is not used up; its remaining value returns to the quota."""
    c = (await coupons_by_ids(viewer, [coupon_id])).get(coupon_id)
    if c is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such coupon.", "couponId")]
    if not can_manage_coupons(viewer, c["issuer_id"]):
        return [DomainError(ErrorCode.FORBIDDEN, "Only the issuer reclaims a coupon.", "couponId")]
    async with in_transaction():
        done = await _take_back(
            c, CouponState.RECLAIMED, CouponOperationKind.RECLAIM, viewer.user_id, "coupon-reclaim"
        )
    if not done:
        return [
            DomainError(
                ErrorCode.INVALID_STATE, "Only a usable or not activated coupon can be reclaimed.", "couponId"
            )
        ]
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
    ).values(*_TAKE_BACK_COLUMNS)
    for row in rows:
        await _take_back(
            row, CouponState.RECLAIMED, CouponOperationKind.RECLAIM, actor_user_id, "coupon-unbind"
        )


_TAKE_BACK_COLUMNS = ("id", "quota_id", "issuer_id", "customer_id", "currency")


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
        ).values(*_TAKE_BACK_COLUMNS)
        returned = 0
        for row in rows:
            key = f"coupon-signing-entity:{now.isoformat()}"
            if await _take_back(
                row, CouponState.RECLAIMED, CouponOperationKind.SIGNING_ENTITY_RETURN, actor_user_id, key
            ):
                returned += 1
    return returned


# --------------------------------------------------------------------------- expiry job


async def run_expiry() -> dict[str, int]:
    """Activates coupons whose validity started, expires coupons and quotas whose validity ended,
    returning unused amounts to the issuer's quota (and unused quota to its grantor). Idempotent:
    each change is a conditional update, so a second run (or a concurrent one) changes nothing."""
    now = clock.now()
    counts = {"activated": 0, "coupons_expired": 0, "quotas_expired": 0}
    to_activate = await Coupon.filter(
        state=CouponState.NOT_ACTIVATED, valid_from__lte=now, valid_until__gt=now
    ).values("id", "issuer_id", "quota_id", "customer_id")
    for row in to_activate:
        async with in_transaction():
            if await Coupon.filter(id=row["id"], state=CouponState.NOT_ACTIVATED).update(
                state=CouponState.USABLE, updated_at=now
            ):
                counts["activated"] += 1
                await _log(
                    CouponOperationKind.ACTIVATE,
                    row["issuer_id"],
                    quota_id=row["quota_id"],
                    coupon_id=row["id"],
                    customer_id=row["customer_id"],
                )
    expired = (
        await Coupon.filter(state__in=LIVE_COUPON_STATES, valid_until__lte=now)
        .order_by("id")
        .values(*_TAKE_BACK_COLUMNS)
    )
    for row in expired:
        async with in_transaction():
            if await _take_back(row, CouponState.EXPIRED, CouponOperationKind.EXPIRE, None, "coupon-expire"):
                counts["coupons_expired"] += 1
    # Sub-quotas before their parents, so what a sub-quota gives back reaches a parent that then
    # passes everything on to its own grantor.
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
            txn = await _return_to_quota(
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
            await _log(
                CouponOperationKind.QUOTA_EXPIRE, q["partner_id"], quota_id=q["id"], amount=rest,
                ledger_transaction_id=txn,
            )  # fmt: skip
            counts["quotas_expired"] += 1
    return counts


# --------------------------------------------------------------------------- reads

COUPON_COLUMNS = [
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
]
COUPON_KINDS = {
    "face_value": "money",
    "remaining": "money",
    "spent": "money",
    "min_order_amount": "money",
    "valid_from": "datetime",
    "valid_until": "datetime",
    "issued_at": "datetime",
    "updated_at": "datetime",
}
COUPON_SORT = SortKey("ISSUED_AT_DESC", "issued_at", "datetime", True)

OPERATION_COLUMNS = [
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
]
OPERATION_KINDS = {"amount": "money", "at": "datetime"}
OPERATION_SORT = SortKey("AT_DESC", "at", "datetime", True)


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


def _scoped(viewer: Viewer | None, resource: str, model: Any) -> Any:
    q = policy.scope_q(viewer, resource)
    return None if q is None else model.filter(q)


async def _zero() -> int:
    return 0


async def list_quotas(viewer: Viewer, f: QuotaQuery, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped(viewer, COUPON_QUOTA, CouponQuota)
    if qs is None:
        return EMPTY_PAGE, _zero
    if f.kinds:
        qs = qs.filter(kind__in=[k.value for k in f.kinds])
    if f.states:
        qs = qs.filter(state__in=[s.value for s in f.states])
    if f.partner_ids is not None:
        qs = qs.filter(partner_id__in=f.partner_ids or [0])
    if f.own_only:
        qs = qs.filter(partner_id=viewer.org_id)
    return await fetch_page(qs, QUOTA_SORT, page, QUOTA_COLUMNS, QUOTA_KINDS), qs.count


async def quotas_by_ids(viewer: Viewer | None, ids: list[int]) -> dict[int, dict[str, Any]]:
    qs = _scoped(viewer, COUPON_QUOTA, CouponQuota)
    if qs is None or not ids:
        return {}
    rows = await qs.filter(id__in=ids).values(*QUOTA_COLUMNS)
    for r in rows:
        for col, kind in QUOTA_KINDS.items():
            r[col] = _convert(kind, r[col])
    return {r["id"]: r for r in rows}


def _convert(kind: str, value: Any) -> Any:
    """Rows read with `.values()` in the same shape as the list pages' (aware datetimes, Decimal money)."""
    return CONVERTERS[kind](value)


async def list_coupons(viewer: Viewer, f: CouponQuery, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped(viewer, COUPON, Coupon)
    if qs is None:
        return EMPTY_PAGE, _zero
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
    return await fetch_page(qs, COUPON_SORT, page, COUPON_COLUMNS, COUPON_KINDS), qs.count


async def coupons_by_ids(viewer: Viewer | None, ids: list[int]) -> dict[int, dict[str, Any]]:
    qs = _scoped(viewer, COUPON, Coupon)
    if qs is None or not ids:
        return {}
    rows = await qs.filter(id__in=ids).values(*COUPON_COLUMNS)
    for r in rows:
        for col, kind in COUPON_KINDS.items():
            r[col] = _convert(kind, r[col])
    return {r["id"]: r for r in rows}


async def list_operations(viewer: Viewer, f: OperationQuery, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped(viewer, COUPON_OPERATION, CouponOperation)
    if qs is None:
        return EMPTY_PAGE, _zero
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
    return await fetch_page(qs, OPERATION_SORT, page, OPERATION_COLUMNS, OPERATION_KINDS), qs.count


async def operations_by_ids(viewer: Viewer | None, ids: list[int]) -> dict[int, dict[str, Any]]:
    qs = _scoped(viewer, COUPON_OPERATION, CouponOperation)
    if qs is None or not ids:
        return {}
    rows = await qs.filter(id__in=ids).values(*OPERATION_COLUMNS)
    for r in rows:
        for col, kind in OPERATION_KINDS.items():
            r[col] = _convert(kind, r[col])
    return {r["id"]: r for r in rows}
