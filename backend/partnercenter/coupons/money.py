"""The one door from coupons and orders to the ledger (ledger slice): every movement of quota,
coupon value, customer balance and partner funds is one balanced ledger transaction posted here.

Accounts of this slice, as the ledger knows them:
- the vendor's coupon funding account (quota granted out of it, and back on expiry)
- one account per coupon quota (its remaining amount)
- one account per coupon (its remaining value)
- the customer's balance (funded by disbursements from the partner)
- the partner's funds (代支付 draws on them)
- the vendor's sales revenue (order payments)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Account", "Move", "customer_balance", "post"]


@dataclass(frozen=True, slots=True)
class Account:
    kind: str  # VENDOR_COUPON_FUNDING | QUOTA | COUPON | CUSTOMER_BALANCE | PARTNER_FUNDS | VENDOR_REVENUE
    owner_id: int = 0


VENDOR_COUPON_FUNDING = Account("VENDOR_COUPON_FUNDING")
VENDOR_REVENUE = Account("VENDOR_REVENUE")


def quota(quota_id: int) -> Account:
    return Account("QUOTA", quota_id)


def coupon(coupon_id: int) -> Account:
    return Account("COUPON", coupon_id)


def customer(customer_id: int) -> Account:
    return Account("CUSTOMER_BALANCE", customer_id)


def partner(org_id: int) -> Account:
    return Account("PARTNER_FUNDS", org_id)


Move = tuple[Account, Decimal]  # (account, signed amount): + credits the account, - debits it


async def post(
    kind: str,
    moves: Sequence[Move],
    *,
    actor_user_id: int | None,
    idempotency_key: str,
    reference: tuple[str, int],
    currency: str = "CNY",
) -> int:
    """Posts one transaction (the moves sum to zero) inside the caller's database transaction and
    returns its id. Raises if an account that may not go negative would."""
    raise NotImplementedError("waiting for the ledger core")


async def customer_balance(customer_id: int, currency: str = "CNY") -> Decimal:
    raise NotImplementedError("waiting for the ledger core")
