"""The second factor: TOTP (RFC 6238, 30-second steps, 6 digits) per user, and the per-partner
setting that makes money operations (funds, coupons, partner payments) need a code. Every slice
finds it here.

A code is accepted for the current step and one step either side (clock drift); each step is
usable once per user: the accepted step is stored with a guarded update (`last_used_step < step`),
so a replayed code, or two requests racing with the same code, fail as TOTP_INVALID.

Mutations (`start_enrolment`, `confirm_enrolment`, `disable`, `set_second_factor_required`) raise
`DomainErrors`; the checks other services run before moving money (`verify_code`,
`require_second_factor`) return the errors found (empty: go on), like `core.money.amount_errors`.

Guessing is bounded: wrong codes count per person (TOTP_LIMIT_USER, default 5 per 15 minutes,
shared by every process through core/ratelimit); past it every code is refused with RATE_LIMITED
until the window frees, a right code clears the count. Turning the partner's requirement off
needs the admin's current code; a first enrolment while the requirement is on needs the password
again (the session alone must not be enough to pass the gate)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass

import pyotp
from tortoise.transactions import in_transaction

from partnercenter.accounts.models import FundsSettings, TotpCredential, User
from partnercenter.accounts.passwords import verify_password
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, DomainErrors, ErrorCode, refuse
from partnercenter.core.ratelimit import rate_limits
from partnercenter.settings import get_settings

__all__ = [
    "TotpEnrolment",
    "confirm_enrolment",
    "disable",
    "is_enrolled",
    "orgs_requiring_second_factor",
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


def _require_person(viewer: Viewer) -> None:
    if viewer.user_id is None or viewer.is_token:
        refuse(ErrorCode.FORBIDDEN, "Only a signed-in person can set up a second factor.")


async def start_enrolment(viewer: Viewer, password: str | None = None) -> TotpEnrolment:
    """A new secret, shown once as an otpauth URI; active only after `confirm_enrolment`. While
    the partner requires a second factor, a person without one must give the password again."""
    _require_person(viewer)
    user = await User.get(id=viewer.user_id)
    if not await is_enrolled(viewer.user_id) and await second_factor_required(viewer.org_id):
        if not password:
            refuse(
                ErrorCode.PASSWORD_REQUIRED,
                "Your partner requires a second factor: enter your password to set one up.",
                "password",
            )
        valid = await asyncio.to_thread(verify_password, user.password_hash, password or "")
        if not valid:
            refuse(ErrorCode.INVALID_CREDENTIALS, "Wrong password.", "password")
    secret = pyotp.random_base32()
    async with in_transaction():
        existing = await TotpCredential.get_or_none(user_id=viewer.user_id)
        if existing is not None and existing.confirmed_at is not None:
            refuse(ErrorCode.TOTP_ALREADY_ENROLLED, "A second factor is already set up.")
        if existing is not None:
            await TotpCredential.filter(id=existing.id).update(secret=secret, created_at=clock.now())
        else:
            await TotpCredential.create(user_id=viewer.user_id, secret=secret, created_at=clock.now())
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)
    return TotpEnrolment(secret=secret, otpauth_uri=uri)


async def confirm_enrolment(viewer: Viewer, code: str) -> None:
    _require_person(viewer)
    cred = await TotpCredential.get_or_none(user_id=viewer.user_id)
    if cred is None:
        refuse(ErrorCode.TOTP_NOT_ENROLLED, "Start the set-up first.", "code")
    if cred.confirmed_at is not None:
        refuse(ErrorCode.TOTP_ALREADY_ENROLLED, "A second factor is already set up.", "code")
    locked = await _locked(viewer, "code")
    if locked:
        raise DomainErrors(locked)
    step = _matching_step(cred.secret, code)
    if step is None:
        await _wrong_code(viewer)
        refuse(ErrorCode.TOTP_INVALID, "The code is wrong or expired.", "code")
    await _right_code(viewer)
    await TotpCredential.filter(id=cred.id, confirmed_at__isnull=True).update(
        confirmed_at=clock.now(), last_used_step=step
    )


async def disable(viewer: Viewer, code: str) -> None:
    """Remove one's own second factor; needs a valid code."""
    errors = await verify_code(viewer, code, field="code")
    if errors:
        raise DomainErrors(errors)
    await TotpCredential.filter(user_id=viewer.user_id).delete()


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
    locked = await _locked(viewer, field)
    if locked:
        return locked
    step = _matching_step(cred.secret, code)
    if step is None:
        await _wrong_code(viewer)
        return [DomainError(ErrorCode.TOTP_INVALID, "The code is wrong or expired.", field)]
    used = await TotpCredential.filter(id=cred.id, last_used_step__lt=step).update(last_used_step=step)
    if used != 1:
        await _wrong_code(viewer)
        return [
            DomainError(ErrorCode.TOTP_INVALID, "This code was already used; wait for the next one.", field)
        ]
    await _right_code(viewer)
    return []


def _guess_key(viewer: Viewer) -> tuple[str, str]:
    return ("totp-wrong", str(viewer.user_id))


async def _locked(viewer: Viewer, field: str) -> list[DomainError]:
    """RATE_LIMITED while the person's wrong codes are over the limit (nothing is checked)."""
    decision = await rate_limits().peek(get_settings().totp_limit_user, *_guess_key(viewer))
    if decision.allowed:
        return []
    minutes = max(1, -(-decision.reset_after // 60))
    return [
        DomainError(
            ErrorCode.RATE_LIMITED,
            f"Too many wrong codes: second-factor checks are locked for {minutes} minutes.",
            field,
        )
    ]


async def _wrong_code(viewer: Viewer) -> None:
    await rate_limits().hit(get_settings().totp_limit_user, *_guess_key(viewer))


async def _right_code(viewer: Viewer) -> None:
    await rate_limits().clear(get_settings().totp_limit_user, *_guess_key(viewer))


async def second_factor_required(org_id: int) -> bool:
    return await FundsSettings.filter(org_id=org_id, require_second_factor=True).exists()


async def orgs_requiring_second_factor(org_ids: Iterable[int]) -> set[int]:
    """Which of these partners require a second factor (one statement)."""
    ids = sorted(set(org_ids))
    if not ids:
        return set()
    found = await FundsSettings.filter(org_id__in=ids, require_second_factor=True).values_list(
        "org_id", flat=True
    )
    return {int(str(o)) for o in found}


async def require_second_factor(viewer: Viewer, code: str | None) -> list[DomainError]:
    """The gate of every money mutation: nothing to do unless the partner switched it on."""
    if not await second_factor_required(viewer.org_id):
        return []
    return await verify_code(viewer, code)


async def set_second_factor_required(viewer: Viewer, required: bool) -> None:
    """Switch the setting of the viewer's organisation. The caller decides who may (the right is
    declared with the funds account: funds.permissions.can_require_second_factor) and runs it
    inside its transaction to audit the change with it (funds.service.update_settings)."""
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
