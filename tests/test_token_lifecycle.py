"""API tokens expire (default 90 days, chosen at creation) and die with their creator
(audit finding 12 of the trust issue: tokens never expired and outlived a deactivated creator)."""

from __future__ import annotations

from datetime import timedelta

import httpx

from partnercenter.accounts import service as accounts
from partnercenter.accounts.models import ApiToken, Session
from partnercenter.core import clock
from tests.factories import World, gql, login

VIEWER = "{ viewer { role } }"
CREATE = """mutation($name: String!, $days: Int!) {
  apiTokenCreate(input: {name: $name, scopes: [CUSTOMERS_READ], expiresInDays: $days}) {
    secret apiToken { id expiresAt lastUsedAt } userErrors { code field } } }"""
CREATE_DEFAULT = """mutation { apiTokenCreate(input: {name: "默认", scopes: [CUSTOMERS_READ]}) {
  secret apiToken { id createdAt expiresAt } userErrors { code field } } }"""


async def works(client: httpx.AsyncClient, secret: str) -> bool:
    client.cookies.clear()
    r = await client.post("/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {secret}"})
    return r.status_code == 200 and (r.json().get("data") or {}).get("viewer") is not None


async def test_default_life_is_90_days_and_a_chosen_life_is_kept(
    client: httpx.AsyncClient, world: World
) -> None:
    csrf = await login(client, "a_admin")
    body = (await gql(client, CREATE_DEFAULT, csrf=csrf))["data"]["apiTokenCreate"]
    token = await ApiToken.get(prefix=body["secret"][:10])
    assert token.expires_at is not None
    assert abs((token.expires_at - token.created_at) - timedelta(days=90)) < timedelta(seconds=5)
    body = (await gql(client, CREATE, {"name": "短期", "days": 7}, csrf=csrf))["data"]["apiTokenCreate"]
    token = await ApiToken.get(prefix=body["secret"][:10])
    assert token.expires_at is not None
    assert abs((token.expires_at - token.created_at) - timedelta(days=7)) < timedelta(seconds=5)
    for days in (0, 366, -1):
        body = (await gql(client, CREATE, {"name": "x", "days": days}, csrf=csrf))["data"]["apiTokenCreate"]
        assert body["apiToken"] is None and body["secret"] is None
        assert [(e["code"], e["field"]) for e in body["userErrors"]] == [("OUT_OF_RANGE", "expiresInDays")]


async def test_a_token_stops_working_when_it_expires(client: httpx.AsyncClient, world: World) -> None:
    csrf = await login(client, "a_admin")
    body = (await gql(client, CREATE, {"name": "一周", "days": 7}, csrf=csrf))["data"]["apiTokenCreate"]
    secret = body["secret"]
    start = clock.now()
    with clock.frozen(start + timedelta(days=6, hours=23)):
        assert await works(client, secret)
    with clock.frozen(start + timedelta(days=7, minutes=1)):
        assert not await works(client, secret)


async def test_tokens_from_before_expiry_existed_expire_90_days_after_creation(
    client: httpx.AsyncClient, world: World
) -> None:
    secret = world.tokens["full"]
    await ApiToken.filter(prefix=secret[:10]).update(expires_at=None)
    created = (await ApiToken.get(prefix=secret[:10])).created_at
    with clock.frozen(created + timedelta(days=89)):
        assert await works(client, secret)
    with clock.frozen(created + timedelta(days=90, minutes=1)):
        assert not await works(client, secret)


async def test_deactivating_the_creator_revokes_their_tokens_and_sessions(
    client: httpx.AsyncClient, world: World
) -> None:
    secret = world.tokens["full"]
    assert await works(client, secret)
    await login(client, "a_admin")
    assert await Session.filter(user_id=world.users["a_admin"]).count() == 1
    await accounts.deactivate_user(world.users["a_admin"])
    assert not await works(client, secret)
    assert await Session.filter(user_id=world.users["a_admin"]).count() == 0
    assert await ApiToken.filter(created_by_id=world.users["a_admin"], revoked_at__isnull=True).count() == 0


async def test_a_creator_deactivated_by_other_means_also_stops_their_tokens(
    client: httpx.AsyncClient, world: World
) -> None:
    from partnercenter.accounts.models import User

    secret = world.tokens["customers_only"]
    assert await works(client, secret)
    await User.filter(id=world.users["a_admin"]).update(is_active=False)
    assert not await works(client, secret)
