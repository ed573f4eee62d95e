"""Global IDs are accepted only in their canonical form (audit finding 5 of the trust issue).

Before: base64 of `Customer:+400`, `Customer:0400`, `Customer: 400` or trailing junk resolved
customer 400, and a reveal audited the string as sent, so it could hide from a search by ID.
"""

from __future__ import annotations

import base64

import httpx
import pytest

from partnercenter.audit.models import AuditRecord
from partnercenter.core.ids import from_global_id, record_key, to_global_id
from tests.factories import World, login

NODE = "query($id: ID!) { node(id: $id) { id } }"
REVEAL = """mutation($ids: [ID!]!) { maskedFieldsReveal(input: {ids: $ids, fields: [NAME]}) {
  records { id name } userErrors { code field } } }"""


def b64(text: str, *, pad: bool = False, alphabet: str = "url") -> str:
    raw = (base64.urlsafe_b64encode if alphabet == "url" else base64.standard_b64encode)(text.encode())
    out = raw.decode()
    return out if pad else out.rstrip("=")


def variants(type_name: str, pk: int) -> list[str]:
    canonical = to_global_id(type_name, pk)
    return [
        b64(f"{type_name}:+{pk}"),
        b64(f"{type_name}:0{pk}"),
        b64(f"{type_name}: {pk}"),
        b64(f"{type_name}:{pk} "),
        b64(f"{type_name}:{pk}\n"),
        b64(f"{type_name}:{pk}_"),
        b64(f" {type_name}:{pk}"),
        canonical + "=",
        canonical + "==",
        canonical + "!",
        canonical + "A",
        " " + canonical,
        canonical + "\n",
    ]


def test_only_the_canonical_spelling_decodes() -> None:
    assert from_global_id(to_global_id("Customer", 400)) == ("Customer", 400)
    for bad in variants("Customer", 400):
        assert from_global_id(bad) is None, bad
    for bad in (b64("Customer:0"), b64("Customer:-4"), b64("Customer:4.0"), b64(":4"), b64("Customer")):
        assert from_global_id(bad) is None, bad
    assert record_key("Customer", 400) == "Customer:400"


async def test_non_canonical_ids_answer_like_unknown_ones(client: httpx.AsyncClient, world: World) -> None:
    csrf = await login(client, "a_admin")
    pk = world.customers["a_m1"]
    canonical = to_global_id("Customer", pk)
    headers = {"X-CSRF-Token": csrf}
    r = await client.post("/graphql", json={"query": NODE, "variables": {"id": canonical}}, headers=headers)
    assert r.json()["data"]["node"] == {"id": canonical}
    for bad in variants("Customer", pk):
        r = await client.post("/graphql", json={"query": NODE, "variables": {"id": bad}}, headers=headers)
        assert r.json()["data"]["node"] is None, bad
        r = await client.post(
            "/graphql", json={"query": REVEAL, "variables": {"ids": [bad]}}, headers=headers
        )
        assert [e["code"] for e in r.json()["data"]["maskedFieldsReveal"]["userErrors"]] == ["NOT_FOUND"], bad
    assert await AuditRecord.all().count() == 0


@pytest.mark.parametrize("repeat", [1, 3])
async def test_reveal_audits_the_canonical_record_key_once(
    client: httpx.AsyncClient, world: World, repeat: int
) -> None:
    csrf = await login(client, "a_admin")
    pk = world.customers["a_m1"]
    ids = [to_global_id("Customer", pk)] * repeat
    r = await client.post(
        "/graphql", json={"query": REVEAL, "variables": {"ids": ids}}, headers={"X-CSRF-Token": csrf}
    )
    assert r.json()["data"]["maskedFieldsReveal"]["userErrors"] == []
    assert await AuditRecord.filter(record_id=f"Customer:{pk}").count() == 1
    assert await AuditRecord.all().count() == 1


def test_masked_emails_hide_the_company_domain_too() -> None:
    """Trust issue finding 6: `o***@tianxindata.com.cn` named the company beside its masked name."""
    from partnercenter.access.masking import mask_email

    assert mask_email("ouyang@tianxindata.com.cn") == "o***@t***.com.cn"
    assert mask_email("zhang.wei@example.com") == "z***@e***.com"
    assert mask_email("li@mail.huawei.com") == "l***@m***.h***.com"
    assert mask_email("a@b.co.uk") == "a***@b***.co.uk"
    assert "tianxin" not in mask_email("sales@tianxin.cn")
