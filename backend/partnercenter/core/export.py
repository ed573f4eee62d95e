"""xlsx exports of lists: the same rows, scope and masking as the screen (the caller passes the
presented values), written with XlsxWriter in constant memory, and audited by the caller's slice
through `audit.service.record_action(ctx, "EXPORT", ...)`.

The file travels back inside the GraphQL answer (base64), so the SPA talks only GraphQL;
`EXPORT_MAX_ROWS` bounds its size and a bigger list gets a typed error asking for a filter."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
import xlsxwriter

__all__ = [
    "EXPORT_MAX_ROWS",
    "XLSX_CONTENT_TYPE",
    "ExportFile",
    "ExportLanguage",
    "build_xlsx",
    "export_file",
]

EXPORT_MAX_ROWS = 50_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@strawberry.enum(description="Language of the sheet's headers and labels.")
class ExportLanguage(Enum):
    ZH_CN = "zh-CN"
    EN = "en"


@strawberry.type(description="A generated file, base64-encoded.")
class ExportFile:
    filename: str
    content_type: str
    content_base64: str
    row_count: int


def build_xlsx(sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    """Header row in bold, then the rows; datetimes as UTC text, Decimals as numbers with 2 places."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "0.00"})
    for col, title in enumerate(headers):
        ws.write_string(0, col, title, bold)
        ws.set_column(col, col, max(12, min(40, len(title) * 2 + 4)))
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, Decimal):
                ws.write_number(count, col, float(value), money)
            elif isinstance(value, bool):
                ws.write_boolean(count, col, value)
            elif isinstance(value, int | float):
                ws.write_number(count, col, value)
            elif isinstance(value, datetime):
                ws.write_string(count, col, value.isoformat().replace("+00:00", "Z"))
            else:
                ws.write_string(count, col, str(value))
    book.close()
    return buf.getvalue(), count


def export_file(filename: str, content: bytes, row_count: int) -> ExportFile:
    return ExportFile(
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
        content_base64=base64.b64encode(content).decode("ascii"),
        row_count=row_count,
    )
