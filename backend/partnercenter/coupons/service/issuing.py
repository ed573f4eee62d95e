"""Issuing vouchers and cash coupons from a quota to the issuer's resale customers: the request is
checked once, then each customer succeeds or fails on its own (atomic per customer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.catalogue.enums import CloudService
from partnercenter.core import clock, idempotency
from partnercenter.core.connection import utc
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, DomainErrors, ErrorCode, check, refuse
from partnercenter.core.fields import cents
from partnercenter.core.money import amount_errors, currency, currency_errors
from partnercenter.coupons import money
from partnercenter.coupons.enums import CouponOperationKind, CouponState, IssueFailure
from partnercenter.coupons.models import Coupon, CouponQuota
from partnercenter.coupons.permissions import can_manage_coupons
from partnercenter.coupons.service.common import (
    ISSUABLE,
    MEMO_MAX,
    issuable,
    log_operation,
    scope_text,
    scope_within,
)
from partnercenter.coupons.service.quotas import visible_quota
from partnercenter.customers.enums import AssociationType
from partnercenter.customers.models import Customer
from partnercenter.ledger.enums import TransactionKind
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.service import notify

__all__ = ["MAX_CUSTOMERS", "CouponDraft", "IssueResult", "issue_coupons"]

Row = dict[str, Any]
MAX_CUSTOMERS = 100


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
    currency: str = field(default_factory=currency)
    totp_code: str | None = None  # when the partner wants a second factor for money operations
    idempotency_key: str | None = None  # the client's key (None: an internal caller, no replay)

    def fingerprint_input(self) -> dict[str, Any]:
        """What makes two requests the same (not the second-factor code: a retry needs a fresh one)."""
        return {
            "quota_id": self.quota_id,
            "customer_ids": self.customer_ids,
            "face_value": self.face_value,
            "currency": self.currency,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "product_scope": None if self.product_scope is None else sorted(self.product_scope),
            "min_order_amount": self.min_order_amount,
            "memo": self.memo,
        }


@dataclass(slots=True)
class IssueResult:
    customer_id: int | None
    coupon_id: int | None = None
    failure: IssueFailure | None = None


@dataclass(frozen=True, slots=True)
class _Terms:
    """What every coupon of one issue request shares."""

    valid_from: datetime
    valid_until: datetime
    scope: str
    state: CouponState


def _draft_errors(q: Row, d: CouponDraft, terms: _Terms, now: datetime) -> list[DomainError]:
    errors = amount_errors(d.face_value, "faceValue") + currency_errors(d.currency, "faceValue")
    errors += amount_errors(d.min_order_amount, "minOrderAmount", allow_zero=True)
    if terms.valid_until <= terms.valid_from or terms.valid_until <= now:
        errors.append(
            DomainError(ErrorCode.INVALID_VALIDITY, "The validity must end after it starts.", "validUntil")
        )
    elif terms.valid_from < q["valid_from"] or terms.valid_until > q["valid_until"]:
        errors.append(
            DomainError(
                ErrorCode.INVALID_VALIDITY, "A coupon is valid within its quota's validity.", "validUntil"
            )
        )
    if not scope_within(terms.scope, q["product_scope"]):
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
    elif len(d.customer_ids) > MAX_CUSTOMERS:
        errors.append(
            DomainError(ErrorCode.TOO_LONG, f"At most {MAX_CUSTOMERS} customers at once.", "customerIds")
        )
    return errors


async def issue_coupons(viewer: Viewer, d: CouponDraft) -> list[IssueResult]:
    """Issues one coupon per customer from the quota. The request is checked once; then each
    customer succeeds or fails on its own (atomic per customer: a savepoint each), and the result
    says which. With a key, a retry answers the first results and issues nothing."""
    q = await visible_quota(viewer, d.quota_id or 0)
    if not can_manage_coupons(viewer, q["partner_id"]):
        refuse(ErrorCode.FORBIDDEN, "Only the quota holder's admin or finance issues coupons.", "quotaId")
    async with in_transaction():
        claimed = await idempotency.claim(viewer, "coupons.issue", d.idempotency_key, d.fingerprint_input())
        if claimed.replayed:
            return [_result_of(r) for r in claimed.result]
        results = await _issue(viewer, q, d)
        await claimed.store([_result_json(r) for r in results])
    return results


def _result_json(r: IssueResult) -> Row:
    return {
        "customer_id": r.customer_id,
        "coupon_id": r.coupon_id,
        "failure": None if r.failure is None else r.failure.value,
    }


def _result_of(row: Row) -> IssueResult:
    failure = row["failure"]
    return IssueResult(
        row["customer_id"], row["coupon_id"], None if failure is None else IssueFailure(failure)
    )


async def _issue(viewer: Viewer, q: Row, d: CouponDraft) -> list[IssueResult]:
    now = clock.now()
    valid_from = utc(d.valid_from) if d.valid_from else max(now, q["valid_from"])
    terms = _Terms(
        valid_from=valid_from,
        valid_until=utc(d.valid_until) if d.valid_until else q["valid_until"],
        scope=q["product_scope"] if d.product_scope is None else scope_text(d.product_scope),
        state=CouponState.NOT_ACTIVATED if valid_from > now else CouponState.USABLE,
    )
    check(_draft_errors(q, d, terms, now))
    if not issuable(q, now):
        refuse(ErrorCode.QUOTA_NOT_USABLE, "This quota cannot be used now.", "quotaId")
    from partnercenter.funds.totp import require_second_factor  # the partner's money-operation setting

    second_factor = await require_second_factor(viewer, d.totp_code)
    if second_factor:
        raise DomainErrors(second_factor)
    # Resale customers of the issuer only: anything else answers like an unknown customer.
    wanted = [c for c in d.customer_ids if c]
    own = {
        r["id"]: r
        for r in await Customer.filter(id__in=wanted or [0], partner_id=viewer.org_id).values(
            "id", "association_type"
        )
    }
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
        coupon_id = await _issue_one(viewer, q, customer["id"], d, terms)
        results.append(
            IssueResult(cid, coupon_id=coupon_id)
            if coupon_id
            else IssueResult(cid, failure=IssueFailure.QUOTA_INSUFFICIENT)
        )
    return results


async def _issue_one(viewer: Viewer, q: Row, customer_id: int, d: CouponDraft, terms: _Terms) -> int | None:
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
            state=terms.state,
            currency=q["currency"],
            face_value=d.face_value,
            remaining=d.face_value,
            min_order_amount=d.min_order_amount,
            product_scope=terms.scope,
            valid_from=terms.valid_from,
            valid_until=terms.valid_until,
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
        await log_operation(
            CouponOperationKind.ISSUE,
            q["partner_id"],
            quota_id=q["id"],
            coupon_id=c.id,
            customer_id=customer_id,
            amount=d.face_value,
            actor_user_id=viewer.user_id,
            ledger_transaction_id=txn,
            currency=q["currency"],
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
    return int(c.id)
