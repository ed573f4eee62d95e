"""Log lines: JSON with the request id in production mode, readable lines in development."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import httpx
import pytest

from partnercenter import app as app_module
from partnercenter.core.logs import configure_logging, request_id_bound


@pytest.fixture
def json_logs() -> Iterator[None]:
    configure_logging(debug=False, json=True)
    yield
    configure_logging(debug=False, json=False)


def _lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


def test_a_json_line_carries_the_request_id(json_logs: None, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(debug=False, json=True)  # the handler writes to the captured stderr
    with request_id_bound("req-0123456789"):
        logging.getLogger("partnercenter.test").warning("something happened %s", 42)
    logging.getLogger("partnercenter.test").warning("outside a request")
    first, second = (json.loads(line) for line in _lines(capsys.readouterr().err)[-2:])
    assert first["event"] == "something happened 42"
    assert first["request_id"] == "req-0123456789"
    assert first["level"] == "warning" and first["logger"] == "partnercenter.test"
    assert "timestamp" in first
    assert "request_id" not in second


async def test_every_line_of_a_request_has_its_id(
    client: httpx.AsyncClient,
    json_logs: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure_logging(debug=False, json=True)

    def broken(name: str) -> object:
        raise ConnectionError("database down")

    monkeypatch.setattr(app_module.connections, "get", broken)
    r = await client.get("/healthz", headers={"x-request-id": "health-req-42"})
    assert r.status_code == 503
    records = [json.loads(line) for line in _lines(capsys.readouterr().err)]
    failed = [rec for rec in records if rec["event"] == "health check failed"]
    assert failed and failed[0]["request_id"] == "health-req-42"
    assert "ConnectionError" in failed[0]["exception"]


def test_development_lines_are_readable(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(debug=False, json=False)
    with request_id_bound("req-dev-000001"):
        logging.getLogger("partnercenter.test").warning("plain words")
    line = _lines(capsys.readouterr().err)[-1]
    assert "plain words" in line and "request_id=req-dev-000001" in line
    assert not line.lstrip().startswith("{")
