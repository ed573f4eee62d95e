"""The one source of "now", so that time-dependent rules (deadlines, expiry, 3-month limits)
are tested with an injected clock instead of sleeping or patching datetime."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

__all__ = ["advance", "frozen", "now", "set_now"]

_source: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """Aware UTC time from the current clock."""
    return _source()


def set_now(source: Callable[[], datetime] | None) -> None:
    """Replace the clock (None restores the system clock)."""
    global _source
    _source = source or (lambda: datetime.now(UTC))


@contextmanager
def frozen(at: datetime) -> Iterator[list[datetime]]:
    """Freeze the clock at `at` (aware); the yielded one-item list can be moved with `advance`."""
    cell = [at.astimezone(UTC)]
    previous = _source
    set_now(lambda: cell[0])
    try:
        yield cell
    finally:
        set_now(previous)


def advance(cell: list[datetime], delta: timedelta) -> None:
    cell[0] = cell[0] + delta
