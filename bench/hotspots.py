"""Where a GraphQL request's time goes, in process: ``python -m bench.hotspots [--page 100]``.

cProfile (standard library, no extra dependency) over many identical list requests through ASGI, on the
benchmark database (bench/work/bench.sqlite3, or quick.sqlite3 with --quick; built when missing). Prints
self time grouped by package, then the functions with the most self time. cProfile sees the main thread
only: SQLite runs in aiosqlite's worker thread and shows up as time waiting in the event loop's selector.
For a sampling profile of the real server under load, use py-spy (not a project dependency):
``py-spy record -p <server pid> --format raw`` while ``python -m bench.run`` is loading it.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
from collections import defaultdict
from typing import Any

import httpx

from bench import dbprep
from bench.config import DB_PATH, LIST_VIEWER, QUERY, QUICK_DB_PATH
from bench.inprocess import gql, login

GROUPS = (
    ("/strawberry/", "strawberry"),
    ("/graphql/", "graphql-core"),
    ("/tortoise/", "tortoise-orm"),
    ("/pypika", "pypika (SQL building)"),
    ("/aiosqlite/", "aiosqlite (main thread side)"),
    ("/starlette/", "starlette"),
    ("/httpx/", "httpx client (not the server)"),
    ("/httpcore/", "httpx client (not the server)"),
    ("/partnercenter/", "partnercenter"),
    ("/asyncio/", "asyncio"),
)


def group_of(filename: str, funcname: str) -> str:
    if "select" in funcname and ("epoll" in funcname or "poll" in funcname):
        return "waiting in the selector (SQLite thread, I/O)"
    for needle, name in GROUPS:
        if needle in filename:
            return name
    if filename == "~":
        return "builtins/C (json, re, datetime, ...)"
    return "other Python (stdlib, ...)"


async def _run(url: str, page: int, requests: int) -> tuple[pstats.Stats, float]:
    from partnercenter.app import create_app

    app = create_app(url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await login(client, LIST_VIEWER)
            for _ in range(20):
                await gql(client, QUERY, {"n": page})
            prof = cProfile.Profile()
            t0 = time.perf_counter()
            prof.enable()
            for _ in range(requests):
                await gql(client, QUERY, {"n": page})
            prof.disable()
            wall = time.perf_counter() - t0
    return pstats.Stats(prof), wall


def report(stats: pstats.Stats, wall: float, requests: int, top: int) -> str:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())
    groups: dict[str, float] = defaultdict(float)
    for (filename, _line, func), (_cc, _nc, tt, _ct, _callers) in raw.items():
        groups[group_of(filename, func)] += tt
    per = 1000 / requests
    lines = [f"{requests} requests, {wall * per:.2f} ms each under cProfile (profiling inflates this), "
             f"self time grouped by package (ms per request, share):"]  # fmt: skip
    for name, tt in sorted(groups.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {tt * per:8.3f} ms  {tt / total:6.1%}  {name}")
    lines.append(f"top {top} functions by self time (ms per request, calls per request):")
    rows = sorted(raw.items(), key=lambda kv: -kv[1][2])[:top]
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in rows:
        short = filename.split("site-packages/")[-1].split("backend/")[-1]
        lines.append(
            f"  {tt * per:8.3f} ms self {ct * per:8.3f} ms cum {nc / requests:7.1f}x {func} ({short}:{line})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.hotspots", description=__doc__)
    p.add_argument("--page", type=int, default=100)
    p.add_argument("--requests", type=int, default=300)
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--quick", action="store_true", help="the small database (scale 5)")
    p.add_argument("--scale", type=int, default=None)
    a = p.parse_args(argv)
    path = QUICK_DB_PATH if a.quick else DB_PATH
    dbprep.prepare(a.scale or (5 if a.quick else 250), path)
    stats, wall = asyncio.run(_run(dbprep.db_url(path), a.page, a.requests))
    print(f"page {a.page}, viewer {LIST_VIEWER}, {path.name}")
    print(report(stats, wall, a.requests, a.top))


if __name__ == "__main__":
    main()
