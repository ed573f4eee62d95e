"""GET /metrics: this process's Prometheus metrics (core/metrics.py), in the text format.

Who may read it (settings): nobody when METRICS_ENABLED is false (404, as if there were no
route); with METRICS_TOKEN set, only a request with `Authorization: Bearer <token>`; without a
token, anyone in development, and in production only a direct loopback client (a request that
came through a proxy, i.e. carries Forwarded / X-Forwarded-For, is refused)."""

from __future__ import annotations

import hmac

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from partnercenter.core.metrics import REGISTRY, refresh_callback_gauges
from partnercenter.settings import get_settings

__all__ = ["metrics_endpoint"]

_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def _allowed(request: Request) -> bool:
    settings = get_settings()
    if settings.metrics_token:
        scheme, _, credential = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            credential.strip().encode(), settings.metrics_token.encode()
        )
    if not settings.production:
        return True
    proxied = "forwarded" in request.headers or "x-forwarded-for" in request.headers
    host = request.client.host if request.client else ""
    return host in _LOOPBACK and not proxied


async def metrics_endpoint(request: Request) -> Response:
    settings = get_settings()
    if not settings.metrics_enabled:
        return PlainTextResponse("Not Found", status_code=404)
    if not _allowed(request):
        return PlainTextResponse(
            "Forbidden", status_code=403, headers={"WWW-Authenticate": "Bearer"}
        )
    await refresh_callback_gauges()
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
