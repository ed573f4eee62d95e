"""Pure ASGI middleware binding the request id for the whole HTTP request, so that every log
line written while it runs (ours, Strawberry's, uvicorn's access line) carries `request_id`.
The /graphql endpoint answers with the same id in X-Request-Id."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from partnercenter.core.logs import request_id_bound
from partnercenter.web.endpoint import request_id_from

__all__ = ["RequestIdMiddleware"]


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = ""
        for key, value in scope.get("headers", ()):
            if key == b"x-request-id":
                incoming = value.decode("latin-1")
                break
        with request_id_bound(request_id_from(incoming)):
            await self.app(scope, receive, send)
