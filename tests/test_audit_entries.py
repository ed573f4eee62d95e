"""auditEntries: partner admins read their partner's entries, vendor staff everything, everyone
else their own history; filters; masked actor names; the xlsx export (audited); statement counts
constant in the page size."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import openpyxl
import pytest

from partnercenter.audit.models import AuditEntry, AuditRecord
from tests.factories import World, count_statements, gql, sign_in

LIST = """query($first: Int!, $after: String, $filter: AuditEntryFilter) {
  auditEntries(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id action createdAt actor { id name } actorTokenName organizationName reason reasonText
      detail records { recordId globalId fields } } } } }"""
EXPORT = """mutation($filter: AuditEntryFilter, $language: ExportLanguage) {
  auditEntriesExport(input: {filter: $filter, language: $language}) {
    file { filename rowCount contentBase64 } userErrors { code field message } } }"""


async def _entry(
    world: World, user: str, org: str, action: str, record: str | None = None, **detail: Any
) -> int:
    e = await AuditEntry.create(
        action=action, actor_user_id=world.users[user], org_id=world.orgs[org], detail=detail
    )
    if record:
        await AuditRecord.create(entry_id=e.id, record_id=record, fields_=["PHONE"])
    return e.id


@pytest.fixture
async def log(world: World) -> World:
    c1 = f"Customer:{world.customers['a_m1']}"
    await _entry(world, "a_m1", "a", "REVEAL", c1, fields=["PHONE"], reason="DISPUTE")
    await _entry(world, "a_m2", "a", "EXPORT", list="customers")
    await _entry(world, "a_admin", "a", "FUNDS_SECOND_FACTOR", "Organization:1", required=True)
    await _entry(world, "b_m1", "b", "REVEAL", f"Customer:{world.customers['b_m1']}", fields=["PHONE"])
    await _entry(world, "pdm", "vendor", "REVEAL", c1, fields=["NAME"])
    return world


async def _list(client: httpx.AsyncClient, first: int = 50, **flt: Any) -> dict[str, Any]:
    data = await gql(client, LIST, {"first": first, "filter": flt or None})
    assert "errors" not in data, data
    return data["data"]["auditEntries"]  # type: ignore[no-any-return]


def _actions(conn: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["node"]["action"], e["node"]["organizationName"]) for e in conn["edges"]]


async def test_scopes(client: httpx.AsyncClient, log: World) -> None:
    await sign_in(client, log, "a_admin")
    conn = await _list(client)
    assert conn["totalCount"] == 3
    assert {e["node"]["action"] for e in conn["edges"]} == {"REVEAL", "EXPORT", "FUNDS_SECOND_FACTOR"}
    await sign_in(client, log, "pdm")
    assert (await _list(client))["totalCount"] == 5
    await sign_in(client, log, "vfin")
    assert (await _list(client))["totalCount"] == 5
    for own in ("a_m1", "b_m1", "a_m2"):
        await sign_in(client, log, own)
        conn = await _list(client)
        assert conn["totalCount"] == 1, own
    await sign_in(client, log, "a_lead")  # a supervisor: their own history only
    assert (await _list(client))["totalCount"] == 0


async def test_api_tokens_may_not_read(client: httpx.AsyncClient, log: World) -> None:
    data = await gql(client, LIST, {"first": 5}, token=log.tokens["full"])
    assert data["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_actor_names_masked_and_reason_shown(client: httpx.AsyncClient, log: World) -> None:
    await sign_in(client, log, "a_admin")
    conn = await _list(client, actions=["REVEAL"])
    [node] = [e["node"] for e in conn["edges"]]
    assert node["actor"]["name"] == "孙**"  # 孙经理, masked for the admin until revealed
    assert node["reason"] == "DISPUTE"
    assert node["records"] == [
        {
            "recordId": f"Customer:{log.customers['a_m1']}",
            "globalId": log.gid("Customer", log.customers["a_m1"]),
            "fields": ["PHONE"],
        }
    ]
    await sign_in(client, log, "a_m1")
    [mine] = [e["node"] for e in (await _list(client))["edges"]]
    assert mine["actor"]["name"] == "孙经理"  # one's own name is not masked


async def test_filters(client: httpx.AsyncClient, log: World) -> None:
    await sign_in(client, log, "pdm")
    c1 = f"Customer:{log.customers['a_m1']}"
    assert (await _list(client, recordId=c1))["totalCount"] == 2
    gid = log.gid("Customer", log.customers["a_m1"])
    assert (await _list(client, recordId=gid))["totalCount"] == 2
    assert (await _list(client, actorIds=[log.gid("User", log.users["a_m2"])]))["totalCount"] == 1
    assert (await _list(client, actions=["REVEAL", "EXPORT"]))["totalCount"] == 4
    now = datetime.now(UTC)
    assert (await _list(client, **{"from": (now - timedelta(hours=1)).isoformat()}))["totalCount"] == 5
    assert (await _list(client, to=(now - timedelta(hours=1)).isoformat()))["totalCount"] == 0
    # The filter never widens the scope.
    await sign_in(client, log, "a_admin")
    assert (await _list(client, actorIds=[log.gid("User", log.users["b_m1"])]))["totalCount"] == 0


async def test_paging(client: httpx.AsyncClient, log: World) -> None:
    await sign_in(client, log, "pdm")
    first = await _list(client, first=2)
    assert first["pageInfo"]["hasNextPage"]
    data = await gql(client, LIST, {"first": 10, "after": first["pageInfo"]["endCursor"]})
    rest = data["data"]["auditEntries"]
    ids = [e["node"]["id"] for e in first["edges"] + rest["edges"]]
    assert len(ids) == len(set(ids)) == 5


async def test_export_is_scoped_and_audited(client: httpx.AsyncClient, log: World) -> None:
    csrf = await sign_in(client, log, "a_admin")
    data = await gql(client, EXPORT, {"filter": {"actions": ["REVEAL"]}, "language": "EN"}, csrf=csrf)
    out = data["data"]["auditEntriesExport"]
    assert out["userErrors"] == [] and out["file"]["rowCount"] == 1
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(out["file"]["contentBase64"])))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Time", "Action", "Person")
    assert rows[1][1] == "REVEAL" and rows[1][2] == "孙**" and rows[1][6] == "DISPUTE"
    export = await AuditEntry.filter(action="EXPORT", actor_user_id=log.users["a_admin"]).get()
    assert export.detail["list"] == "auditEntries" and export.detail["rowCount"] == 1


async def test_statement_count_constant(client: httpx.AsyncClient, world: World) -> None:
    for i in range(100):
        user = ("a_m1", "a_m2", "a_admin")[i % 3]
        await _entry(world, user, "a", "REVEAL", f"Customer:{world.customers['a_m1']}", fields=["PHONE"])
    await sign_in(client, world, "a_admin")
    counts = []
    for size in (10, 100):
        with count_statements() as counter:
            conn = await _list(client, first=size)
        assert len(conn["edges"]) == size and conn["totalCount"] == 100
        counts.append(len(counter.statements))
    assert counts[0] == counts[1], counts
