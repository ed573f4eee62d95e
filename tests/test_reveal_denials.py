"""revealDenials: for each masked or withheld field the viewer may not reveal, the reason (ROLE,
API_TOKEN, BASIC_DATA_ONLY), decided by the access policy and consistent with the reveal
mutation's FORBIDDEN answer; computed once per distinct rights, not per row."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from partnercenter.access.presenting import rights_lists
from partnercenter.accounts.enums import Role
from partnercenter.core.context import Viewer
from partnercenter.customers.graphql.types import customer_from_row
from tests import policy_tables as policy
from tests.factories import World, count_statements, gql, login
from tests.policy_tables import FieldRights, MaskedField, Resource, RevealDenialReason

CUSTOMERS = """{ customers(first: 100) { nodes { id maskedFields revealableFields hiddenFields
  revealDenials { field reason } } } }"""
PEOPLE = """query($ids: [ID!]!) { nodes(ids: $ids) { ... on User { id maskedFields revealableFields
  revealDenials { field reason } } } }"""
REVEAL = """mutation($ids: [ID!]!, $fields: [MaskedField!]!) {
  maskedFieldsReveal(input: {ids: $ids, fields: $fields}) {
    records { id } userErrors { code field message } } }"""

ROLE, TOKEN, BASIC = "ROLE", "API_TOKEN", "BASIC_DATA_ONLY"


def _denials(node: dict[str, Any]) -> list[tuple[str, str]]:
    return [(d["field"], d["reason"]) for d in node["revealDenials"]]


async def _customers(client: httpx.AsyncClient, token: str | None = None) -> dict[str, dict[str, Any]]:
    body = await gql(client, CUSTOMERS, token=token)
    assert "errors" not in body, body
    return {n["id"]: n for n in body["data"]["customers"]["nodes"]}


# (username, customer owner key) -> expected revealDenials, written out by hand from DOMAIN.md's
# table so that a wrong policy cannot make this test pass.
CUSTOMER_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("a_m1", "a_m1", []),  # an account manager reveals everything of their own customer
    ("a_admin", "a_m2", []),
    ("a_admin", "r_m1", [("PHONE", BASIC), ("EMAIL", BASIC)]),  # a reseller's customer: basic data only
    ("a_fin", "a_m1", [("PHONE", ROLE), ("EMAIL", ROLE)]),  # finance reveals names only
    ("pdm", "b_m1", [("ACCOUNT_NAME", ROLE), ("PHONE", ROLE), ("EMAIL", ROLE)]),
    ("vfin", "a_m3", [("PHONE", ROLE), ("EMAIL", ROLE)]),
    ("cust_user", "a_m1", []),
]


@pytest.mark.parametrize(("username", "owner", "expected"), CUSTOMER_CASES, ids=lambda v: str(v))
async def test_customer_reveal_denials_per_role(
    client: httpx.AsyncClient, world: World, username: str, owner: str, expected: list[tuple[str, str]]
) -> None:
    await login(client, username)
    node = (await _customers(client))[world.gid("Customer", world.customers[owner])]
    assert _denials(node) == expected
    # Exactly the masked or withheld fields that may not be revealed.
    not_revealable = [
        f
        for f in MaskedField
        if f in (*node["maskedFields"], *node["hiddenFields"]) and f not in node["revealableFields"]
    ]
    assert [f for f, _ in _denials(node)] == not_revealable


async def test_api_token_gets_api_token_reason_for_every_field(
    client: httpx.AsyncClient, world: World
) -> None:
    client.cookies.clear()
    nodes = await _customers(client, token=world.tokens["full"])
    assert nodes, "the token sees its partner's customers"
    for node in nodes.values():
        assert _denials(node) == [(f.value, TOKEN) for f in MaskedField if f is not MaskedField.TEXT], node
    owner = world.gid("User", world.users["a_m1"])
    body = await gql(client, PEOPLE, {"ids": [owner]}, token=world.tokens["full"])
    (person,) = body["data"]["nodes"]
    assert _denials(person) == [("NAME", TOKEN), ("PHONE", TOKEN), ("EMAIL", TOKEN)]


async def test_people_reveal_denials(client: httpx.AsyncClient, world: World) -> None:
    ids = [world.gid("User", world.users[u]) for u in ("a_m1", "a_m2")]
    await login(client, "a_m1")
    me, colleague = (await gql(client, PEOPLE, {"ids": ids}))["data"]["nodes"]
    assert _denials(me) == []  # one's own data is not masked for oneself
    assert _denials(colleague) == [("PHONE", ROLE), ("EMAIL", ROLE)]  # managers reveal names only
    await login(client, "a_lead")
    for person in (await gql(client, PEOPLE, {"ids": ids}))["data"]["nodes"]:
        assert _denials(person) == []


@pytest.mark.parametrize("username", ["a_admin", "a_fin", "pdm", "vfin", "a_m1", "a_lead"])
async def test_reveal_mutation_forbids_exactly_the_denied_fields_with_the_same_reason(
    client: httpx.AsyncClient, world: World, username: str
) -> None:
    """The field's revealDenials reason and the reveal mutation's FORBIDDEN message come from the
    same policy decision; fields without a denial reveal fine."""
    csrf = await login(client, username)
    nodes = await _customers(client)
    assert nodes
    for gid, node in nodes.items():
        denied = dict(_denials(node))
        for field in MaskedField:
            body = await gql(client, REVEAL, {"ids": [gid], "fields": [field.value]}, csrf=csrf)
            out = body["data"]["maskedFieldsReveal"]
            if field.value in denied:
                reason = RevealDenialReason(denied[field.value])
                assert out["userErrors"] == [
                    {
                        "code": "FORBIDDEN",
                        "field": "fields",
                        "message": policy.denial_message(reason, Resource.CUSTOMER, field),
                    }
                ], (gid, field)
            else:
                assert out["userErrors"] == [] and out["records"] == [{"id": gid}], (gid, field)


async def test_token_reveal_message_matches_the_api_token_reason(
    client: httpx.AsyncClient, world: World
) -> None:
    client.cookies.clear()
    gid = world.gid("Customer", world.customers["a_m1"])
    body = await gql(client, REVEAL, {"ids": [gid], "fields": ["NAME"]}, token=world.tokens["full"])
    (error,) = body["data"]["maskedFieldsReveal"]["userErrors"]
    assert error["message"] == policy.denial_message(
        RevealDenialReason.API_TOKEN, Resource.CUSTOMER, MaskedField.NAME
    )


def test_policy_reasons_and_their_order() -> None:
    every = frozenset(MaskedField)
    reseller = FieldRights(
        masked=frozenset({MaskedField.NAME, MaskedField.ACCOUNT_NAME}),
        revealable=frozenset({MaskedField.NAME}),
        hidden=frozenset({MaskedField.PHONE, MaskedField.EMAIL}),
    )
    assert policy.reveal_denials(reseller, False) == (
        (MaskedField.ACCOUNT_NAME, RevealDenialReason.ROLE),
        (MaskedField.PHONE, RevealDenialReason.BASIC_DATA_ONLY),
        (MaskedField.EMAIL, RevealDenialReason.BASIC_DATA_ONLY),
    )
    token = FieldRights(masked=every, revealable=frozenset(), hidden=frozenset())
    assert policy.reveal_denials(token, True) == tuple((f, RevealDenialReason.API_TOKEN) for f in MaskedField)
    assert policy.reveal_denials(FieldRights(every, every, frozenset()), False) == ()
    assert policy.reveal_denials(FieldRights(frozenset(), frozenset(), frozenset()), True) == ()


def test_denials_are_computed_once_per_distinct_rights_and_shared_by_rows() -> None:
    """The per-row cost is one cache lookup: rows with the same rights share one list."""
    viewer = Viewer(org_id=1, role=Role.VENDOR_PDM, user_id=1, is_vendor=True)
    row = {
        "id": 1,
        "partner_id": 2,
        "name": "杭州测试科技有限公司",
        "account_name": "hw_acct01",
        "phone": "13912340000",
        "email": "c@x.com",
        "industry": "INTERNET",
        "region": "华东",
        "association_type": "RESALE",
        "associated_at": None,
        "manager_id": None,
        "tags": "",
    }
    policy.reveal_denials.cache_clear()
    rights_lists.cache_clear()
    first = customer_from_row(viewer, row)
    others = [customer_from_row(viewer, {**row, "id": i}) for i in range(2, 200)]
    assert all(o.reveal_denials is first.reveal_denials for o in others)
    assert rights_lists.cache_info().misses == 1 and rights_lists.cache_info().hits == len(others)
    assert policy.reveal_denials.cache_info().misses == 1
    assert [(d.field, d.reason) for d in first.reveal_denials] == [
        (MaskedField.ACCOUNT_NAME, RevealDenialReason.ROLE),
        (MaskedField.PHONE, RevealDenialReason.ROLE),
        (MaskedField.EMAIL, RevealDenialReason.ROLE),
    ]


async def test_opportunity_list_with_denials_stays_one_page_statement(
    client: httpx.AsyncClient, world: World
) -> None:
    query = """{ opportunities(first: 100) { edges { node { id
      customer { id name revealDenials { field reason } }
      owner { id name revealDenials { field reason } } } } } }"""
    await login(client, "pdm")
    with count_statements() as counter:
        body = await gql(client, query)
    assert "errors" not in body, body
    edges = body["data"]["opportunities"]["edges"]
    assert len(edges) == len(world.opportunities)
    for e in edges:
        assert _denials(e["node"]["customer"]) == [("ACCOUNT_NAME", ROLE), ("PHONE", ROLE), ("EMAIL", ROLE)]
        assert _denials(e["node"]["owner"]) == [("PHONE", ROLE), ("EMAIL", ROLE)]
    assert len(counter.statements) == 2, counter.statements  # the session and the page
