"""The /graphql HTTP boundary: cookies, CSRF, methods, content types, body and document limits,
logout, error masking with a request id, and the X-Request-Id header."""

from __future__ import annotations

import logging
import re
from typing import Any

import orjson
import pytest

from partnercenter.accounts.models import Session
from partnercenter.opportunities import service as opportunities_service
from partnercenter.opportunities.models import Opportunity
from partnercenter.settings import get_settings
from tests.factories import PASSWORD, World, gql, login, sign_in

LOGIN = """mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}) {
  viewer { role } userErrors { code field message } } }"""
UPDATE = """mutation($id:ID!){ opportunityUpdate(input:{id:$id, stage:WON, confidence:100}) {
  opportunity { id stage confidence } userErrors { code field message } } }"""
VIEWER = "{ viewer { role user { id } } }"
LOGOUT = "mutation { logout { ok userErrors { code } } }"


def _set_cookies(response: Any) -> dict[str, dict[str, str]]:
    """Set-Cookie headers by cookie name: {"value": ..., attribute (lower case): value or ""}."""
    out: dict[str, dict[str, str]] = {}
    for header in response.headers.get_list("set-cookie"):
        first, *attrs = [p.strip() for p in header.split(";")]
        name, _, value = first.partition("=")
        parsed = {"value": value}
        for attr in attrs:
            key, _, val = attr.partition("=")
            parsed[key.lower()] = val
        out[name] = parsed
    return out


async def _snapshot(opportunity_id: int) -> tuple[Any, ...]:
    o = await Opportunity.get(id=opportunity_id)
    return (o.stage, o.confidence, o.expected_monthly_revenue, o.updated_at, o.owner_id, o.name)


@pytest.fixture
def executions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every document the schema is asked to execute."""
    from partnercenter.schema import schema

    calls: list[str] = []
    original = schema.execute

    async def spy(query: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(query)
        return await original(query, *args, **kwargs)

    monkeypatch.setattr(schema, "execute", spy)
    return calls


# --- login cookies and credentials -------------------------------------------------------------


async def test_login_sets_httponly_session_and_readable_csrf_cookie(client, world: World) -> None:
    client.cookies.clear()
    r = await client.post("/graphql", json={"query": LOGIN, "variables": {"u": "a_m1", "p": PASSWORD}})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["login"] == {"viewer": {"role": "ACCOUNT_MANAGER"}, "userErrors": []}
    cookies = _set_cookies(r)
    settings = get_settings()
    session, csrf = cookies["pc_session"], cookies["pc_csrf"]
    assert len(session["value"]) >= 32 and len(csrf["value"]) >= 32
    assert session["value"] != csrf["value"]
    assert "httponly" in session
    assert session["samesite"].lower() == "lax"
    assert session["path"] == "/"
    assert int(session["max-age"]) == settings.session_hours * 3600
    assert "httponly" not in csrf  # the SPA reads it and echoes it in X-CSRF-Token
    assert csrf["samesite"].lower() == "lax"
    assert csrf["path"] == "/"
    # Only a hash of the session token is stored.
    stored = await Session.filter(user_id=world.users["a_m1"]).values_list("token_hash", flat=True)
    assert len(stored) == 1 and session["value"] not in stored[0]


async def test_wrong_password_and_unknown_user_look_the_same(client, world: World) -> None:
    answers = []
    for username, password in (("a_m1", "Wrong@Passw0rd"), ("no_such_user", PASSWORD), ("a_m1", "")):
        client.cookies.clear()
        r = await client.post("/graphql", json={"query": LOGIN, "variables": {"u": username, "p": password}})
        assert r.status_code == 200, r.text
        assert "set-cookie" not in r.headers
        answers.append(r.json())
    payload = answers[0]["data"]["login"]
    assert payload["viewer"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID_CREDENTIALS"]
    assert answers[1] == answers[0] == answers[2]
    assert await Session.all().count() == 0


# --- CSRF ----------------------------------------------------------------------------------------


async def test_cookie_mutation_without_csrf_header_is_refused_and_changes_nothing(
    client, world: World, executions: list[str]
) -> None:
    await login(client, "a_m1")
    opp = world.opportunities["a_m1"]
    before = await _snapshot(opp)
    executions.clear()
    r = await client.post(
        "/graphql", json={"query": UPDATE, "variables": {"id": world.gid("Opportunity", opp)}}
    )
    assert r.status_code == 403, r.text
    body = r.json()
    assert body["errors"][0]["extensions"]["code"] == "CSRF"
    assert "data" not in body
    assert executions == []
    assert await _snapshot(opp) == before


async def test_cookie_mutation_with_wrong_csrf_token_is_refused(client, world: World) -> None:
    csrf = await login(client, "a_m1")
    opp = world.opportunities["a_m1"]
    before = await _snapshot(opp)
    gid = world.gid("Opportunity", opp)
    for wrong in (csrf[:-1] + ("A" if csrf[-1] != "A" else "B"), "x", csrf + "x"):
        body = await gql(client, UPDATE, {"id": gid}, csrf=wrong, status=403)
        assert body["errors"][0]["extensions"]["code"] == "CSRF"
    # Another session's CSRF token does not fit this session either.
    other_client_csrf = csrf
    await login(client, "a_m2")
    assert client.cookies["pc_csrf"] != other_client_csrf
    body = await gql(client, UPDATE, {"id": gid}, csrf=other_client_csrf, status=403)
    assert body["errors"][0]["extensions"]["code"] == "CSRF"
    assert await _snapshot(opp) == before


async def test_cookie_mutation_with_right_csrf_token_runs(client, world: World) -> None:
    csrf = await sign_in(client, world, "a_m1")
    opp = world.opportunities["a_m1"]
    body = await gql(client, UPDATE, {"id": world.gid("Opportunity", opp)}, csrf=csrf)
    assert body["data"]["opportunityUpdate"]["userErrors"] == []
    row = await Opportunity.get(id=opp)
    assert (row.stage, row.confidence) == ("WON", 100)


async def test_mutation_hidden_behind_operation_name_still_needs_csrf(client, world: World) -> None:
    await sign_in(client, world, "a_m1")
    opp = world.opportunities["a_m1"]
    before = await _snapshot(opp)
    doc = "query Q { viewer { role } }\n" + UPDATE.replace("mutation(", "mutation M(", 1)
    for op_name in ("M", None):
        r = await client.post(
            "/graphql",
            json={"query": doc, "operationName": op_name, "variables": {"id": world.gid("Opportunity", opp)}},
        )
        assert r.status_code == 403, r.text
    assert await _snapshot(opp) == before
    # Selecting the query of the same document needs no token.
    r = await client.post("/graphql", json={"query": doc, "operationName": "Q"})
    assert r.status_code == 200 and r.json()["data"] == {"viewer": {"role": "ACCOUNT_MANAGER"}}


async def test_queries_work_without_csrf_header(client, world: World) -> None:
    await sign_in(client, world, "a_m1")
    body = await gql(client, VIEWER)
    assert body["data"]["viewer"] == {
        "role": "ACCOUNT_MANAGER",
        "user": {"id": world.gid("User", world.users["a_m1"])},
    }


async def test_bearer_token_needs_no_csrf_header(client, world: World) -> None:
    client.cookies.clear()
    body = await gql(client, "{ viewer { role } }", token=world.tokens["full"])
    assert body["data"]["viewer"] == {"role": "INTEGRATOR"}


# --- methods, content types, batching, sizes ----------------------------------------------------


async def test_get_with_query_in_url_is_refused_and_not_executed(
    client, world: World, executions: list[str]
) -> None:
    csrf = await sign_in(client, world, "a_m1")
    opp = world.opportunities["a_m1"]
    before = await _snapshot(opp)
    executions.clear()
    for query in (
        VIEWER,
        UPDATE.replace("$id", f'"{world.gid("Opportunity", opp)}"').replace("($id:ID!)", ""),
    ):
        r = await client.get("/graphql", params={"query": query}, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 405, r.text
        assert r.json()["errors"][0]["extensions"]["code"] == "INVALID"
        assert "data" not in r.json()
    assert executions == []
    assert await _snapshot(opp) == before
    assert await Session.filter(user_id=world.users["a_m1"]).count() == 1


@pytest.mark.parametrize(
    ("content_type", "kind"),
    [
        ("text/plain", "raw"),
        ("text/plain;charset=UTF-8", "raw"),
        ("application/x-www-form-urlencoded", "form"),
        ("multipart/form-data", "multipart"),
        ("", "raw"),
    ],
)
async def test_simple_request_content_types_are_refused(
    client, world: World, executions: list[str], content_type: str, kind: str
) -> None:
    await sign_in(client, world, "a_m1")
    opp = world.opportunities["a_m1"]
    before = await _snapshot(opp)
    query = UPDATE.replace("$id", f'"{world.gid("Opportunity", opp)}"').replace("($id:ID!)", "")
    executions.clear()
    if kind == "form":
        r = await client.post("/graphql", data={"query": query})
        assert r.request.headers["content-type"] == content_type
    elif kind == "multipart":
        r = await client.post("/graphql", data={"query": query}, files={"f": ("a.txt", b"x")})
        assert r.request.headers["content-type"].startswith(content_type)
    else:
        headers = {"Content-Type": content_type} if content_type else {}
        r = await client.post("/graphql", content=orjson.dumps({"query": query}), headers=headers)
    assert r.status_code == 415, r.text
    assert r.json()["errors"][0]["extensions"]["code"] == "INVALID"
    assert executions == []
    assert await _snapshot(opp) == before


async def test_batched_array_body_is_refused(client, world: World, executions: list[str]) -> None:
    await sign_in(client, world, "a_m1")
    executions.clear()
    r = await client.post("/graphql", json=[{"query": VIEWER}, {"query": VIEWER}])
    assert r.status_code == 400, r.text
    assert r.json()["errors"][0]["message"] == "Batched operations are not supported."
    assert executions == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "The body is not valid JSON."),
        (b'{"query": ""}', "`query` must be a non-empty string."),
        (b'{"query": 5}', "`query` must be a non-empty string."),
        (b'{"query": "{ viewer { role } }", "variables": [1]}', "`variables` must be an object."),
        (b'{"query": "{ viewer { role } }", "operationName": 3}', "`operationName` must be a string."),
    ],
)
async def test_malformed_bodies_are_refused(client, executions: list[str], body: bytes, message: str) -> None:
    r = await client.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text
    assert r.json()["errors"][0] == {"message": message, "extensions": {"code": "INVALID"}}
    assert executions == []


def _padded_body(total: int) -> bytes:
    """A valid JSON GraphQL request of exactly `total` bytes (the padding is in `variables`)."""
    base = orjson.dumps({"query": "{ viewer { role } }", "variables": {"pad": ""}})
    pad = total - len(base)
    assert pad >= 0
    return orjson.dumps({"query": "{ viewer { role } }", "variables": {"pad": "x" * pad}})


async def test_body_over_max_body_bytes_is_413(client, executions: list[str]) -> None:
    limit = get_settings().max_body_bytes
    ok = _padded_body(limit)
    assert len(ok) == limit
    r = await client.post("/graphql", content=ok, headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    executions.clear()
    big = _padded_body(limit + 1)
    r = await client.post("/graphql", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413, r.text
    assert r.json()["errors"][0]["extensions"]["code"] == "LIMIT"
    assert executions == []


async def test_streamed_body_without_content_length_is_capped(client, executions: list[str]) -> None:
    limit = get_settings().max_body_bytes
    big = _padded_body(limit + 1000)

    async def chunks():  # type: ignore[no-untyped-def]
        for i in range(0, len(big), 4096):
            yield big[i : i + 4096]

    r = await client.post("/graphql", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in r.request.headers
    assert r.status_code == 413, r.text
    assert executions == []


async def test_lying_content_length_is_refused(client, executions: list[str]) -> None:
    r = await client.post(
        "/graphql",
        content=b'{"query": "{ viewer { role } }"}',
        headers={"Content-Type": "application/json", "Content-Length": "999999999"},
    )
    assert r.status_code == 413
    assert executions == []


async def test_document_over_max_document_chars_is_413(client, executions: list[str]) -> None:
    limit = get_settings().max_document_chars
    filler = "{ viewer { role } }"
    at_limit = filler + " " * (limit - len(filler))
    assert len(at_limit) == limit
    r = await client.post("/graphql", json={"query": at_limit})
    assert r.status_code == 200, r.text
    executions.clear()
    over = at_limit + " "
    r = await client.post("/graphql", json={"query": over})
    assert len(orjson.dumps({"query": over})) < get_settings().max_body_bytes  # not the body limit
    assert r.status_code == 413, r.text
    error = r.json()["errors"][0]
    assert error["extensions"]["code"] == "LIMIT"
    assert str(limit) in error["message"]
    assert executions == []


# --- logout --------------------------------------------------------------------------------------


async def test_logout_deletes_the_session_and_clears_cookies(client, world: World) -> None:
    csrf = await login(client, "a_m1")
    old_session = client.cookies["pc_session"]
    assert (await gql(client, VIEWER))["data"]["viewer"]["role"] == "ACCOUNT_MANAGER"
    assert await Session.filter(user_id=world.users["a_m1"]).count() == 1

    r = await client.post("/graphql", json={"query": LOGOUT}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["logout"] == {"ok": True, "userErrors": []}
    cookies = _set_cookies(r)
    for name in ("pc_session", "pc_csrf"):
        assert cookies[name]["value"] in ("", '""'), cookies
        assert cookies[name]["max-age"] == "0", cookies
        assert cookies[name]["path"] == "/"
    assert await Session.filter(user_id=world.users["a_m1"]).count() == 0

    # The old cookie, replayed, is anonymous now.
    client.cookies.clear()
    r = await client.post("/graphql", json={"query": VIEWER}, headers={"Cookie": f"pc_session={old_session}"})
    assert r.status_code == 200
    assert r.json()["data"] == {"viewer": None}
    body = await gql(client, "{ opportunities(first: 5) { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_logout_needs_csrf_and_keeps_the_session_without_it(client, world: World) -> None:
    await login(client, "a_m1")
    r = await client.post("/graphql", json={"query": LOGOUT})
    assert r.status_code == 403
    assert await Session.filter(user_id=world.users["a_m1"]).count() == 1
    assert (await gql(client, VIEWER))["data"]["viewer"]["role"] == "ACCOUNT_MANAGER"


# --- error masking and request ids -------------------------------------------------------------


async def test_unexpected_error_is_masked_and_logged_with_request_id(
    client, world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret sql detail: SELECT * FROM app_user")

    monkeypatch.setattr(opportunities_service, "list_opportunities", boom)
    await sign_in(client, world, "a_m1")
    request_id = "req-0123456789abcdef"
    caplog.set_level(logging.ERROR, logger="partnercenter.graphql")
    r = await client.post(
        "/graphql",
        json={"query": "{ viewer { role } opportunities(first: 5) { totalCount } }"},
        headers={"X-Request-Id": request_id},
    )
    assert r.status_code == 200, r.text
    assert r.headers["x-request-id"] == request_id
    body = r.json()
    assert len(body["errors"]) == 1
    error = body["errors"][0]
    assert error["message"] == "Internal server error."
    assert error["extensions"] == {"code": "INTERNAL", "requestId": request_id}
    assert error["path"] == ["opportunities"]
    assert set(error) <= {"message", "extensions", "path", "locations"}
    text = r.text
    for leak in ("secret", "SELECT", "RuntimeError", "Traceback", "app_user", ".py"):
        assert leak not in text, text
    assert body["data"] is None  # opportunities is non-null: the error bubbles up to data

    records = [rec for rec in caplog.records if rec.name == "partnercenter.graphql"]
    assert len(records) == 1, [rec.getMessage() for rec in records]
    record = records[0]
    assert request_id in record.getMessage()
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)
    assert "secret sql detail" in caplog.text
    assert "Traceback" in caplog.text


async def test_expected_errors_keep_their_message_and_are_not_logged(
    client, caplog: pytest.LogCaptureFixture
) -> None:
    client.cookies.clear()
    caplog.set_level(logging.ERROR, logger="partnercenter.graphql")
    body = await gql(client, "{ opportunities(first: 5) { totalCount } }")
    assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    assert body["errors"][0]["message"] == "Sign in first."
    assert not [rec for rec in caplog.records if rec.name == "partnercenter.graphql"]


async def test_valid_incoming_request_id_is_echoed(client) -> None:
    for rid in ("abcdefgh", "req.1234-ABCD_xyz", "a" * 64):
        r = await client.post("/graphql", json={"query": VIEWER}, headers={"X-Request-Id": rid})
        assert r.headers["x-request-id"] == rid
    # Also on requests refused before execution.
    r = await client.get("/graphql", headers={"X-Request-Id": "kept-on-405"})
    assert r.status_code == 405 and r.headers["x-request-id"] == "kept-on-405"


@pytest.mark.parametrize(
    "bad", ["short", "a" * 65, "has space in it", "evil\\r\\nSet-Cookie", "<script>x</script>", ""]
)
async def test_invalid_incoming_request_id_is_replaced(client, bad: str) -> None:
    headers = {"X-Request-Id": bad} if bad else {}
    r = await client.post("/graphql", json={"query": VIEWER}, headers=headers)
    rid = r.headers["x-request-id"]
    assert rid != bad
    assert re.fullmatch(r"[0-9a-f]{32}", rid), rid
    r2 = await client.post("/graphql", json={"query": VIEWER}, headers=headers)
    assert r2.headers["x-request-id"] != rid  # fresh per request
