"""Event outbox: things that happened are written in the business transaction that made them happen,
and delivered to subscribers afterwards, at least once, by a dispatcher. A crash between the commit
and the delivery loses nothing (the rows are there for the next dispatcher), and a rolled-back
change emits nothing (the event rolls back with it).

Public API:

    await emit(kind, aggregate_type, aggregate_id, payload) -> event id
        Call inside the business transaction (one is opened if there is none). Writes the event and
        one delivery row per subscriber registered for `kind` in this process.

    @subscribe("kind" | ["kind", ...], "subscriber-name")
    async def handler(event: Event) -> None: ...
        Register at import time of the subscribing module, under a stable name (delivery rows keep
        it). Handlers must be idempotent: `event.id` is the key (delivery is at least once).
        A handler that raises is retried with exponential backoff (2 s, 4 s, ... capped at 1 h);
        it never blocks other subscribers. Per (subscriber, aggregate) deliveries happen in
        emission order: a later event waits while an earlier one is undelivered.

    Dispatcher(poll_seconds=2.0).start() / .stop()   the background loop (the app lifespan runs one)
    await drain() -> {"delivered": n, "failed": m}    deliver everything due now (tests, the CLI job
                                                       `outbox-drain`)

Claiming: PostgreSQL selects due deliveries `FOR UPDATE SKIP LOCKED`; both databases then set a
lease (`claimed_by`, `lease_until`) with a conditional update, so a dispatcher that dies mid-delivery
holds the rows only until the lease ends. After commit the running dispatchers are woken
(an asyncio.Event), so in-process latency is small; otherwise they poll.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.core.jobs import job
from partnercenter.core.models import OutboxDelivery, OutboxEvent

__all__ = [
    "Dispatcher",
    "Event",
    "drain",
    "emit",
    "subscribe",
    "subscribers_for",
    "unsubscribe",
    "wake",
]

log = logging.getLogger("partnercenter.events")

BACKOFF_BASE_SECONDS = 2.0
BACKOFF_CAP_SECONDS = 3600.0
LEASE_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    kind: str
    aggregate_type: str
    aggregate_id: str
    payload: dict[str, Any]
    created_at: datetime


Handler = Callable[[Event], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class _Subscriber:
    name: str
    kinds: frozenset[str]
    fn: Handler


_SUBSCRIBERS: dict[str, _Subscriber] = {}


def subscribe(kinds: str | Iterable[str], name: str) -> Callable[[Handler], Handler]:
    """Register `fn` as subscriber `name` of the event kinds (re-registering a name replaces it)."""
    wanted = frozenset([kinds] if isinstance(kinds, str) else kinds)

    def register(fn: Handler) -> Handler:
        _SUBSCRIBERS[name] = _Subscriber(name, wanted, fn)
        return fn

    return register


def unsubscribe(name: str) -> None:
    """Forget a subscriber (tests); its undelivered rows wait for a process that has it."""
    _SUBSCRIBERS.pop(name, None)


def subscribers_for(kind: str) -> list[str]:
    return sorted(s.name for s in _SUBSCRIBERS.values() if kind in s.kinds)


def _current_transaction() -> TransactionalDBClient | None:
    conn = connections.get("default")
    return conn if isinstance(conn, TransactionalDBClient) else None


async def emit(
    kind: str, aggregate_type: str, aggregate_id: int | str, payload: dict[str, Any] | None = None
) -> int:
    """Write the event and its deliveries in the current transaction; returns the event id."""
    now = clock.now()
    outer = _current_transaction()
    if outer is None:
        async with in_transaction():
            event_id = await _write(kind, aggregate_type, str(aggregate_id), payload or {}, now)
        wake()
    else:
        event_id = await _write(kind, aggregate_type, str(aggregate_id), payload or {}, now)
        _wake_after(outer)
    return event_id


async def _write(
    kind: str, aggregate_type: str, aggregate_id: str, payload: dict[str, Any], now: datetime
) -> int:
    event = await OutboxEvent.create(
        kind=kind, aggregate_type=aggregate_type, aggregate_id=aggregate_id, payload=payload, created_at=now
    )
    names = subscribers_for(kind)
    if names:
        await OutboxDelivery.bulk_create(
            [
                OutboxDelivery(
                    event_id=event.id,
                    subscriber=name,
                    aggregate_type=aggregate_type,
                    aggregate_id=aggregate_id,
                    next_attempt_at=now,
                )
                for name in names
            ]
        )
    return int(event.id)


# --- Waking the dispatchers of this process after the emitting transaction ends.

_RUNNING: set[Dispatcher] = set()
_WAITERS: set[asyncio.Task[None]] = set()


def wake() -> None:
    """Tell this process's running dispatchers that something may be due."""
    for d in list(_RUNNING):
        d._wakeup.set()


def _wake_after(tx: TransactionalDBClient) -> None:
    """Tortoise has no on-commit hook: watch the transaction and wake when it is finished."""
    if not _RUNNING:
        return

    async def wait() -> None:
        for _ in range(6000):  # at most 60 s; the dispatcher polls anyway
            if tx._finalized:
                break
            await asyncio.sleep(0.01)
        wake()

    task = asyncio.get_running_loop().create_task(wait())
    _WAITERS.add(task)
    task.add_done_callback(_WAITERS.discard)


# --- The dispatcher.


def _is_postgres(conn: BaseDBAsyncClient) -> bool:
    return str(conn.capabilities.dialect) == "postgres"


def _ph(conn: BaseDBAsyncClient) -> Callable[[int], str]:
    return (lambda i: f"${i}") if _is_postgres(conn) else (lambda i: "?")


def backoff(attempts: int) -> timedelta:
    """Delay before retry number `attempts` (1 = after the first failure)."""
    return timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** (attempts - 1), BACKOFF_CAP_SECONDS))


class Dispatcher:
    """Claims due deliveries of the subscribers registered in this process and delivers them."""

    def __init__(
        self,
        *,
        name: str | None = None,
        poll_seconds: float = 2.0,
        batch_size: int = 50,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self.name = (name or f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:12]}")[:64]
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.lease = timedelta(seconds=lease_seconds)
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    async def start(self) -> None:
        if self._task is None:
            self._stopping = False
            _RUNNING.add(self)
            self._task = asyncio.get_running_loop().create_task(self._run(), name=f"outbox:{self.name}")

    async def stop(self) -> None:
        self._stopping = True
        _RUNNING.discard(self)
        self._wakeup.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, 10)
            except TimeoutError:
                self._task.cancel()
            self._task = None

    async def _run(self) -> None:
        while not self._stopping:
            self._wakeup.clear()
            try:
                counts = await self.run_once()
            except Exception:
                log.exception("outbox dispatcher %s: a round failed", self.name)
                counts = {"delivered": 0, "failed": 0}
            if counts["delivered"] or counts["failed"]:
                continue
            try:
                await asyncio.wait_for(self._wakeup.wait(), self.poll_seconds)
            except TimeoutError:
                pass

    async def drain(self, max_rounds: int = 1000) -> dict[str, int]:
        """Deliver until nothing is due now (failures wait for their backoff)."""
        total = {"delivered": 0, "failed": 0}
        for _ in range(max_rounds):
            counts = await self.run_once()
            total = {k: total[k] + counts[k] for k in total}
            if not (counts["delivered"] or counts["failed"]):
                break
        return total

    async def run_once(self) -> dict[str, int]:
        """One round: claim a batch, deliver each claimed row concurrently."""
        names = sorted(_SUBSCRIBERS)
        if not names:
            return {"delivered": 0, "failed": 0}
        claimed = await self._claim(names)
        results = await asyncio.gather(*(self._deliver(d) for d in claimed))
        delivered = sum(1 for ok in results if ok)
        return {"delivered": delivered, "failed": len(results) - delivered}

    async def _claim(self, names: list[str]) -> list[OutboxDelivery]:
        now = clock.now()
        lease_until = now + self.lease
        async with in_transaction() as conn:
            p = _ph(conn)
            subs = ", ".join(p(i + 3) for i in range(len(names)))
            lock = " FOR UPDATE OF d SKIP LOCKED" if _is_postgres(conn) else ""
            # The earliest undelivered row per (subscriber, aggregate) only: ordering per aggregate.
            sql = (
                "SELECT d.id FROM outbox_delivery d "
                f"WHERE d.delivered_at IS NULL AND d.next_attempt_at <= {p(1)} "
                f"AND (d.lease_until IS NULL OR d.lease_until < {p(2)}) AND d.subscriber IN ({subs}) "
                "AND NOT EXISTS (SELECT 1 FROM outbox_delivery e WHERE e.subscriber = d.subscriber "
                "AND e.aggregate_type = d.aggregate_type AND e.aggregate_id = d.aggregate_id "
                "AND e.id < d.id AND e.delivered_at IS NULL) "
                f"ORDER BY d.id LIMIT {int(self.batch_size)}{lock}"
            )
            _, rows = await conn.execute_query(sql, [now, now, *names])
            ids = [int(r["id"]) for r in rows]
            if not ids:
                return []
            # The lease: a conditional update, so two SQLite processes cannot both take a row.
            await (
                OutboxDelivery.filter(id__in=ids, delivered_at__isnull=True)
                .filter(lease_until__isnull=True)
                .update(claimed_by=self.name, lease_until=lease_until)
            )
            await OutboxDelivery.filter(id__in=ids, delivered_at__isnull=True, lease_until__lt=now).update(
                claimed_by=self.name, lease_until=lease_until
            )
        return list(
            await OutboxDelivery.filter(id__in=ids, claimed_by=self.name, lease_until=lease_until)
            .select_related("event")
            .order_by("id")
        )

    async def _deliver(self, d: OutboxDelivery) -> bool:
        sub = _SUBSCRIBERS.get(d.subscriber)
        ev = d.event
        event = Event(
            ev.id, ev.kind, ev.aggregate_type, ev.aggregate_id, dict(ev.payload or {}), ev.created_at
        )
        mine = OutboxDelivery.filter(id=d.id, claimed_by=self.name)
        try:
            if sub is None:
                raise LookupError(f"subscriber {d.subscriber!r} is not registered")
            await sub.fn(event)
        except Exception as exc:
            attempts = d.attempts + 1
            log.warning("outbox: %s failed on event %s (attempt %s): %r", d.subscriber, ev.id, attempts, exc)
            await mine.update(
                attempts=attempts,
                next_attempt_at=clock.now() + backoff(attempts),
                last_error=repr(exc)[:2000],
                claimed_by=None,
                lease_until=None,
            )
            return False
        await mine.update(
            attempts=d.attempts + 1,
            delivered_at=clock.now(),
            last_error="",
            claimed_by=None,
            lease_until=None,
        )
        return True


async def oldest_undelivered_age() -> float:
    """Seconds since the oldest undelivered event was written (0 when nothing waits): the
    outbox lag that /metrics reports."""
    row = (
        await OutboxDelivery.filter(delivered_at__isnull=True)
        .order_by("id")
        .limit(1)
        .values("event__created_at")
    )
    if not row:
        return 0.0
    created = row[0]["event__created_at"]
    if isinstance(created, str):  # SQLite text
        created = datetime.fromisoformat(created)
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return max(0.0, (clock.now() - created).total_seconds())


async def drain() -> dict[str, int]:
    """Deliver everything due now with a one-shot dispatcher (tests, the CLI)."""
    return await Dispatcher().drain()


@job("outbox-drain", "Deliver every due outbox event to its subscribers (the app does this continuously)")
async def drain_job() -> dict[str, int]:
    return await drain()
