"""The ASGI app: /graphql, /healthz, /metrics, and the built SPA with a catch-all for client routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from tortoise import connections

import partnercenter.permissions  # noqa: F401  (registers every slice's access declarations)
from partnercenter.core.events import Dispatcher, oldest_undelivered_age
from partnercenter.core.logs import configure_logging
from partnercenter.core.metrics import set_outbox_lag_source
from partnercenter.db import close_db, init_db
from partnercenter.settings import get_settings
from partnercenter.web.endpoint import graphql_endpoint
from partnercenter.web.metrics import metrics_endpoint
from partnercenter.web.middleware import RequestIdMiddleware
from partnercenter.web.security_headers import SecurityHeadersMiddleware

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


def create_app(database_url: str | None = None) -> Starlette:
    settings = get_settings()
    configure_logging(settings.debug, json=settings.log_json)
    set_outbox_lag_source(oldest_undelivered_age)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await init_db(database_url)
        dispatcher = Dispatcher(poll_seconds=settings.outbox_poll_seconds)
        app.state.dispatcher = dispatcher
        if settings.outbox_dispatcher:
            await dispatcher.start()
        try:
            yield
        finally:
            await dispatcher.stop()
            await close_db()

    routes: list[Route | Mount] = [
        Route("/graphql", graphql_endpoint, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/healthz", healthz),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
        *_spa_routes(settings.spa_dir),
    ]
    return Starlette(
        debug=False,
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(RequestIdMiddleware), Middleware(SecurityHeadersMiddleware)],
    )
