"""What every funds operation shares: input rules, the partner's account, the idempotency answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType

if TYPE_CHECKING:
    from partnercenter.ledger.models import LedgerAccount

__all__ = ["BATCH_MAX", "MEMO_MAX", "key_errors", "key_reused", "memo_errors", "partner_funds_account"]

BATCH_MAX = 200
MEMO_MAX = 200


def key_errors(key: str) -> list[DomainError]:
    if not key or not key.strip():
        return [DomainError(ErrorCode.BLANK, "An idempotency key is required.", "idempotencyKey")]
    if len(key) > 100:
        return [
            DomainError(
                ErrorCode.TOO_LONG, "The idempotency key is at most 100 characters.", "idempotencyKey"
            )
        ]
    return []


def memo_errors(memo: str) -> list[DomainError]:
    if len(memo) > MEMO_MAX:
        return [DomainError(ErrorCode.TOO_LONG, f"The memo is at most {MEMO_MAX} characters.", "memo")]
    return []


def key_reused() -> DomainError:
    return DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key was used for another operation.")


async def partner_funds_account(org_id: int) -> LedgerAccount:
    return await ledger.account(OwnerType.ORG, org_id, AccountPurpose.PARTNER_FUNDS)
