"""xlsx exports: read back with openpyxl; masked exactly as presented, the viewer's scope, the
list's filters, one audit entry with the filter and row count, the row limit, token scopes."""

from __future__ import annotations

import base64
import io
from typing import Any

import httpx
import openpyxl
import pytest

from partnercenter.access.masking import mask_company, mask_email, mask_person, mask_phone
from partnercenter.audit.models import AuditEntry
from partnercenter.core import export as core_export
from partnercenter.customers.models import Customer
from partnercenter.warnings import service as warnings
from tests.factories import World, gql, sign_in
from tests.warnings_factories import NOW, RULES, resource, spend

CUSTOMERS = """mutation($input: CustomersExportInput!) { customersExport(input: $input) {
  file { filename contentType contentBase64 rowCount } userErrors { code field message } } }"""
OPPORTUNITIES = CUSTOMERS.replace("customersExport", "opportunitiesExport").replace(
    "CustomersExportInput", "OpportunitiesExportInput"
)
WARNINGS = CUSTOMERS.replace("customersExport", "warningsExport").replace(
    "CustomersExportInput", "WarningsExportInput"
)
KEY = {CUSTOMERS: "customersExport", OPPORTUNITIES: "opportunitiesExport", WARNINGS: "warningsExport"}


async def export(
    client: httpx.AsyncClient, mutation: str, csrf: str | None = None, token: str | None = None, **input: Any
) -> tuple[list[list[Any]], dict[str, Any]]:
    body = await gql(client, mutation, {"input": input}, csrf=csrf, token=token)
    assert "errors" not in body, body
    payload = body["data"][KEY[mutation]]
    if payload["file"] is None:
        return [], payload
    f = payload["file"]
    assert f["filename"].endswith(".xlsx")
    assert f["contentType"] == core_export.XLSX_CONTENT_TYPE
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(f["contentBase64"])), read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert f["rowCount"] == len(rows) - 1
    return rows, payload


def column(rows: list[list[Any]], title: str) -> list[Any]:
    i = rows[0].index(title)
    return [r[i] for r in rows[1:]]


async def test_customers_export_is_masked_scoped_and_audited(client, world: World) -> None:
    csrf = await sign_in(client, world, "a_lead")
    rows, _ = await export(client, CUSTOMERS, csrf)
    assert rows[0][:4] == ["客户名称", "账号名", "联系电话", "邮箱"]
    customers = {
        c.id: c for c in await Customer.filter(id__in=[world.customers["a_m1"], world.customers["a_m2"]])
    }
    names = column(rows, "客户名称")
    assert sorted(names) == sorted(mask_company(c.name) for c in customers.values())  # scope: the team only
    assert sorted(column(rows, "联系电话")) == sorted(mask_phone(c.phone) for c in customers.values())
    assert sorted(column(rows, "邮箱")) == sorted(mask_email(c.email) for c in customers.values())
    assert set(column(rows, "客户经理")) == {mask_person("孙经理"), mask_person("周经理")}
    assert all("*" in n for n in names)
    text = str(rows)
    for name in world.customer_names.values():
        assert name not in text
    entry = await AuditEntry.get(action="EXPORT")
    assert entry.actor_user_id == world.users["a_lead"]  # type: ignore[attr-defined]
    assert entry.detail["list"] == "customers" and entry.detail["rowCount"] == 2
    assert entry.detail["filter"] == {}


async def test_withheld_fields_stay_withheld(client, world: World) -> None:
    """A distributor admin sees only basic data of its reseller's customers: phone and email empty."""
    csrf = await sign_in(client, world, "a_admin")
    rows, _ = await export(client, CUSTOMERS, csrf, filter={"view": "RESELLERS"}, language="EN")
    assert rows[0][:4] == ["Customer name", "Account name", "Phone", "Email"]
    assert len(rows) == 2
    assert rows[1][2] is None and rows[1][3] is None
    assert rows[1][0] == mask_company(world.customer_names["r_m1"])
    entry = await AuditEntry.get(action="EXPORT")
    assert entry.detail["filter"] == {"view": "RESELLERS"} and entry.detail["language"] == "en"


async def test_customer_filters_apply(client, world: World) -> None:
    csrf = await sign_in(client, world, "a_admin")
    rows, _ = await export(client, CUSTOMERS, csrf, filter={"name": "上海"})
    assert column(rows, "客户名称") == [mask_company(world.customer_names["a_m2"])]
    entry = await AuditEntry.get(action="EXPORT")
    assert entry.detail["filter"] == {"name": "上海"} and entry.detail["rowCount"] == 1


async def test_opportunities_export(client, world: World) -> None:
    csrf = await sign_in(client, world, "a_m1")
    rows, _ = await export(client, OPPORTUNITIES, csrf, filter={"stages": ["QUALIFIED"]})
    assert column(rows, "商机名称") == ["a_m1 上云项目"]
    assert column(rows, "客户名称") == [mask_company(world.customer_names["a_m1"])]
    assert column(rows, "商机阶段") == ["需求确认"]
    assert column(rows, "预计月流水") == [10000]
    assert column(rows, "客户经理") == ["孙经理"]  # one's own name is not masked, as on screen
    rows, _ = await export(client, OPPORTUNITIES, csrf, filter={"stages": ["WON"]})
    assert rows[1:] == []
    details = [e.detail for e in await AuditEntry.filter(action="EXPORT").order_by("id")]
    assert [d["rowCount"] for d in details] == [1, 0]
    assert details[0]["filter"] == {"stages": ["QUALIFIED"]}
    assert details[0]["orderBy"] == "UPDATED_AT_DESC"


async def test_warnings_export(client, world: World) -> None:
    await spend(world.customers["a_m1"], [10000, 6900, 4800])
    await resource(world.customers["a_m2"], 5, "db-01", "EVS")
    await resource(world.customers["b_m1"], 5)
    await warnings.refresh_warnings(RULES, NOW)
    csrf = await sign_in(client, world, "a_admin")
    rows, _ = await export(client, WARNINGS, csrf)
    assert sorted(column(rows, "预警类型")) == ["流失预警", "资源预警"]  # not partner B's
    assert sorted(column(rows, "客户名称")) == sorted(
        mask_company(world.customer_names[m]) for m in ("a_m1", "a_m2")
    )
    signals = dict(zip(column(rows, "预警类型"), column(rows, "预警信号"), strict=True))
    assert "EVS db-01" in signals["资源预警"] and "剩余 5 天" in signals["资源预警"]
    assert "2026-10 4800.00 (-30.4%)" in signals["流失预警"]
    rows, _ = await export(client, WARNINGS, csrf, filter={"kinds": ["RESOURCE"]}, language="EN")
    assert column(rows, "Kind") == ["Resource warning"]
    assert set(column(rows, "Level")) <= {"High", "Medium", "Low"}
    assert await AuditEntry.filter(action="EXPORT").count() == 2


async def test_too_many_rows_is_a_typed_error(client, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from partnercenter.exports import service

    monkeypatch.setattr(service, "EXPORT_MAX_ROWS", 2)
    csrf = await sign_in(client, world, "a_admin")
    _, payload = await export(client, CUSTOMERS, csrf)
    assert payload["file"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("EXPORT_TOO_LARGE", "filter")]
    assert await AuditEntry.filter(action="EXPORT").count() == 0
    _, payload = await export(client, CUSTOMERS, csrf, filter={"name": "上海"})
    assert payload["userErrors"] == []


async def test_tokens_export_only_what_their_scopes_read(client, world: World) -> None:
    client.cookies.clear()
    rows, _ = await export(client, CUSTOMERS, token=world.tokens["customers_only"])
    assert len(rows) == 1 + 3  # partner A's own customers (a_m1, a_m2, a_m3): tokens read their org
    body = await gql(client, OPPORTUNITIES, {"input": {}}, token=world.tokens["customers_only"])
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    entry = await AuditEntry.get(action="EXPORT")
    assert entry.actor_token_id is not None  # type: ignore[attr-defined]


@pytest.mark.parametrize("who", ["cust_user", "vfin", "a_fin"])
async def test_roles_without_the_list_export_nothing(client, world: World, who: str) -> None:
    csrf = await sign_in(client, world, who)
    rows, payload = await export(client, WARNINGS, csrf)
    assert rows[1:] == [] and payload["file"]["rowCount"] == 0


async def test_anonymous_cannot_export(client, world: World) -> None:
    client.cookies.clear()
    body = await gql(client, CUSTOMERS, {"input": {}})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
