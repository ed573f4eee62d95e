"""Second factor for money operations: TOTP (RFC 6238, 30-second steps, 6 digits) per user, and
the per-partner setting that makes disbursement and recovery need a code.

A code is accepted for the current step and one step either side (clock drift); each step is
usable once per user: the accepted step is stored with a guarded update (`last_used_step < step`),
so a replayed code, or two requests racing with the same code, fail as TOTP_INVALID."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
from tortoise.transactions import in_transaction

from partnercenter.accounts.models import User
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.funds.models import FundsSettings, TotpCredential
from partnercenter.funds.permissions import can_require_second_factor

__all__ = [
    "TotpEnrolment",
    "confirm_enrolment",
    "disable",
    "is_enrolled",
    "require_second_factor",
    "second_factor_required",
    "set_second_factor_required",
    "start_enrolment",
    "verify_code",
]

ISSUER = "Partner Center"
STEP_SECONDS = 30
CODE_FIELD = "totpCode"


@dataclass(frozen=True, slots=True)
class TotpEnrolment:
    secret: str
    otpauth_uri: str


def _step_now() -> int:
    return int(clock.now().timestamp()) // STEP_SECONDS


def _matching_step(secret: str, code: str) -> int | None:
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = _step_now()
    for step in (current, current - 1, current + 1):
        if totp.at(step * STEP_SECONDS) == code:
            return step
    return None


async def is_enrolled(user_id: int | None) -> bool:
    if user_id is None:
        return False
    return await TotpCredential.filter(user_id=user_id, confirmed_at__isnull=False).exists()


async def start_enrolment(viewer: Viewer) -> TotpEnrolment | list[DomainError]:
    """A new secret, shown once as an otpauth URI; active only after `confirm_enrolment`."""
    if viewer.user_id is None or viewer.is_token:
        return [DomainError(ErrorCode.FORBIDDEN, "Only a signed-in person can set up a second factor.")]
    user = await User.get(id=viewer.user_id)
    secret = pyotp.random_base32()
    async with in_transaction():
        existing = await TotpCredential.get_or_none(user_id=viewer.user_id)
        if existing is not None and existing.confirmed_at is not None:
            return [DomainError(ErrorCode.TOTP_ALREADY_ENROLLED, "A second factor is already set up.")]
        if existing is not None:
            await TotpCredential.filter(id=existing.id).update(secret=secret, created_at=clock.now())
        else:
            await TotpCredential.create(user_id=viewer.user_id, secret=secret, created_at=clock.now())
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)
    return TotpEnrolment(secret=secret, otpauth_uri=uri)


async def confirm_enrolment(viewer: Viewer, code: str) -> list[DomainError]:
    if viewer.user_id is None or viewer.is_token:
        return [DomainError(ErrorCode.FORBIDDEN, "Only a signed-in person can set up a second factor.")]
    cred = await TotpCredential.get_or_none(user_id=viewer.user_id)
    if cred is None:
        return [DomainError(ErrorCode.TOTP_NOT_ENROLLED, "Start the set-up first.", "code")]
    if cred.confirmed_at is not None:
        return [DomainError(ErrorCode.TOTP_ALREADY_ENROLLED, "A second factor is already set up.", "code")]
    step = _matching_step(cred.secret, code)
    if step is None:
        return [DomainError(ErrorCode.TOTP_INVALID, "The code is wrong or expired.", "code")]
    await TotpCredential.filter(id=cred.id, confirmed_at__isnull=True).update(
        confirmed_at=clock.now(), last_used_step=step
    )
    return []


async def disable(viewer: Viewer, code: str) -> list[DomainError]:
    """Remove one's own second factor; needs a valid code."""
    errors = await verify_code(viewer, code, field="code")
    if errors:
        return errors
    await TotpCredential.filter(user_id=viewer.user_id).delete()
    return []


async def verify_code(viewer: Viewer, code: str | None, field: str = CODE_FIELD) -> list[DomainError]:
    """Check and consume a code of the viewer's confirmed second factor."""
    if not code or not code.strip():
        return [DomainError(ErrorCode.TOTP_REQUIRED, "Enter the code of your authenticator app.", field)]
    cred = (
        await TotpCredential.get_or_none(user_id=viewer.user_id, confirmed_at__isnull=False)
        if viewer.user_id is not None
        else None
    )
    if cred is None:
        return [DomainError(ErrorCode.TOTP_NOT_ENROLLED, "Set up a second factor first.", field)]
    step = _matching_step(cred.secret, code)
    if step is None:
        return [DomainError(ErrorCode.TOTP_INVALID, "The code is wrong or expired.", field)]
    used = await TotpCredential.filter(id=cred.id, last_used_step__lt=step).update(last_used_step=step)
    if used != 1:
        return [
            DomainError(ErrorCode.TOTP_INVALID, "This code was already used; wait for the next one.", field)
        ]
    return []


async def second_factor_required(org_id: int) -> bool:
    return await FundsSettings.filter(org_id=org_id, require_second_factor=True).exists()


async def require_second_factor(viewer: Viewer, code: str | None) -> list[DomainError]:
    """The gate of every money mutation: nothing to do unless the partner switched it on."""
    if not await second_factor_required(viewer.org_id):
        return []
    return await verify_code(viewer, code)


async def set_second_factor_required(viewer: Viewer, required: bool) -> list[DomainError]:
    if not can_require_second_factor(viewer) or viewer.is_vendor:
        return [DomainError(ErrorCode.FORBIDDEN, "Only the partner admin changes this setting.")]
    now = clock.now()
    async with in_transaction():
        updated = await FundsSettings.filter(org_id=viewer.org_id).update(
            require_second_factor=required, updated_at=now, updated_by_id=viewer.user_id
        )
        if not updated:
            await FundsSettings.create(
                org_id=viewer.org_id,
                require_second_factor=required,
                updated_at=now,
                updated_by_id=viewer.user_id,
            )
    return []
