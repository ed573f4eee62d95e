"""Event outbox (core/events.py): events written with the business transaction, delivered at least
once after a crash, retried with backoff, a failing subscriber blocking nobody else, ordering per
(subscriber, aggregate), concurrent dispatchers delivering once, the running dispatcher woken after
commit."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio
from tortoise.transactions import in_transaction

from partnercenter.core import clock, events
from partnercenter.core.models import OutboxDelivery, OutboxEvent
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.service import notify
from tests.factories import World
from tests.funds_server import ROOT

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, int, str, str]] = []  # (subscriber, event id, aggregate id, kind)
        self.fail: dict[str, int] = {}  # subscriber -> how many more times to fail
        self.changed = asyncio.Event()

    def handler(self, name: str) -> events.Handler:
        async def handle(event: events.Event) -> None:
            if self.fail.get(name, 0) > 0:
                self.fail[name] -= 1
                raise RuntimeError(f"{name} is down")
            self.seen.append((name, event.id, event.aggregate_id, event.kind))
            self.changed.set()

        return handle


@pytest_asyncio.fixture
async def rec(db: None) -> AsyncIterator[Recorder]:
    r = Recorder()
    events.subscribe(["t.created", "t.changed"], "alpha")(r.handler("alpha"))
    events.subscribe("t.created", "beta")(r.handler("beta"))
    yield r
    events.unsubscribe("alpha")
    events.unsubscribe("beta")


async def test_emit_writes_the_event_and_one_delivery_per_subscriber(rec: Recorder) -> None:
    with clock.frozen(T0):
        created = await events.emit("t.created", "thing", 1, {"a": 1})
        changed = await events.emit("t.changed", "thing", 1)
        nobody = await events.emit("t.unheard", "thing", 1)
    ev = await OutboxEvent.get(id=created)
    assert (ev.kind, ev.aggregate_type, ev.aggregate_id, ev.payload, ev.created_at) == (
        "t.created",
        "thing",
        "1",
        {"a": 1},
        T0,
    )
    subs = await OutboxDelivery.all().order_by("id").values_list("event_id", "subscriber")
    assert list(subs) == [(created, "alpha"), (created, "beta"), (changed, "alpha")]
    assert await OutboxDelivery.filter(event_id=nobody).count() == 0


async def test_the_event_rolls_back_with_the_business_transaction(rec: Recorder) -> None:
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await events.emit("t.created", "thing", 1)
            raise RuntimeError("business rule failed")
    assert await OutboxEvent.all().count() == 0 and await OutboxDelivery.all().count() == 0
    assert await events.drain() == {"delivered": 0, "failed": 0}


async def test_drain_delivers_once(rec: Recorder) -> None:
    with clock.frozen(T0):
        eid = await events.emit("t.created", "thing", 1)
        assert await events.drain() == {"delivered": 2, "failed": 0}
        assert await events.drain() == {"delivered": 0, "failed": 0}
    assert sorted(rec.seen) == [("alpha", eid, "1", "t.created"), ("beta", eid, "1", "t.created")]
    rows = await OutboxDelivery.all().values("delivered_at", "attempts", "claimed_by", "lease_until")
    assert rows == [{"delivered_at": T0, "attempts": 1, "claimed_by": None, "lease_until": None}] * 2


async def test_a_failing_subscriber_is_retried_with_backoff_and_blocks_nobody(rec: Recorder) -> None:
    rec.fail["beta"] = 3
    with clock.frozen(T0) as cell:
        eid = await events.emit("t.created", "thing", 1)
        other = await events.emit("t.created", "thing", 2)
        assert await events.drain() == {"delivered": 2, "failed": 2}  # alpha got both; beta failed both
        beta = await OutboxDelivery.get(event_id=eid, subscriber="beta")
        assert beta.attempts == 1 and beta.next_attempt_at == T0 + timedelta(seconds=2)
        assert "beta is down" in beta.last_error and beta.delivered_at is None and beta.claimed_by is None
        assert await events.drain() == {"delivered": 0, "failed": 0}  # not due yet
        clock.advance(cell, timedelta(seconds=2))
        assert await events.drain() == {"delivered": 1, "failed": 1}  # third failure; the fourth try works
        beta = await OutboxDelivery.get(event_id=eid, subscriber="beta")
        assert beta.attempts == 2 and beta.next_attempt_at == T0 + timedelta(seconds=2 + 4)
        clock.advance(cell, timedelta(seconds=4))
        assert await events.drain() == {"delivered": 1, "failed": 0}
    assert [s for s in rec.seen if s[0] == "alpha"] == [
        ("alpha", eid, "1", "t.created"),
        ("alpha", other, "2", "t.created"),
    ]
    assert sorted(s[1] for s in rec.seen if s[0] == "beta") == [eid, other]
    assert await OutboxDelivery.filter(delivered_at__isnull=True).count() == 0
    assert events.backoff(20) == timedelta(hours=1)  # capped


async def test_order_per_subscriber_and_aggregate(rec: Recorder) -> None:
    rec.fail["alpha"] = 1
    with clock.frozen(T0) as cell:
        first = await events.emit("t.created", "thing", 7)
        second = await events.emit("t.changed", "thing", 7)
        elsewhere = await events.emit("t.changed", "thing", 8)
        await events.drain()  # alpha fails on `first`, so `second` (same aggregate) must wait
        assert ("alpha", elsewhere, "8", "t.changed") in rec.seen
        assert not [s for s in rec.seen if s[0] == "alpha" and s[2] == "7"]
        waiting = await OutboxDelivery.get(event_id=second, subscriber="alpha")
        assert waiting.attempts == 0 and waiting.delivered_at is None
        clock.advance(cell, timedelta(seconds=2))
        await events.drain()
    assert [s[1] for s in rec.seen if s[0] == "alpha" and s[2] == "7"] == [first, second]


async def test_concurrent_dispatchers_deliver_each_row_once(rec: Recorder) -> None:
    ids = [await events.emit("t.created", "thing", i) for i in range(30)]
    results = await asyncio.gather(*(events.Dispatcher(batch_size=7).drain() for _ in range(3)))
    assert sum(r["delivered"] for r in results) == 60
    assert sorted(s[1] for s in rec.seen if s[0] == "alpha") == ids
    assert sorted(s[1] for s in rec.seen if s[0] == "beta") == ids


async def test_a_running_dispatcher_is_woken_after_commit(rec: Recorder) -> None:
    dispatcher = events.Dispatcher(poll_seconds=60)  # polling alone would take a minute
    await dispatcher.start()
    try:
        async with in_transaction():
            eid = await events.emit("t.created", "thing", 1)
            await asyncio.sleep(0.1)
            assert rec.seen == []  # nothing is delivered before the commit
        started = time.monotonic()
        while len(rec.seen) < 2:
            rec.changed.clear()
            await asyncio.wait_for(rec.changed.wait(), 5)
        assert sorted(s[:2] for s in rec.seen) == [("alpha", eid), ("beta", eid)]
        assert time.monotonic() - started < 2
    finally:
        await dispatcher.stop()


async def test_notify_emits_a_message_event_beside_the_messages(world: World) -> None:
    created = await notify(
        [world.users["a_admin"], None], MessageKind(next(iter(MessageKind))), "Customer", 5
    )
    assert created == 1
    ev = await OutboxEvent.get(kind="message.created")
    assert (ev.aggregate_type, ev.aggregate_id) == ("Customer", "5")
    assert ev.payload["recipient_ids"] == [world.users["a_admin"]]


async def test_an_event_committed_before_a_crash_is_delivered_by_a_new_dispatcher(
    db: None, database_url: str
) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.outbox_crash_worker",
        database_url,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    committed = (await asyncio.wait_for(proc.stdout.readline(), 120)).decode().split()
    delivering = (await asyncio.wait_for(proc.stdout.readline(), 120)).decode().split()
    os.kill(proc.pid, signal.SIGKILL)  # committed, and killed in the middle of delivering it
    await proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert committed[0] == "COMMITTED" and delivering == ["DELIVERING", committed[1]]
    event_id = int(committed[1])
    row = await OutboxDelivery.get(event_id=event_id)
    assert row.delivered_at is None and row.claimed_by is not None  # the dead process's lease

    seen: list[int] = []

    @events.subscribe("crash.test", "crash-subscriber")
    async def handle(event: events.Event) -> None:
        seen.append(event.id)

    try:
        assert await events.drain() == {"delivered": 0, "failed": 0}  # leased until the lease ends
        assert row.lease_until is not None
        with clock.frozen(row.lease_until + timedelta(seconds=1)):
            assert await events.drain() == {"delivered": 1, "failed": 0}
    finally:
        events.unsubscribe("crash-subscriber")
    assert seen == [event_id]
    row = await OutboxDelivery.get(event_id=event_id)
    assert row.delivered_at is not None and row.attempts == 1


async def test_outbox_lag_is_the_age_of_the_oldest_undelivered_event(rec: Recorder) -> None:
    """What /metrics reports as partnercenter outbox lag."""
    with clock.frozen(T0) as cell:
        assert await events.oldest_undelivered_age() == 0.0
        await events.emit("t.created", "thing", 9)
        clock.advance(cell, timedelta(seconds=42))
        assert await events.oldest_undelivered_age() == pytest.approx(42.0)
        await events.drain()
        assert await events.oldest_undelivered_age() == 0.0
