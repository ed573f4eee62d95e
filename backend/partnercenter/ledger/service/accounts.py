"""Ledger accounts: get or create (race-safe), balances."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.core.money import currency as default_currency
from partnercenter.ledger.enums import NEGATIVE_ALLOWED, AccountPurpose, OwnerType
from partnercenter.ledger.models import LedgerAccount

__all__ = ["account", "accounts", "balance", "balances", "balances_by_purpose"]


def conn() -> BaseDBAsyncClient:
    return connections.get("default")


def in_db_transaction() -> bool:
    return isinstance(conn(), TransactionalDBClient)


def is_postgres() -> bool:
    return str(conn().capabilities.dialect) == "postgres"


async def account(
    owner_type: OwnerType,
    owner_id: int,
    purpose: AccountPurpose,
    currency: str | None = None,
    *,
    allow_negative: bool | None = None,
) -> LedgerAccount:
    """Get or create the account (race-safe)."""
    currency = currency or default_currency()
    found = await LedgerAccount.get_or_none(
        owner_type=owner_type, owner_id=owner_id, purpose=purpose, currency=currency
    )
    if found is not None:
        return found
    now = clock.now()
    neg = purpose in NEGATIVE_ALLOWED if allow_negative is None else allow_negative
    try:
        # A savepoint inside a caller's transaction (so a lost race does not abort it on
        # PostgreSQL), or a short transaction of its own.
        async with in_transaction():
            return await LedgerAccount.create(
                owner_type=owner_type,
                owner_id=owner_id,
                purpose=purpose,
                currency=currency,
                balance=Decimal(0),
                allow_negative=neg,
                created_at=now,
                updated_at=now,
            )
    except IntegrityError:
        return await LedgerAccount.get(
            owner_type=owner_type, owner_id=owner_id, purpose=purpose, currency=currency
        )


async def accounts(
    owner_type: OwnerType, owner_ids: Iterable[int], purpose: AccountPurpose, currency: str | None = None
) -> dict[int, LedgerAccount]:
    ids = sorted(set(owner_ids))
    if not ids:
        return {}
    currency = currency or default_currency()
    rows = await LedgerAccount.filter(
        owner_type=owner_type, owner_id__in=ids, purpose=purpose, currency=currency
    )
    found = {int(a.owner_id): a for a in rows}
    for oid in ids:
        if oid not in found:
            found[oid] = await account(owner_type, oid, purpose, currency)
    return found


async def balance(
    owner_type: OwnerType, owner_id: int, purpose: AccountPurpose, currency: str | None = None
) -> Decimal:
    row = await LedgerAccount.get_or_none(
        owner_type=owner_type, owner_id=owner_id, purpose=purpose, currency=currency or default_currency()
    )
    return Decimal(row.balance) if row is not None else Decimal("0.00")


async def balances(
    owner_type: OwnerType, owner_ids: Iterable[int], purpose: AccountPurpose, currency: str | None = None
) -> dict[int, Decimal]:
    """Balance per owner id (0 for owners without an account), one statement."""
    ids = list(set(owner_ids))
    out = {oid: Decimal("0.00") for oid in ids}
    if ids:
        rows = await LedgerAccount.filter(
            owner_type=owner_type, owner_id__in=ids, purpose=purpose, currency=currency or default_currency()
        ).values_list("owner_id", "balance")
        for oid, bal in rows:
            out[int(oid)] = _decimal(bal)
    return out


def _decimal(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(int(value)).scaleb(-2)  # type: ignore[call-overload]


async def balances_by_purpose(
    owner_type: OwnerType,
    owner_ids: Iterable[int],
    purposes: Iterable[AccountPurpose],
    currency: str | None = None,
) -> dict[tuple[int, AccountPurpose], Decimal]:
    """Balance per (owner id, purpose) of the accounts that exist (absent: no account yet), one
    statement."""
    ids = sorted(set(owner_ids))
    if not ids:
        return {}
    rows = await LedgerAccount.filter(
        owner_type=owner_type,
        owner_id__in=ids,
        purpose__in=list(purposes),
        currency=currency or default_currency(),
    ).values_list("owner_id", "purpose", "balance")
    return {(int(o), AccountPurpose(str(p))): _decimal(b) for o, p, b in rows}
