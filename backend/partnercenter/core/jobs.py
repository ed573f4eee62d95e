"""Scheduled jobs (daily warning refresh, deadline expiry, coupon expiry...): registered by the
slices, run by `python -m partnercenter job <name>` (cron, or a test). Each job must be idempotent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

__all__ = ["Job", "job", "registered_jobs", "run_job"]

JobFn = Callable[[], Awaitable[dict[str, int]]]


@dataclass(frozen=True)
class Job:
    name: str
    help: str
    fn: JobFn


_JOBS: dict[str, Job] = {}


def job(name: str, help: str) -> Callable[[JobFn], JobFn]:
    """Register a coroutine returning counts (e.g. {"created": 3}) printed by the command."""

    def register(fn: JobFn) -> JobFn:
        _JOBS[name] = Job(name, help, fn)
        return fn

    return register


def _load_slices() -> None:
    # The job modules register themselves on import; the schema imports every slice.
    import partnercenter.core.events
    import partnercenter.core.workflow
    import partnercenter.schema  # noqa: F401


def registered_jobs() -> dict[str, Job]:
    _load_slices()
    return dict(sorted(_JOBS.items()))


async def run_job(name: str) -> dict[str, int]:
    jobs = registered_jobs()
    if name not in jobs:
        raise KeyError(name)
    return await jobs[name].fn()
