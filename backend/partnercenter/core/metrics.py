"""Prometheus metrics of this process (served at `/metrics` by `web/metrics.py`).

Metrics are per process: with several uvicorn workers each keeps its own counters and a scrape
reaches one of them (prometheus_client's multiprocess mode is not used: it cannot run the
callback gauges below). Scrape each worker, or run one worker per port, when that matters.

- `partnercenter_graphql_requests_total{operation}` and
  `partnercenter_graphql_request_duration_seconds{operation}`: per GraphQL operation name.
  The label is bounded: no name → `anonymous`; a name that is not a GraphQL name, or that arrives
  after `MAX_OPERATION_LABELS` distinct names were seen, or whose document did not validate → `other`.
- `partnercenter_graphql_errors_total{code}`: errors by code (`ErrorCode` values and
  `GRAPHQL_VALIDATION`, request-level refusals included).
- `partnercenter_job_runs_total{job,outcome}`: job runs (`ok` / `error`), counted by `jobs.run_job`.
- Callback gauges, read at scrape time: `partnercenter_outbox_lag_seconds`, the age of the oldest
  undelivered outbox event, once an outbox sets its source with `set_outbox_lag_source`.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Awaitable, Callable, Iterable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

__all__ = [
    "ERRORS",
    "JOB_RUNS",
    "MAX_OPERATION_LABELS",
    "OUTBOX_LAG",
    "REGISTRY",
    "REQUESTS",
    "REQUEST_SECONDS",
    "GaugeSource",
    "operation_label",
    "refresh_callback_gauges",
    "register_callback_gauge",
    "set_outbox_lag_source",
]

log = logging.getLogger("partnercenter.metrics")

REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)

REQUESTS = Counter(
    "partnercenter_graphql_requests",
    "GraphQL requests by operation name.",
    ["operation"],
    registry=REGISTRY,
)
REQUEST_SECONDS = Histogram(
    "partnercenter_graphql_request_duration_seconds",
    "Time to answer a GraphQL request, by operation name.",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0),
    registry=REGISTRY,
)
ERRORS = Counter(
    "partnercenter_graphql_errors",
    "GraphQL errors returned to clients, by code.",
    ["code"],
    registry=REGISTRY,
)
JOB_RUNS = Counter(
    "partnercenter_job_runs",
    "Scheduled job runs by job name and outcome (ok, error).",
    ["job", "outcome"],
    registry=REGISTRY,
)

# --- bounded operation-name label ---------------------------------------------------------------

MAX_OPERATION_LABELS = 300
_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,63}$")
_seen_operations: set[str] = set()
_seen_lock = threading.Lock()


def operation_label(name: str | None, *, validated: bool = True) -> str:
    """The label for an operation name, keeping the number of distinct labels bounded."""
    if not name:
        return "anonymous"
    if not _NAME.match(name):
        return "other"
    if name in _seen_operations:
        return name
    if not validated:
        return "other"
    with _seen_lock:
        if len(_seen_operations) >= MAX_OPERATION_LABELS:
            return "other"
        _seen_operations.add(name)
    return name


# --- callback gauges (read at scrape time) ------------------------------------------------------

GaugeSource = Callable[[], Awaitable[float | None]]
OUTBOX_LAG = "partnercenter_outbox_lag_seconds"


async def _none() -> float | None:
    return None


class _CallbackGauges(Collector):
    """Gauges whose value an async callback returns at scrape time; None leaves the gauge out."""

    def __init__(self) -> None:
        self._sources: dict[str, tuple[str, GaugeSource]] = {}
        self._values: dict[str, float] = {}

    def register(self, name: str, documentation: str, source: GaugeSource) -> None:
        self._sources[name] = (documentation, source)
        self._values.pop(name, None)

    async def refresh(self) -> None:
        for name, (_, source) in list(self._sources.items()):
            try:
                value = await source()
            except Exception:
                log.exception("metric callback %s failed", name)
                value = None
            if value is None:
                self._values.pop(name, None)
            else:
                self._values[name] = float(value)

    def collect(self) -> Iterable[Metric]:
        for name, (documentation, _) in self._sources.items():
            if name in self._values:
                yield GaugeMetricFamily(name, documentation, value=self._values[name])

    def describe(self) -> Iterable[Metric]:
        return []


_callback_gauges = _CallbackGauges()
REGISTRY.register(_callback_gauges)


def register_callback_gauge(name: str, documentation: str, source: GaugeSource) -> None:
    """Add (or replace) a gauge read by `source()` at each scrape; None omits it that time."""
    _callback_gauges.register(name, documentation, source)


def set_outbox_lag_source(source: GaugeSource) -> None:
    """Wire the outbox: `source()` returns the age in seconds of the oldest undelivered event
    (0 when none is waiting), or None while there is no outbox."""
    register_callback_gauge(OUTBOX_LAG, "Age in seconds of the oldest undelivered outbox event.", source)


set_outbox_lag_source(_none)


async def refresh_callback_gauges() -> None:
    await _callback_gauges.refresh()
