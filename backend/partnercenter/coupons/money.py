"""The one door from coupons and orders to the ledger (`partnercenter.ledger.service`): every
movement of quota, coupon value, customer balance and partner funds is one balanced ledger
transaction posted here, inside the caller's database transaction.

Accounts this slice uses (owner type, owner, purpose):
- the vendor's quota source, one per partner holding a vendor-granted quota (ORG, partner, QUOTA_SOURCE)
- a quota, voucher or cash kind (QUOTA, quota, VOUCHER_QUOTA | CASH_COUPON_QUOTA): its remaining amount
- a coupon (COUPON, coupon, COUPON_VALUE): its remaining value
- a customer's balance (CUSTOMER, customer, CUSTOMER_BALANCE), funded by the partner's disbursements
- a partner's funds (ORG, partner, PARTNER_FUNDS): what 代支付 draws on
- the vendor's revenue from a partner's customers (ORG, partner, VENDOR_REVENUE)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from partnercenter.core.money import currency as default_currency
from partnercenter.coupons.enums import CouponKind
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType, TransactionKind

__all__ = [
    "Account",
    "InsufficientFunds",
    "Move",
    "Replayed",
    "coupon",
    "customer",
    "customer_balance",
    "partner",
    "post",
    "quota",
    "quota_source",
    "revenue",
]

InsufficientFunds = ledger.InsufficientFunds
Replayed = ledger.Replayed
SCOPE = "coupons"  # idempotency scope of the keys this slice derives from its own records


@dataclass(frozen=True, slots=True)
class Account:
    owner_type: OwnerType
    owner_id: int
    purpose: AccountPurpose


def quota_source(root_partner_id: int) -> Account:
    return Account(OwnerType.ORG, root_partner_id, AccountPurpose.QUOTA_SOURCE)


def quota(quota_id: int, kind: CouponKind | str) -> Account:
    purpose = AccountPurpose.VOUCHER_QUOTA if kind == CouponKind.VOUCHER else AccountPurpose.CASH_COUPON_QUOTA
    return Account(OwnerType.QUOTA, quota_id, purpose)


def coupon(coupon_id: int) -> Account:
    return Account(OwnerType.COUPON, coupon_id, AccountPurpose.COUPON_VALUE)


def customer(customer_id: int) -> Account:
    return Account(OwnerType.CUSTOMER, customer_id, AccountPurpose.CUSTOMER_BALANCE)


def partner(org_id: int) -> Account:
    return Account(OwnerType.ORG, org_id, AccountPurpose.PARTNER_FUNDS)


def revenue(partner_id: int) -> Account:
    return Account(OwnerType.ORG, partner_id, AccountPurpose.VENDOR_REVENUE)


Move = tuple[Account, Decimal]  # (account, signed amount): + credits the account, - debits it


async def post(
    kind: TransactionKind,
    moves: Sequence[Move],
    *,
    actor_user_id: int | None,
    idempotency_key: str,
    reference: tuple[str, int],
    currency: str | None = None,
    idempotency_scope: str = SCOPE,
) -> int | None:
    """Posts one balanced transaction inside the caller's database transaction; returns its id
    (None when every move is zero). Raises `InsufficientFunds` when an account with a floor would
    go below it (the caller's transaction then rolls back: nothing changes)."""
    legs: list[ledger.Leg] = []
    for acc, amount in moves:
        if amount == 0:
            continue
        row = await ledger.account(acc.owner_type, acc.owner_id, acc.purpose, currency or default_currency())
        legs.append(ledger.Leg(int(row.id), amount))
    if not legs:
        return None
    posting = await ledger.post(
        kind,
        legs,
        actor_user_id=actor_user_id,
        idempotency_key=idempotency_key,
        idempotency_scope=idempotency_scope,
        reference_type=reference[0],
        reference_pk=reference[1],
    )
    return posting.id


async def customer_balance(customer_id: int, currency: str | None = None) -> Decimal:
    return await ledger.balance(
        OwnerType.CUSTOMER, customer_id, AccountPurpose.CUSTOMER_BALANCE, currency or default_currency()
    )


async def customer_balances(customer_ids: list[int], currency: str | None = None) -> dict[int, Decimal]:
    return await ledger.balances(
        OwnerType.CUSTOMER, customer_ids, AccountPurpose.CUSTOMER_BALANCE, currency or default_currency()
    )


async def partner_funds(org_id: int, currency: str | None = None) -> Decimal:
    return await ledger.balance(
        OwnerType.ORG, org_id, AccountPurpose.PARTNER_FUNDS, currency or default_currency()
    )


async def account_balance(acc: Account, currency: str | None = None) -> Decimal:
    return await ledger.balance(acc.owner_type, acc.owner_id, acc.purpose, currency or default_currency())
