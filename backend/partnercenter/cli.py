"""Command line: migrate, seed, serve, serve-test, export-schema, job, ledger-verify."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

import partnercenter.permissions  # noqa: F401  (registers every slice's access declarations)
from partnercenter.settings import REPO_ROOT


def _export_schema(out: Path) -> None:
    from strawberry.printer import print_schema

    from partnercenter.schema import schema

    out.write_text(print_schema(schema) + "\n", encoding="utf-8")
    print(f"wrote {out}")


async def _migrate(url: str | None) -> None:
    from partnercenter.db import migrate_db

    await migrate_db(url)


async def _seed(url: str | None, scale: int, quiet: bool = False) -> None:
    from partnercenter.db import close_db, init_db
    from partnercenter.seed.demo import format_logins, seed_demo

    await init_db(url)
    try:
        from partnercenter.accounts.models import Organization

        if await Organization.exists():
            print("The database already has data; seed skipped (use `make reset` for a fresh demo).")
            return
        summary = await seed_demo(scale=scale)
        if not quiet:
            print(format_logins(summary))
    finally:
        await close_db()


async def _job(name: str | None) -> None:
    from partnercenter.db import close_db, init_db
    from partnercenter.jobs import registered_jobs, run_job

    jobs = registered_jobs()
    if not name or name not in jobs:
        for j in jobs.values():
            print(f"{j.name:28} {j.help}")
        if name:
            raise SystemExit(f"partnercenter: no job named {name!r}")
        return
    await init_db(None)
    try:
        counts = await run_job(name)
        print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    finally:
        await close_db()


async def _ledger_verify() -> int:
    from partnercenter.db import close_db, init_db
    from partnercenter.ledger.service import verify_ledger

    await init_db(None)
    try:
        found = await verify_ledger()
    finally:
        await close_db()
    for d in found:
        print(d)
    print(f"ledger-verify: {len(found)} discrepancies")
    return 1 if found else 0


def _serve(host: str, port: int, workers: int, ready_line: bool = False) -> None:
    import uvicorn

    if ready_line:
        config = uvicorn.Config(
            "partnercenter.app:create_app", factory=True, host=host, port=port, log_level="warning"
        )
        server = uvicorn.Server(config)

        async def run() -> None:
            task = asyncio.create_task(server.serve())
            while not server.started:
                await asyncio.sleep(0.05)
                if task.done():
                    await task
                    return
            print(f"READY http://{host}:{port}", flush=True)
            await task

        asyncio.run(run())
        return
    uvicorn.run(
        "partnercenter.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        log_config=None,  # uvicorn's records go through the app's handler (core/logs.py): JSON in production
        proxy_headers=False,
    )


def main(argv: list[str] | None = None) -> None:
    from pydantic import ValidationError

    from partnercenter.settings import get_settings

    try:
        settings = get_settings()
    except ValidationError as err:
        messages = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in err.errors())
        raise SystemExit(f"partnercenter: invalid settings: {messages}") from None
    parser = argparse.ArgumentParser(prog="partnercenter")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("migrate", help="apply database migrations")
    seed = sub.add_parser("seed", help="load the demo world")
    seed.add_argument("--scale", type=int, default=1, help="multiply customers and opportunities (250 = 1M)")
    serve = sub.add_parser("serve", help="serve the SPA and GraphQL")
    serve.add_argument("--host", default=settings.host)
    serve.add_argument("--port", type=int, default=settings.port)
    serve.add_argument("--workers", type=int, default=settings.workers)
    st = sub.add_parser("serve-test", help="fresh temporary SQLite demo database, then serve (browser tests)")
    st.add_argument("--host", default="127.0.0.1")
    st.add_argument("--port", type=int, default=0)
    jb = sub.add_parser("job", help="run a scheduled job once (idempotent); no name lists them")
    jb.add_argument("name", nargs="?")
    sub.add_parser("ledger-verify", help="check the whole ledger; exit 1 when any discrepancy is found")
    exp = sub.add_parser("export-schema", help="write schema.graphql")
    exp.add_argument("--output", type=Path, default=REPO_ROOT / "schema.graphql")
    args = parser.parse_args(argv)

    if args.cmd == "migrate":
        asyncio.run(_migrate(None))
        print(f"migrated {settings.database_url.split('@')[-1]}")
    elif args.cmd == "seed":
        asyncio.run(_seed(None, args.scale))
    elif args.cmd == "serve":
        if settings.workers > 1 and settings.is_sqlite:
            print("Several workers need PostgreSQL (DATABASE_URL); serving with one.", file=sys.stderr)
            args.workers = 1
        _serve(args.host, args.port, args.workers)
    elif args.cmd == "serve-test":
        tmp = tempfile.mkdtemp(prefix="pc-test-")
        url = f"sqlite://{tmp}/demo.sqlite3"
        os.environ["DATABASE_URL"] = url
        get_settings.cache_clear()
        asyncio.run(_migrate(url))
        asyncio.run(_seed(url, 1, quiet=True))
        port = args.port or _free_port(args.host)
        _serve(args.host, port, 1, ready_line=True)
    elif args.cmd == "export-schema":
        _export_schema(args.output)
    elif args.cmd == "job":
        asyncio.run(_job(args.name))
    elif args.cmd == "ledger-verify":
        raise SystemExit(asyncio.run(_ledger_verify()))


def _free_port(host: str) -> int:
    import socket

    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


if __name__ == "__main__":
    main()
