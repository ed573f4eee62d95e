"""The ASGI app around /graphql: health check, the SPA and its deep links, and settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from partnercenter import app as app_module
from partnercenter.settings import DEV_SECRET, REPO_ROOT, Settings, get_settings

INDEX = "<!doctype html><html><body><div id=root></div><!-- partner center test index --></body></html>"


async def test_healthz_reports_the_database(client) -> None:
    r = await client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok"}


async def test_healthz_when_the_database_is_unreachable(client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(name: str) -> object:
        raise ConnectionError("could not connect to server at db.internal:5432 password=hunter2")

    monkeypatch.setattr(app_module.connections, "get", broken)
    r = await client.get("/healthz")
    assert r.status_code == 503
    assert r.json() == {"status": "error", "database": "unreachable"}
    assert "db.internal" not in r.text and "hunter2" not in r.text


@pytest.fixture
def spa_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(get_settings(), "spa_dir", tmp_path)
    return tmp_path


@asynccontextmanager
async def _spa_client() -> AsyncIterator[httpx.AsyncClient]:
    """A fresh app (static routes are decided when it is built); no lifespan: the SPA needs no database."""
    transport = httpx.ASGITransport(app=app_module.create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


def _build_spa(spa_dir: Path) -> None:
    (spa_dir / "index.html").write_text(INDEX, encoding="utf-8")
    (spa_dir / "assets").mkdir()
    (spa_dir / "assets" / "app-1234.js").write_text("console.log('app')", encoding="utf-8")
    (spa_dir / "favicon.svg").write_text("<svg/>", encoding="utf-8")


async def test_deep_links_serve_the_spa_index(spa_dir: Path) -> None:
    _build_spa(spa_dir)
    async with _spa_client() as c:
        for path in ("/", "/some/client/route", "/opportunities/T3Bwb3J0dW5pdHk6MQ", "/customers?view=OWN"):
            r = await c.get(path)
            assert r.status_code == 200, path
            assert r.text == INDEX, path
            assert r.headers["content-type"].startswith("text/html")
            assert r.headers["cache-control"] == "no-cache"
        r = await c.head("/some/client/route")
        assert r.status_code == 200
        r = await c.get("/assets/app-1234.js")
        assert r.status_code == 200 and r.text == "console.log('app')"
        assert "javascript" in r.headers["content-type"]
        r = await c.get("/assets/missing.js")
        assert r.status_code == 404 and INDEX not in r.text  # a missing asset is not the index page
        r = await c.get("/favicon.svg")
        assert r.status_code == 200 and r.text == "<svg/>"
        r = await c.post("/some/client/route", json={})
        assert r.status_code == 405
        # /graphql and /healthz are not swallowed by the catch-all.
        r = await c.get("/graphql")
        assert r.status_code == 405 and r.json()["errors"][0]["extensions"]["code"] == "INVALID"


async def test_without_a_built_spa_deep_links_answer_503(spa_dir: Path) -> None:
    assert not (spa_dir / "index.html").exists()
    async with _spa_client() as c:
        for path in ("/", "/some/client/route"):
            r = await c.get(path)
            assert r.status_code == 503, path
            assert "not built" in r.text
            assert "npm run build" in r.text or "make run" in r.text


async def test_the_default_app_serves_the_real_build_or_explains(client) -> None:
    index = get_settings().spa_dir / "index.html"
    r = await client.get("/some/client/route")
    if index.exists():
        assert r.status_code == 200
        assert r.text == index.read_text(encoding="utf-8")
    else:
        assert r.status_code == 503 and "not built" in r.text


# --- settings ------------------------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SECRET_KEY", "PRODUCTION", "DATABASE_URL", "DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


def test_production_refuses_the_default_secret(clean_env: None) -> None:
    with pytest.raises(ValidationError) as info:
        Settings(_env_file=None, production=True)  # type: ignore[call-arg]
    assert "SECRET_KEY" in str(info.value)
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(_env_file=None, production=True, secret_key="s" * 31)  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(_env_file=None, production=True, secret_key=DEV_SECRET)  # type: ignore[call-arg]


def test_production_accepts_a_long_random_secret(clean_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings(_env_file=None, production=True, secret_key="k" * 40)  # type: ignore[call-arg]
    assert s.production is True and s.secret_key == "k" * 40
    assert Settings(_env_file=None, production=True, secret_key="k" * 32).production  # type: ignore[call-arg]
    monkeypatch.setenv("PRODUCTION", "true")
    monkeypatch.setenv("SECRET_KEY", "e" * 48)
    assert Settings(_env_file=None).secret_key == "e" * 48  # type: ignore[call-arg]


def test_development_allows_the_default_secret(clean_env: None) -> None:
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.production is False and s.secret_key == DEV_SECRET


def test_database_url_defaults_to_sqlite_in_the_data_dir(
    clean_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.data_dir == REPO_ROOT / "data"
    assert s.database_url == f"sqlite://{REPO_ROOT / 'data' / 'partnercenter.sqlite3'}"
    assert s.is_sqlite
    s = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    assert s.database_url == f"sqlite://{tmp_path / 'partnercenter.sqlite3'}"
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "elsewhere"))
    assert Settings(_env_file=None).database_url == (  # type: ignore[call-arg]
        f"sqlite://{tmp_path / 'elsewhere' / 'partnercenter.sqlite3'}"
    )
    monkeypatch.setenv("DATABASE_URL", "postgres://pc@db.example:5432/pc")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.database_url == "postgres://pc@db.example:5432/pc" and not s.is_sqlite


def test_cli_refuses_default_secret_in_production(monkeypatch) -> None:
    import pytest as _pytest

    from partnercenter import cli
    from partnercenter.settings import get_settings

    monkeypatch.setenv("PRODUCTION", "true")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    get_settings.cache_clear()
    try:
        with _pytest.raises(SystemExit) as stop:
            cli.main(["serve"])
        assert "SECRET_KEY" in str(stop.value.code)
    finally:
        monkeypatch.delenv("PRODUCTION")
        get_settings.cache_clear()
