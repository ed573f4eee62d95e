"""Tortoise configuration shared by the app, the migration tool and the tests."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise

from partnercenter.settings import get_settings

MODEL_MODULES = [
    "partnercenter.core.models",
    "partnercenter.accounts.models",
    "partnercenter.audit.models",
    "partnercenter.customers.models",
    "partnercenter.opportunities.models",
    "partnercenter.orders.models",
    "partnercenter.messages.models",
    "partnercenter.ledger.models",
    "partnercenter.funds.models",
    "partnercenter.warnings.models",
    "partnercenter.catalogue.models",
    "partnercenter.coupons.models",
    "partnercenter.association.models",
    "partnercenter.sharing.models",
]


def normalize_url(url: str) -> str:
    """Accept postgresql:// URLs as well as Tortoise's postgres:// (asyncpg)."""
    if url.startswith("postgresql://"):
        return "postgres://" + url[len("postgresql://") :]
    return url


def tortoise_config(url: str | None = None) -> dict[str, Any]:
    db_url = normalize_url(url or get_settings().database_url)
    if db_url.startswith("sqlite://") and ":memory:" not in db_url:
        from pathlib import Path

        Path(db_url[len("sqlite://") :]).parent.mkdir(parents=True, exist_ok=True)
    return {
        "connections": {"default": db_url},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "partnercenter.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


TORTOISE_ORM = tortoise_config()


async def init_db(url: str | None = None) -> None:
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)


async def migrate_db(url: str | None = None) -> None:
    from tortoise.migrations.api import migrate

    await migrate(config=tortoise_config(url))
    await Tortoise.close_connections()


async def close_db() -> None:
    await Tortoise.close_connections()
