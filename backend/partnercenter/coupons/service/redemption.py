"""Coupons at an order's payment and refund: the public functions the orders slice calls (it never
reads or writes coupon tables itself).

- `applicable_coupons` / `chosen_coupons` and `applies`: which coupons a payment may draw on;
- `redeem` draws the chosen amounts (a conditional update each) and gives the coupon legs of the
  payment's ledger transaction; `record_redemptions` logs them once that transaction exists;
- `restore` gives a refunded order's coupons back what they gave (usable again; a coupon reclaimed
  or expired since hands it to its quota instead, in `finish_restore`).

All of it runs inside the caller's (the order's) database transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.expressions import F

from partnercenter.core.errors import ErrorCode, refuse
from partnercenter.core.fields import cents
from partnercenter.core.rows import CONVERTERS
from partnercenter.coupons import money
from partnercenter.coupons.enums import CouponKind, CouponOperationKind, CouponState
from partnercenter.coupons.models import Coupon, CouponOperation
from partnercenter.coupons.service.common import LIVE_COUPON_STATES, return_to_quota, scope_covers
from partnercenter.ledger.enums import TransactionKind

__all__ = [
    "PAY_COLUMNS",
    "Draw",
    "Restoration",
    "applicable_coupons",
    "applies",
    "cash_coupon_priority",
    "chosen_coupons",
    "finish_restore",
    "record_redemptions",
    "redeem",
    "restore",
]

Row = dict[str, Any]
Draw = tuple[Row, Decimal]  # a coupon row (PAY_COLUMNS) and the amount drawn from it
PAY_COLUMNS = (
    "id",
    "kind",
    "state",
    "customer_id",
    "issuer_id",
    "quota_id",
    "currency",
    "face_value",
    "remaining",
    "min_order_amount",
    "product_scope",
    "valid_from",
    "valid_until",
)
_PAY_KINDS = {
    "face_value": "money",
    "remaining": "money",
    "min_order_amount": "money",
    "valid_from": "datetime",
    "valid_until": "datetime",
}


def _converted(rows: list[Row]) -> list[Row]:
    for r in rows:
        for col, kind in _PAY_KINDS.items():
            r[col] = CONVERTERS[kind](r[col])
    return rows


def applies(
    c: Row, customer_id: int, currency: str, amount: Decimal, services: set[str], now: datetime
) -> bool:
    """The coupon may pay this order now: the customer's own, live, in the order's currency, valid
    now, with something left, its minimum order amount met and every ordered service in scope."""
    return (
        c["customer_id"] == customer_id
        and c["state"] in LIVE_COUPON_STATES
        and c["currency"] == currency
        and c["valid_from"] <= now < c["valid_until"]
        and c["remaining"] > 0
        and c["min_order_amount"] <= amount
        and scope_covers(c["product_scope"], services)
    )


def cash_coupon_priority(c: Row) -> tuple[Any, ...]:
    """The order cash coupons are drawn in: those specific to the ordered products (a product
    scope) before general ones, then the one expiring first, then the oldest."""
    return (0 if c["product_scope"] else 1, c["valid_until"], c["id"])


async def applicable_coupons(
    customer_id: int, currency: str, amount: Decimal, services: set[str], now: datetime
) -> list[Row]:
    """Every voucher and cash coupon of the customer that meets its conditions now: vouchers
    first (largest first), then cash coupons in the order they would be drawn."""
    rows = _converted(
        await Coupon.filter(customer_id=customer_id, state__in=LIVE_COUPON_STATES).values(*PAY_COLUMNS)
    )
    found = [c for c in rows if applies(c, customer_id, currency, amount, services, now)]
    vouchers = sorted(
        (c for c in found if c["kind"] == CouponKind.VOUCHER), key=lambda c: (-c["remaining"], c["id"])
    )
    cash = sorted((c for c in found if c["kind"] == CouponKind.CASH), key=cash_coupon_priority)
    return vouchers + cash


async def chosen_coupons(customer_id: int, ids: Sequence[int]) -> dict[int, Row]:
    """The customer's coupons among `ids` (any state: `applies` says whether they may pay)."""
    rows = await Coupon.filter(id__in=list(ids) or [0], customer_id=customer_id).values(*PAY_COLUMNS)
    return {r["id"]: r for r in _converted(rows)}


async def redeem(draws: Sequence[Draw], now: datetime) -> list[money.Move]:
    """Draws each amount from its coupon (used up: USED); refuses with COUPON_NOT_APPLICABLE when
    a coupon was used meanwhile. Returns the coupon legs of the payment's ledger transaction."""
    for c, amount in draws:
        left = c["remaining"] - amount
        changed = await Coupon.filter(id=c["id"], state__in=LIVE_COUPON_STATES, remaining__gte=amount).update(
            remaining=F("remaining") - cents(amount),
            spent=F("spent") + cents(amount),
            state=CouponState.USED if left == 0 else CouponState.USABLE,
            updated_at=now,
        )
        if not changed:
            refuse(ErrorCode.COUPON_NOT_APPLICABLE, "A chosen coupon was used meanwhile.", "cashCouponIds")
    return [(money.coupon(c["id"]), -a) for c, a in draws]


async def record_redemptions(
    draws: Sequence[Draw],
    *,
    customer_id: int,
    order_id: int,
    currency: str,
    actor_user_id: int | None,
    ledger_transaction_id: int | None,
    now: datetime,
    kind: CouponOperationKind = CouponOperationKind.REDEEM,
) -> None:
    """The operation log of a payment's draws (one REDEEM each), once its ledger transaction exists."""
    if not draws:
        return
    await CouponOperation.bulk_create(
        [
            CouponOperation(
                kind=kind,
                partner_id=c["issuer_id"],
                quota_id=c["quota_id"],
                coupon_id=c["id"],
                customer_id=customer_id,
                order_id=order_id,
                currency=currency,
                amount=a,
                actor_id=actor_user_id,
                ledger_transaction_id=ledger_transaction_id,
                at=now,
            )
            for c, a in draws
        ]
    )


@dataclass(slots=True)
class Restoration:
    """What a refund gives back to coupons."""

    uses: list[Draw]  # every coupon the payment used, with the amount it gave
    moves: list[money.Move] = field(default_factory=list)  # legs of coupons usable again
    to_quotas: list[Draw] = field(default_factory=list)  # coupons ended since: their quotas get it

    @property
    def back_to_quotas(self) -> Decimal:
        return sum((a for _, a in self.to_quotas), Decimal(0))


async def restore(uses: Sequence[tuple[int, Decimal]], now: datetime) -> Restoration:
    """Gives each coupon back what it gave to the refunded payment: usable again, or, when it was
    reclaimed or expired since, only its `spent` shrinks and `finish_restore` hands the amount to
    its quota. Returns the coupon legs of the refund's ledger transaction."""
    ids = [cid for cid, _ in uses]
    rows = {r["id"]: r for r in await Coupon.filter(id__in=ids or [0]).values("id", "quota_id", "issuer_id")}
    result = Restoration(uses=[(rows[cid], amount) for cid, amount in uses])
    for c, amount in result.uses:
        restored = await Coupon.filter(id=c["id"], state__in=(CouponState.USABLE, CouponState.USED)).update(
            remaining=F("remaining") + cents(amount),
            spent=F("spent") - cents(amount),
            state=CouponState.USABLE,
            updated_at=now,
        )
        if restored:
            result.moves.append((money.coupon(c["id"]), amount))
        else:  # reclaimed or expired since: the amount goes back to the quota, like a reclaim
            await Coupon.filter(id=c["id"]).update(spent=F("spent") - cents(amount), updated_at=now)
            result.to_quotas.append((c, amount))
    return result


async def finish_restore(
    r: Restoration,
    *,
    source: money.Account,
    customer_id: int,
    order_id: int,
    currency: str,
    actor_user_id: int | None,
    ledger_transaction_id: int | None,
    now: datetime,
) -> None:
    """After the refund's ledger transaction: what goes to quotas leaves `source` (one transaction
    per coupon, up the quota chain), and every use is logged as a RESTORE."""
    for c, amount in r.to_quotas:
        await return_to_quota(
            c["quota_id"],
            [(source, -amount)],
            amount,
            kind=TransactionKind.ORDER_REFUND,
            key=f"order-refund:{order_id}:coupon:{c['id']}",
            reference=("Order", order_id),
            actor_user_id=actor_user_id,
            currency=currency,
        )
    await record_redemptions(
        r.uses,
        kind=CouponOperationKind.RESTORE,
        customer_id=customer_id,
        order_id=order_id,
        currency=currency,
        actor_user_id=actor_user_id,
        ledger_transaction_id=ledger_transaction_id,
        now=now,
    )
