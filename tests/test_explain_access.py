"""explainAccess(id): the rule, the chain (supervision path, owner and assignment date) and each
maskable field's state, from the access registry; null for unknown and out-of-scope ids alike."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from partnercenter.association.models import CustomerAssignment
from partnercenter.warnings.models import CustomerWarning
from tests.factories import World, gql, sign_in
from tests.sharing_factories import pce_setup, share_ho, share_po

EXPLAIN = """query($id: ID!) { explainAccess(id: $id) {
  rule basis chain { kind since person { name } organizationName } fields { field state reason } } }"""


async def _explain(client: httpx.AsyncClient, gid: str, token: str | None = None) -> Any:
    data = await gql(client, EXPLAIN, {"id": gid}, token=token)
    assert "errors" not in data, data
    return data["data"]["explainAccess"]


def _chain(e: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(s["kind"], (s["person"] or {}).get("name") or s["organizationName"]) for s in e["chain"]]


def _fields(e: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {f["field"]: (f["state"], f["reason"]) for f in e["fields"]}


async def test_own_customer_with_assignment_date(client: httpx.AsyncClient, world: World) -> None:
    customer = world.customers["a_m1"]
    at = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)
    await CustomerAssignment.create(
        customer_id=customer,
        partner_id=world.orgs["a"],
        to_manager_id=world.users["a_m1"],
        assigned_by_id=world.users["a_admin"],
        assigned_at=at,
    )
    await sign_in(client, world, "a_m1")
    e = await _explain(client, world.gid("Customer", customer))
    assert (e["rule"], e["basis"]) == ("OWN", "OWN")
    assert _chain(e) == [("OWNS", "孙经理")]
    assert datetime.fromisoformat(e["chain"][0]["since"]) == at
    assert _fields(e) == {f: ("REVEALABLE", None) for f in ("NAME", "ACCOUNT_NAME", "PHONE", "EMAIL")}


async def test_supervision_chain_masks_names(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world, "a_sup")
    e = await _explain(client, world.gid("Customer", world.customers["a_m1"]))
    assert (e["rule"], e["basis"]) == ("SUBTREE", "SUBTREE")
    # you supervise 钱组长, who supervises 孙经理, who owns it (names masked for a supervisor)
    assert _chain(e) == [("SUPERVISES", "钱**"), ("SUPERVISES", "孙**"), ("OWNS", "孙**")]
    assert e["chain"][-1]["since"] is None  # never assigned through the history
    await sign_in(client, world, "a_lead")
    e = await _explain(client, world.gid("Opportunity", world.opportunities["a_m2"]))
    assert _chain(e) == [("SUPERVISES", "周**"), ("OWNS", "周**")]
    # an opportunity's free text follows its customer's name: masked for the supervisor, revealable
    assert e["fields"] == [{"field": "TEXT", "state": "REVEALABLE", "reason": None}]


async def test_reseller_customer_withheld_fields(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world, "a_admin")
    e = await _explain(client, world.gid("Customer", world.customers["r_m1"]))
    assert (e["rule"], e["basis"]) == ("PARTNER_TREE", "RESELLER")
    assert _chain(e) == [("RESELLER", "二级经销乙有限公司")]
    assert _fields(e)["PHONE"] == ("WITHHELD", "BASIC_DATA_ONLY")
    assert _fields(e)["NAME"] == ("REVEALABLE", None)
    e = await _explain(client, world.gid("Customer", world.customers["a_m2"]))
    assert (e["basis"], _chain(e)) == ("PARTNER", [("PARTNER", "总经销甲有限公司")])


async def test_vendor_staff_and_role_denials(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world, "vfin")
    e = await _explain(client, world.gid("Customer", world.customers["b_m1"]))
    assert (e["rule"], _chain(e)) == ("ALL", [("VENDOR_STAFF", None)])
    assert _fields(e)["NAME"] == ("REVEALABLE", None)
    assert _fields(e)["PHONE"] == ("MASKED", "ROLE")


async def test_unknown_and_out_of_scope_answer_alike(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world, "a_m2")
    assert await _explain(client, world.gid("Customer", world.customers["a_m1"])) is None
    assert await _explain(client, world.gid("Customer", 999_999)) is None
    assert await _explain(client, "not-an-id") is None
    assert await _explain(client, world.gid("Opportunity", world.opportunities["b_m1"])) is None
    client.cookies.clear()
    gid = world.gid("Opportunity", world.opportunities["a_m1"])
    assert await _explain(client, gid, token=world.tokens["customers_only"]) is None
    e = await _explain(client, gid, token=world.tokens["full"])
    assert (e["rule"], e["basis"]) == ("ORG", "PARTNER")


async def test_warning_ho_and_po(client: httpx.AsyncClient, world: World) -> None:
    now = datetime(2026, 10, 5, tzinfo=UTC)
    warning = await CustomerWarning.create(
        partner_id=world.orgs["a"],
        customer_id=world.customers["a_m1"],
        kind="CHURN",
        period="2026-10",
        level="HIGH",
        created_at=now,
        evaluated_at=now,
    )
    await sign_in(client, world, "a_lead")
    e = await _explain(client, world.gid("CustomerWarning", warning.id))
    assert (e["rule"], _chain(e)) == ("SUBTREE", [("SUPERVISES", "孙**"), ("OWNS", "孙**")])
    await pce_setup(world)
    ho = await share_ho(world)
    po = await share_po(world)
    await sign_in(client, world, "a_admin")
    e = await _explain(client, world.gid("VendorSharedOpportunity", ho))
    assert (e["rule"], e["basis"]) == ("ORG", "PARTNER")
    assert _fields(e) == {
        "NAME": ("MASKED", "SUMMARY_ONLY"),
        "PHONE": ("WITHHELD", "SUMMARY_ONLY"),
        "EMAIL": ("WITHHELD", "SUMMARY_ONLY"),
    }
    e = await _explain(client, world.gid("PartnerSharedOpportunity", po))
    assert (e["rule"], e["basis"]) == ("ORG", "PARTNER")
    await sign_in(client, world, "pdm")
    e = await _explain(client, world.gid("VendorSharedOpportunity", ho))
    assert (e["rule"], _chain(e)) == ("OWN", [("OWNS", "王海洋")])
    await sign_in(client, world, "b_admin")
    assert await _explain(client, world.gid("VendorSharedOpportunity", ho)) is None
