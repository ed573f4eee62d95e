"""In-process measurements on the benchmark database (no HTTP server, no load generator):
SQL statements per request, per-request latency through ASGI, and keyset deep paging."""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from bench.config import (
    DEEP_PAGE,
    DEEP_PAGE_FALLBACK_VIEWER,
    DEEP_PAGE_SIZE,
    DEEP_PAGE_TARGET,
    DEEP_QUERY,
    LIST_VIEWER,
    PAGE_SIZES,
    PASSWORD,
    QUERY,
)

LOGIN = "mutation($u:String!,$p:String!){login(input:{username:$u,password:$p}){userErrors{code message}}}"


# --------------------------------------------------------------------------- statement counting
# The same counter as tests/factories.py (the `tortoise.db_client` debug log), kept here so that the
# benchmark does not import the tests; it also keeps the bound values, for EXPLAIN QUERY PLAN.


class StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[tuple[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        sql = str(record.msg if not record.args else record.args[0])
        values = record.args[1] if record.args and len(record.args) > 1 else None
        if sql.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.statements.append((sql, values))


@contextmanager
def count_statements() -> Iterator[StatementCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = StatementCounter()
    old = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(old)


# --------------------------------------------------------------------------- helpers


@dataclass
class Scope:
    """A viewer's opportunity scope as one column and its ids (what the floor filters by)."""

    username: str
    role: str
    column: str
    ids: list[int]
    rows: int = 0

    def where(self, alias: str = "") -> str:
        col = f"{alias}.{self.column}" if alias else self.column
        if len(self.ids) == 1:
            return f"{col} = {int(self.ids[0])}"
        return f"{col} IN ({', '.join(str(int(i)) for i in self.ids)})"


@dataclass
class Timing:
    runs: int
    median_ms: float
    p10_ms: float
    p90_ms: float
    samples_ms: list[float] = field(default_factory=list, repr=False)

    @staticmethod
    def of(samples: list[float]) -> Timing:
        ms = sorted(s * 1000 for s in samples)
        q = statistics.quantiles(ms, n=10) if len(ms) > 1 else [ms[0]] * 9
        return Timing(len(ms), statistics.median(ms), q[0], q[8], ms)

    def as_dict(self) -> dict[str, Any]:
        return {"runs": self.runs, "median_ms": round(self.median_ms, 3), "p10_ms": round(self.p10_ms, 3),
                "p90_ms": round(self.p90_ms, 3)}  # fmt: skip


async def login(client: httpx.AsyncClient, username: str) -> None:
    client.cookies.clear()
    r = await client.post("/graphql", json={"query": LOGIN, "variables": {"u": username, "p": PASSWORD}})
    body = r.json()
    if r.status_code != 200 or body.get("errors") or body["data"]["login"]["userErrors"]:
        raise RuntimeError(f"login as {username} failed: {r.status_code} {r.text[:500]}")


async def gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    r = await client.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = r.json()
    if r.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"query failed: {r.status_code} {r.text[:800]}")
    return body


async def viewer_scope(client: httpx.AsyncClient, username: str) -> tuple[Any, Scope]:
    """The logged-in viewer (as the app builds it) and its opportunity scope."""
    from tortoise import connections

    from partnercenter.access import policy
    from partnercenter.access.policy import RowScope
    from partnercenter.accounts import service as accounts
    from partnercenter.opportunities.permissions import OPPORTUNITY
    from partnercenter.settings import get_settings

    found = await accounts.viewer_for_session(client.cookies[get_settings().session_cookie])
    if found is None:
        raise RuntimeError("no session after login")
    viewer = found[0]
    kind = policy.row_scope(viewer, OPPORTUNITY)
    if kind is RowScope.OWN:
        scope = Scope(username, viewer.role.value, "owner_id", [viewer.user_id])
    elif kind is RowScope.SUBTREE:
        scope = Scope(username, viewer.role.value, "owner_id", list(viewer.subtree_user_ids))
    elif kind is RowScope.ORG:
        scope = Scope(username, viewer.role.value, "partner_id", [viewer.org_id])
    elif kind is RowScope.PARTNER_TREE:
        scope = Scope(username, viewer.role.value, "partner_id", [viewer.org_id, *viewer.reseller_org_ids])
    else:
        raise RuntimeError(f"{username}: unsupported scope {kind}")
    conn = connections.get("default")
    rows = await conn.execute_query_dict(f'SELECT COUNT(*) AS n FROM "opportunity" WHERE {scope.where()}')
    scope.rows = int(rows[0]["n"])
    return viewer, scope


async def _median(fn: Callable[[], Awaitable[Any]], runs: int, warmup: int = 3) -> Timing:
    for _ in range(warmup):
        await fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        await fn()
        samples.append(time.perf_counter() - t0)
    return Timing.of(samples)


async def _explain(sql: str, values: Any) -> list[str]:
    from tortoise import connections

    conn = connections.get("default")
    _, rows = await conn.execute_query("EXPLAIN QUERY PLAN " + sql, list(values or []))
    return [str(dict(r).get("detail", tuple(r)[-1])) for r in rows]


# --------------------------------------------------------------------------- the measurements


async def statements_and_latency(client: httpx.AsyncClient, runs: int, log: Any) -> dict[str, Any]:
    """Statements per request and in-process latency (ASGI, no network) per page size."""
    out: dict[str, Any] = {"per_page": {}}
    for n in PAGE_SIZES:
        body = await gql(client, QUERY, {"n": n})
        got = len(body["data"]["opportunities"]["edges"])
        if got != n:
            raise RuntimeError(f"asked for {n} rows, got {got}: the viewer has too few opportunities")
        with count_statements() as counter:
            await gql(client, QUERY, {"n": n})
        timing = await _median(lambda n=n: gql(client, QUERY, {"n": n}), runs)
        out["per_page"][str(n)] = {
            "statements": len(counter.statements),
            "sql": [s for s, _ in counter.statements],
            "in_process": timing.as_dict(),
        }
        log(f"  page {n}: {len(counter.statements)} SQL statements/request, in-process median "
            f"{timing.median_ms:.2f} ms")  # fmt: skip
    counts = {n: out["per_page"][str(n)]["statements"] for n in PAGE_SIZES}
    out["equal"] = len(set(counts.values())) == 1
    return out


async def deep_paging(
    client: httpx.AsyncClient, username: str, wanted_page: int, runs: int, log: Any, budget_s: float = 90.0
) -> dict[str, Any]:
    """Page 1 against page ``wanted_page`` (or the viewer's last full page), page size 20, both as the
    service's list query alone and as the whole GraphQL request, interleaved, medians."""
    from tortoise import connections

    from partnercenter.core.connection import PageArgs, encode_cursor
    from partnercenter.core.ids import to_global_id
    from partnercenter.opportunities import service

    sort = service.OPPORTUNITY_SORTS[("UPDATED_AT", True)]
    await login(client, username)
    viewer, scope = await viewer_scope(client, username)
    page = min(wanted_page, scope.rows // DEEP_PAGE_SIZE)
    if page < 2:
        raise RuntimeError(f"{scope.username} sees only {scope.rows} opportunities: nothing to page through")
    conn = connections.get("default")
    order = f"WHERE {scope.where()} ORDER BY updated_at DESC, id DESC"
    before = (page - 1) * DEEP_PAGE_SIZE  # rows on the pages before `page`
    t0 = time.perf_counter()
    prev = await conn.execute_query_dict(
        f'SELECT id, updated_at FROM "opportunity" {order} LIMIT 1 OFFSET {before - 1}'
    )
    offset_ms = (time.perf_counter() - t0) * 1000
    first = await conn.execute_query_dict(f'SELECT id FROM "opportunity" {order} LIMIT 1 OFFSET {before}')
    updated = prev[0]["updated_at"]
    updated = datetime.fromisoformat(updated) if isinstance(updated, str) else updated
    cursor = encode_cursor(sort, {"id": prev[0]["id"], "updated_at": updated})
    expected_first = first[0]["id"]
    log(f"  {scope.username} ({scope.rows:,} opportunities, {scope.where()}): page 1 vs page {page:,} "
        f"(cursor of row {before:,}; the OFFSET query that found it took {offset_ms:.0f} ms)")  # fmt: skip

    # Correctness: the keyset page starts where OFFSET says it should.
    body = await gql(client, DEEP_QUERY, {"n": DEEP_PAGE_SIZE, "after": cursor})
    got_first = body["data"]["opportunities"]["edges"][0]["node"]["id"]
    if got_first != to_global_id("Opportunity", expected_first):
        raise RuntimeError(f"page {page} starts at {got_first}, OFFSET says Opportunity:{expected_first}")

    async def svc(after: str | None) -> Any:
        return await service.list_opportunities(
            viewer, service.OpportunityQuery(), sort, PageArgs(first=DEEP_PAGE_SIZE, after=after)
        )

    plans: dict[str, list[str]] = {}
    for label, after in (("page_1", None), ("deep", cursor)):
        with count_statements() as counter:
            await svc(after)
        plans[label] = await _explain(*counter.statements[-1])
    probe = time.perf_counter()
    await svc(None)
    await svc(cursor)
    await gql(client, DEEP_QUERY, {"n": DEEP_PAGE_SIZE})
    await gql(client, DEEP_QUERY, {"n": DEEP_PAGE_SIZE, "after": cursor})
    per_round = time.perf_counter() - probe
    n_runs = max(5, min(runs, int(budget_s / max(per_round, 1e-6))))
    if n_runs < runs:
        log(f"  one round (4 requests) takes {per_round:.1f} s: {n_runs} runs instead of {runs}")

    # Interleaved (page 1, deep, page 1, deep, ...) so that drift hits both alike.
    samples: dict[str, list[float]] = {k: [] for k in ("svc_1", "svc_deep", "gql_1", "gql_deep")}
    calls: dict[str, Callable[[], Awaitable[Any]]] = {
        "svc_1": lambda: svc(None),
        "svc_deep": lambda: svc(cursor),
        "gql_1": lambda: gql(client, DEEP_QUERY, {"n": DEEP_PAGE_SIZE}),
        "gql_deep": lambda: gql(client, DEEP_QUERY, {"n": DEEP_PAGE_SIZE, "after": cursor}),
    }
    for _ in range(n_runs):
        for key, fn in calls.items():
            t0 = time.perf_counter()
            await fn()
            samples[key].append(time.perf_counter() - t0)
    t = {k: Timing.of(v) for k, v in samples.items()}
    svc_ratio = t["svc_deep"].median_ms / t["svc_1"].median_ms
    gql_ratio = t["gql_deep"].median_ms / t["gql_1"].median_ms
    log(
        f"    list query: page 1 {t['svc_1'].median_ms:.2f} ms, page {page:,} "
        f"{t['svc_deep'].median_ms:.2f} ms ({svc_ratio:.2f}x); GraphQL request: "
        f"{t['gql_1'].median_ms:.2f} vs {t['gql_deep'].median_ms:.2f} ms"
    )
    return {
        "viewer": scope.username,
        "viewer_scope": scope.where(),
        "viewer_rows": scope.rows,
        "page_size": DEEP_PAGE_SIZE,
        "deep_page": page,
        "cursor_row_position": before,
        "offset_query_ms": round(offset_ms, 1),
        "service": {
            "page_1": t["svc_1"].as_dict(),
            "deep": t["svc_deep"].as_dict(),
            "ratio": round(svc_ratio, 3),
        },
        "graphql": {
            "page_1": t["gql_1"].as_dict(),
            "deep": t["gql_deep"].as_dict(),
            "ratio": round(gql_ratio, 3),
        },
        "query_plan": plans,
        "target_ratio": DEEP_PAGE_TARGET,
        "verdict": "PASS" if svc_ratio <= DEEP_PAGE_TARGET else "MISS",
    }


async def deep_paging_all(client: httpx.AsyncClient, runs: int, log: Any) -> dict[str, Any]:
    """The measured case: page 10,000 of LIST_VIEWER, or of DEEP_PAGE_FALLBACK_VIEWER when the former has
    fewer than 200,000 rows; then, as extra information, LIST_VIEWER at its own last full page."""
    needed = DEEP_PAGE * DEEP_PAGE_SIZE
    await login(client, LIST_VIEWER)
    _, scope = await viewer_scope(client, LIST_VIEWER)
    extra: list[dict[str, Any]] = []
    if scope.rows >= needed:
        main = await deep_paging(client, LIST_VIEWER, DEEP_PAGE, runs, log)
    else:
        log(f"  {LIST_VIEWER} sees {scope.rows:,} opportunities (< {needed:,}): page {DEEP_PAGE:,} with "
            f"{DEEP_PAGE_FALLBACK_VIEWER}")  # fmt: skip
        main = await deep_paging(client, DEEP_PAGE_FALLBACK_VIEWER, DEEP_PAGE, runs, log)
        extra.append(await deep_paging(client, LIST_VIEWER, DEEP_PAGE, runs, log))
    await login(client, LIST_VIEWER)
    return {**main, "also": extra}


async def run_in_process(url: str, latency_runs: int, deep_runs: int, log: Any = print) -> dict[str, Any]:
    from partnercenter.app import create_app

    app = create_app(url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as client:
            await login(client, LIST_VIEWER)
            _, scope = await viewer_scope(client, LIST_VIEWER)
            log(f"  viewer {LIST_VIEWER} ({scope.role}): {scope.rows:,} opportunities, scope {scope.where()}")
            statements = await statements_and_latency(client, latency_runs, log)
            deep = await deep_paging_all(client, deep_runs, log)
    return {"scope": scope.__dict__, "statements": statements, "deep_paging": deep}
