"""GET /metrics: request counts and latency per (bounded) operation name, errors by code, job
runs, the outbox-lag hook, and who may read it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from prometheus_client.parser import text_string_to_metric_families

from partnercenter.core import events, metrics
from partnercenter.jobs import run_job
from partnercenter.settings import get_settings

JSON = {"content-type": "application/json"}


async def scrape(client: httpx.AsyncClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    r = await client.get("/metrics")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def post(client: httpx.AsyncClient, query: str, operation_name: str | None = None) -> httpx.Response:
    body: dict[str, object] = {"query": query}
    if operation_name is not None:
        body["operationName"] = operation_name
    return await client.post("/graphql", json=body, headers=JSON)


@pytest_asyncio.fixture
async def local(app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def test_requests_and_latency_by_operation_name(client: httpx.AsyncClient) -> None:
    before = await scrape(client)
    for _ in range(2):
        r = await post(client, "query MetricsPing { __typename }")
        assert r.status_code == 200 and r.json()["data"] == {"__typename": "Query"}
    after = await scrape(client)
    total = "partnercenter_graphql_requests_total"
    assert value(after, total, operation="MetricsPing") - value(before, total, operation="MetricsPing") == 2
    count = "partnercenter_graphql_request_duration_seconds_count"
    assert value(after, count, operation="MetricsPing") - value(before, count, operation="MetricsPing") == 2
    bucket = "partnercenter_graphql_request_duration_seconds_bucket"
    assert value(after, bucket, operation="MetricsPing", le="+Inf") >= 2


async def test_operation_label_is_bounded(client: httpx.AsyncClient) -> None:
    total = "partnercenter_graphql_requests_total"
    before = await scrape(client)
    await post(client, "{ __typename }")  # no name
    await post(client, "query NeverValidates { noSuchField }", "NeverValidates")  # fails validation
    after = await scrape(client)
    assert value(after, total, operation="anonymous") - value(before, total, operation="anonymous") == 1
    assert value(after, total, operation="other") - value(before, total, operation="other") == 1
    assert value(after, total, operation="NeverValidates") == 0
    assert metrics.operation_label("not-a-name") == "other"
    assert metrics.operation_label(None) == "anonymous"


async def test_errors_are_counted_by_code(client: httpx.AsyncClient) -> None:
    errors = "partnercenter_graphql_errors_total"
    before = await scrape(client)
    assert (await client.get("/graphql")).status_code == 405  # INVALID
    await post(client, "{ noSuchField }")  # GRAPHQL_VALIDATION
    await post(client, "{ noSuchField }")
    bad_token = {**JSON, "authorization": "Bearer nope"}
    r = await client.post("/graphql", json={"query": "{ __typename }"}, headers=bad_token)
    assert r.status_code == 401  # UNAUTHENTICATED
    after = await scrape(client)
    for code, n in (("INVALID", 1), ("GRAPHQL_VALIDATION", 2), ("UNAUTHENTICATED", 1)):
        assert value(after, errors, code=code) - value(before, errors, code=code) == n, code


async def test_job_runs_are_counted(client: httpx.AsyncClient, db: None) -> None:
    runs = "partnercenter_job_runs_total"
    before = await scrape(client)
    await run_job("warnings-refresh")
    after = await scrape(client)
    assert value(after, runs, job="warnings-refresh", outcome="ok") - value(
        before, runs, job="warnings-refresh", outcome="ok"
    ) == 1


async def test_outbox_lag_is_reported_from_the_outbox(client: httpx.AsyncClient, db: None) -> None:
    """The app wires the outbox's oldest undelivered age into the gauge (0 when nothing waits)."""
    lag = metrics.OUTBOX_LAG
    assert value(await scrape(client), lag) == 0.0

    async def oldest_undelivered_age() -> float | None:
        return 12.5

    metrics.set_outbox_lag_source(oldest_undelivered_age)
    try:
        assert value(await scrape(client), lag) == 12.5
    finally:
        metrics.set_outbox_lag_source(events.oldest_undelivered_age)
    assert value(await scrape(client), lag) == 0.0


async def test_who_may_read_metrics(
    client: httpx.AsyncClient, local: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = get_settings()
    monkeypatch.setattr(settings, "production", True)
    assert (await client.get("/metrics")).status_code == 403  # production: not from loopback
    assert (await local.get("/metrics")).status_code == 200
    assert (await local.get("/metrics", headers={"x-forwarded-for": "198.51.100.1"})).status_code == 403

    monkeypatch.setattr(settings, "metrics_token", "s3cret-metrics-token")
    assert (await local.get("/metrics")).status_code == 403  # a token, when set, is always needed
    assert (await client.get("/metrics", headers={"authorization": "Bearer wrong"})).status_code == 403
    ok = await client.get("/metrics", headers={"authorization": "Bearer s3cret-metrics-token"})
    assert ok.status_code == 200 and "partnercenter_graphql_requests_total" in ok.text

    monkeypatch.setattr(settings, "metrics_enabled", False)
    r = await client.get("/metrics", headers={"authorization": "Bearer s3cret-metrics-token"})
    assert r.status_code == 404
