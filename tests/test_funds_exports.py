"""Funds exports built in the service: headers in the SPA's language, the one EXPORT_TOO_LARGE
limit of the list exports, and the ledger read only through its service."""

from __future__ import annotations

import ast
import base64
import io
from pathlib import Path

import httpx
import openpyxl
import pytest

from partnercenter.core.ids import to_global_id
from tests.factories import World, gql, sign_in
from tests.funds_factories import fund, move

EXPORTS = (
    "mutation($lang: ExportLanguage!) { "
    "fundsAdjustmentsExport(input: {language: $lang}) { file { contentBase64 rowCount } "
    "userErrors { code } } "
    "fundsAccountEntriesExport(input: {language: $lang}) { file { contentBase64 rowCount } "
    "userErrors { code field } } }"
)


def _header(file: dict[str, str]) -> list[str]:
    ws = openpyxl.load_workbook(io.BytesIO(base64.b64decode(file["contentBase64"]))).active
    return [c.value for c in ws[1]]


async def test_export_headers_follow_the_language(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "100.00")
    csrf = await sign_in(client, world, "a_admin")
    await move(
        client, csrf, "DISBURSE", customer=to_global_id("Customer", world.customers["a_m1"]), amount="10.00"
    )
    zh = (await gql(client, EXPORTS, {"lang": "ZH_CN"}, csrf=csrf))["data"]
    en = (await gql(client, EXPORTS, {"lang": "EN"}, csrf=csrf))["data"]
    assert _header(zh["fundsAdjustmentsExport"]["file"])[:3] == ["时间", "操作", "客户名称"]
    assert _header(en["fundsAdjustmentsExport"]["file"])[:3] == ["Time", "Operation", "Customer"]
    assert _header(zh["fundsAccountEntriesExport"]["file"])[4] == "变动后余额"
    assert _header(en["fundsAccountEntriesExport"]["file"])[4] == "Balance after"


async def test_exports_over_the_limit_are_refused_like_the_other_lists(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnercenter.funds.service import exports

    await fund(world, "a", "100.00")
    csrf = await sign_in(client, world, "a_admin")
    await move(
        client, csrf, "DISBURSE", customer=to_global_id("Customer", world.customers["a_m1"]), amount="1.00"
    )
    monkeypatch.setattr(exports, "EXPORT_MAX_ROWS", 1)
    data = (await gql(client, EXPORTS, {"lang": "EN"}, csrf=csrf))["data"]
    assert data["fundsAdjustmentsExport"]["file"]["rowCount"] == 1  # one adjustment: within the limit
    assert data["fundsAccountEntriesExport"] == {  # a recharge and a disbursement: two entries
        "file": None,
        "userErrors": [{"code": "EXPORT_TOO_LARGE", "field": "filter"}],
    }


def _type_checking_imports(tree: ast.AST) -> set[int]:
    """Line numbers of imports under `if TYPE_CHECKING:` (annotations, not queries)."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            lines |= {n.lineno for n in ast.walk(node) if isinstance(n, ast.ImportFrom)}
    return lines


def test_no_ledger_tables_outside_the_ledger() -> None:
    """Funds and accounts read the ledger through ledger.service only: no ledger models at run
    time, no SQL on its tables."""
    root = Path(__file__).resolve().parent.parent / "backend" / "partnercenter"
    offenders = []
    for slice_ in ("funds", "accounts"):
        for path in (root / slice_).rglob("*.py"):
            rel = path.relative_to(root).as_posix()
            tree = ast.parse(path.read_text())
            annotations_only = _type_checking_imports(tree)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.module == "partnercenter.ledger.models"
                    and node.lineno not in annotations_only
                ):
                    offenders.append(f"{rel}: imports ledger models")
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and "ledger_" in node.value:
                    offenders.append(f"{rel}: SQL on ledger tables")
    assert offenders == []
