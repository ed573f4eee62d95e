"""The double-entry ledger: accounts, transactions and their immutable entries (amounts in cents)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from partnercenter.core.fields import MoneyField
from partnercenter.ledger.enums import AccountPurpose, OwnerType, TransactionKind

if TYPE_CHECKING:
    from partnercenter.accounts.models import User


class LedgerAccount(Model):
    """One account per owner, purpose and currency. The balance is a cache of the sum of its entries
    kept in step by ledger.service.post (the only writer) and checked by verify_ledger."""

    id = fields.IntField(primary_key=True)
    owner_type = fields.CharEnumField(OwnerType, max_length=16)
    owner_id = fields.IntField()
    purpose = fields.CharEnumField(AccountPurpose, max_length=32)
    currency = fields.CharField(max_length=3, default="CNY")
    balance = MoneyField(default=0)
    allow_negative = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "ledger_account"
        unique_together = (("owner_type", "owner_id", "purpose", "currency"),)


class LedgerTransaction(Model):
    """One money movement: its entries sum to zero per currency. Never updated or deleted."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(TransactionKind, max_length=32)
    actor_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="ledger_transactions", null=True, on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField()
    idempotency_scope = fields.CharField(max_length=100)
    idempotency_key = fields.CharField(max_length=200)
    # sha256 of kind and legs: the same key with different legs is refused, not replayed.
    fingerprint = fields.CharField(max_length=64)
    reference_type = fields.CharField(max_length=40, default="")
    reference_pk = fields.IntField(null=True)
    memo = fields.CharField(max_length=500, default="")

    class Meta:
        table = "ledger_transaction"
        unique_together = (("idempotency_scope", "idempotency_key"),)
        indexes = (("reference_type", "reference_pk"), ("created_at", "id"))

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise PermissionError("ledger transactions are immutable")


class LedgerEntry(Model):
    """One leg of a transaction on one account: signed amount and the account balance after it."""

    id = fields.IntField(primary_key=True)
    transaction: fields.ForeignKeyRelation[LedgerTransaction] = fields.ForeignKeyField(
        "models.LedgerTransaction", related_name="entries", on_delete=fields.RESTRICT
    )
    transaction_id: int
    account: fields.ForeignKeyRelation[LedgerAccount] = fields.ForeignKeyField(
        "models.LedgerAccount", related_name="entries", on_delete=fields.RESTRICT
    )
    account_id: int
    kind = fields.CharEnumField(TransactionKind, max_length=32)  # copied from the transaction
    amount = MoneyField()
    currency = fields.CharField(max_length=3, default="CNY")
    balance_after = MoneyField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "ledger_entry"
        indexes = (("account_id", "id"), ("account_id", "created_at", "id"))

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if self._saved_in_db:
            raise PermissionError("ledger entries are immutable")
        await super().save(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise PermissionError("ledger entries are immutable")
