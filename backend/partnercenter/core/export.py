"""xlsx exports of lists: the same rows, scope and masking as the screen (the caller passes the
presented values), written with XlsxWriter in constant memory, and audited by the caller's slice
through `audit.service.record_action(ctx, "EXPORT", ...)`.

The file travels back inside the GraphQL answer (base64), so the SPA talks only GraphQL;
`EXPORT_MAX_ROWS` bounds its size and a bigger list gets a typed error asking for a filter.

Building a 50,000-row file takes seconds of CPU: `write_xlsx` does it in a worker thread so the
event loop keeps answering, and `export_slot` bounds how many run at once (per person: one,
refused with EXPORT_IN_PROGRESS; per process: EXPORT_MAX_CONCURRENT, the rest wait their turn).

The sheet is made for people: dates and times as real Excel dates in China time, money as
numbers in a currency format, a frozen header row and columns fitted to their content."""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import strawberry
import xlsxwriter

from partnercenter.core.errors import DomainError, DomainErrors, ErrorCode
from partnercenter.settings import get_settings

__all__ = [
    "EXPORT_MAX_ROWS",
    "XLSX_CONTENT_TYPE",
    "ExportFile",
    "build_xlsx",
    "export_file",
    "export_slot",
    "write_xlsx",
]

EXPORT_MAX_ROWS = 50_000
CHINA = ZoneInfo("Asia/Shanghai")
_MIN_WIDTH, _MAX_WIDTH = 8, 60
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@strawberry.type(description="A generated file, base64-encoded.")
class ExportFile:
    filename: str
    content_type: str
    content_base64: str
    row_count: int


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def build_xlsx(sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    """Bold frozen header row, then the rows: datetimes as Excel date-times in China time, dates
    as dates, Decimals as numbers with two places in a ¥ format, columns fitted to the content."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "bg_color": "#F2F3F5", "border": 1})
    money = book.add_format({"num_format": '"¥"#,##0.00;-"¥"#,##0.00'})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    widths = [_width(title) + 2 for title in headers]
    for col, title in enumerate(headers):
        ws.write_string(0, col, title, bold)
    ws.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, Decimal):
                ws.write_number(count, col, float(value), money)
                shown = len(f"{value:,.2f}") + 2
            elif isinstance(value, bool):
                ws.write_boolean(count, col, value)
                shown = 5
            elif isinstance(value, int | float):
                ws.write_number(count, col, value)
                shown = len(str(value))
            elif isinstance(value, datetime):
                local = value.astimezone(CHINA) if value.tzinfo else value
                ws.write_datetime(count, col, local.replace(tzinfo=None, microsecond=0), when)
                shown = 19
            elif isinstance(value, date):
                ws.write_datetime(count, col, datetime(value.year, value.month, value.day), day)
                shown = 10
            else:
                text = str(value)
                ws.write_string(count, col, text)
                shown = _width(text)
            if col < len(widths) and shown + 2 > widths[col]:
                widths[col] = shown + 2
    for col, w in enumerate(widths):
        ws.set_column(col, col, max(_MIN_WIDTH, min(_MAX_WIDTH, w)))
    book.close()
    return buf.getvalue(), count


async def write_xlsx(sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    """`build_xlsx` in a worker thread (`rows` is consumed there too: present lazily)."""
    return await asyncio.to_thread(build_xlsx, sheet, headers, rows)


_running: dict[object, int] = {}
_slots: asyncio.Semaphore | None = None


@asynccontextmanager
async def export_slot(owner: object) -> AsyncIterator[None]:
    """One export at a time per person or token (`owner`), EXPORT_MAX_CONCURRENT per process."""
    global _slots
    if _running.get(owner, 0) >= 1:
        raise DomainErrors(
            [DomainError(ErrorCode.EXPORT_IN_PROGRESS, "An export of yours is still running: wait for it.")]
        )
    if _slots is None:
        _slots = asyncio.Semaphore(max(1, get_settings().export_max_concurrent))
    _running[owner] = _running.get(owner, 0) + 1
    try:
        async with _slots:
            yield
    finally:
        _running[owner] -= 1
        if not _running[owner]:
            del _running[owner]


def export_file(filename: str, content: bytes, row_count: int) -> ExportFile:
    return ExportFile(
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
        content_base64=base64.b64encode(content).decode("ascii"),
        row_count=row_count,
    )
