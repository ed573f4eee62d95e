"""Bulk writing for the demo seed: executemany in chunks, in the ORM's own value representation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any, cast

from tortoise import connections
from tortoise.transactions import in_transaction

CHUNK_ROWS = 10_000
BULK_INDEX_THRESHOLD = 50_000  # rows above which a load into an empty table drops and rebuilds indexes
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# --------------------------------------------------------------------------- bulk writing


class _Writer:
    """Bulk inserts in the dialect's placeholders and the ORM's own value representation."""

    def __init__(self, connection_name: str, chunk_rows: int) -> None:
        self.connection_name = connection_name
        self.chunk_rows = chunk_rows
        self.conn = connections.get(connection_name)
        self.dialect = self.conn.capabilities.dialect
        if self.dialect not in ("sqlite", "postgres"):
            raise NotImplementedError(f"seed_demo supports SQLite and PostgreSQL, not {self.dialect}")
        self.sqlite = self.dialect == "sqlite"

    def dt(self, ts: int) -> Any:
        """Epoch seconds -> what Tortoise writes: ISO text with a space on SQLite, aware datetime on PG."""
        value = _EPOCH + timedelta(seconds=ts)
        return value.isoformat(" ") if self.sqlite else value

    def money(self, cents: int) -> int:
        """Money columns hold integer cents (core.fields.MoneyField) on every database."""
        return cents

    def insert_sql(self, table: str, columns: Sequence[str]) -> str:
        if self.sqlite:
            marks = ", ".join("?" for _ in columns)
        else:
            marks = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
        cols = ", ".join(f'"{c}"' for c in columns)
        return f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'

    async def next_id(self, table: str) -> int:
        rows = await self.conn.execute_query_dict(f'SELECT COALESCE(MAX("id"), 0) AS m FROM "{table}"')
        return int(rows[0]["m"]) + 1

    async def sync_sequence(self, table: str) -> None:
        """Explicit ids leave a PostgreSQL serial behind; SQLite AUTOINCREMENT follows by itself."""
        if not self.sqlite:
            await self.conn.execute_query(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT MAX("id") FROM "{table}"))'
            )

    async def secondary_indexes(self, table: str) -> list[tuple[str, str]]:
        """(name, CREATE statement) of the table's droppable indexes (not primary key or unique)."""
        if self.sqlite:
            rows = await self.conn.execute_query_dict(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
                [table],
            )
            return [(r["name"], r["sql"]) for r in rows]
        rows = await self.conn.execute_query_dict(
            "SELECT i.relname AS name, pg_get_indexdef(i.oid) AS sql FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace "
            "AND NOT x.indisprimary AND NOT x.indisunique ORDER BY i.relname",
            [table],
        )
        return [(r["name"], r["sql"]) for r in rows]

    @asynccontextmanager
    async def indexes_suspended(self, table: str, rows_expected: int) -> AsyncIterator[None]:
        """Bulk-loading practice: building an index once after the load is several times faster
        than maintaining it row by row. Only for a large load into an empty table; the indexes are
        recreated from their own definitions even if the load fails."""
        indexes: list[tuple[str, str]] = []
        if rows_expected >= BULK_INDEX_THRESHOLD and await self.next_id(table) == 1:
            indexes = await self.secondary_indexes(table)
        for name, _ in indexes:
            await self.conn.execute_script(f'DROP INDEX "{name}"')
        try:
            yield
        finally:
            for _, sql in indexes:
                await self.conn.execute_script(sql)
            if indexes and not self.sqlite:
                await self.conn.execute_script(f'ANALYZE "{table}"')

    async def _write(self, sql: str, chunk: list[tuple]) -> None:
        async with in_transaction(self.connection_name) as tx:
            # Both drivers take any sequence per row; tuples spare a copy of every row.
            await tx.execute_many(sql, cast(list[list[Any]], chunk))

    async def insert(self, table: str, columns: Sequence[str], rows: Iterator[tuple]) -> int:
        """Insert rows chunk by chunk; the next chunk is generated (in a worker thread) while the
        previous one is being written, so generation and database work overlap."""
        sql = self.insert_sql(table, columns)
        total = 0
        pending: asyncio.Task[None] | None = None
        try:
            while True:
                chunk = await asyncio.to_thread(lambda: list(islice(rows, self.chunk_rows)))
                if pending is not None:
                    await pending
                    pending = None
                if not chunk:
                    break
                pending = asyncio.create_task(self._write(sql, chunk))
                total += len(chunk)
        finally:
            if pending is not None:
                await pending
        if total:
            await self.sync_sequence(table)
        return total
