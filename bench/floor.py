"""The floor: what one process can serve for the same page with no framework work at all.

A plain Starlette app with one POST endpoint: ONE raw SQL query (the viewer's opportunities ordered by
updated_at DESC, id DESC, LIMIT n, joined with the customer's and the owner's names: the same rows and
scalar columns the GraphQL query returns) through aiosqlite, serialized with orjson. No session lookup,
no masking, no GraphQL: a lower bound on the cost of a request, not a competitor.

Configured by the environment: BENCH_DB (SQLite file), BENCH_SCOPE_COLUMN (owner_id or partner_id) and
BENCH_SCOPE_IDS (comma-separated ids). Run with
``uvicorn bench.floor:create_app --factory``; POST /list with ``{"n": 20}``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

COLUMNS = (
    "id", "name", "industry", "type", "stage", "confidence", "expectedMonthlyRevenue", "currency",
    "createdAt", "updatedAt", "customerId", "customerName", "ownerId", "ownerName",
)  # fmt: skip


def list_sql(scope_column: str, n_ids: int) -> str:
    if scope_column not in ("owner_id", "partner_id") or n_ids < 1:
        raise ValueError("scope: owner_id or partner_id, one id or more")
    where = f"o.{scope_column} = ?" if n_ids == 1 else f"o.{scope_column} IN ({', '.join('?' * n_ids)})"
    return (
        "SELECT o.id, o.name, o.industry, o.type, o.stage, o.confidence, o.expected_monthly_revenue, "
        "o.currency, o.created_at, o.updated_at, o.customer_id, c.name, o.owner_id, u.name "
        'FROM "opportunity" o JOIN "customer" c ON c.id = o.customer_id '
        'JOIN "app_user" u ON u.id = o.owner_id '
        f"WHERE {where} ORDER BY o.updated_at DESC, o.id DESC LIMIT ?"
    )


def create_app() -> Starlette:
    db_path = os.environ["BENCH_DB"]
    ids = [int(i) for i in os.environ["BENCH_SCOPE_IDS"].split(",")]
    sql = list_sql(os.environ.get("BENCH_SCOPE_COLUMN", "owner_id"), len(ids))
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state["db"] = await aiosqlite.connect(db_path)
        try:
            yield
        finally:
            await state["db"].close()

    async def listing(request: Request) -> Response:
        n = orjson.loads(await request.body()).get("n", 20)
        if not isinstance(n, int) or not 1 <= n <= 100:
            return Response(b'{"error":"n: 1 to 100"}', status_code=400, media_type="application/json")
        rows = await state["db"].execute_fetchall(sql, (*ids, n))
        payload = orjson.dumps([dict(zip(COLUMNS, r, strict=True)) for r in rows])
        return Response(payload, media_type="application/json")

    async def healthz(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    routes = [Route("/list", listing, methods=["POST"]), Route("/healthz", healthz)]
    return Starlette(routes=routes, lifespan=lifespan)
