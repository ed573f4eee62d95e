"""Posting: one balanced transaction, locked, floor-checked and idempotent (see the package
docstring)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from decimal import Decimal

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.ledger.enums import TransactionKind
from partnercenter.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from partnercenter.ledger.service.accounts import in_db_transaction, is_postgres
from partnercenter.ledger.service.types import (
    CENT,
    IdempotencyKeyReused,
    InsufficientFunds,
    Leg,
    Posting,
)

__all__ = ["find_posting", "lock_accounts", "post"]


def _scope(actor_user_id: int | None, idempotency_scope: str | None) -> str:
    if idempotency_scope:
        return idempotency_scope[:100]
    return f"user:{actor_user_id}" if actor_user_id is not None else "system"


def _fingerprint(kind: TransactionKind, legs: Sequence[Leg]) -> str:
    norm = sorted((leg.account_id, str(leg.amount.quantize(CENT))) for leg in legs)
    return hashlib.sha256(f"{kind}|{norm}".encode()).hexdigest()


async def _load_posting(txn: LedgerTransaction, replayed: bool) -> Posting:
    entries = await LedgerEntry.filter(transaction_id=txn.id).order_by("id")
    return Posting(transaction=txn, entries=list(entries), replayed=replayed)


async def find_posting(
    idempotency_key: str, *, actor_user_id: int | None = None, idempotency_scope: str | None = None
) -> Posting | None:
    txn = await LedgerTransaction.get_or_none(
        idempotency_scope=_scope(actor_user_id, idempotency_scope), idempotency_key=idempotency_key
    )
    return None if txn is None else await _load_posting(txn, replayed=True)


async def lock_accounts(account_ids: Iterable[int]) -> dict[int, LedgerAccount]:
    """Lock and read accounts in id order (see the module docstring)."""
    if not in_db_transaction():
        raise RuntimeError("ledger.lock_accounts must be called inside in_transaction()")
    qs = LedgerAccount.filter(id__in=sorted(set(account_ids))).order_by("id")
    if is_postgres():
        qs = qs.select_for_update()
    return {int(a.id): a for a in await qs}


def _check_legs(legs: Sequence[Leg]) -> None:
    if len(legs) < 2:
        raise ValueError("a posting needs at least two legs")
    for leg in legs:
        if not isinstance(leg.amount, Decimal) or not leg.amount.is_finite():
            raise ValueError(f"leg amount {leg.amount!r} is not a finite Decimal")
        if leg.amount == 0:
            raise ValueError("a leg of zero moves nothing")
        if leg.amount != leg.amount.quantize(CENT):
            raise ValueError(f"leg amount {leg.amount} has more than two decimals")


async def post(
    kind: TransactionKind,
    legs: Sequence[Leg],
    *,
    actor_user_id: int | None,
    idempotency_key: str,
    idempotency_scope: str | None = None,
    reference_type: str = "",
    reference_pk: int | None = None,
    memo: str = "",
) -> Posting:
    """Write one balanced transaction (see the module docstring)."""
    if not in_db_transaction():
        raise RuntimeError("ledger.post must be called inside in_transaction()")
    if not idempotency_key:
        raise ValueError("an idempotency key is required")
    _check_legs(legs)
    scope = _scope(actor_user_id, idempotency_scope)
    fingerprint = _fingerprint(kind, legs)

    async def replay_of(txn: LedgerTransaction) -> Posting:
        posting = await _load_posting(txn, replayed=True)
        if txn.fingerprint != fingerprint:
            raise IdempotencyKeyReused(posting)
        return posting

    # Lock the touched accounts in one deterministic order, then read them.
    ids = sorted({leg.account_id for leg in legs})
    locked = await lock_accounts(ids)
    missing = set(ids) - set(locked)
    if missing:
        raise ValueError(f"unknown ledger accounts {sorted(missing)}")

    # After the locks: a duplicate that committed meanwhile is visible now.
    existing = await LedgerTransaction.get_or_none(idempotency_scope=scope, idempotency_key=idempotency_key)
    if existing is not None:
        return await replay_of(existing)

    per_currency: dict[str, Decimal] = {}
    for leg in legs:
        cur = locked[leg.account_id].currency
        per_currency[cur] = per_currency.get(cur, Decimal(0)) + leg.amount
    if any(total != 0 for total in per_currency.values()):
        raise ValueError(f"legs do not sum to zero per currency: {per_currency}")

    # Compute every balance after, refuse anything below a floor before writing.
    running = {aid: Decimal(a.balance) for aid, a in locked.items()}
    after: list[Decimal] = []
    for leg in legs:
        running[leg.account_id] += leg.amount
        after.append(running[leg.account_id])
    for aid in ids:
        acc = locked[aid]
        if not acc.allow_negative and running[aid] < 0:
            raise InsufficientFunds(acc, running[aid] - Decimal(acc.balance))

    now = clock.now()
    try:
        async with in_transaction():  # savepoint: a concurrent duplicate key fails here alone
            txn = await LedgerTransaction.create(
                kind=kind,
                actor_user_id=actor_user_id,
                created_at=now,
                idempotency_scope=scope,
                idempotency_key=idempotency_key[:200],
                fingerprint=fingerprint,
                reference_type=reference_type[:40],
                reference_pk=reference_pk,
                memo=memo[:500],
            )
    except IntegrityError:
        existing = await LedgerTransaction.get(idempotency_scope=scope, idempotency_key=idempotency_key[:200])
        return await replay_of(existing)

    for aid in ids:
        acc = locked[aid]
        changed = await LedgerAccount.filter(id=aid, balance=acc.balance).update(
            balance=running[aid], updated_at=now
        )
        if changed != 1:
            raise RuntimeError(f"ledger account {aid} changed under a posting (lost update refused)")
        acc.balance = running[aid]
        acc.updated_at = now
    entries = [
        LedgerEntry(
            transaction_id=txn.id,
            account_id=leg.account_id,
            kind=kind,
            amount=leg.amount,
            currency=locked[leg.account_id].currency,
            balance_after=bal,
            created_at=now,
        )
        for leg, bal in zip(legs, after, strict=True)
    ]
    await LedgerEntry.bulk_create(entries)
    return Posting(transaction=txn, entries=entries, replayed=False)
