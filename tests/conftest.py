"""Test harness: one database per run (SQLite file by default, PostgreSQL when
TEST_DATABASE_URL is set), migrated with the real migrations, emptied before each test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from tortoise import Tortoise, connections

import partnercenter.permissions  # noqa: F401  (registers every slice's access declarations)
from partnercenter.db import migrate_db, normalize_url
from tests.factories import World, build_world

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
# Every request resolves its credentials afresh (tests/test_auth_cache.py turns the cache on).
os.environ["AUTH_CACHE_SECONDS"] = "0"
# No background outbox dispatcher in the app: tests deliver with `events.drain()` when they mean to
# (tests/test_outbox.py starts its own Dispatcher).
os.environ["OUTBOX_DISPATCHER"] = "0"
# Request rate limits out of the way of suites that fire hundreds of requests per second as one
# person (the authorization matrix); tests/test_rate_limits.py sets real limits where it tests them.
os.environ.setdefault("RATE_LIMIT_SESSION", "100000/second")
os.environ.setdefault("RATE_LIMIT_TOKEN", "100000/second")
os.environ.setdefault("RATE_LIMIT_ANONYMOUS", "100000/second")
IS_POSTGRES = TEST_DATABASE_URL.startswith(("postgres://", "postgresql://"))


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {'PostgreSQL ' + TEST_DATABASE_URL.split('@')[-1] if IS_POSTGRES else 'SQLite (file)'}"


async def _reset_postgres(url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


@pytest_asyncio.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    if IS_POSTGRES:
        url = normalize_url(TEST_DATABASE_URL)
        await _reset_postgres(url)
    else:
        tmp = tempfile.mkdtemp(prefix="pc-tests-")
        url = f"sqlite://{tmp}/test.sqlite3"
    os.environ["DATABASE_URL"] = url
    from partnercenter.settings import get_settings

    get_settings.cache_clear()
    await migrate_db(url)
    yield url


@pytest_asyncio.fixture(scope="session")
async def app(database_url: str) -> AsyncIterator[object]:
    from partnercenter.app import create_app

    application = create_app(database_url)
    async with application.router.lifespan_context(application):
        yield application


def model_tables() -> list[str]:
    """Every model's table, so a new slice's tables are emptied without editing this file."""
    return sorted({m._meta.db_table for m in Tortoise.apps["models"].values()})


async def truncate_all() -> None:
    conn = connections.get("default")
    tables = model_tables()
    if IS_POSTGRES:
        await conn.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE;")
    else:
        script = ["PRAGMA foreign_keys = OFF;"]
        script += [f"DELETE FROM {table};" for table in tables]
        script += ["DELETE FROM sqlite_sequence;", "PRAGMA foreign_keys = ON;"]
        await conn.execute_script("\n".join(script))


@pytest_asyncio.fixture
async def db(app: object) -> AsyncIterator[None]:
    from partnercenter.core.ratelimit import reset_rate_limits

    await truncate_all()
    await reset_rate_limits()  # each test starts with fresh rate-limit counters
    yield


@pytest_asyncio.fixture
async def world(db: None) -> World:
    return await build_world()


@pytest_asyncio.fixture
async def client(app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def tortoise() -> type[Tortoise]:
    return Tortoise
