"""The ASGI app: /graphql, /healthz, and the built SPA with a catch-all for client routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from tortoise import connections

import partnercenter.permissions  # noqa: F401  (registers every slice's access declarations)
from partnercenter.core.endpoint import graphql_endpoint
from partnercenter.db import close_db, init_db
from partnercenter.settings import get_settings

log = logging.getLogger("partnercenter")


async def healthz(request: Request) -> Response:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        log.exception("health check failed")
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


def _spa_routes(spa_dir: Path) -> list[Route | Mount]:
    index = spa_dir / "index.html"

    async def spa(request: Request) -> Response:
        if not index.exists():
            return PlainTextResponse(
                "The SPA is not built: run `make run` (or `npm run build`).", status_code=503
            )
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    routes: list[Route | Mount] = []
    if (spa_dir / "assets").is_dir():
        routes.append(Mount("/assets", app=StaticFiles(directory=spa_dir / "assets"), name="assets"))
    for extra in ("favicon.svg", "favicon.ico"):
        if (spa_dir / extra).exists():
            routes.append(Route(f"/{extra}", lambda r, p=spa_dir / extra: FileResponse(p)))
    routes.append(Route("/{path:path}", spa, methods=["GET", "HEAD"]))
    return routes


def configure_logging(debug: bool) -> None:
    """One line per record with time, level and logger; the endpoint adds the request id."""
    root = logging.getLogger()
    if not any(getattr(h, "_partnercenter", False) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        handler._partnercenter = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    logging.getLogger("partnercenter").setLevel(logging.DEBUG if debug else logging.INFO)


def create_app(database_url: str | None = None) -> Starlette:
    settings = get_settings()
    configure_logging(settings.debug)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await init_db(database_url)
        try:
            yield
        finally:
            await close_db()

    routes: list[Route | Mount] = [
        Route("/graphql", graphql_endpoint, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/healthz", healthz),
        *_spa_routes(settings.spa_dir),
    ]
    return Starlette(debug=False, routes=routes, lifespan=lifespan)
