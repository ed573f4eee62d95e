"""Disbursements per second through the HTTP API, on SQLite and on PostgreSQL, with the ledger check.

``python -m bench.funds`` runs this part alone (``bench.run`` runs it after the opportunity list and
prints it next to those figures; ``--skip-funds`` leaves it out). For each database:

1. a fresh demo world at scale 1 (``migrate`` + ``seed_demo``, which includes a year of funds);
   SQLite in ``bench/work/funds.sqlite3``; PostgreSQL at ``BENCH_PG_URL`` (or ``--pg``), whose
   ``public`` schema is DROPPED and recreated, so give it a database of its own; without a URL the
   PostgreSQL run is skipped and says so;
2. one uvicorn worker of the real app (``bench.servers.Server``), signed in over HTTP as the
   distributor's admin and finance (two sessions);
3. ``--connections`` concurrent clients (asyncio + httpx, in this process) for ``--duration``
   seconds: each request is ``fundsDisburse`` (75 %) or ``fundsRecover`` (25 %) of 0.01–1.00 to a
   random resale customer of the distributor, with a fresh idempotency key; every 10th request
   repeats the previous key (a retry: it must replay, not move money);
4. the ledger check: ``python -m partnercenter ledger-verify`` on the database (must find nothing),
   and the number of adjust records made equals the number of non-replayed successes.

Reported: operations per second (answered requests, successes and typed refusals), p50/p99 latency,
counts, and the ledger verdict.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
import uuid
from typing import Any

import httpx

from bench.config import PASSWORD, REPO_ROOT, WORK_DIR
from bench.servers import Server

FUNDS_DB = WORK_DIR / "funds.sqlite3"
RESULTS = WORK_DIR / "funds.json"
MOVE = "mutation($i: FundsMoveInput!){ %s(input:$i){ replayed adjustment { id } userErrors { code } } }"
LOGIN = "mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}){ userErrors{code} } }"
CUSTOMERS = "{ fundsCustomers(first: 100, resaleOnly: true) { nodes { id } } }"


def log(msg: str) -> None:
    print(msg, flush=True)


def _prepare(url: str) -> None:
    """Fresh schema and demo world (scale 1) at `url`."""
    env = {**os.environ, "DATABASE_URL": url}
    if url.startswith("sqlite://"):
        path = url[len("sqlite://") :]
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    else:
        import asyncpg

        async def reset() -> None:
            conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
            try:
                await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            finally:
                await conn.close()

        asyncio.run(reset())
    for cmd in (["migrate"], ["seed"]):
        subprocess.run(
            [sys.executable, "-m", "partnercenter", *cmd], cwd=REPO_ROOT, env=env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip


def _verify(url: str) -> tuple[int, str]:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "partnercenter", "ledger-verify"], cwd=REPO_ROOT, env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    return done.returncode, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[
        -300:
    ]


async def _login(http: httpx.AsyncClient, username: str) -> tuple[str, str]:
    r = await http.post("/graphql", json={"query": LOGIN, "variables": {"u": username, "p": PASSWORD}})
    body = r.json()
    if r.status_code != 200 or body.get("errors") or body["data"]["login"]["userErrors"]:
        raise RuntimeError(f"login as {username} failed: {body}")
    from partnercenter.settings import get_settings

    cookie = r.cookies.get(get_settings().session_cookie)
    csrf = r.cookies.get("pc_csrf")
    if not cookie or not csrf:
        raise RuntimeError("no session cookie after login")
    http.cookies.clear()
    return f"{get_settings().session_cookie}={cookie}", csrf


async def _load(base: str, duration: float, connections: int, seed: int) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        sessions = [await _login(http, "dist_admin"), await _login(http, "dist_finance")]
        cookie, csrf = sessions[0]
        r = await http.post(
            "/graphql", json={"query": CUSTOMERS}, headers={"Cookie": cookie, "X-CSRF-Token": csrf}
        )
        customers = [n["id"] for n in r.json()["data"]["fundsCustomers"]["nodes"]]
        if not customers:
            raise RuntimeError("the distributor has no resale customer")
        latencies: list[float] = []
        counts = {"ok": 0, "replayed": 0, "refused": 0, "errors": 0}
        refusals: dict[str, int] = {}
        deadline = time.perf_counter() + duration

        async def worker(w: int) -> None:
            rng = random.Random(seed + w)
            cookie, csrf = sessions[w % 2]
            last: dict[str, Any] | None = None
            i = 0
            while time.perf_counter() < deadline:
                i += 1
                if last is not None and i % 10 == 0:
                    name, variables = last["name"], last["variables"]  # a retry of the previous request
                else:
                    name = "fundsDisburse" if rng.random() < 0.75 else "fundsRecover"
                    amount = f"{rng.randrange(1, 101) / 100:.2f}"
                    variables = {
                        "i": {
                            "customerId": rng.choice(customers),
                            "amount": {"amount": amount},
                            "idempotencyKey": str(uuid.uuid4()),
                        }
                    }
                    last = {"name": name, "variables": variables}
                t0 = time.perf_counter()
                try:
                    resp = await http.post(
                        "/graphql", json={"query": MOVE % name, "variables": variables},
                        headers={"Cookie": cookie, "X-CSRF-Token": csrf},
                    )  # fmt: skip
                    body = resp.json()
                    payload = (
                        body["data"][name] if resp.status_code == 200 and not body.get("errors") else None
                    )
                except (httpx.HTTPError, ValueError, KeyError, TypeError):
                    payload = None
                latencies.append((time.perf_counter() - t0) * 1000)
                if payload is None:
                    counts["errors"] += 1
                elif payload["userErrors"]:
                    counts["refused"] += 1
                    code = payload["userErrors"][0]["code"]
                    refusals[code] = refusals.get(code, 0) + 1
                elif payload["replayed"]:
                    counts["replayed"] += 1
                else:
                    counts["ok"] += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    answered = len(latencies)
    return {
        "requests": answered,
        "seconds": round(elapsed, 2),
        "ops_per_s": round(answered / elapsed, 1) if elapsed else 0.0,
        "moves_per_s": round(counts["ok"] / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(latencies[answered // 2], 2) if answered else None,
        "p99_ms": round(latencies[min(answered - 1, int(answered * 0.99))], 2) if answered else None,
        **counts,
        "refusals": refusals,
        "customers": len(customers),
    }


def _adjustments(url: str) -> int:
    code = (
        "import asyncio\n"
        "from partnercenter.db import init_db, close_db\n"
        "from partnercenter.funds.models import FundsAdjustment\n"
        "async def m():\n"
        "    await init_db()\n"
        "    print(await FundsAdjustment.all().count())\n"
        "    await close_db()\n"
        "asyncio.run(m())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env={**os.environ, "DATABASE_URL": url},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(out.stdout.strip())


def run_one(label: str, url: str, duration: float, connections: int) -> dict[str, Any]:
    log(f"  {label}: fresh demo world ...")
    _prepare(url)
    before = _adjustments(url)
    server = Server(f"funds-{label.lower()}", "partnercenter.app:create_app", {"DATABASE_URL": url})
    with server:
        log(f"  {label}: {connections} clients for {duration:g} s of disbursements and recoveries ...")
        result = asyncio.run(_load(server.base, duration, connections, seed=11))
    made = _adjustments(url) - before
    code, line = _verify(url)
    result["adjust_records_made"] = made
    result["ledger_verify"] = line
    result["verdict"] = "PASS" if code == 0 and made == result["ok"] and result["errors"] == 0 else "FAIL"
    log(f"  {line_of(label, result)}")
    return result


def line_of(label: str, r: dict[str, Any]) -> str:
    return (
        f"{label:10} {r['ops_per_s']:8.1f} req/s ({r['moves_per_s']:.1f} moved/s)  "
        f"p50 {r['p50_ms']:7.2f} ms  "
        f"p99 {r['p99_ms']:7.2f} ms  ok {r['ok']}, replayed {r['replayed']}, refused {r['refused']}, "
        f"errors {r['errors']} | adjust records {r['adjust_records_made']} | {r['ledger_verify']} "
        f"[{r['verdict']}]"
    )


def run_funds(duration: float, connections: int, pg_url: str | None) -> dict[str, Any]:
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {
        "duration_s": duration,
        "connections": connections,
        "load": "httpx-asyncio",
        "runs": {},
    }
    out["runs"]["SQLite"] = run_one("SQLite", f"sqlite://{FUNDS_DB.resolve()}", duration, connections)
    if pg_url:
        out["runs"]["PostgreSQL"] = run_one("PostgreSQL", pg_url, duration, connections)
    else:
        log("  PostgreSQL: skipped (set BENCH_PG_URL or --pg to a database of its own: it is wiped)")
    return out


def table(funds: dict[str, Any]) -> list[str]:
    lines = [
        f"Disbursements through the API ({funds['connections']} clients, {funds['duration_s']:g} s, "
        "one uvicorn worker, httpx load on the same machine; then ledger-verify):"
    ]
    lines += ["  " + line_of(label, r) for label, r in funds["runs"].items()]
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.funds", description=__doc__)
    p.add_argument("--duration", type=float, default=float(os.environ.get("BENCH_DURATION", "8")))
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--pg", default=os.environ.get("BENCH_PG_URL"), help="PostgreSQL URL (wiped!)")
    a = p.parse_args(argv)
    log("== funds: disbursements per second through the API, with the ledger check")
    funds = run_funds(a.duration, a.connections, a.pg)
    RESULTS.write_text(json.dumps(funds, indent=2) + "\n")
    log("\n".join(table(funds)))
    return 0 if all(r["verdict"] == "PASS" for r in funds["runs"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
