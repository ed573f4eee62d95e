"""Sign-in, sessions, API tokens, and who the viewer is."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from partnercenter.accounts.authcache import auth_cache
from partnercenter.accounts.enums import OrgKind, Role, TokenScope
from partnercenter.accounts.models import ApiToken, Organization, Session, User
from partnercenter.accounts.passwords import verify_password
from partnercenter.accounts.permissions import organization_scope_q
from partnercenter.core.clock import now
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.core.ratelimit import RateLimited, rate_limits
from partnercenter.core.rows import FixedShapeQuery
from partnercenter.settings import get_settings

__all__ = [
    "create_api_token",
    "login",
    "logout",
    "revoke_api_token",
    "viewer_for_session",
    "viewer_for_token",
]

TOKEN_PREFIX = "pct_"
TOKEN_NAME_MAX = 100
TOKEN_DEFAULT_DAYS = 90  # an API token's life unless chosen otherwise at creation
TOKEN_MAX_DAYS = 365


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


async def login(username: str, password: str, client_ip: str, user_agent: str) -> tuple[str, str]:
    """Returns (session token, csrf token); one error for unknown user and wrong password.

    Throttled per client address and per username: every attempt counts before the password is
    checked (so parallel guesses can't all slip in), and a success clears the username's count.
    An unknown username locks like a known one, so the lockout tells nothing about which
    accounts exist. Refusals raise `RateLimited` (HTTP 429, Retry-After).
    """
    settings, limits = get_settings(), rate_limits()
    name = username.strip()
    by_address = await limits.hit(settings.login_limit_address, "login-address", client_ip or "-")
    if not by_address.allowed:
        raise RateLimited(by_address, "Too many sign-in attempts from this address")
    by_account = await limits.hit(settings.login_limit_account, "login-account", name.casefold())
    if not by_account.allowed:
        raise RateLimited(by_account, "Too many failed sign-ins for this account")
    user = await User.get_or_none(username=name, is_active=True)
    # argon2 takes tens of milliseconds of CPU: off the event loop, or every request waits.
    valid = await asyncio.to_thread(verify_password, user.password_hash if user else None, password)
    if not valid or user is None:
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, "Wrong username or password.", "password")
    await limits.clear(settings.login_limit_account, "login-account", name.casefold())
    token = secrets.token_urlsafe(32)
    csrf = csrf_token_for(token)
    await Session.create(
        token_hash=_sha256(token),
        csrf_token=csrf,
        user=user,
        expires_at=now() + timedelta(hours=get_settings().session_hours),
        client_ip=client_ip[:64],
        user_agent=user_agent[:300],
    )
    return token, csrf


def csrf_token_for(session_token: str) -> str:
    """The session's CSRF token, signed with SECRET_KEY: a new secret invalidates every one."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()


async def logout(session_token: str) -> None:
    token_hash = _sha256(session_token)
    auth_cache.drop(f"s:{token_hash}")
    await Session.filter(token_hash=token_hash).delete()


_VIEWER_COLUMNS = (
    "user_id",
    "user__role",
    "user__org_id",
    "user__customer_id",
    "user__org__kind",
    "user__org__is_distributor",
)


_SESSION_LOOKUP = FixedShapeQuery(
    Session,
    lambda token_hash: Session.filter(token_hash=token_hash, user__is_active=True).values(
        *_VIEWER_COLUMNS, "csrf_token", "expires_at"
    ),
    {"expires_at": "datetime", "user__org__is_distributor": "bool"},
)


async def viewer_for_session(session_token: str) -> tuple[Viewer, str] | None:
    """(viewer, csrf token) for a live session, else None (runs on every request)."""
    token_hash = _sha256(session_token)
    cached = auth_cache.get(f"s:{token_hash}")
    if cached is not None:
        viewer, csrf, expires_at = cached
        return (viewer, csrf) if expires_at > now() else None
    rows = await _SESSION_LOOKUP.fetch(token_hash)
    if not rows or rows[0]["expires_at"] <= now():
        return None
    r = rows[0]
    viewer = await _build_viewer(
        user_id=r["user_id"],
        org_id=r["user__org_id"],
        role=Role(r["user__role"]),
        is_vendor=r["user__org__kind"] == OrgKind.VENDOR.value,
        is_distributor=bool(r["user__org__is_distributor"]),
        customer_id=r["user__customer_id"],
    )
    auth_cache.put(f"s:{token_hash}", (viewer, r["csrf_token"], r["expires_at"]))
    return viewer, r["csrf_token"]


async def viewer_for_token(bearer: str) -> Viewer | None:
    if not bearer.startswith(TOKEN_PREFIX):
        return None
    token_hash = _sha256(bearer)
    cached = auth_cache.get(f"t:{token_hash}")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    stamp = now()
    # A token works while it is not revoked, not expired, and its creator is still active.
    rows = await ApiToken.filter(
        Q(expires_at__gt=stamp)
        | Q(expires_at__isnull=True, created_at__gt=stamp - timedelta(days=TOKEN_DEFAULT_DAYS)),
        token_hash=token_hash,
        revoked_at__isnull=True,
        created_by__is_active=True,
    ).values("id", "org_id", "scopes", "last_used_at", "org__is_distributor")
    if not rows:
        return None
    r = rows[0]
    if r["last_used_at"] is None or stamp - r["last_used_at"] > timedelta(seconds=60):
        await ApiToken.filter(id=r["id"]).update(last_used_at=stamp)  # throttled: one write a minute
    scopes = frozenset(TokenScope(s) for s in r["scopes"] if s in TokenScope.__members__)
    viewer = Viewer(org_id=r["org_id"], role=Role.INTEGRATOR, token_id=r["id"], scopes=scopes)
    auth_cache.put(f"t:{token_hash}", viewer)
    return viewer


async def _build_viewer(
    *, user_id: int, org_id: int, role: Role, is_vendor: bool, is_distributor: bool, customer_id: int | None
) -> Viewer:
    subtree: tuple[int, ...] = ()
    if role is Role.SUPERVISOR:
        subtree = await subordinates(org_id, user_id)
    resellers: tuple[int, ...] = ()
    if is_distributor and role in (Role.PARTNER_ADMIN, Role.PARTNER_FINANCE):
        rows = await Organization.filter(distributor_id=org_id).order_by("id").values("id")
        resellers = tuple(int(r["id"]) for r in rows)
    return Viewer(
        org_id=org_id,
        role=role,
        user_id=user_id,
        is_vendor=is_vendor,
        subtree_user_ids=subtree,
        reseller_org_ids=resellers,
        customer_id=customer_id,
    )


async def subordinates(org_id: int, root_id: int) -> tuple[int, ...]:
    """The supervisor and everyone under them, transitively (one query, walked in memory)."""
    pairs = await User.filter(org_id=org_id).values_list("id", "supervisor_id")
    children: dict[int, list[int]] = {}
    for uid, sup in pairs:
        if sup is not None:
            children.setdefault(sup, []).append(uid)
    seen, stack = {root_id}, [root_id]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return tuple(sorted(seen))


def token_expiry(token: ApiToken) -> datetime:
    return token.expires_at or token.created_at + timedelta(days=TOKEN_DEFAULT_DAYS)


async def create_api_token(
    viewer: Viewer, name: str, scopes: list[TokenScope], expires_in_days: int = TOKEN_DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    if viewer.role is not Role.PARTNER_ADMIN or viewer.is_token or viewer.user_id is None:
        raise DomainError(ErrorCode.FORBIDDEN, "Only a partner admin can create API tokens.")
    name = name.strip()
    if not name:
        raise DomainError(ErrorCode.BLANK, "Give the token a name.", "name")
    if len(name) > TOKEN_NAME_MAX:
        raise DomainError(ErrorCode.TOO_LONG, f"The token name is over {TOKEN_NAME_MAX} characters.", "name")
    if not scopes:
        raise DomainError(ErrorCode.BLANK, "Choose at least one scope.", "scopes")
    if not 1 <= expires_in_days <= TOKEN_MAX_DAYS:
        raise DomainError(
            ErrorCode.OUT_OF_RANGE, f"A token lasts 1 to {TOKEN_MAX_DAYS} days.", "expiresInDays"
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    async with in_transaction():
        token = await ApiToken.create(
            org_id=viewer.org_id,
            created_by_id=viewer.user_id,
            name=name,
            prefix=secret[:10],
            token_hash=_sha256(secret),
            scopes=sorted({s.value for s in scopes}),
            expires_at=now() + timedelta(days=expires_in_days),
        )
    return token, secret


async def deactivate_user(user_id: int) -> None:
    """A person leaves: their sessions end and every API token they created is revoked, at once
    in this process and within AUTH_CACHE_SECONDS in the others (auth also checks is_active)."""
    async with in_transaction():
        await User.filter(id=user_id).update(is_active=False)
        await Session.filter(user_id=user_id).delete()
        token_ids = await ApiToken.filter(created_by_id=user_id, revoked_at__isnull=True).values_list(
            "id", flat=True
        )
        await ApiToken.filter(id__in=list(token_ids)).update(revoked_at=now())
    revoked = set(token_ids)

    def belongs(value: object) -> bool:
        viewer = value[0] if isinstance(value, tuple) and value else value  # sessions cache a tuple
        return isinstance(viewer, Viewer) and (viewer.user_id == user_id or viewer.token_id in revoked)

    auth_cache.drop_where(belongs)


async def revoke_api_token(viewer: Viewer, token_id: int) -> ApiToken:
    if viewer.role is not Role.PARTNER_ADMIN or viewer.is_token:
        raise DomainError(ErrorCode.FORBIDDEN, "Only a partner admin can revoke API tokens.")
    token = await ApiToken.get_or_none(id=token_id, org_id=viewer.org_id)
    if token is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such API token.", "id")
    if token.revoked_at is None:
        token.revoked_at = now()
        await token.save(update_fields=["revoked_at"])
    auth_cache.drop_where(lambda v: isinstance(v, Viewer) and v.token_id == token_id)
    return token


async def users_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, object]]:
    """The people of these ids the viewer may see (`accounts.reads.USER_READ`)."""
    from partnercenter.accounts.reads import USER_READ

    return await USER_READ.by_ids(viewer, ids)


def visible_people(viewer: Viewer, ids: list[int]) -> Any:
    """Filter value for `<person>_id__in`: the ids the viewer may see (see `accounts.reads`)."""
    from partnercenter.accounts.reads import visible_people

    return visible_people(viewer, ids)


async def organizations_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, object]]:
    q = organization_scope_q(viewer)
    if q is None or not ids:
        return {}
    rows = await Organization.filter(q, id__in=ids).values(
        "id",
        "name",
        "kind",
        "is_distributor",
        "is_reseller",
        "is_service_provider",
        "is_solution_partner",
        "distributor_id",
        "path_stage",
        "core_map",
    )
    return {r["id"]: r for r in rows}


async def list_api_tokens(viewer: Viewer) -> list[ApiToken]:
    if viewer.role is not Role.PARTNER_ADMIN or viewer.is_token:
        return []
    return await ApiToken.filter(org_id=viewer.org_id).order_by("-id")
