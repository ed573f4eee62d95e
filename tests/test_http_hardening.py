"""HTTP hardening (trust issue findings 8 and 10): security headers on every response, HSTS only
over HTTPS, and an unknown operation answered 400 in JSON, never a 500 with a traceback."""

from __future__ import annotations

import logging

import httpx
import pytest

from partnercenter.web.security_headers import CONTENT_SECURITY_POLICY

QUERY = "query Viewer { viewer { role } } query Other { viewer { role } }"


@pytest.mark.parametrize("path", ["/healthz", "/graphql", "/some/spa/route"])
async def test_every_response_carries_the_security_headers(client: httpx.AsyncClient, path: str) -> None:
    r = await (
        client.post(path, json={"query": "{ __typename }"}) if path == "/graphql" else client.get(path)
    )
    assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "unsafe-inline" not in r.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert r.headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in r.headers  # plain HTTP: no HSTS


async def test_hsts_only_over_https(client: httpx.AsyncClient) -> None:
    r = await client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert r.headers["strict-transport-security"].startswith("max-age=31536000")


async def test_an_unknown_operation_name_is_a_400_in_json(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    for body in (
        {"query": QUERY, "operationName": "Nope"},
        {"query": "{ viewer { role } }", "operationName": "Nope"},
        {"query": QUERY},  # several operations and none named
    ):
        client.cookies.clear()
        r = await client.post("/graphql", json=body)
        assert r.status_code == 400, r.text
        assert r.headers["content-type"].startswith("application/json")
        error = r.json()["errors"][0]
        assert error["extensions"]["code"] == "INVALID"
        assert "Traceback" not in r.text
    assert not [rec for rec in caplog.records if rec.exc_info]  # nothing logged as a crash
    r = await client.post("/graphql", json={"query": QUERY, "operationName": "Other"})
    assert r.status_code == 200 and r.json()["data"] == {"viewer": None}
