"""What every part of the coupon rules shares: product scopes, the operation log, the quota chain
rule (what is given back reaches the first live quota up the chain, else the vendor) and taking a
live coupon back. Inside the caller's transaction; nothing here is GraphQL."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.expressions import F

from partnercenter.catalogue.enums import CloudService
from partnercenter.core import clock
from partnercenter.core.fields import cents
from partnercenter.core.money import currency as default_currency
from partnercenter.coupons import money
from partnercenter.coupons.enums import CouponOperationKind, CouponState, QuotaState
from partnercenter.coupons.models import Coupon, CouponOperation, CouponQuota
from partnercenter.ledger.enums import TransactionKind

__all__ = [
    "DEFAULT_SIGNING_ENTITY",
    "ISSUABLE",
    "LIVE_COUPON_STATES",
    "MEMO_MAX",
    "TAKE_BACK_COLUMNS",
    "issuable",
    "log_operation",
    "return_to_quota",
    "scope_covers",
    "scope_list",
    "scope_text",
    "scope_within",
    "take_back",
]

Row = dict[str, Any]
MEMO_MAX = 200
LIVE_COUPON_STATES = (CouponState.USABLE, CouponState.NOT_ACTIVATED)
ISSUABLE = QuotaState.NORMAL
DEFAULT_SIGNING_ENTITY = "华为云计算技术有限公司"
TAKE_BACK_COLUMNS = ("id", "quota_id", "issuer_id", "customer_id", "currency")

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


def issuable(quota: Row, now: datetime) -> bool:
    return bool(quota["state"] == ISSUABLE and quota["valid_from"] <= now < quota["valid_until"])


# --------------------------------------------------------------------------- operation log


async def log_operation(
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
    currency: str | None = None,
) -> None:
    await CouponOperation.create(
        kind=kind,
        partner_id=partner_id,
        quota_id=quota_id,
        coupon_id=coupon_id,
        customer_id=customer_id,
        order_id=order_id,
        amount=amount,
        currency=currency or default_currency(),
        actor_id=actor_user_id,
        ledger_transaction_id=ledger_transaction_id,
        at=clock.now(),
    )


# --------------------------------------------------------------------------- the quota chain


async def return_to_quota(
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


async def take_back(
    coupon_row: Row,
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
    txn = await return_to_quota(
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
    await log_operation(
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
