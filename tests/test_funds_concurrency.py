"""Concurrency through the HTTP API against a real uvicorn server (a subprocess; two workers on
PostgreSQL): hundreds of disbursements and recoveries on the same accounts at once end exactly
where the serial run ends, never overdraw, lose no update, and a key sent many times at once
moves money once."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from decimal import Decimal
from typing import Any

import httpx
import pytest

from partnercenter.core.ids import to_global_id
from partnercenter.funds.models import FundsAdjustment
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType
from partnercenter.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from tests.conftest import IS_POSTGRES
from tests.factories import World, sign_in
from tests.funds_factories import MOVE, fund
from tests.funds_server import running_server

pytestmark = pytest.mark.asyncio
D = Decimal
# No keep-alive: a pooled connection the server closes while idle (its 5 s keep-alive timeout,
# easily reached on a loaded machine between the phases) would fail the next request with a
# ReadError that has nothing to do with what is tested.
_LIMITS = httpx.Limits(max_connections=64, max_keepalive_connections=0)


async def _session(world: World, username: str) -> tuple[str, str]:
    """(session cookie, csrf) made in the database, used against the real server."""
    client = httpx.AsyncClient(base_url="http://unused")
    csrf = await sign_in(client, world, username)
    cookie = client.cookies["pc_session"]
    await client.aclose()
    return cookie, csrf


async def _send(
    http: httpx.AsyncClient, who: tuple[str, str], op: str, customer: str, amount: str, key: str
) -> dict[str, Any]:
    name = "fundsDisburse" if op == "DISBURSE" else "fundsRecover"
    r = await http.post(
        "/graphql",
        json={
            "query": MOVE % name,
            "variables": {
                "input": {"customerId": customer, "amount": {"amount": amount}, "idempotencyKey": key}
            },
        },
        headers={"X-CSRF-Token": who[1], "Cookie": f"pc_session={who[0]}"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert "errors" not in body, body
    return body["data"][name]  # type: ignore[no-any-return]


async def _partner_balance(world: World) -> Decimal:
    return await ledger.balance(OwnerType.ORG, world.orgs["a"], AccountPurpose.PARTNER_FUNDS)


async def _customer_balance(world: World, manager: str) -> Decimal:
    return await ledger.balance(OwnerType.CUSTOMER, world.customers[manager], AccountPurpose.CUSTOMER_BALANCE)


async def _assert_serial_chain() -> None:
    """Replaying the committed entries one by one in commit order (ids) gives every stored
    balance-after and never goes below zero: the concurrent run equals a serial one."""
    running: dict[int, Decimal] = {}
    floors = {
        a: not neg
        for a, neg in await LedgerAccount.all().values_list("id", "allow_negative")  # type: ignore[misc]
    }
    for account_id, amount, after in (
        await LedgerEntry.all().order_by("id").values_list("account_id", "amount", "balance_after")
    ):
        running[account_id] = running.get(account_id, D(0)) + amount
        assert running[account_id] == after
        if floors[account_id]:
            assert running[account_id] >= 0
    assert await ledger.verify_ledger() == []


async def test_concurrent_disbursements_and_recoveries(world: World, database_url: str) -> None:
    await fund(world, "a", "1000.00")
    admin = await _session(world, "a_admin")
    finance = await _session(world, "a_fin")
    c1 = to_global_id("Customer", world.customers["a_m1"])
    c2 = to_global_id("Customer", world.customers["a_m2"])
    workers = 2 if IS_POSTGRES else 1
    with running_server(database_url, workers=workers) as base:
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=_LIMITS) as http:
            # Set-up: 200.00 to c2 so that recoveries have something to take.
            assert (await _send(http, admin, "DISBURSE", c2, "200.00", "setup"))["userErrors"] == []

            # Phase 1: everything fits, so every operation must succeed whatever the order:
            # 150 x 5.00 out to c1, 100 x 1.00 back from c2, by two people at once.
            jobs = [
                _send(http, admin if i % 2 else finance, "DISBURSE", c1, "5.00", f"d{i}") for i in range(150)
            ] + [_send(http, finance if i % 2 else admin, "RECOVER", c2, "1.00", f"r{i}") for i in range(100)]
            order = list(range(len(jobs)))
            order = order[::2] + order[1::2]  # interleave disbursements and recoveries
            results = await asyncio.gather(*(jobs[i] for i in order))
            assert all(r["userErrors"] == [] for r in results), [r for r in results if r["userErrors"]][:3]
            # serial result: 1000 - 200 - 750 + 100
            assert await _partner_balance(world) == D("150.00")
            assert await _customer_balance(world, "a_m1") == D("750.00")
            assert await _customer_balance(world, "a_m2") == D("100.00")

            # Phase 2, overdraft attempts: 100 x 10.00 out against 150.00, and 60 x 2.00 back from
            # c2, which holds 100.00. Recoveries that land early make room for more disbursements,
            # so the count of disbursements depends on the order, but within 15..25; exactly 50
            # recoveries fit; every refusal is typed; nothing is overdrawn.
            jobs = [_send(http, admin, "DISBURSE", c1, "10.00", f"o{i}") for i in range(100)] + [
                _send(http, finance, "RECOVER", c2, "2.00", f"q{i}") for i in range(60)
            ]
            results = await asyncio.gather(*jobs)
            disbursed = sum(1 for r in results[:100] if r["userErrors"] == [])
            recovered = sum(1 for r in results[100:] if r["userErrors"] == [])
            assert Counter(e["code"] for r in results[:100] for e in r["userErrors"]) == Counter(
                {"INSUFFICIENT_DISBURSABLE": 100 - disbursed}
            )
            assert Counter(e["code"] for r in results[100:] for e in r["userErrors"]) == Counter(
                {"INSUFFICIENT_BALANCE": 10}
            )
            assert recovered == 50 and 15 <= disbursed <= 25
            partner = await _partner_balance(world)
            assert partner == D("250.00") - 10 * disbursed and partner >= 0
            assert await _customer_balance(world, "a_m1") == D("750.00") + 10 * disbursed
            assert await _customer_balance(world, "a_m2") == D("0.00")
    assert await FundsAdjustment.all().count() == 1 + 250 + disbursed + recovered
    await _assert_serial_chain()


async def test_duplicate_keys_under_concurrency_move_once(world: World, database_url: str) -> None:
    await fund(world, "a", "1000.00")
    admin = await _session(world, "a_admin")
    c1 = to_global_id("Customer", world.customers["a_m1"])
    workers = 2 if IS_POSTGRES else 1
    with running_server(database_url, workers=workers) as base:
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=_LIMITS) as http:
            keys = [str(uuid.uuid4()) for _ in range(5)]
            jobs = [_send(http, admin, "DISBURSE", c1, "7.00", keys[i % 5]) for i in range(200)]
            results = await asyncio.gather(*jobs)
    assert all(r["userErrors"] == [] for r in results)
    by_key: dict[str, set[str]] = {}
    for i, r in enumerate(results):
        by_key.setdefault(keys[i % 5], set()).add(r["adjustment"]["id"])
    assert all(len(ids) == 1 for ids in by_key.values())  # every retry got the first result
    assert sum(1 for r in results if not r["replayed"]) == 5
    assert await FundsAdjustment.all().count() == 5
    assert await LedgerTransaction.filter(kind="CUSTOMER_DISBURSE").count() == 5
    assert await _partner_balance(world) == D("965.00")
    await _assert_serial_chain()
