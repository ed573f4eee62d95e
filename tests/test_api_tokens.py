"""API tokens: created by a partner admin, secret shown once and stored only as a SHA-256 hash,
Bearer authentication scoped to the token's organisation (masked), revocation, no CSRF for Bearer."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest

from partnercenter.accounts.models import ApiToken
from partnercenter.core.ids import pk_of, to_global_id
from partnercenter.customers.models import Customer
from partnercenter.opportunities.models import Opportunity
from tests.factories import World, gql, login

TOKEN_FIELDS = "id name prefix scopes createdAt lastUsedAt revokedAt"
CREATE = """mutation($name: String!, $scopes: [TokenScope!]!) {
  apiTokenCreate(input: {name: $name, scopes: $scopes}) {
    secret apiToken { TOKEN_FIELDS } userErrors { code field message } } }""".replace(
    "TOKEN_FIELDS", TOKEN_FIELDS
)
REVOKE = """mutation($id: ID!) { apiTokenRevoke(input: {id: $id}) {
  apiToken { TOKEN_FIELDS } userErrors { code field message } } }""".replace("TOKEN_FIELDS", TOKEN_FIELDS)
TOKENS = "{ apiTokens { " + TOKEN_FIELDS + " } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"
CUSTOMERS = """{ customers(first: 100) { totalCount edges { node {
  id name accountName phone email maskedFields revealableFields hiddenFields } } } }"""
OPPORTUNITIES = """{ opportunities(first: 100) { totalCount edges { node {
  id customer { id name phone } owner { id name } } } } }"""
VIEWER = "{ viewer { role scopes user { id } organization { id } } }"
SCOPES = ["CUSTOMERS_READ", "OPPORTUNITIES_READ"]


async def create(
    client: httpx.AsyncClient,
    csrf: str | None = None,
    token: str | None = None,
    name: str = "CRM 同步",
    scopes: list[str] = SCOPES,
) -> dict[str, Any]:
    body = await gql(client, CREATE, {"name": name, "scopes": scopes}, csrf=csrf, token=token)
    assert "errors" not in body, body
    return body["data"]["apiTokenCreate"]  # type: ignore[no-any-return]


async def bearer(client: httpx.AsyncClient, secret: str, query: str, status: int = 200) -> dict[str, Any]:
    client.cookies.clear()
    return await gql(client, query, token=secret, status=status)


def token_pk(global_id: str) -> int:
    pk = pk_of(global_id, "ApiToken")
    assert pk is not None
    return pk


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def test_admin_creates_a_token_shown_once_and_stored_hashed(
    client: httpx.AsyncClient, world: World
) -> None:
    csrf = await login(client, "a_admin")
    out = await create(client, csrf, scopes=["OPPORTUNITIES_READ", "CUSTOMERS_READ", "CUSTOMERS_READ"])
    assert out["userErrors"] == []
    secret = out["secret"]
    assert secret.startswith("pct_") and len(secret) >= 40
    token = out["apiToken"]
    assert token["name"] == "CRM 同步" and token["scopes"] == SCOPES
    assert token["prefix"] == secret[:10] and secret.startswith(token["prefix"])
    assert token["lastUsedAt"] is None and token["revokedAt"] is None
    row = await ApiToken.get(id=token_pk(token["id"]))
    assert row.org_id == world.orgs["a"] and row.created_by_id == world.users["a_admin"]  # type: ignore[attr-defined]
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = (await ApiToken.filter(id=row.id).values())[0]
    for value in stored.values():  # no column holds the secret, or more of it than the shown prefix
        assert secret not in str(value)
        assert secret[10:20] not in str(value)
    # Never shown again: not in the list, not in the token's own view.
    listed = await gql(client, TOKENS)
    assert secret not in json.dumps(listed)
    assert listed["data"]["apiTokens"][0]["id"] == token["id"]


@pytest.mark.parametrize("who", ["a_m1", "a_lead", "a_sup", "a_fin", "pdm", "vfin", "cust_user", "token"])
async def test_only_partner_admins_create_and_revoke_tokens(
    client: httpx.AsyncClient, world: World, who: str
) -> None:
    before = await ApiToken.all().count()
    target = to_global_id("ApiToken", (await ApiToken.filter(org_id=world.orgs["a"]).first()).id)  # type: ignore[union-attr]
    if who == "token":
        client.cookies.clear()
        kwargs: dict[str, Any] = {"token": world.tokens["full"]}
    else:
        kwargs = {"csrf": await login(client, who)}
    out = await create(client, **kwargs)
    assert out["secret"] is None and out["apiToken"] is None
    assert codes(out) == ["FORBIDDEN"]
    revoked = (await gql(client, REVOKE, {"id": target}, **kwargs))["data"]["apiTokenRevoke"]
    assert revoked["apiToken"] is None and codes(revoked) == ["FORBIDDEN"]
    assert await ApiToken.all().count() == before
    assert await ApiToken.filter(revoked_at__isnull=False).count() == 0
    assert (await gql(client, TOKENS, **kwargs))["data"]["apiTokens"] == []


async def test_anonymous_cannot_create_tokens(client: httpx.AsyncClient, world: World) -> None:
    body = await gql(client, CREATE, {"name": "x", "scopes": SCOPES})
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await gql(client, TOKENS)
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_token_input_is_validated(client: httpx.AsyncClient, world: World) -> None:
    csrf = await login(client, "a_admin")
    before = await ApiToken.all().count()
    assert [(e["code"], e["field"]) for e in (await create(client, csrf, name="  "))["userErrors"]] == [
        ("BLANK", "name")
    ]
    assert [(e["code"], e["field"]) for e in (await create(client, csrf, name="n" * 101))["userErrors"]] == [
        ("TOO_LONG", "name")
    ]
    assert [(e["code"], e["field"]) for e in (await create(client, csrf, scopes=[]))["userErrors"]] == [
        ("BLANK", "scopes")
    ]
    assert (await create(client, csrf, name="n" * 100))["userErrors"] == []  # the boundary is accepted
    before += 1
    assert await ApiToken.all().count() == before


async def test_token_sees_exactly_its_organisations_rows_masked(
    client: httpx.AsyncClient, world: World
) -> None:
    csrf = await login(client, "a_admin")
    secret = (await create(client, csrf))["secret"]
    a = world.orgs["a"]
    expected_customers = {
        to_global_id("Customer", pk)
        for pk in await Customer.filter(partner_id=a).values_list("id", flat=True)
    }
    expected_opportunities = {
        to_global_id("Opportunity", pk)
        for pk in await Opportunity.filter(partner_id=a).values_list("id", flat=True)
    }
    assert len(expected_customers) == 3 and len(expected_opportunities) == 3
    viewer = (await bearer(client, secret, VIEWER))["data"]["viewer"]
    assert viewer == {
        "role": "INTEGRATOR",
        "scopes": SCOPES,
        "user": None,
        "organization": {"id": to_global_id("Organization", a)},
    }
    body = await bearer(client, secret, CUSTOMERS)
    nodes = [e["node"] for e in body["data"]["customers"]["edges"]]
    assert {n["id"] for n in nodes} == expected_customers
    assert body["data"]["customers"]["totalCount"] == 3
    for n in nodes:  # everything masked, nothing revealable, nothing withheld
        assert n["maskedFields"] == ["NAME", "ACCOUNT_NAME", "PHONE", "EMAIL"]
        assert n["revealableFields"] == [] and n["hiddenFields"] == []
        for key in ("name", "accountName", "phone", "email"):
            assert "*" in n[key], (n["id"], key)
    text = json.dumps(body, ensure_ascii=False)
    for name in world.customer_names.values():  # not the reseller's, not B's, and nothing in clear
        assert name not in text
    body = await bearer(client, secret, OPPORTUNITIES)
    opportunities = [e["node"] for e in body["data"]["opportunities"]["edges"]]
    assert {o["id"] for o in opportunities} == expected_opportunities
    assert all("*" in o["customer"]["name"] and "*" in o["owner"]["name"] for o in opportunities)
    # The reseller's and B's customers are unknown to it, one by one too.
    for other in ("r_m1", "b_m1"):
        client.cookies.clear()
        node = await gql(client, NODE, {"id": to_global_id("Customer", world.customers[other])}, token=secret)
        assert node == {"data": {"node": None}}


async def test_last_used_at_is_set_by_use(client: httpx.AsyncClient, world: World) -> None:
    csrf = await login(client, "a_admin")
    out = await create(client, csrf)
    assert out["apiToken"]["lastUsedAt"] is None
    await bearer(client, out["secret"], VIEWER)
    row = await ApiToken.get(id=token_pk(out["apiToken"]["id"]))
    assert row.last_used_at is not None
    await login(client, "a_admin")
    listed = {t["id"]: t for t in (await gql(client, TOKENS))["data"]["apiTokens"]}
    assert listed[out["apiToken"]["id"]]["lastUsedAt"] is not None


async def test_revoked_token_is_refused_at_once(client: httpx.AsyncClient, world: World) -> None:
    csrf = await login(client, "a_admin")
    out = await create(client, csrf)
    secret, token_id = out["secret"], out["apiToken"]["id"]
    assert (await bearer(client, secret, CUSTOMERS))["data"]["customers"]["totalCount"] == 3
    csrf = await login(client, "a_admin")
    revoked = (await gql(client, REVOKE, {"id": token_id}, csrf=csrf))["data"]["apiTokenRevoke"]
    assert revoked["userErrors"] == [] and revoked["apiToken"]["revokedAt"] is not None
    for query in (CUSTOMERS, VIEWER):
        body = await bearer(client, secret, query, status=401)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
        assert "data" not in body or body["data"] is None
    # The other tokens still work.
    assert (await bearer(client, world.tokens["full"], CUSTOMERS))["data"]["customers"]["totalCount"] == 3


async def test_other_partners_tokens_are_unknown_to_an_admin(client: httpx.AsyncClient, world: World) -> None:
    a_token = await ApiToken.filter(org_id=world.orgs["a"]).first()
    assert a_token is not None
    csrf = await login(client, "b_admin")
    assert (await gql(client, TOKENS))["data"]["apiTokens"] == []
    foreign = (await gql(client, REVOKE, {"id": to_global_id("ApiToken", a_token.id)}, csrf=csrf))["data"]
    unknown = (await gql(client, REVOKE, {"id": to_global_id("ApiToken", 987_654)}, csrf=csrf))["data"]
    assert foreign == unknown
    assert codes(foreign["apiTokenRevoke"]) == ["NOT_FOUND"]
    assert (await ApiToken.get(id=a_token.id)).revoked_at is None
    # Nor may the reseller's admin touch its distributor's tokens.
    csrf = await login(client, "r_admin")
    assert (await gql(client, TOKENS))["data"]["apiTokens"] == []
    assert (await gql(client, REVOKE, {"id": to_global_id("ApiToken", a_token.id)}, csrf=csrf))[
        "data"
    ] == unknown


async def test_bearer_mutations_need_no_csrf_header_and_ignore_cookies(
    client: httpx.AsyncClient, world: World
) -> None:
    opp = to_global_id("Opportunity", world.opportunities["a_m1"])
    update = (
        "mutation($id: ID!) { opportunityUpdate(input: {id: $id, confidence: 90}) { userErrors { code } } }"
    )
    body = await gql(client, update, {"id": opp}, token=world.tokens["full"])
    assert body["data"]["opportunityUpdate"]["userErrors"] == [{"code": "FORBIDDEN"}]  # a token only reads
    # An admin's session cookie riding along (no CSRF header) neither blocks nor empowers the token.
    await login(client, "a_admin")
    body = await gql(client, CREATE, {"name": "x", "scopes": SCOPES}, token=world.tokens["full"])
    assert body["data"]["apiTokenCreate"]["secret"] is None
    assert codes(body["data"]["apiTokenCreate"]) == ["FORBIDDEN"]
    # Without the token, the same cookie session needs its CSRF header.
    body = await gql(client, CREATE, {"name": "x", "scopes": SCOPES}, status=403)
    assert body["errors"][0]["extensions"]["code"] == "CSRF"
    assert await ApiToken.all().count() == 2


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer garbage",
        "Bearer pct_garbage",
        "Bearer ",
        "Bearer",
        "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
        "pct_x",
        "Token pct_abc",
    ],
)
async def test_garbage_credentials_get_401(
    client: httpx.AsyncClient, world: World, authorization: str
) -> None:
    r = await client.post("/graphql", json={"query": CUSTOMERS}, headers={"Authorization": authorization})
    assert r.status_code == 401, r.text
    assert [e["extensions"]["code"] for e in r.json()["errors"]] == ["UNAUTHENTICATED"]


async def test_a_valid_secret_with_another_scheme_is_refused(client: httpx.AsyncClient, world: World) -> None:
    r = await client.post(
        "/graphql", json={"query": CUSTOMERS}, headers={"Authorization": f"Token {world.tokens['full']}"}
    )
    assert r.status_code == 401


async def test_token_list_shows_prefix_and_scopes_never_the_secret(
    client: httpx.AsyncClient, world: World
) -> None:
    await login(client, "a_admin")
    body = await gql(client, TOKENS)
    tokens = body["data"]["apiTokens"]
    assert sorted(t["name"] for t in tokens) == ["customers only", "full"]
    by_name = {t["name"]: t for t in tokens}
    for name, key in (("full", "full"), ("customers only", "customers_only")):
        assert by_name[name]["prefix"] == world.tokens[key][:10]
        assert world.tokens[key] not in json.dumps(body)
    assert by_name["full"]["scopes"] == SCOPES
    assert by_name["customers only"]["scopes"] == ["CUSTOMERS_READ"]
    r = await client.post("/graphql", json={"query": "{ apiTokens { secret } }"})
    assert r.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION"  # there is no such field
