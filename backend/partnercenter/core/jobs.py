"""Scheduled jobs (daily warning refresh, deadline expiry, coupon expiry...).

A slice declares a job with `@job(name, help)` in its `jobs.py`; the decorator turns the coroutine
into a `Job` (still awaitable by calling it). Nothing registers itself here: the list of jobs is
composed explicitly, above the slices, in `partnercenter/jobs.py`, which `python -m partnercenter
job <name>` (cron, or a test) runs. Each job must be idempotent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

__all__ = ["Job", "JobFn", "job"]

JobFn = Callable[[], Awaitable[dict[str, int]]]


@dataclass(frozen=True)
class Job:
    name: str
    help: str
    fn: JobFn

    async def __call__(self) -> dict[str, int]:
        return await self.fn()


def job(name: str, help: str) -> Callable[[JobFn], Job]:
    """Declare a coroutine returning counts (e.g. {"created": 3}) printed by the command."""

    def declare(fn: JobFn) -> Job:
        return Job(name, help, fn)

    return declare
