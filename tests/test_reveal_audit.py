"""maskedFieldsReveal: clear values only within scope and per REVEAL_RIGHTS, and exactly one audit
entry per call (who, which records and fields, from which client), written with the reveal."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from partnercenter.accounts import service as accounts
from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.audit import reveal as reveal_module
from partnercenter.audit.models import AuditEntry, AuditRecord
from partnercenter.core.context import Viewer
from partnercenter.core.ids import from_global_id, record_key, to_global_id
from partnercenter.customers.models import Customer
from partnercenter.settings import get_settings
from tests.factories import World, login
from tests.policy_tables import (
    FIELD_COLUMNS,
    MASKED_FIELDS,
    REVEAL_RIGHTS,
    MaskedField,
    Resource,
    field_rights,
    in_scope,
)

CLIENT_IP = "203.0.113.7"  # the test client's address (tests/conftest.py)
USER_AGENT = "PartnerCenterTest/1.0 (reveal)"
REVEAL = """mutation($ids: [ID!]!, $fields: [MaskedField!]!) {
  maskedFieldsReveal(input: {ids: $ids, fields: $fields}) {
    records { id name accountName phone email } userErrors { code field message } } }"""
GQL_FIELD = {
    MaskedField.NAME: "name",
    MaskedField.ACCOUNT_NAME: "accountName",
    MaskedField.PHONE: "phone",
    MaskedField.EMAIL: "email",
}
# One person of the world per role that holds reveal rights.
ROLE_USER = {
    Role.PARTNER_ADMIN: "a_admin",
    Role.SUPERVISOR: "a_lead",
    Role.ACCOUNT_MANAGER: "a_m1",
    Role.PARTNER_FINANCE: "a_fin",
    Role.VENDOR_PDM: "pdm",
    Role.VENDOR_FINANCE: "vfin",
    Role.CUSTOMER_USER: "cust_user",
}
COLUMNS = {
    Resource.CUSTOMER: ["id", "partner_id", "manager_id", "name", "account_name", "phone", "email"],
    Resource.USER: ["id", "org_id", "name", "phone", "email", "role"],
}


async def reveal(
    client: httpx.AsyncClient,
    ids: list[str],
    fields: list[MaskedField] | list[str],
    *,
    csrf: str | None = None,
    token: str | None = None,
    request_id: str | None = None,
    status: int = 200,
) -> httpx.Response:
    headers = {"User-Agent": USER_AGENT}
    if csrf:
        headers["X-CSRF-Token"] = csrf
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if request_id:
        headers["X-Request-Id"] = request_id
    variables = {"ids": ids, "fields": [f.value if isinstance(f, MaskedField) else f for f in fields]}
    r = await client.post("/graphql", json={"query": REVEAL, "variables": variables}, headers=headers)
    assert r.status_code == status, r.text
    return r


def payload(r: httpx.Response) -> dict[str, Any]:
    body = r.json()
    assert "errors" not in body, body
    return body["data"]["maskedFieldsReveal"]  # type: ignore[no-any-return]


async def session_viewer(client: httpx.AsyncClient) -> Viewer:
    found = await accounts.viewer_for_session(client.cookies[get_settings().session_cookie])
    assert found is not None
    return found[0]


async def rows_of(resource: Resource) -> dict[int, dict[str, Any]]:
    model = Customer if resource is Resource.CUSTOMER else User
    return {r["id"]: r for r in await model.all().values(*COLUMNS[resource])}


def gid(resource: Resource, pk: int) -> str:
    return to_global_id(resource.value, pk)


async def audit_count() -> int:
    return await AuditEntry.all().count()


async def assert_audited(
    before: int,
    viewer: Viewer,
    request_id: str,
    expected: list[tuple[str, list[MaskedField]]],
    asked: list[MaskedField],
) -> None:
    """Exactly one new entry, with one record per revealed record (global id and its fields)."""
    assert await audit_count() == before + 1
    entry = await AuditEntry.all().order_by("-id").first()
    assert entry is not None
    assert entry.action == "REVEAL"
    assert entry.actor_user_id == viewer.user_id and entry.actor_token_id is None  # type: ignore[attr-defined]
    assert entry.org_id == viewer.org_id  # type: ignore[attr-defined]
    assert entry.client_ip == CLIENT_IP
    assert entry.user_agent == USER_AGENT
    assert entry.request_id == request_id
    assert entry.detail == {"fields": sorted(f.value for f in asked)}
    records = await AuditRecord.filter(entry_id=entry.id).order_by("id").values("record_id", "fields_")
    assert [(r["record_id"], r["fields_"]) for r in records] == [
        (canonical(record_id), sorted(f.value for f in fields)) for record_id, fields in expected
    ]


def canonical(global_id: str) -> str:
    """The audit trail keeps `Type:pk`, whatever ID string was sent."""
    decoded = from_global_id(global_id)
    assert decoded is not None
    return record_key(*decoded)


def assert_clear(
    record: dict[str, Any], row: dict[str, Any], resource: Resource, asked: list[MaskedField]
) -> None:
    for field in GQL_FIELD:  # the identifiers (TEXT: tests/test_free_text_masking.py)
        value = record[GQL_FIELD[field]]
        if field in asked and field in MASKED_FIELDS[resource]:
            assert value == row[FIELD_COLUMNS[field]], (row["id"], field)
            assert "*" not in value
        else:
            assert value is None, (row["id"], field)


# --------------------------------------------------------------------------- allowed reveals, per the policy


@pytest.mark.parametrize(
    ("resource", "role"),
    # Resources of this world (shared opportunities: tests/test_authorization_matrix_sharing.py).
    [
        (res, role)
        for res, rights in REVEAL_RIGHTS.items()
        if res in COLUMNS
        for role in rights
        if rights[role]
    ],
    ids=lambda v: v.value,
)
async def test_reveal_per_record_per_policy(
    client: httpx.AsyncClient, world: World, resource: Resource, role: Role
) -> None:
    """Every in-scope record: the revealable fields come back clear, each call audited once; every
    other field is refused (FORBIDDEN, a reason, no audit); the role's own record is never needed."""
    csrf = await login(client, ROLE_USER[role])
    viewer = await session_viewer(client)
    rows = await rows_of(resource)
    inside = [
        row for pk, row in sorted(rows.items()) if in_scope(viewer, resource, row) and pk != viewer.user_id
    ]
    assert inside, "the world must give this role something to reveal"
    revealed = 0
    for n, row in enumerate(inside):
        rights = field_rights(viewer, resource, row)
        assert rights.revealable <= REVEAL_RIGHTS[resource][role]
        asked = [f for f in MaskedField if f in rights.revealable]
        if asked:
            before, request_id = await audit_count(), f"reveal-{role.value}-{n:04d}"
            out = payload(
                await reveal(client, [gid(resource, row["id"])], asked, csrf=csrf, request_id=request_id)
            )
            assert out["userErrors"] == []
            assert [r["id"] for r in out["records"]] == [gid(resource, row["id"])]
            assert_clear(out["records"][0], row, resource, asked)
            await assert_audited(before, viewer, request_id, [(gid(resource, row["id"]), asked)], asked)
            revealed += 1
        for field in MASKED_FIELDS[resource] - rights.revealable:
            before = await audit_count()
            out = payload(await reveal(client, [gid(resource, row["id"])], [field], csrf=csrf))
            assert out["records"] == []
            (error,) = out["userErrors"]
            assert error["code"] == "FORBIDDEN" and error["field"] == "fields"
            assert len(error["message"]) > 10
            assert row[FIELD_COLUMNS[field]] not in json.dumps(out, ensure_ascii=False)
            assert await audit_count() == before
    assert revealed, "REVEAL_RIGHTS grants this role something: at least one reveal must succeed"


async def test_manager_reveals_a_customer_and_a_person(client: httpx.AsyncClient, world: World) -> None:
    """Concrete values, so that the policy-derived test above cannot pass on a wrong table."""
    csrf = await login(client, "a_m1")
    customer = gid(Resource.CUSTOMER, world.customers["a_m1"])
    out = payload(
        await reveal(
            client,
            [customer],
            [MaskedField.NAME, MaskedField.PHONE, MaskedField.EMAIL, MaskedField.ACCOUNT_NAME],
            csrf=csrf,
        )
    )
    assert out == {
        "userErrors": [],
        "records": [
            {
                "id": customer,
                "name": world.customer_names["a_m1"],
                "accountName": "hw_acct00",
                "phone": "13912340000",
                "email": "contact0@cust0.com",
            }
        ],
    }
    person = gid(Resource.USER, world.users["a_m2"])
    out = payload(await reveal(client, [person], [MaskedField.NAME], csrf=csrf))
    assert out["records"] == [
        {"id": person, "name": "周经理", "accountName": None, "phone": None, "email": None}
    ]
    out = payload(await reveal(client, [person], [MaskedField.PHONE], csrf=csrf))
    assert out["records"] == [] and [e["code"] for e in out["userErrors"]] == ["FORBIDDEN"]
    assert "PHONE" in out["userErrors"][0]["message"]
    assert await audit_count() == 2


async def test_one_page_reveal_is_one_entry_with_a_record_each(
    client: httpx.AsyncClient, world: World
) -> None:
    csrf = await login(client, "a_admin")
    viewer = await session_viewer(client)
    rows = await rows_of(Resource.CUSTOMER)
    page = [row for _, row in sorted(rows.items()) if in_scope(viewer, Resource.CUSTOMER, row)]
    assert len(page) == 4  # A's three customers and its reseller R's one
    ids = [gid(Resource.CUSTOMER, row["id"]) for row in page]
    asked = [MaskedField.NAME, MaskedField.ACCOUNT_NAME]
    before = await audit_count()
    r = await reveal(client, ids, asked, csrf=csrf)
    out = payload(r)
    assert out["userErrors"] == []
    assert [rec["id"] for rec in out["records"]] == ids
    for rec, row in zip(out["records"], page, strict=True):
        assert_clear(rec, row, Resource.CUSTOMER, asked)
    # No X-Request-Id was sent: the entry carries the one the server made and answered with.
    await assert_audited(before, viewer, r.headers["X-Request-Id"], [(i, asked) for i in ids], asked)
    assert await AuditRecord.all().count() == len(ids)


async def test_mixed_in_scope_and_out_of_scope_reveals_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    csrf = await login(client, "a_m1")
    mine = gid(Resource.CUSTOMER, world.customers["a_m1"])
    for other in (world.customers["a_m2"], world.customers["r_m1"], world.customers["b_m1"]):
        foreign, unknown = gid(Resource.CUSTOMER, other), gid(Resource.CUSTOMER, 987_654)
        for order in ((mine, foreign), (foreign, mine)):
            out = await reveal(client, list(order), [MaskedField.NAME], csrf=csrf)
            like = await reveal(
                client, [unknown if i == foreign else i for i in order], [MaskedField.NAME], csrf=csrf
            )
            assert out.text.replace(foreign, "<ID>") == like.text.replace(unknown, "<ID>")
            assert payload(out)["records"] == []
            assert [e["code"] for e in payload(out)["userErrors"]] == ["NOT_FOUND"]
            assert world.customer_names["a_m1"] not in out.text
    assert await audit_count() == 0


async def test_unknown_and_malformed_ids_and_other_types(client: httpx.AsyncClient, world: World) -> None:
    csrf = await login(client, "a_admin")
    for bad in (
        "nope",
        gid(Resource.CUSTOMER, 999_999),
        to_global_id("OpportunityProgress", world.opportunities["a_m1"]),
        to_global_id("Organization", world.orgs["a"]),
    ):
        out = payload(await reveal(client, [bad], [MaskedField.NAME], csrf=csrf))
        assert out["records"] == [] and [e["code"] for e in out["userErrors"]] == ["NOT_FOUND"]
    assert await audit_count() == 0


async def test_tokens_cannot_reveal(client: httpx.AsyncClient, world: World) -> None:
    for name in ("full", "customers_only"):
        out = payload(
            await reveal(
                client,
                [gid(Resource.CUSTOMER, world.customers["a_m1"])],
                [MaskedField.NAME],
                token=world.tokens[name],
            )
        )
        assert out["records"] == []
        (error,) = out["userErrors"]
        assert error["code"] == "FORBIDDEN" and "token" in error["message"].lower()
    assert await audit_count() == 0


async def test_anonymous_cannot_reveal(client: httpx.AsyncClient, world: World) -> None:
    out = payload(await reveal(client, [gid(Resource.CUSTOMER, world.customers["a_m1"])], [MaskedField.NAME]))
    assert out["records"] == [] and [e["code"] for e in out["userErrors"]] == ["UNAUTHENTICATED"]
    assert await audit_count() == 0


async def test_id_count_limits(client: httpx.AsyncClient, world: World) -> None:
    csrf = await login(client, "a_m1")
    mine = gid(Resource.CUSTOMER, world.customers["a_m1"])
    for ids in ([mine] * 101, []):
        out = payload(await reveal(client, ids, [MaskedField.NAME], csrf=csrf))
        assert out["records"] == []
        assert [(e["code"], e["field"]) for e in out["userErrors"]] == [("INVALID", "ids")]
    out = payload(await reveal(client, [mine], [], csrf=csrf))
    assert [(e["code"], e["field"]) for e in out["userErrors"]] == [("INVALID", "fields")]
    assert await audit_count() == 0
    out = payload(
        await reveal(client, [mine] * 100, [MaskedField.NAME], csrf=csrf)
    )  # the limit itself is fine; repeats of one ID reveal (and audit) it once
    assert out["userErrors"] == [] and len(out["records"]) == 1
    assert await audit_count() == 1
    assert await AuditRecord.filter(record_id=canonical(mine)).count() == 1


async def test_cookie_session_without_csrf_header_is_refused(client: httpx.AsyncClient, world: World) -> None:
    csrf = await login(client, "a_m1")
    mine = gid(Resource.CUSTOMER, world.customers["a_m1"])
    for header in (None, "wrong-" + csrf):
        r = await reveal(client, [mine], [MaskedField.NAME], csrf=header, status=403)
        body = r.json()
        assert [e["extensions"]["code"] for e in body["errors"]] == ["CSRF"]
        assert world.customer_names["a_m1"] not in r.text
    assert await audit_count() == 0
    assert payload(await reveal(client, [mine], [MaskedField.NAME], csrf=csrf))["userErrors"] == []
    assert await audit_count() == 1


async def test_distributor_gets_only_basic_data_of_reseller_customers(
    client: httpx.AsyncClient, world: World
) -> None:
    csrf = await login(client, "a_admin")
    reseller_customer = gid(Resource.CUSTOMER, world.customers["r_m1"])
    for field in (MaskedField.PHONE, MaskedField.EMAIL):
        r = await reveal(client, [reseller_customer], [field], csrf=csrf)
        out = payload(r)
        assert out["records"] == []
        (error,) = out["userErrors"]
        assert error["code"] == "FORBIDDEN" and "basic data" in error["message"]
        assert "13912340003" not in r.text and "contact3@cust3.com" not in r.text
    # Mixed with a field it may see: still nothing.
    out = payload(await reveal(client, [reseller_customer], [MaskedField.NAME, MaskedField.PHONE], csrf=csrf))
    assert out["records"] == []
    assert await audit_count() == 0
    out = payload(await reveal(client, [reseller_customer], [MaskedField.NAME], csrf=csrf))
    assert out["records"][0]["name"] == world.customer_names["r_m1"]
    assert await audit_count() == 1
    # Its own customer's phone it may reveal.
    own = payload(
        await reveal(
            client, [gid(Resource.CUSTOMER, world.customers["a_m3"])], [MaskedField.PHONE], csrf=csrf
        )
    )
    assert own["records"][0]["phone"] == "13912340002"


async def test_a_failed_audit_write_reveals_nothing(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry and its records are written in one transaction, and the values only leave after it."""

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(reveal_module.AuditRecord, "bulk_create", broken)
    csrf = await login(client, "a_m1")
    r = await reveal(client, [gid(Resource.CUSTOMER, world.customers["a_m1"])], [MaskedField.NAME], csrf=csrf)
    body = r.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INTERNAL"]
    assert world.customer_names["a_m1"] not in r.text
    assert await audit_count() == 0  # the entry was rolled back with its records
