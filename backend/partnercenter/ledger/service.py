"""The ledger: every money movement is one transaction of entries that sum to zero per currency.

Stable API (other slices call only this; amounts are `Decimal` with at most two decimals):

``await account(owner_type, owner_id, purpose, currency="CNY", *, allow_negative=None) -> LedgerAccount``
    Get or create the account of an owner for a purpose (race-safe: a concurrent creator loses
    its insert inside a savepoint and reads the winner's row). `allow_negative` defaults to
    `purpose in NEGATIVE_ALLOWED` (vendor-side sources); every other account has a floor of 0.

``await accounts(owner_type, owner_ids, purpose, currency="CNY") -> dict[owner_id, LedgerAccount]``
    Get or create several at once (one SELECT when they exist).

``await balance(owner_type, owner_id, purpose, currency="CNY") -> Decimal``
    The stored balance (0 when the account does not exist yet). ``balances(...)`` for many owners.

``await post(kind, legs, *, actor_user_id, idempotency_key, idempotency_scope=None,
reference_type, reference_pk, memo="") -> Posting``
    Must run inside ``in_transaction()`` (raises ``RuntimeError`` otherwise). ``legs`` is a
    sequence of ``Leg(account_id, amount)``; amounts are signed (+ credits the account, − debits
    it), non-zero, with at most 2 decimals, and sum to zero per currency (``ValueError`` else:
    a programming error, not a user error). Several legs may touch one account.

    - Locks the touched accounts: ``SELECT ... FOR UPDATE ORDER BY id`` on PostgreSQL (one
      deterministic order, so no deadlock between postings); on SQLite the transaction holds the
      single connection, so nothing interleaves between the check and the write. Each balance is
      then written with a guarded ``UPDATE ... WHERE balance = <the value read>`` whose row count
      is checked, so even a writer from another process cannot cause a lost update.
    - Refuses a new balance below the floor with ``InsufficientFunds`` (carries the account,
      its balance and the requested change); nothing is written.
    - Idempotency: ``(idempotency_scope, idempotency_key)`` is unique. The scope defaults to
      ``"user:<actor_user_id>"`` (``"system"`` without an actor). A repeated key returns the FIRST
      posting with ``replayed=True`` and moves nothing, also when the duplicate runs concurrently
      (the loser's insert fails inside a savepoint and it reads the winner's committed posting).
      The same key with different legs or kind raises ``IdempotencyKeyReused``.
      A caller that created business rows before calling ``post`` and gets ``replayed=True``
      should raise ``Replayed(posting)`` to roll its own rows back, then answer with the first
      result (``find_posting`` before doing any work avoids that in the common case).

``await lock_accounts(account_ids) -> dict[account_id, LedgerAccount]``
    Inside ``in_transaction()``: lock (PostgreSQL ``FOR UPDATE``, id order) and read accounts,
    for a caller that must compute its legs from current balances (e.g. a credit line change
    computed as new line minus current line); ``post`` on the same accounts then re-reads them.

``await find_posting(idempotency_key, *, actor_user_id=None, idempotency_scope=None) -> Posting | None``
    The posting already made under that key, if any.

``await verify_ledger() -> list[Discrepancy]``
    Whole-ledger check (a few aggregate statements): entries sum to zero per transaction and
    currency, no transaction with fewer than two entries, stored balance = sum of entries,
    each entry's ``balance_after`` = running sum of its account, entry currency = account
    currency, no balance below its floor. ``python -m partnercenter ledger-verify`` prints them
    and exits 1 when there is any.

Entries and transactions are never updated or deleted (the models refuse it, foreign keys say
RESTRICT); a correction is a new, opposite transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.ledger.enums import (
    NEGATIVE_ALLOWED,
    AccountPurpose,
    DiscrepancyKind,
    OwnerType,
    TransactionKind,
)
from partnercenter.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction

__all__ = [
    "Discrepancy",
    "IdempotencyKeyReused",
    "InsufficientFunds",
    "Leg",
    "Posting",
    "Replayed",
    "account",
    "accounts",
    "balance",
    "balances",
    "find_posting",
    "lock_accounts",
    "post",
    "verify_ledger",
]

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Leg:
    account_id: int
    amount: Decimal


@dataclass(slots=True)
class Posting:
    transaction: LedgerTransaction
    entries: list[LedgerEntry]
    replayed: bool = False

    @property
    def id(self) -> int:
        return int(self.transaction.id)

    def balance_after(self, account_id: int) -> Decimal:
        """Balance of `account_id` after this posting (its last entry on that account)."""
        found = [e.balance_after for e in self.entries if e.account_id == account_id]
        if not found:
            raise KeyError(account_id)
        return found[-1]


class InsufficientFunds(Exception):
    """A posting would take an account below its floor. Nothing was written."""

    def __init__(self, account: LedgerAccount, change: Decimal) -> None:
        super().__init__(
            f"account {account.id} ({account.purpose}) has {account.balance} {account.currency}, "
            f"change {change}"
        )
        self.account = account
        self.account_id = int(account.id)
        self.purpose = AccountPurpose(account.purpose)
        self.balance = Decimal(account.balance)
        self.change = change


class IdempotencyKeyReused(Exception):
    """The idempotency key was already used for a different operation."""

    def __init__(self, posting: Posting) -> None:
        super().__init__(
            f"idempotency key {posting.transaction.idempotency_key!r} was used for another operation"
        )
        self.posting = posting


class Replayed(Exception):
    """Raise inside a transaction to roll back your own rows when `post` replayed a posting."""

    def __init__(self, posting: Posting) -> None:
        super().__init__(f"replayed ledger transaction {posting.id}")
        self.posting = posting


@dataclass(frozen=True, slots=True)
class Discrepancy:
    kind: DiscrepancyKind
    detail: str
    transaction_id: int | None = None
    account_id: int | None = None
    values: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        where = []
        if self.transaction_id is not None:
            where.append(f"transaction {self.transaction_id}")
        if self.account_id is not None:
            where.append(f"account {self.account_id}")
        return f"{self.kind}: {', '.join(where)}: {self.detail}"


# --- accounts ---------------------------------------------------------------------------------


def _conn() -> BaseDBAsyncClient:
    return connections.get("default")


def _in_transaction() -> bool:
    return isinstance(_conn(), TransactionalDBClient)


def _is_postgres() -> bool:
    return str(_conn().capabilities.dialect) == "postgres"


async def account(
    owner_type: OwnerType,
    owner_id: int,
    purpose: AccountPurpose,
    currency: str = "CNY",
    *,
    allow_negative: bool | None = None,
) -> LedgerAccount:
    """Get or create the account (race-safe)."""
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
    owner_type: OwnerType, owner_ids: Iterable[int], purpose: AccountPurpose, currency: str = "CNY"
) -> dict[int, LedgerAccount]:
    ids = sorted(set(owner_ids))
    if not ids:
        return {}
    rows = await LedgerAccount.filter(
        owner_type=owner_type, owner_id__in=ids, purpose=purpose, currency=currency
    )
    found = {int(a.owner_id): a for a in rows}
    for oid in ids:
        if oid not in found:
            found[oid] = await account(owner_type, oid, purpose, currency)
    return found


async def balance(
    owner_type: OwnerType, owner_id: int, purpose: AccountPurpose, currency: str = "CNY"
) -> Decimal:
    row = await LedgerAccount.get_or_none(
        owner_type=owner_type, owner_id=owner_id, purpose=purpose, currency=currency
    )
    return Decimal(row.balance) if row is not None else Decimal("0.00")


async def balances(
    owner_type: OwnerType, owner_ids: Iterable[int], purpose: AccountPurpose, currency: str = "CNY"
) -> dict[int, Decimal]:
    """Balance per owner id (0 for owners without an account), one statement."""
    ids = list(set(owner_ids))
    out = {oid: Decimal("0.00") for oid in ids}
    if ids:
        rows = await LedgerAccount.filter(
            owner_type=owner_type, owner_id__in=ids, purpose=purpose, currency=currency
        ).values_list("owner_id", "balance")
        for oid, bal in rows:
            out[int(oid)] = Decimal(int(bal)).scaleb(-2) if not isinstance(bal, Decimal) else bal
    return out


# --- posting ----------------------------------------------------------------------------------


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
    if not _in_transaction():
        raise RuntimeError("ledger.lock_accounts must be called inside in_transaction()")
    qs = LedgerAccount.filter(id__in=sorted(set(account_ids))).order_by("id")
    if _is_postgres():
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
    if not _in_transaction():
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


# --- verification -----------------------------------------------------------------------------


def _money(cents: object) -> str:
    return str(Decimal(int(cents or 0)).scaleb(-2))  # type: ignore[call-overload]


async def verify_ledger() -> list[Discrepancy]:
    """Check the whole ledger; an empty list means it is consistent."""
    conn = _conn()
    out: list[Discrepancy] = []
    rows = await conn.execute_query_dict(
        "SELECT transaction_id, currency, SUM(amount) AS total FROM ledger_entry "
        "GROUP BY transaction_id, currency HAVING SUM(amount) <> 0 ORDER BY transaction_id"
    )
    for r in rows:
        out.append(
            Discrepancy(
                DiscrepancyKind.UNBALANCED_TRANSACTION,
                f"entries in {r['currency']} sum to {_money(r['total'])}",
                transaction_id=int(r["transaction_id"]),
                values={"total": _money(r["total"]), "currency": str(r["currency"])},
            )
        )
    rows = await conn.execute_query_dict(
        "SELECT t.id AS id, COUNT(e.id) AS n FROM ledger_transaction t "
        "LEFT JOIN ledger_entry e ON e.transaction_id = t.id "
        "GROUP BY t.id HAVING COUNT(e.id) < 2 ORDER BY t.id"
    )
    for r in rows:
        out.append(
            Discrepancy(
                DiscrepancyKind.HALF_TRANSACTION,
                f"{int(r['n'])} entries",
                transaction_id=int(r["id"]),
                values={"entries": str(int(r["n"]))},
            )
        )
    rows = await conn.execute_query_dict(
        "SELECT a.id AS id, a.balance AS balance, COALESCE(SUM(e.amount), 0) AS total FROM ledger_account a "
        "LEFT JOIN ledger_entry e ON e.account_id = a.id GROUP BY a.id, a.balance "
        "HAVING a.balance <> COALESCE(SUM(e.amount), 0) ORDER BY a.id"
    )
    for r in rows:
        out.append(
            Discrepancy(
                DiscrepancyKind.BALANCE_MISMATCH,
                f"stored {_money(r['balance'])}, entries sum to {_money(r['total'])}",
                account_id=int(r["id"]),
                values={"stored": _money(r["balance"]), "entries": _money(r["total"])},
            )
        )
    false = "FALSE" if _is_postgres() else "0"
    rows = await conn.execute_query_dict(
        f"SELECT id, balance FROM ledger_account WHERE balance < 0 AND allow_negative = {false} ORDER BY id"
    )
    for r in rows:
        out.append(
            Discrepancy(
                DiscrepancyKind.BELOW_FLOOR,
                f"balance {_money(r['balance'])} below 0",
                account_id=int(r["id"]),
                values={"balance": _money(r["balance"])},
            )
        )
    rows = await conn.execute_query_dict(
        "SELECT id, account_id, balance_after, running FROM ("
        "SELECT id, account_id, balance_after, SUM(amount) OVER (PARTITION BY account_id ORDER BY id "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM ledger_entry) s "
        "WHERE balance_after <> running ORDER BY id LIMIT 1000"
    )
    for r in rows:
        out.append(
            Discrepancy(
                DiscrepancyKind.BALANCE_AFTER_MISMATCH,
                f"entry {int(r['id'])} says {_money(r['balance_after'])}, running sum {_money(r['running'])}",
                account_id=int(r["account_id"]),
                values={"entry": str(int(r["id"]))},
            )
        )
    rows = await conn.execute_query_dict(
        "SELECT e.id AS id, e.account_id AS account_id, e.currency AS ec, a.currency AS ac "
        "FROM ledger_entry e "
        "JOIN ledger_account a ON a.id = e.account_id WHERE e.currency <> a.currency ORDER BY e.id LIMIT 1000"
    )
    for r in rows:
        out.append(
            Discrepancy(
                DiscrepancyKind.CURRENCY_MISMATCH,
                f"entry {int(r['id'])} in {r['ec']} on an account in {r['ac']}",
                account_id=int(r["account_id"]),
            )
        )
    return out
