"""The /graphql HTTP endpoint: JSON POST only, body and document limits, authentication,
CSRF for cookie sessions, error masking with a request id, orjson encoding, and the request
metrics (count and latency per operation name, errors by code; see core/metrics.py)."""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.requests import Request
from starlette.responses import Response

from partnercenter.accounts import service as accounts
from partnercenter.core.context import RequestContext
from partnercenter.core.errors import ErrorCode, PublicError
from partnercenter.core.logs import current_request_id
from partnercenter.core.metrics import ERRORS, REQUEST_SECONDS, REQUESTS, operation_label
from partnercenter.core.ratelimit import Decision, RateLimited, rate_limits
from partnercenter.settings import get_settings

log = logging.getLogger("partnercenter.graphql")
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
REQUEST_TIMEOUT_S = 20.0


def _json(payload: dict[str, Any], status: int = 200, request_id: str = "") -> Response:
    headers = {"X-Request-Id": request_id} if request_id else None
    return Response(orjson.dumps(payload), status_code=status, media_type="application/json", headers=headers)


def _request_error(status: int, code: ErrorCode, message: str, request_id: str) -> Response:
    ERRORS.labels(code=code.value).inc()
    return _json({"errors": [{"message": message, "extensions": {"code": code.value}}]}, status, request_id)


@lru_cache(maxsize=512)
def _operation_types(query: str) -> tuple[tuple[str | None, OperationType], ...] | None:
    try:
        doc = parse(query)
    except GraphQLError:
        return None  # Strawberry reports the syntax error itself
    return tuple(
        (d.name.value if d.name else None, d.operation)
        for d in doc.definitions
        if isinstance(d, OperationDefinitionNode)
    )


def _unknown_operation(query: str, operation_name: str | None) -> str | None:
    """Why graphql-core could not pick an operation (answered 400 before execution), or None."""
    ops = _operation_types(query)
    if not ops:
        return None
    names = [name for name, _ in ops]
    if operation_name is not None and operation_name not in names:
        return f"Unknown operation named '{operation_name[:100]}'."
    if operation_name is None and len(ops) > 1:
        return "The document has several operations: name the one to run in `operationName`."
    return None


@lru_cache(maxsize=512)
def _root_fields(query: str, operation_name: str | None) -> str:
    """The selected operation's top-level fields, sorted: what a rate limit counts per operation
    (a client cannot escape it by renaming the operation or aliasing a field)."""
    try:
        doc = parse(query)
    except GraphQLError:
        return "-"
    for d in doc.definitions:
        if isinstance(d, OperationDefinitionNode) and (
            operation_name is None or (d.name is not None and d.name.value == operation_name)
        ):
            names = {s.name.value for s in d.selection_set.selections if isinstance(s, FieldNode)}
            return ",".join(sorted(names))[:200] or "-"
    return "-"


async def _rate_limit(ctx: RequestContext, query: str, operation_name: str | None) -> Decision:
    """Per client (API token, person, or address when signed out) and per operation."""
    settings, viewer = get_settings(), ctx.viewer
    fields = _root_fields(query, operation_name)
    if viewer is not None and viewer.is_token:
        who, rule = f"token:{viewer.token_id}", settings.rate_limit_token
    elif viewer is not None:
        who, rule = f"user:{viewer.user_id}", settings.rate_limit_session
    else:
        who, rule = f"addr:{ctx.client_ip}", settings.rate_limit_anonymous
    rule = settings.rate_limit_operations.get(fields, rule)
    return await rate_limits().hit(rule, "op", who, fields)


def _sole_operation_name(query: str) -> str | None:
    """The name of the document's only operation (for the metrics when no operationName is sent)."""
    ops = _operation_types(query)
    return ops[0][0] if ops and len(ops) == 1 else None


def _is_mutation(query: str, operation_name: str | None) -> bool:
    ops = _operation_types(query)
    if not ops:
        return False
    if operation_name is None:
        return any(op is OperationType.MUTATION for _, op in ops)
    return any(name == operation_name and op is OperationType.MUTATION for name, op in ops)


async def _read_body(request: Request, limit: int) -> bytes | None:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


async def authenticate(request: Request, ctx: RequestContext) -> Response | None:
    settings = get_settings()
    auth = request.headers.get("authorization", "")
    if auth:
        scheme, _, credential = auth.partition(" ")
        viewer = await accounts.viewer_for_token(credential.strip()) if scheme.lower() == "bearer" else None
        if viewer is None:
            return _request_error(
                401, ErrorCode.UNAUTHENTICATED, "Invalid or revoked API token.", ctx.request_id
            )
        ctx.viewer, ctx.auth_method = viewer, "token"
        return None
    session_token = request.cookies.get(settings.session_cookie)
    if session_token:
        found = await accounts.viewer_for_session(session_token)
        if found is not None:
            ctx.viewer, ctx.auth_method = found[0], "cookie"
            ctx.raw_session_token = session_token
            sent = request.headers.get("x-csrf-token", "")
            # The CSRF token is an HMAC of the session under SECRET_KEY (accounts.csrf_token_for).
            ctx.csrf_ok = bool(sent) and hmac.compare_digest(sent, accounts.csrf_token_for(session_token))
    return None


def format_error(err: GraphQLError, request_id: str) -> dict[str, Any]:
    original = err.original_error
    out: dict[str, Any] = {"message": err.message}
    if err.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in err.locations]
    if err.path:
        out["path"] = err.path
    if original is None:
        if not get_settings().introspection:
            out["message"] = _SUGGESTION.sub("", err.message)  # no schema hints when introspection is off
        out["extensions"] = {"code": "GRAPHQL_VALIDATION"}
    elif isinstance(original, PublicError):
        out["message"] = original.message
        out["extensions"] = {"code": original.code.value}
        if isinstance(original, RateLimited):
            out["extensions"]["retryAfter"] = original.retry_after
    else:
        log.error(
            "unexpected error request_id=%s path=%s",
            request_id,
            err.path,
            exc_info=(type(original), original, original.__traceback__),
        )
        out["message"] = "Internal server error."
        out["extensions"] = {"code": ErrorCode.INTERNAL.value, "requestId": request_id}
    ERRORS.labels(code=out["extensions"]["code"]).inc()
    return out


def request_id_from(incoming: str) -> str:
    """The client's X-Request-Id when it is a sane token, else a fresh random id."""
    return incoming if incoming and _REQUEST_ID.match(incoming) else os.urandom(16).hex()


@dataclass(slots=True)
class _Operation:
    name: str | None = None
    validated: bool = False


async def graphql_endpoint(request: Request) -> Response:
    """Answer one request and count it under its (bounded) operation name."""
    started = time.perf_counter()
    op = _Operation()
    try:
        return await _answer(request, op)
    finally:
        label = operation_label(op.name, validated=op.validated)
        REQUESTS.labels(operation=label).inc()
        REQUEST_SECONDS.labels(operation=label).observe(time.perf_counter() - started)


async def _answer(request: Request, op: _Operation) -> Response:
    from partnercenter.schema import schema  # built once per process

    settings = get_settings()
    request_id = current_request_id() or request_id_from(request.headers.get("x-request-id", ""))
    if request.method != "POST":
        return _request_error(
            405, ErrorCode.INVALID, "Send GraphQL as POST with application/json.", request_id
        )
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return _request_error(
            415, ErrorCode.INVALID, "Only application/json bodies are accepted.", request_id
        )
    body = await _read_body(request, settings.max_body_bytes)
    if body is None:
        return _request_error(
            413, ErrorCode.LIMIT, f"Request body over {settings.max_body_bytes} bytes.", request_id
        )
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return _request_error(400, ErrorCode.INVALID, "The body is not valid JSON.", request_id)
    if not isinstance(payload, dict):
        return _request_error(400, ErrorCode.INVALID, "Batched operations are not supported.", request_id)
    query, variables, operation_name = (
        payload.get("query"),
        payload.get("variables"),
        payload.get("operationName"),
    )
    if not isinstance(query, str) or not query.strip():
        return _request_error(400, ErrorCode.INVALID, "`query` must be a non-empty string.", request_id)
    if len(query) > settings.max_document_chars:
        return _request_error(
            413,
            ErrorCode.LIMIT,
            f"The document is over {settings.max_document_chars} characters.",
            request_id,
        )
    if variables is not None and not isinstance(variables, dict):
        return _request_error(400, ErrorCode.INVALID, "`variables` must be an object.", request_id)
    if operation_name is not None and not isinstance(operation_name, str):
        return _request_error(400, ErrorCode.INVALID, "`operationName` must be a string.", request_id)
    op.name = operation_name if operation_name is not None else _sole_operation_name(query)

    ctx = RequestContext(
        request_id=request_id,
        client_ip=client_ip(request),
        user_agent=request.headers.get("user-agent", "")[:300],
    )
    denied = await authenticate(request, ctx)
    if denied is not None:
        return denied
    if ctx.auth_method == "cookie" and not ctx.csrf_ok and _is_mutation(query, operation_name):
        return _request_error(
            403, ErrorCode.CSRF, "Missing or wrong X-CSRF-Token header for a cookie session.", request_id
        )
    unknown = _unknown_operation(query, operation_name)
    if unknown is not None:
        return _request_error(400, ErrorCode.INVALID, unknown, request_id)
    limit = await _rate_limit(ctx, query, operation_name)
    if not limit.allowed:
        refused = RateLimited(limit)
        ERRORS.labels(code=ErrorCode.RATE_LIMITED.value).inc()
        response = _json(
            {
                "errors": [
                    {
                        "message": refused.message,
                        "extensions": {"code": refused.code.value, "retryAfter": refused.retry_after},
                    }
                ]
            },
            429,
            request_id,
        )
        response.headers.update(limit.headers())
        return response
    try:
        async with asyncio.timeout(REQUEST_TIMEOUT_S):
            result = await schema.execute(
                query, variable_values=variables, context_value=ctx, operation_name=operation_name
            )
    except TimeoutError:
        return _request_error(503, ErrorCode.LIMIT, "The request took too long.", request_id)
    out: dict[str, Any] = {}
    op.validated = not any(e.original_error is None for e in result.errors or ())
    if result.errors:
        out["errors"] = [format_error(e, request_id) for e in result.errors]
    out["data"] = result.data
    throttled = [e.original_error for e in result.errors or () if isinstance(e.original_error, RateLimited)]
    response = _json(out, 429 if throttled else 200, request_id)
    response.headers.update(throttled[0].decision.headers() if throttled else limit.headers())
    for cookie in ctx.cookie_ops:
        if cookie.value is None:
            response.delete_cookie(cookie.name, path="/", samesite="lax", secure=settings.cookie_secure)
        else:
            response.set_cookie(
                cookie.name,
                cookie.value,
                max_age=cookie.max_age,
                path="/",
                httponly=cookie.http_only,
                samesite="lax",
                secure=settings.cookie_secure,
            )
    return response
