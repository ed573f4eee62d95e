"""Finding 6: the customer's name and trade name 字号 inside free text of records tied to it are
masked for whoever sees the customer masked, and revealed (audited) with it. API tokens never
see them clear."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from partnercenter.access.masking import mask_company, trade_name
from partnercenter.audit.models import AuditEntry, AuditRecord
from partnercenter.core.ids import to_global_id
from partnercenter.opportunities.models import Opportunity, OpportunityProgress
from tests.factories import World, gql, login

OPPS = """{ opportunities(first: 50) { edges { node {
  id name description maskedFields revealableFields revealDenials { field reason }
  customer { id name } progressUpdates { note } } } } }"""
NODE = """query($id: ID!) { node(id: $id) { ... on Opportunity {
  id name description maskedFields progressUpdates { note } customer { name } } } }"""
CUSTOMER_OPPS = """query($id: ID!) { node(id: $id) { ... on Customer { name } } }"""
REVEAL = """mutation($ids: [ID!]!, $fields: [MaskedField!]!) {
  maskedFieldsReveal(input: {ids: $ids, fields: $fields}) {
    records { id name texts } userErrors { code field message } } }"""


async def _name_the_customer(world: World, manager: str = "a_m1") -> tuple[str, str, int]:
    company = world.customer_names[manager]
    trade = trade_name(company)
    assert trade
    pk = world.opportunities[manager]
    await Opportunity.filter(id=pk).update(
        name=f"{trade}等保2.0项目", description=f"{company}的迁移（{trade}）"
    )
    await OpportunityProgress.create(
        opportunity_id=pk,
        author_id=world.users[manager],
        note=f"拜访{trade}信息部",
        stage="QUALIFIED",
        created_at=datetime(2026, 2, 1, tzinfo=UTC),
    )
    return company, trade, pk


def _node(data: dict[str, Any], gid: str) -> dict[str, Any]:
    nodes = [e["node"] for e in data["data"]["opportunities"]["edges"]]
    return next(n for n in nodes if n["id"] == gid)


async def test_list_node_and_nested_mask_the_trade_name_and_reveal_opens_them(
    client: httpx.AsyncClient, world: World
) -> None:
    company, trade, pk = await _name_the_customer(world)
    gid = to_global_id("Opportunity", pk)
    for who in ("a_m1", "a_lead", "a_admin"):
        csrf = await login(client, who)
        node = _node(await gql(client, OPPS), gid)
        assert trade not in str(node), (who, node)
        assert node["name"] == "**等保2.0项目"
        assert node["description"] == f"{mask_company(company)}的迁移（**）"
        assert node["progressUpdates"][0]["note"] == "拜访**信息部"
        assert node["maskedFields"] == ["TEXT"] and node["revealableFields"] == ["TEXT"]
        single = (await gql(client, NODE, {"id": gid}))["data"]["node"]
        assert trade not in str(single) and single["maskedFields"] == ["TEXT"]

    # Revealing the customer's name and the opportunity's texts: one call, audited for both.
    csrf = await login(client, "a_m1")
    customer = to_global_id("Customer", world.customers["a_m1"])
    before = await AuditEntry.all().count()
    out = (await gql(client, REVEAL, {"ids": [customer, gid], "fields": ["NAME", "TEXT"]}, csrf=csrf))["data"]
    payload = out["maskedFieldsReveal"]
    assert payload["userErrors"] == []
    by_id = {r["id"]: r for r in payload["records"]}
    assert by_id[customer]["name"] == company
    texts = by_id[gid]["texts"]
    assert texts["name"] == f"{trade}等保2.0项目"
    assert texts["description"] == f"{company}的迁移（{trade}）"
    assert list(texts["progress"].values()) == [f"拜访{trade}信息部"]
    assert await AuditEntry.all().count() == before + 1
    keys = set(await AuditRecord.all().values_list("record_id", flat=True))
    assert f"Opportunity:{pk}" in keys and f"Customer:{world.customers['a_m1']}" in keys


async def test_api_tokens_see_masked_texts_and_cannot_reveal(client: httpx.AsyncClient, world: World) -> None:
    _, trade, pk = await _name_the_customer(world)
    client.cookies.clear()
    data = await gql(client, OPPS, token=world.tokens["full"])
    node = _node(data, to_global_id("Opportunity", pk))
    assert trade not in str(node)
    assert node["revealableFields"] == []
    assert {"field": "TEXT", "reason": "API_TOKEN"} in node["revealDenials"]
    out = await gql(
        client,
        REVEAL,
        {"ids": [to_global_id("Opportunity", pk)], "fields": ["TEXT"]},
        token=world.tokens["full"],
    )
    assert out["data"]["maskedFieldsReveal"]["records"] == []
    assert trade not in str(out)


async def test_vendor_pdm_sees_masked_texts_and_may_reveal_them(
    client: httpx.AsyncClient, world: World
) -> None:
    """The vendor PDM may reveal a customer's name: so the texts too."""
    _, trade, pk = await _name_the_customer(world, "b_m1")
    await login(client, "pdm")
    node = (await gql(client, NODE, {"id": to_global_id("Opportunity", pk)}))["data"]["node"]
    assert node is not None and trade not in str(node)
    assert node["maskedFields"] == ["TEXT"]


async def test_texts_without_the_customer_name_are_unchanged(client: httpx.AsyncClient, world: World) -> None:
    await login(client, "a_m1")
    node = _node(await gql(client, OPPS), to_global_id("Opportunity", world.opportunities["a_m1"]))
    assert node["name"] == "a_m1 上云项目"
