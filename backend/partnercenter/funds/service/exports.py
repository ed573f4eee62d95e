"""xlsx exports of the funds records: account change records 收支明细 and adjust records 调账记录.

The same scope, filters and masking as the screen, the same EXPORT_TOO_LARGE limit as the other
list exports (core.export.EXPORT_MAX_ROWS), headers in the SPA's language (zh-CN or en), and one
audit entry written in the export's own transaction."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.access.policy import MaskedField
from partnercenter.audit.service import record_action
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.errors import ErrorCode, refuse
from partnercenter.core.export import EXPORT_MAX_ROWS, ExportFile, export_file, export_slot, write_xlsx
from partnercenter.customers import service as customers
from partnercenter.customers.permissions import CUSTOMER
from partnercenter.funds.permissions import FUNDS_ACCOUNT_ENTRY, FUNDS_ADJUSTMENT
from partnercenter.funds.service.records import (
    ADJUSTMENT_READ,
    ADJUSTMENT_SORT,
    AdjustmentQuery,
    EntryQuery,
    entry_export_rows,
)

__all__ = ["HEADERS", "export_adjustments", "export_entries"]

EN = "en"

# Column headers in the SPA's two languages (zh-CN first), like exports/labels.py.
HEADERS: dict[str, tuple[str, str]] = {
    "time": ("时间", "Time"),
    "kind": ("类型", "Kind"),
    "operation": ("操作", "Operation"),
    "customer": ("客户名称", "Customer"),
    "reseller": ("二级经销商", "Reseller"),
    "amount": ("金额", "Amount"),
    "currency": ("币种", "Currency"),
    "balanceAfter": ("变动后余额", "Balance after"),
    "transaction": ("交易流水号", "Transaction"),
    "memo": ("备注", "Memo"),
}
ENTRY_HEADERS = ["time", "kind", "amount", "currency", "balanceAfter", "transaction", "memo"]
ADJUSTMENT_HEADERS = [
    "time",
    "operation",
    "customer",
    "reseller",
    "amount",
    "currency",
    "transaction",
    "memo",
]


def headers(language: str, keys: list[str]) -> list[str]:
    return [HEADERS[k][1] if language == EN else HEADERS[k][0] for k in keys]


def _too_large(total: int) -> None:
    if total > EXPORT_MAX_ROWS:
        refuse(
            ErrorCode.EXPORT_TOO_LARGE,
            f"{total} rows match: at most {EXPORT_MAX_ROWS} can be exported; narrow the filters.",
            "filter",
        )


async def _audit(ctx: RequestContext, name: str, count: int, language: str, record_ids: list[str]) -> None:
    async with in_transaction():
        await record_action(
            ctx,
            "EXPORT",
            detail={"list": name, "rows": count, "language": language},
            record_ids=record_ids,
        )


def _owner(viewer: Viewer) -> tuple[str, int | None]:
    """Whose export slot (one export at a time per person or token, like the other lists)."""
    return ("token", viewer.token_id) if viewer.is_token else ("user", viewer.user_id)


async def export_entries(ctx: RequestContext, f: EntryQuery, language: str) -> ExportFile:
    """Account change records of a partner account as xlsx (raises EXPORT_TOO_LARGE)."""
    viewer = policy.require_read(ctx.viewer, FUNDS_ACCOUNT_ENTRY)
    async with export_slot(_owner(viewer)):
        return await _entries_file(ctx, viewer, f, language)


async def _entries_file(ctx: RequestContext, viewer: Viewer, f: EntryQuery, language: str) -> ExportFile:
    rows, total = await entry_export_rows(viewer, f, EXPORT_MAX_ROWS)
    _too_large(total)
    data = (
        [
            r["created_at"],
            r["kind"],
            r["amount"],
            r["currency"],
            r["balance_after"],
            str(r["transaction_id"]),
            r.get("transaction__memo") or "",
        ]
        for r in rows
    )
    content, count = await write_xlsx("account changes", headers(language, ENTRY_HEADERS), data)
    partner = f.partner_id or viewer.org_id
    await _audit(ctx, "fundsAccountEntries", count, language, [f"FundsAccount:{partner}"])
    return export_file("account-changes.xlsx", content, count)


async def _customer_names(ctx: RequestContext, rows: list[dict[str, Any]]) -> dict[int, str]:
    """The customers' names as the screen shows them (masked where the viewer's rights say)."""
    viewer = policy.require_viewer(ctx.viewer)
    ids = sorted({r["customer_id"] for r in rows if r["customer_id"] is not None})
    shown: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        found = await customers.customers_by_ids(viewer, ids[i : i + 500])
        for k, row in found.items():
            rights = policy.field_rights(viewer, CUSTOMER, row)
            shown[k] = policy.show(CUSTOMER, MaskedField.NAME, rights, row["name"])
    return shown


async def export_adjustments(ctx: RequestContext, f: AdjustmentQuery, language: str) -> ExportFile:
    """Adjust records as xlsx: same scope, filters and masking (raises EXPORT_TOO_LARGE)."""
    viewer = policy.require_read(ctx.viewer, FUNDS_ADJUSTMENT)
    async with export_slot(_owner(viewer)):
        return await _adjustments_file(ctx, viewer, f, language)


async def _adjustments_file(
    ctx: RequestContext, viewer: Viewer, f: AdjustmentQuery, language: str
) -> ExportFile:
    _too_large(await ADJUSTMENT_READ.count(viewer, f))
    rows = await ADJUSTMENT_READ.export_rows(viewer, f, ADJUSTMENT_SORT, EXPORT_MAX_ROWS)
    shown = await _customer_names(ctx, rows)
    data = (
        [
            r["created_at"],
            r["operation"],
            shown.get(r["customer_id"], "") if r["customer_id"] else "",
            r.get("reseller__name") or "",
            r["amount"],
            r["currency"],
            str(r["transaction_id"]) if r["transaction_id"] else "",
            r["memo"],
        ]
        for r in rows
    )
    content, count = await write_xlsx("adjust records", headers(language, ADJUSTMENT_HEADERS), data)
    await _audit(
        ctx, "fundsAdjustments", count, language, [f"FundsAdjustment:{r['id']}" for r in rows[:1000]]
    )
    return export_file("adjust-records.xlsx", content, count)
