"""Crash safety: a process killed with SIGKILL in the middle of a batch disbursement loses no
committed entry and leaves no half transaction; re-running the batch with the same key finishes
it without moving anything twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from decimal import Decimal

import pytest

from partnercenter.customers.models import Customer
from partnercenter.funds.models import FundsAdjustment
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType
from partnercenter.ledger.models import LedgerTransaction
from tests.factories import World
from tests.funds_factories import fund
from tests.funds_server import ROOT

pytestmark = pytest.mark.asyncio
N = 150


async def _run_worker(database_url: str, world: World, ids: list[int], kill_after: int | None) -> list[str]:
    """Start the worker; SIGKILL it after `kill_after` committed customers (None: let it finish)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.funds_crash_worker",
        database_url,
        str(world.orgs["a"]),
        str(world.users["a_admin"]),
        "crash-batch",
        ",".join(map(str, ids)),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    lines: list[str] = []
    while True:
        line = (await asyncio.wait_for(proc.stdout.readline(), 120)).decode().strip()
        if not line:
            break
        lines.append(line)
        if kill_after is not None and len(lines) >= kill_after:
            os.kill(proc.pid, signal.SIGKILL)  # mid-batch: the next customer's transaction is under way
            break
    await proc.wait()
    if kill_after is None:
        assert lines[-1] == "FINISHED"
    else:
        assert proc.returncode == -signal.SIGKILL
    return [ln for ln in lines if ln.startswith("DONE")]


async def _check(committed: list[str]) -> None:
    # every customer the worker saw committed is in the database, with its transaction
    for line in committed:
        _, customer_id, adj_id = line.split()
        adj = await FundsAdjustment.get_or_none(id=int(adj_id))
        assert adj is not None and adj.customer_id == int(customer_id) and adj.transaction_id is not None
    # no half transaction: every adjustment has its posting, every posting its adjustment
    assert await FundsAdjustment.filter(transaction_id__isnull=True).count() == 0
    assert (
        await FundsAdjustment.all().count()
        == await LedgerTransaction.filter(kind="CUSTOMER_DISBURSE").count()
    )
    assert await ledger.verify_ledger() == []


async def test_sigkill_mid_batch(world: World, database_url: str) -> None:
    await fund(world, "a", "10000.00")
    base = await Customer.get(id=world.customers["a_m1"])
    ids = []
    for i in range(N):
        c = await Customer.create(
            partner_id=world.orgs["a"],
            name=f"批量客户{i}有限公司",
            account_name=f"bulk{i}",
            industry="INTERNET",
            association_type="RESALE",
            associated_at=base.associated_at,
            manager_id=world.users["a_m1"],
        )
        ids.append(c.id)
    committed = await _run_worker(database_url, world, ids, kill_after=40)
    await _check(committed)
    first = await FundsAdjustment.all().count()
    assert 40 <= first < N
    committed += await _run_worker(database_url, world, ids, kill_after=30)  # killed again
    await _check(committed)
    finished = await _run_worker(database_url, world, ids, kill_after=None)
    await _check(finished)
    # the batch is complete, each customer exactly once
    assert await FundsAdjustment.all().count() == N
    assert sorted(await FundsAdjustment.all().values_list("customer_id", flat=True)) == sorted(ids)
    funds_left = await ledger.balance(OwnerType.ORG, world.orgs["a"], AccountPurpose.PARTNER_FUNDS)
    assert funds_left == Decimal("10000.00") - N * Decimal("1.23")
