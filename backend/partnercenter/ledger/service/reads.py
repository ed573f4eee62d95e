"""Ledger reads for other slices: movements per month, totals per kind, and the entries of an
owner's account (a keyset page, export rows, by ids). Other slices never query ledger tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.queryset import QuerySet

from partnercenter.core.connection import Page, PageArgs, SortKey, fetch_page, utc
from partnercenter.core.money import currency as default_currency
from partnercenter.core.money import from_cents
from partnercenter.core.rows import fetch_rows
from partnercenter.ledger.enums import AccountPurpose, OwnerType, TransactionKind
from partnercenter.ledger.models import LedgerEntry
from partnercenter.ledger.service.accounts import conn, is_postgres

__all__ = [
    "ENTRY_COLUMNS",
    "ENTRY_KINDS",
    "ENTRY_SORT",
    "EntryFilter",
    "entries_by_ids",
    "entry_count",
    "entry_page",
    "entry_rows",
    "kind_totals",
    "monthly_flows",
]

ENTRY_COLUMNS = [
    "id",
    "transaction_id",
    "account_id",
    "kind",
    "amount",
    "currency",
    "balance_after",
    "created_at",
    "transaction__memo",
    "transaction__reference_type",
    "transaction__reference_pk",
]
ENTRY_KINDS = {"created_at": "datetime", "amount": "money", "balance_after": "money"}
ENTRY_SORT = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)


def _id_list(ids: Iterable[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)


async def kind_totals(
    owner_type: OwnerType,
    owner_ids: Iterable[int],
    purpose: AccountPurpose,
    kinds: Iterable[TransactionKind],
    currency: str | None = None,
) -> dict[int, Decimal]:
    """Per owner: the signed sum of its account's entries of these kinds (owners without any are
    absent), one statement."""
    ids = sorted({int(i) for i in owner_ids})
    kind_list = sorted(str(k) for k in kinds)
    if not ids or not kind_list:
        return {}
    rows = await conn().execute_query_dict(
        "SELECT a.owner_id AS owner_id, SUM(e.amount) AS total FROM ledger_entry e "
        "JOIN ledger_account a ON a.id = e.account_id "
        f"WHERE a.owner_type = '{owner_type.value}' AND a.owner_id IN ({_id_list(ids)}) "
        f"AND a.purpose = '{purpose.value}' AND a.currency = '{_safe(currency or default_currency())}' "
        f"AND e.kind IN ({', '.join(repr(k) for k in kind_list)}) GROUP BY a.owner_id"
    )
    return {int(r["owner_id"]): from_cents(int(r["total"] or 0)) for r in rows}


def _safe(text: str) -> str:
    if not text.isalnum():
        raise ValueError(f"unexpected currency code {text!r}")
    return text


async def monthly_flows(
    owner_type: OwnerType,
    owner_ids: Iterable[int],
    purpose: AccountPurpose,
    since: datetime,
) -> dict[tuple[int, str], tuple[Decimal, Decimal]]:
    """Per (owner, "YYYY-MM" in UTC): (inflow, outflow) of its account from `since` on; months
    without movement are absent. One statement for all owners."""
    ids = sorted({int(i) for i in owner_ids})
    if not ids:
        return {}
    pg = is_postgres()
    month = "to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM')" if pg else "substr(e.created_at, 1, 7)"
    sql = (
        f"SELECT a.owner_id AS owner_id, {month} AS month, "
        "SUM(CASE WHEN e.amount > 0 THEN e.amount ELSE 0 END) AS inflow, "
        "SUM(CASE WHEN e.amount < 0 THEN -e.amount ELSE 0 END) AS outflow "
        "FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id "
        f"WHERE a.owner_type = '{owner_type.value}' AND a.owner_id IN ({_id_list(ids)}) "
        f"AND a.purpose = '{purpose.value}' AND e.created_at >= {'$1' if pg else '?'} GROUP BY 1, 2"
    )
    start: Any = since if pg else since.isoformat(" ")
    _, rows = await conn().execute_query(sql, [start])
    return {
        (int(r["owner_id"]), str(r["month"])): (
            from_cents(int(r["inflow"] or 0)),
            from_cents(int(r["outflow"] or 0)),
        )
        for r in rows
    }


@dataclass(slots=True)
class EntryFilter:
    kinds: Sequence[TransactionKind] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    transaction_id: int | None = None
    has_transaction_filter: bool = False  # True: only `transaction_id` (None matches nothing)


def _entries(owner_type: OwnerType, owner_id: int, purpose: AccountPurpose, f: EntryFilter) -> QuerySet[Any]:
    qs = LedgerEntry.filter(
        account__owner_type=owner_type, account__owner_id=owner_id, account__purpose=purpose
    )
    if f.kinds:
        qs = qs.filter(kind__in=[str(k) for k in f.kinds])
    if f.created_from:
        qs = qs.filter(created_at__gte=utc(f.created_from))
    if f.created_to:
        qs = qs.filter(created_at__lte=utc(f.created_to))
    if f.has_transaction_filter:
        qs = qs.filter(transaction_id=f.transaction_id or 0)
    return qs


async def entry_page(
    owner_type: OwnerType, owner_id: int, purpose: AccountPurpose, f: EntryFilter, args: PageArgs
) -> tuple[Page, Any]:
    """One keyset page of the account's entries, newest first, and the deferred count."""
    qs = _entries(owner_type, owner_id, purpose, f)
    return await fetch_page(qs, ENTRY_SORT, args, ENTRY_COLUMNS, ENTRY_KINDS), qs.count


async def entry_count(owner_type: OwnerType, owner_id: int, purpose: AccountPurpose, f: EntryFilter) -> int:
    return await _entries(owner_type, owner_id, purpose, f).count()


async def entry_rows(
    owner_type: OwnerType, owner_id: int, purpose: AccountPurpose, f: EntryFilter, limit: int
) -> list[dict[str, Any]]:
    """The account's entries newest first (at most `limit`), for an export."""
    qs = _entries(owner_type, owner_id, purpose, f).order_by("-created_at", "-id").limit(limit)
    return await fetch_rows(qs.values(*ENTRY_COLUMNS), ENTRY_KINDS)


async def entries_by_ids(
    owner_type: OwnerType, purpose: AccountPurpose, ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """Entries of these ids on accounts of that owner type and purpose, with `owner_id`."""
    if not ids:
        return {}
    qs = LedgerEntry.filter(id__in=list(set(ids)), account__owner_type=owner_type, account__purpose=purpose)
    rows = await fetch_rows(qs.values(*ENTRY_COLUMNS, owner_id="account__owner_id"), ENTRY_KINDS)
    return {r["id"]: r for r in rows}
