"""Run as a subprocess by tests/test_outbox.py: emits one event (committed), prints `COMMITTED <id>`,
then starts delivering it with a subscriber that prints `DELIVERING` and hangs, so the test can
SIGKILL the process after the commit and in the middle of the delivery (its lease still held)."""

from __future__ import annotations

import asyncio
import sys

from partnercenter.core import events
from partnercenter.db import close_db, init_db


@events.subscribe("crash.test", "crash-subscriber")
async def _hang(event: events.Event) -> None:
    print("DELIVERING", event.id, flush=True)
    await asyncio.sleep(3600)


async def main(url: str) -> None:
    await init_db(url)
    try:
        event_id = await events.emit("crash.test", "crash", 1, {"n": 1})
        print("COMMITTED", event_id, flush=True)
        await events.drain()
    finally:
        await close_db()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
