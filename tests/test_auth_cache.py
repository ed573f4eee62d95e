"""The short-lived credential cache: hits skip the database, logout and revocation take effect
at once, expiry and the TTL still hold."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from partnercenter.accounts.authcache import auth_cache
from partnercenter.accounts.models import Session
from partnercenter.settings import get_settings
from tests.factories import World, count_statements, gql, login

VIEWER = "{ viewer { role } }"
REVOKE = "mutation($id: ID!) { apiTokenRevoke(input: {id: $id}) { userErrors { code } } }"


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(get_settings(), "auth_cache_seconds", 30.0)
    auth_cache.clear()
    yield
    auth_cache.clear()


async def test_second_request_needs_no_statement(client, world: World) -> None:
    await login(client, "a_m1")
    await gql(client, VIEWER)
    with count_statements() as counter:
        body = await gql(client, VIEWER)
    assert body["data"]["viewer"] == {"role": "ACCOUNT_MANAGER"}
    assert counter.statements == []


async def test_logout_takes_effect_at_once(client, world: World) -> None:
    csrf = await login(client, "a_m1")
    session_cookie = client.cookies["pc_session"]
    await gql(client, VIEWER)
    await gql(client, "mutation { logout { ok } }", csrf=csrf)
    client.cookies.set("pc_session", session_cookie)  # replay the old cookie
    assert (await gql(client, VIEWER))["data"]["viewer"] is None


async def test_session_expiry_is_checked_on_cache_hits(client, world: World, monkeypatch) -> None:
    await login(client, "a_m1")
    await gql(client, VIEWER)  # cached now
    from partnercenter.accounts import service

    later = datetime.now(UTC) + timedelta(hours=get_settings().session_hours, minutes=1)
    monkeypatch.setattr(service, "now", lambda: later)
    assert (await gql(client, VIEWER))["data"]["viewer"] is None


async def test_entries_end_with_the_ttl(client, world: World, monkeypatch) -> None:
    await login(client, "a_m1")
    await gql(client, VIEWER)
    await Session.filter(user_id=world.users["a_m1"]).delete()  # e.g. logged out on another worker
    assert (await gql(client, VIEWER))["data"]["viewer"] is not None  # within the TTL
    from partnercenter.accounts import authcache

    monkeypatch.setattr(authcache, "monotonic", lambda: 10**12)
    assert (await gql(client, VIEWER))["data"]["viewer"] is None


async def test_revoked_token_fails_at_once(client, world: World) -> None:
    token = world.tokens["full"]
    assert (await gql(client, VIEWER, token=token))["data"]["viewer"]["role"] == "INTEGRATOR"
    csrf = await login(client, "a_admin")
    tokens = await gql(client, "{ apiTokens { id name } }")
    token_id = next(t["id"] for t in tokens["data"]["apiTokens"] if t["name"] == "full")
    body = await gql(client, REVOKE, {"id": token_id}, csrf=csrf)
    assert body["data"]["apiTokenRevoke"]["userErrors"] == []
    client.cookies.clear()
    await gql(client, VIEWER, token=token, status=401)
