"""What every funds operation shares: input rules, the partner's account, the idempotency answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.accounts import totp
from partnercenter.accounts.enums import Role
from partnercenter.audit.service import record_action
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.errors import DomainError, ErrorCode, check, refuse
from partnercenter.funds.permissions import can_require_second_factor
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType
from partnercenter.messages import service as messages
from partnercenter.messages.enums import MessageKind

if TYPE_CHECKING:
    from partnercenter.ledger.models import LedgerAccount

__all__ = [
    "BATCH_MAX",
    "MEMO_MAX",
    "key_errors",
    "key_reused",
    "memo_errors",
    "partner_funds_account",
    "update_settings",
]

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


async def update_settings(
    ctx: RequestContext, require_second_factor: bool, totp_code: str | None = None
) -> None:
    """The partner admin decides whether money operations need a second factor (accounts.totp
    keeps the setting); audited in the same transaction, and the other admins are told.

    Turning the requirement off needs the admin's current code (else a stolen session would switch
    the gate off and move money); turning it on needs one too when the admin has a factor."""
    viewer = policy.require_viewer(ctx.viewer)
    if not can_require_second_factor(viewer) or viewer.is_vendor:
        refuse(ErrorCode.FORBIDDEN, "Only the partner admin changes this setting.")
    currently = await totp.second_factor_required(viewer.org_id)
    if currently == require_second_factor:
        return
    if not require_second_factor or await totp.is_enrolled(viewer.user_id):
        check(await totp.verify_code(viewer, totp_code))
    async with in_transaction():
        await totp.set_second_factor_required(viewer, require_second_factor)
        await record_action(
            ctx,
            "FUNDS_SECOND_FACTOR",
            detail={"required": require_second_factor},
            record_ids=[f"Organization:{viewer.org_id}"],
        )
        await tell_other_admins(viewer, "REQUIREMENT_ON" if require_second_factor else "REQUIREMENT_OFF")


async def disable_second_factor(ctx: RequestContext, code: str) -> None:
    """A person removes their own factor (needs a valid code); audited, the partner's admins told."""
    viewer = policy.require_viewer(ctx.viewer)
    async with in_transaction():
        await totp.disable(viewer, code)
        await record_action(ctx, "SECOND_FACTOR_REMOVED", record_ids=[f"User:{viewer.user_id}"])
        await tell_other_admins(viewer, "FACTOR_REMOVED")


async def tell_other_admins(viewer: Viewer, change: str) -> None:
    """SECOND_FACTOR_CHANGED to the partner's admins other than the one who acted (no personal data)."""
    admins = await messages.users_with_roles(viewer.org_id, [Role.PARTNER_ADMIN])
    await messages.notify(
        [a for a in admins if a != viewer.user_id],
        MessageKind.SECOND_FACTOR_CHANGED,
        params={"change": change},
    )
