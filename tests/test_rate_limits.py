"""Rate limits (trust issue, finding 4 and "rate limits across processes"): sign-in throttled per
account and per client address with 429 and Retry-After; every request limited per client and
per operation with RateLimit-* headers; counters shared by several processes through Redis."""

from __future__ import annotations

import asyncio
import os
import socket

import httpx
import pytest

from partnercenter.settings import get_settings
from tests.factories import PASSWORD, World
from tests.funds_server import running_server

LOGIN = """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) {
  viewer { role } userErrors { code field } } }"""
CUSTOMERS = "{ customers(first: 1) { totalCount } }"


async def attempt(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    client.cookies.clear()
    return await client.post("/graphql", json={"query": LOGIN, "variables": {"u": username, "p": password}})


def code_of(r: httpx.Response) -> str | None:
    body = r.json()
    if body.get("errors"):
        return str(body["errors"][0]["extensions"]["code"])
    errors = body["data"]["login"]["userErrors"]
    return errors[0]["code"] if errors else None


async def test_wrong_passwords_lock_the_account_even_for_the_right_one(
    client: httpx.AsyncClient, world: World
) -> None:
    for _ in range(5):
        r = await attempt(client, "a_admin", "wrong password")
        assert r.status_code == 200 and code_of(r) == "INVALID_CREDENTIALS"
    r = await attempt(client, "a_admin", PASSWORD)
    assert r.status_code == 429
    assert code_of(r) == "RATE_LIMITED"
    assert int(r.headers["Retry-After"]) > 0
    assert r.json()["errors"][0]["extensions"]["retryAfter"] == int(r.headers["Retry-After"])
    assert "a_admin" not in r.text  # nothing about the account in the answer
    # Another account from the same address is not locked by it.
    assert code_of(await attempt(client, "a_lead", PASSWORD)) is None


async def test_unknown_usernames_lock_exactly_like_known_ones(
    client: httpx.AsyncClient, world: World
) -> None:
    """No user enumeration through the lockout: the sixth attempt is refused the same way."""
    answers = {}
    for name in ("a_m1", "nobody_here"):
        for _ in range(5):
            await attempt(client, name, "wrong password")
        r = await attempt(client, name, "wrong password")
        answers[name] = (r.status_code, code_of(r))
    assert answers["a_m1"] == answers["nobody_here"] == (429, "RATE_LIMITED")


async def test_a_success_clears_the_accounts_failures(client: httpx.AsyncClient, world: World) -> None:
    for _ in range(4):
        await attempt(client, "a_m2", "wrong password")
    assert code_of(await attempt(client, "a_m2", PASSWORD)) is None
    for _ in range(4):
        await attempt(client, "a_m2", "wrong password")
    assert code_of(await attempt(client, "a_m2", PASSWORD)) is None


async def test_parallel_guesses_cannot_slip_past_the_account_limit(
    client: httpx.AsyncClient, world: World
) -> None:
    answers = await asyncio.gather(*(attempt(client, "a_fin", "guess") for _ in range(40)))
    statuses = [r.status_code for r in answers]
    assert statuses.count(200) == 5  # each attempt counted before the password is checked
    assert statuses.count(429) == 35


async def test_one_address_is_throttled_across_accounts(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "login_limit_address", "8 per minute")
    statuses = [(await attempt(client, f"user{i}", "x")).status_code for i in range(10)]
    assert statuses == [200] * 8 + [429] * 2


async def test_requests_are_limited_per_client_and_operation(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "rate_limit_token", "3/minute")
    headers = {"Authorization": f"Bearer {world.tokens['full']}"}
    client.cookies.clear()
    seen = []
    for query in (
        CUSTOMERS,
        "query A { customers(first: 1) { totalCount } }",  # renaming the operation doesn't help
        "{ c: customers(first: 2) { totalCount } }",  # nor does an alias
        "query B { customers(first: 1) { totalCount } }",
    ):
        r = await client.post("/graphql", json={"query": query}, headers=headers)
        seen.append((r.status_code, r.headers.get("RateLimit-Remaining")))
    assert seen[:3] == [(200, "2"), (200, "1"), (200, "0")]
    assert seen[3][0] == 429
    r = await client.post("/graphql", json={"query": CUSTOMERS}, headers=headers)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert r.headers["RateLimit-Limit"] == "3"
    assert r.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    # Another operation of the same token has its own budget; another token is not affected.
    r = await client.post(
        "/graphql", json={"query": "{ opportunities(first: 1) { totalCount } }"}, headers=headers
    )
    assert r.status_code == 200
    other = {"Authorization": f"Bearer {world.tokens['customers_only']}"}
    assert (await client.post("/graphql", json={"query": CUSTOMERS}, headers=other)).status_code == 200


async def test_limits_are_configurable_per_operation(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "rate_limit_operations", {"customers": "1/minute"})
    headers = {"Authorization": f"Bearer {world.tokens['full']}"}
    client.cookies.clear()
    first = await client.post("/graphql", json={"query": CUSTOMERS}, headers=headers)
    second = await client.post("/graphql", json={"query": CUSTOMERS}, headers=headers)
    assert (first.status_code, second.status_code) == (200, 429)


def _redis_up() -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.skipif(
    not _redis_up(), reason="no Redis on 127.0.0.1:6379: the cross-process limit is not tested"
)
async def test_two_server_processes_share_one_limit_through_redis(world: World, database_url: str) -> None:
    """Two uvicorn processes (as two machines would) over one Redis: 5 per minute in total."""
    redis_db = 1 + (os.getpid() % 14)  # a database of its own, emptied first
    env = {
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "RATE_LIMIT_TOKEN": "5/minute",
        "LOG_FORMAT": "text",
    }
    from coredis import Redis

    await Redis(host="127.0.0.1", port=6379, db=redis_db).flushdb()
    headers = {"Authorization": f"Bearer {world.tokens['full']}"}
    limits = httpx.Limits(max_keepalive_connections=0)
    with (
        running_server(database_url, env_extra=env) as first,
        running_server(database_url, env_extra=env) as second,
    ):
        statuses: list[int] = []
        async with httpx.AsyncClient(timeout=60, limits=limits) as http:
            for i in range(8):
                base = first if i % 2 == 0 else second
                r = await http.post(f"{base}/graphql", json={"query": CUSTOMERS}, headers=headers)
                statuses.append(r.status_code)
    assert statuses.count(200) == 5, statuses
    assert statuses.count(429) == 3, statuses
