"""maskedFieldsReveal asks for a reason (configurable per role) and caps reveals per person and
hour: a refused call reveals nothing and writes nothing to the audit log."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from partnercenter.audit.models import AuditEntry
from partnercenter.settings import get_settings
from tests.factories import World, gql, sign_in

REVEAL = """mutation($ids: [ID!]!, $reason: RevealReason, $text: String) {
  maskedFieldsReveal(input: {ids: $ids, fields: [PHONE], reason: $reason, reasonText: $text}) {
    records { id phone } userErrors { code field message } } }"""


async def _reveal(
    client: httpx.AsyncClient, csrf: str, ids: list[str], reason: str | None = None, text: str | None = None
) -> dict[str, Any]:
    data = await gql(client, REVEAL, {"ids": ids, "reason": reason, "text": text}, csrf=csrf)
    assert "errors" not in data, data
    return data["data"]["maskedFieldsReveal"]  # type: ignore[no-any-return]


@pytest.fixture
def required_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "reveal_reason_required_roles", ["*"])


async def test_reason_required_by_default_setting(
    client: httpx.AsyncClient, world: World, required_everywhere: None
) -> None:
    csrf = await sign_in(client, world, "a_m1")
    gid = world.gid("Customer", world.customers["a_m1"])
    out = await _reveal(client, csrf, [gid])
    assert out["records"] == []
    assert [(e["code"], e["field"]) for e in out["userErrors"]] == [("BLANK", "reason")]
    assert await AuditEntry.all().count() == 0


async def test_other_needs_text_and_reason_is_audited(
    client: httpx.AsyncClient, world: World, required_everywhere: None
) -> None:
    csrf = await sign_in(client, world, "a_m1")
    gid = world.gid("Customer", world.customers["a_m1"])
    out = await _reveal(client, csrf, [gid], "OTHER", "  ")
    assert [(e["code"], e["field"]) for e in out["userErrors"]] == [("BLANK", "reasonText")]
    out = await _reveal(client, csrf, [gid], "OTHER", "客户来电核对")
    assert out["userErrors"] == [] and out["records"][0]["phone"] == "13912340000"
    out = await _reveal(client, csrf, [gid], "DISPUTE")
    assert out["userErrors"] == []
    details = [e.detail for e in await AuditEntry.filter(action="REVEAL").order_by("id")]
    assert details == [
        {"fields": ["PHONE"], "reason": "OTHER", "reasonText": "客户来电核对"},
        {"fields": ["PHONE"], "reason": "DISPUTE"},
    ]


async def test_reason_optional_for_roles_not_listed(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "reveal_reason_required_roles", ["PARTNER_ADMIN"])
    csrf = await sign_in(client, world, "a_m1")
    out = await _reveal(client, csrf, [world.gid("Customer", world.customers["a_m1"])])
    assert out["userErrors"] == [] and len(out["records"]) == 1
    csrf = await sign_in(client, world, "a_admin")
    out = await _reveal(client, csrf, [world.gid("Customer", world.customers["a_m1"])])
    assert [e["code"] for e in out["userErrors"]] == ["BLANK"]


async def test_hourly_limit_refuses_without_revealing_or_auditing(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "reveal_limit_user", "3/hour")
    csrf = await sign_in(client, world, "a_admin")
    ids = [world.gid("Customer", world.customers[m]) for m in ("a_m1", "a_m2", "a_m3")]
    out = await _reveal(client, csrf, ids[:2], "CUSTOMER_CONTACT")
    assert out["userErrors"] == [] and len(out["records"]) == 2
    out = await _reveal(client, csrf, ids[1:], "CUSTOMER_CONTACT")  # 2 more would make 4
    assert out["records"] == []
    [error] = out["userErrors"]
    assert error["code"] == "RATE_LIMITED" and "3 records per hour" in error["message"]
    assert "minutes" in error["message"]
    assert await AuditEntry.filter(action="REVEAL").count() == 1
    out = await _reveal(client, csrf, ids[2:], "CUSTOMER_CONTACT")  # one still fits
    assert out["userErrors"] == [] and len(out["records"]) == 1
    # The limit is per person: another person still reveals.
    csrf = await sign_in(client, world, "a_m1")
    out = await _reveal(client, csrf, ids[:1], "CUSTOMER_CONTACT")
    assert out["userErrors"] == []


CAPS = "query { viewer { capabilities { resource action allowed } } }"


async def _asks_reason(client: httpx.AsyncClient) -> bool:
    data = await gql(client, CAPS)
    caps = data["data"]["viewer"]["capabilities"]
    [cap] = [c for c in caps if (c["resource"], c["action"]) == ("Reveal", "giveReason")]
    return bool(cap["allowed"])


async def test_capability_tells_the_spa_whether_to_ask(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sign_in(client, world, "a_m1")
    monkeypatch.setattr(get_settings(), "reveal_reason_required_roles", ["*"])
    assert await _asks_reason(client)
    monkeypatch.setattr(get_settings(), "reveal_reason_required_roles", ["PARTNER_ADMIN"])
    assert not await _asks_reason(client)
