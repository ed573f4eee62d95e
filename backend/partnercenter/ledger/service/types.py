"""The ledger's value types and the exceptions its posting raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from partnercenter.core.money import CENT
from partnercenter.ledger.enums import AccountPurpose, DiscrepancyKind
from partnercenter.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction

__all__ = ["CENT", "Discrepancy", "IdempotencyKeyReused", "InsufficientFunds", "Leg", "Posting", "Replayed"]


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
