"""The ledger: every money movement is one transaction of entries that sum to zero per currency.

Stable API (other slices call only this; amounts are `Decimal` with at most two decimals):

``await account(owner_type, owner_id, purpose, currency=None, *, allow_negative=None) -> LedgerAccount``
    Get or create the account of an owner for a purpose (race-safe: a concurrent creator loses
    its insert inside a savepoint and reads the winner's row). `allow_negative` defaults to
    `purpose in NEGATIVE_ALLOWED` (vendor-side sources); every other account has a floor of 0.

``await accounts(owner_type, owner_ids, purpose, currency=None) -> dict[owner_id, LedgerAccount]``
    Get or create several at once (one SELECT when they exist).

``await balance(owner_type, owner_id, purpose, currency=None) -> Decimal``
    The stored balance (0 when the account does not exist yet). ``balances(...)`` for many owners,
    ``balances_by_purpose(owner_type, owner_ids, purposes)`` for several purposes at once.
    ``currency=None`` is the product's currency (``core.money.currency()``).

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

Reads (``reads.py``; one statement each): ``monthly_flows(owner_type, owner_ids, purpose, since)``
(inflow/outflow per owner and UTC month), ``kind_totals(owner_type, owner_ids, purpose, kinds)``
(signed sum per owner of entries of some kinds), and the entries of one owner's account:
``entry_page(owner_type, owner_id, purpose, EntryFilter, PageArgs)``, ``entry_count``,
``entry_rows(..., limit)`` for exports, ``entries_by_ids(owner_type, purpose, ids)`` (rows carry
``owner_id``). Other slices call only this package; no SQL on ledger tables outside ``ledger/``.

Entries and transactions are never updated or deleted (the models refuse it, foreign keys say
RESTRICT); a correction is a new, opposite transaction.
"""

from partnercenter.ledger.service.accounts import account, accounts, balance, balances, balances_by_purpose
from partnercenter.ledger.service.posting import find_posting, lock_accounts, post
from partnercenter.ledger.service.reads import (
    ENTRY_COLUMNS,
    ENTRY_KINDS,
    ENTRY_SORT,
    EntryFilter,
    entries_by_ids,
    entry_count,
    entry_page,
    entry_rows,
    kind_totals,
    monthly_flows,
)
from partnercenter.ledger.service.types import (
    CENT,
    Discrepancy,
    IdempotencyKeyReused,
    InsufficientFunds,
    Leg,
    Posting,
    Replayed,
)
from partnercenter.ledger.service.verify import verify_ledger

__all__ = [
    "CENT",
    "ENTRY_COLUMNS",
    "ENTRY_KINDS",
    "ENTRY_SORT",
    "Discrepancy",
    "EntryFilter",
    "IdempotencyKeyReused",
    "InsufficientFunds",
    "Leg",
    "Posting",
    "Replayed",
    "account",
    "accounts",
    "balance",
    "balances",
    "balances_by_purpose",
    "entries_by_ids",
    "entry_count",
    "entry_page",
    "entry_rows",
    "find_posting",
    "kind_totals",
    "lock_accounts",
    "monthly_flows",
    "post",
    "verify_ledger",
]
