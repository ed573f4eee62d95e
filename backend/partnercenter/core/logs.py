"""Logging: one JSON object per line in production, readable lines in development, and the
request id of the current request in every record logged while it runs.

structlog formats the records of the standard `logging` module (ours, uvicorn's, Strawberry's)
through its `ProcessorFormatter`, so code keeps `logging.getLogger(__name__)`. The request id is
a context variable (structlog.contextvars), bound by the web layer for the whole request."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import structlog
from structlog.contextvars import bound_contextvars, get_contextvars
from structlog.typing import Processor

__all__ = ["configure_logging", "current_request_id", "request_id_bound"]

_HANDLER_MARK = "_partnercenter"


def current_request_id() -> str | None:
    """The id of the request this code runs for, or None outside a request."""
    value = get_contextvars().get("request_id")
    return value if isinstance(value, str) else None


@contextmanager
def request_id_bound(request_id: str) -> Iterator[None]:
    with bound_contextvars(request_id=request_id):
        yield


def _formatter(json: bool) -> logging.Formatter:
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Processor
    if json:
        shared.append(structlog.processors.format_exc_info)
        renderer = structlog.processors.JSONRenderer()
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=False)
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )


def configure_logging(debug: bool, json: bool) -> None:
    """Install (or replace) the one root handler; `json` for production, lines otherwise."""
    root = logging.getLogger()
    for h in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(h)
    handler = logging.StreamHandler()
    handler.setFormatter(_formatter(json))
    setattr(handler, _HANDLER_MARK, True)
    root.addHandler(handler)
    logging.getLogger("partnercenter").setLevel(logging.DEBUG if debug else logging.INFO)
