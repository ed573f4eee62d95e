"""Client idempotency keys for the mutations that create or move value (coupons, quotas).

A sender (a person `user:<id>`, else an API token `token:<id>`, like the funds keys) sends a key
with the mutation; the service claims it inside its own transaction:

    async with in_transaction():
        claimed = await idempotency.claim(viewer, "coupons.issue", key, normalized_input)
        if claimed.replayed:
            return decode(claimed.result)        # the first answer; nothing moves
        ...create and move...
        await claimed.store(encode(result))      # the ids created, as JSON

- The first call inserts `(scope, key)` (unique) in the caller's transaction: a concurrent
  duplicate waits on the unique index until the first commits (PostgreSQL) or waits for the
  connection's transaction lock (SQLite), then sees the stored result and replays it.
- A refused or failed first call rolls back with its transaction, so the key stays free.
- The same key with another operation or another input (the fingerprint: sha256 of the normalized
  input) is refused with `IDEMPOTENCY_KEY_REUSED`.
- Keys are 1-100 printable characters (`key_errors`); `claim` refuses anything else.
- `key=None` (trusted internal callers: the seed, service tests) claims nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode, check, refuse
from partnercenter.core.models import IdempotencyRecord

__all__ = ["KEY_FIELD", "KEY_MAX", "Claim", "claim", "fingerprint", "key_errors", "sender_scope"]

KEY_MAX = 100
KEY_FIELD = "idempotencyKey"


def key_errors(key: str | None, field: str = KEY_FIELD) -> list[DomainError]:
    """A key is 1-100 printable characters, not only spaces."""
    if key is None or not key.strip():
        return [DomainError(ErrorCode.BLANK, "An idempotency key is required.", field)]
    if len(key) > KEY_MAX:
        message = f"The idempotency key is at most {KEY_MAX} characters."
        return [DomainError(ErrorCode.TOO_LONG, message, field)]
    if not key.isprintable():
        return [DomainError(ErrorCode.INVALID, "The idempotency key has unprintable characters.", field)]
    return []


def sender_scope(viewer: Viewer) -> str:
    """Whose keys these are: the person, else the API token (two senders never collide)."""
    if viewer.user_id is not None:
        return f"user:{viewer.user_id}"
    if viewer.token_id is not None:
        return f"token:{viewer.token_id}"
    raise ValueError("an idempotent mutation needs a person or a token")


def _normal(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return _normal(value.value)
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(v) for v in value]
    return value


def fingerprint(operation: str, payload: Any) -> str:
    """sha256 of the operation and its normalized input (Decimal 10 == 10.00, enums by value)."""
    text = json.dumps([operation, _normal(payload)], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(slots=True)
class Claim:
    """A claimed key: `replayed` with the first `result`, or fresh (store the result before commit)."""

    record_id: int | None
    replayed: bool = False
    result: Any = None

    async def store(self, result: Any) -> None:
        """Record what the first call created (JSON), in the same transaction as the claim."""
        if self.replayed:
            raise RuntimeError("a replayed claim stores nothing")
        if self.record_id is not None:
            await IdempotencyRecord.filter(id=self.record_id).update(result=result)


def _replay(row: IdempotencyRecord, operation: str, print_: str) -> Claim:
    if row.operation != operation or row.fingerprint != print_:
        refuse(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key was used for another operation.", KEY_FIELD)
    if row.result is None:
        raise RuntimeError(f"idempotency record {row.id} was committed without a result")
    return Claim(record_id=int(row.id), replayed=True, result=row.result)


async def claim(viewer: Viewer, operation: str, key: str | None, payload: Any) -> Claim:
    """Claim `key` for this sender and operation, or answer the first call's result (see above).
    Must run inside the service's transaction; `key=None` claims nothing."""
    if key is None:
        return Claim(record_id=None)
    if not isinstance(connections.get("default"), TransactionalDBClient):
        raise RuntimeError("idempotency.claim must be called inside in_transaction()")
    check(key_errors(key))
    scope = sender_scope(viewer)
    print_ = fingerprint(operation, payload)
    found = await IdempotencyRecord.get_or_none(scope=scope, key=key)
    if found is not None:
        return _replay(found, operation, print_)
    try:
        async with in_transaction():  # savepoint: a concurrent duplicate fails here alone
            row = await IdempotencyRecord.create(
                scope=scope, key=key, operation=operation, fingerprint=print_, created_at=clock.now()
            )
    except IntegrityError:
        # The duplicate waited for the first to commit: its result is visible now.
        return _replay(await IdempotencyRecord.get(scope=scope, key=key), operation, print_)
    return Claim(record_id=int(row.id))
