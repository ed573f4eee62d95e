"""Saving a form that shows a free text masked (the customer's name and trade name 字号) must
not overwrite the clear stored text with its mask; a text the viewer did change is saved."""

from __future__ import annotations

import httpx

from partnercenter.access.masking import trade_name
from partnercenter.core.ids import to_global_id
from partnercenter.opportunities.models import Opportunity
from tests.factories import World, gql, login
from tests.test_free_text_masking import _name_the_customer

NODE = """query($id: ID!) { node(id: $id) { ... on Opportunity { name description maskedFields } } }"""
UPDATE = """mutation($input: OpportunityUpdateInput!) { opportunityUpdate(input: $input) {
  opportunity { name description stage } userErrors { code field message } } }"""


async def test_sending_back_the_masked_texts_keeps_the_clear_ones(
    client: httpx.AsyncClient, world: World
) -> None:
    company, trade, pk = await _name_the_customer(world)
    gid = to_global_id("Opportunity", pk)
    csrf = await login(client, "a_m1")
    shown = (await gql(client, NODE, {"id": gid}))["data"]["node"]
    assert shown["maskedFields"] == ["TEXT"] and trade not in shown["name"]

    changes = {"id": gid, "stage": "NEGOTIATION", "name": shown["name"], "description": shown["description"]}
    payload = (await gql(client, UPDATE, {"input": changes}, csrf=csrf))["data"]["opportunityUpdate"]
    assert payload["userErrors"] == []
    assert payload["opportunity"]["stage"] == "NEGOTIATION"
    stored = await Opportunity.get(id=pk)
    assert stored.name == f"{trade}等保2.0项目"
    assert stored.description == f"{company}的迁移（{trade}）"
    assert stored.stage == "NEGOTIATION"

    # A changed name (even one still masked-looking) is saved as typed.
    changes = {"id": gid, "name": "**等保3.0项目", "description": shown["description"]}
    payload = (await gql(client, UPDATE, {"input": changes}, csrf=csrf))["data"]["opportunityUpdate"]
    assert payload["userErrors"] == []
    stored = await Opportunity.get(id=pk)
    assert stored.name == "**等保3.0项目"
    assert stored.description == f"{company}的迁移（{trade}）"


WARNING = """query($c: ID!, $n: String!) { opportunityNameWarning(customerId: $c, name: $n) }"""


async def test_name_warning_says_whether_a_typed_name_names_the_customer(
    client: httpx.AsyncClient, world: World
) -> None:
    company = world.customer_names["a_m1"]
    trade = trade_name(company)
    own = to_global_id("Customer", world.customers["a_m1"])
    other = to_global_id("Customer", world.customers["b_m1"])
    await login(client, "a_m1")

    async def warns(customer: str, name: str) -> bool:
        body = await gql(client, WARNING, {"c": customer, "n": name})
        assert "errors" not in body, body
        return bool(body["data"]["opportunityNameWarning"])

    assert await warns(own, f"{trade}等保项目") is True
    assert await warns(own, f"{company}上云") is True
    assert await warns(own, "等保2.0项目") is False
    # A customer out of scope tells nothing, even named by its full name.
    assert await warns(other, f"{world.customer_names['b_m1']}上云") is False
