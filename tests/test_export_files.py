"""Exports are built off the event loop, one at a time per person, and read well in Excel:
real dates in China time, money as numbers in a currency format, a frozen header, fitted widths
(trust issue finding 7; SPA issue: xlsx quality)."""

from __future__ import annotations

import asyncio
import base64
import io
import threading
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import openpyxl

from partnercenter.core import export as core_export
from tests.factories import World, gql, sign_in
from tests.test_exports import CUSTOMERS


def test_sheet_has_china_time_dates_money_format_frozen_header_and_fitted_widths() -> None:
    rows = [
        [
            "华为技术有限公司北京分公司",
            datetime(2026, 12, 5, 16, 30, 15, 123456, tzinfo=UTC),
            Decimal("1234567.50"),
            date(2026, 12, 31),
            7,
        ],
        ["短", datetime(2026, 1, 1, 0, 0, tzinfo=UTC), Decimal("-3.00"), None, 0],
    ]
    content, count = core_export.build_xlsx("清单", ["名称", "时间", "金额", "日期", "数"], rows)
    assert count == 2
    book = openpyxl.load_workbook(io.BytesIO(content))
    ws = book.worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws["B2"].value == datetime(2026, 12, 6, 0, 30, 15)  # 16:30 UTC is 00:30 the next day in Beijing
    assert ws["B2"].is_date and "yyyy" in ws["B2"].number_format
    assert ws["B3"].value == datetime(2026, 1, 1, 8, 0)
    assert ws["C2"].value == 1234567.5 and "¥" in ws["C2"].number_format and "0.00" in ws["C2"].number_format
    assert ws["D2"].value == datetime(2026, 12, 31) and ws["D2"].number_format == "yyyy-mm-dd"
    assert ws["A1"].font.bold
    width_a = ws.column_dimensions["A"].width
    width_e = ws.column_dimensions["E"].width
    assert width_a >= 26 > width_e  # 13 CJK characters need about 26 columns; a digit doesn't


async def test_the_sheet_is_built_in_a_worker_thread() -> None:
    seen: list[int] = []

    def rows():
        for i in range(3):
            seen.append(threading.get_ident())
            yield [i]

    _, count = await core_export.write_xlsx("s", ["n"], rows())
    assert count == 3
    assert seen and all(t != threading.get_ident() for t in seen)


async def test_one_export_at_a_time_per_person(client: httpx.AsyncClient, world: World) -> None:
    csrf = await sign_in(client, world, "a_lead")
    async with core_export.export_slot(("user", world.users["a_lead"])):
        body = await gql(client, CUSTOMERS, {"input": {}}, csrf=csrf)
        payload = body["data"]["customersExport"]
        assert payload["file"] is None
        assert [e["code"] for e in payload["userErrors"]] == ["EXPORT_IN_PROGRESS"]
    body = await gql(client, CUSTOMERS, {"input": {}}, csrf=csrf)
    f = body["data"]["customersExport"]["file"]
    assert f is not None and f["rowCount"] > 0
    openpyxl.load_workbook(io.BytesIO(base64.b64decode(f["contentBase64"])), read_only=True)


async def test_exports_beyond_the_process_limit_wait_their_turn() -> None:
    core_export._slots = asyncio.Semaphore(1)
    order: list[str] = []

    async def run(name: str) -> None:
        async with core_export.export_slot(name):
            order.append(f"{name}+")
            await asyncio.sleep(0.01)
            order.append(f"{name}-")

    try:
        await asyncio.gather(run("a"), run("b"))
    finally:
        core_export._slots = None
    assert order in (["a+", "a-", "b+", "b-"], ["b+", "b-", "a+", "a-"])
