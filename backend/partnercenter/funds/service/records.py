"""The funds lists: adjust records 调账记录 (one ScopedRead), account change records 收支明细
(entries of a partner account, read through the ledger's service), the viewer's customers with
their balances, and the partners whose account the viewer sees."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.queryset import QuerySet

from partnercenter.access import policy
from partnercenter.access.reads import Count, ScopedRead, zero
from partnercenter.accounts.enums import OrgKind
from partnercenter.accounts.models import Organization
from partnercenter.core.connection import EMPTY_PAGE, Page, PageArgs, SortKey, fetch_page, utc
from partnercenter.core.context import Viewer
from partnercenter.customers import service as customers
from partnercenter.customers.enums import AssociationType
from partnercenter.funds.enums import AdjustmentOperation
from partnercenter.funds.models import FundsAdjustment
from partnercenter.funds.permissions import (
    FUNDS_ACCOUNT,
    FUNDS_ACCOUNT_ENTRY,
    FUNDS_ADJUSTMENT,
    can_move_funds,
)
from partnercenter.funds.service.figures import customer_balances
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType, TransactionKind

__all__ = [
    "ADJUSTMENT_READ",
    "ADJUSTMENT_SORT",
    "ENTRY_SORT",
    "AdjustmentQuery",
    "EntryQuery",
    "adjustment_rows",
    "adjustments_by_ids",
    "entries_by_ids",
    "entry_export_rows",
    "list_adjustments",
    "list_entries",
    "list_funds_customers",
    "list_partner_accounts",
]

ADJUSTMENT_COLUMNS = [
    "id",
    "partner_id",
    "operation",
    "target",
    "customer_id",
    "reseller_id",
    "amount",
    "currency",
    "actor_user_id",
    "transaction_id",
    "memo",
    "created_at",
]
ADJUSTMENT_SORT = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)
ENTRY_SORT = ledger.ENTRY_SORT


@dataclass(slots=True)
class AdjustmentQuery:
    customer_ids: list[int] | None = None
    reseller_ids: list[int] | None = None
    operations: list[AdjustmentOperation] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    transaction_id: int | None = None
    has_transaction_filter: bool = False


def _apply_adjustments(viewer: Viewer, qs: QuerySet[Any], f: AdjustmentQuery) -> QuerySet[Any]:
    if f.customer_ids is not None:
        qs = qs.filter(customer_id__in=f.customer_ids or [0])
    if f.reseller_ids is not None:
        qs = qs.filter(reseller_id__in=f.reseller_ids or [0])
    if f.operations:
        qs = qs.filter(operation__in=[o.value for o in f.operations])
    if f.created_from:
        qs = qs.filter(created_at__gte=utc(f.created_from))
    if f.created_to:
        qs = qs.filter(created_at__lte=utc(f.created_to))
    if f.has_transaction_filter:
        qs = qs.filter(transaction_id=f.transaction_id or 0)
    return qs


ADJUSTMENT_READ = ScopedRead(
    resource=FUNDS_ADJUSTMENT,
    model=FundsAdjustment,
    columns=(*ADJUSTMENT_COLUMNS, "reseller__name"),
    kinds={"created_at": "datetime", "amount": "money"},
    sorts={ADJUSTMENT_SORT.name: ADJUSTMENT_SORT},
    apply=_apply_adjustments,
)


async def list_adjustments(viewer: Viewer, f: AdjustmentQuery, page: PageArgs) -> tuple[Page, Count]:
    return await ADJUSTMENT_READ.page(viewer, f, ADJUSTMENT_SORT, page)


async def adjustments_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    return await ADJUSTMENT_READ.by_ids(viewer, ids)


async def adjustment_rows(adjustments: Sequence[FundsAdjustment]) -> list[dict[str, Any]]:
    """Rows (as the lists select them) of adjustments just made or replayed by the viewer: no
    re-read, one query for reseller names only when a reseller is involved."""
    reseller_ids = {a.reseller_id for a in adjustments if a.reseller_id is not None}
    names = (
        dict(await Organization.filter(id__in=list(reseller_ids)).values_list("id", "name"))
        if reseller_ids
        else {}
    )
    rows = []
    for a in adjustments:
        row = {c: getattr(a, c) for c in ADJUSTMENT_COLUMNS}
        row["reseller__name"] = names.get(a.reseller_id) if a.reseller_id is not None else None
        rows.append(row)
    return rows


@dataclass(slots=True)
class EntryQuery:
    partner_id: int | None = None  # vendor finance picks a partner; partners see their own
    kinds: list[TransactionKind] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    transaction_id: int | None = None
    has_transaction_filter: bool = False

    def ledger_filter(self) -> ledger.EntryFilter:
        return ledger.EntryFilter(
            kinds=self.kinds,
            created_from=self.created_from,
            created_to=self.created_to,
            transaction_id=self.transaction_id,
            has_transaction_filter=self.has_transaction_filter,
        )


def _entries_partner(viewer: Viewer, partner_id: int | None) -> int | None:
    """The partner whose account entries the viewer may read (None: none)."""
    if policy.scope_q(viewer, FUNDS_ACCOUNT_ENTRY) is None:
        return None
    org = partner_id if partner_id is not None else viewer.org_id
    return org if policy.in_scope(viewer, FUNDS_ACCOUNT_ENTRY, {"partner_id": org}) else None


async def list_entries(viewer: Viewer, f: EntryQuery, page: PageArgs) -> tuple[Page, Count]:
    org = _entries_partner(viewer, f.partner_id)
    if org is None:
        page.validate()
        return EMPTY_PAGE, zero
    return await ledger.entry_page(OwnerType.ORG, org, AccountPurpose.PARTNER_FUNDS, f.ledger_filter(), page)


async def entry_export_rows(viewer: Viewer, f: EntryQuery, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The rows of an export (at most `limit`) and how many match."""
    org = _entries_partner(viewer, f.partner_id)
    if org is None:
        return [], 0
    lf = f.ledger_filter()
    total = await ledger.entry_count(OwnerType.ORG, org, AccountPurpose.PARTNER_FUNDS, lf)
    if total > limit:
        return [], total
    return await ledger.entry_rows(OwnerType.ORG, org, AccountPurpose.PARTNER_FUNDS, lf, limit), total


async def entries_by_ids(viewer: Viewer | None, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Node loader: an entry of a partner account in the viewer's scope."""
    if viewer is None or policy.scope_q(viewer, FUNDS_ACCOUNT_ENTRY) is None or not ids:
        return {}
    rows = await ledger.entries_by_ids(OwnerType.ORG, AccountPurpose.PARTNER_FUNDS, ids)
    out = {}
    for r in rows.values():
        r["partner_id"] = r["owner_id"]
        if policy.in_scope(viewer, FUNDS_ACCOUNT_ENTRY, r):
            out[r["id"]] = r
    return out


FUNDS_CUSTOMER_SORT = SortKey("ASSOCIATED_AT_DESC", "associated_at", "datetime", True)


async def list_funds_customers(
    viewer: Viewer, page: PageArgs, resale_only: bool = False, name: str | None = None
) -> tuple[Page, Count, dict[int, Decimal]]:
    """The viewer's own customers (through the customers' scoped list), with their unspent balances."""
    query = customers.CustomerQuery(
        view="OWN", association_types=[AssociationType.RESALE] if resale_only else None, name=name
    )
    qs = customers.filtered_customers(viewer, query) if can_move_funds(viewer) else None
    if qs is None:
        page.validate()
        return EMPTY_PAGE, zero, {}
    result = await fetch_page(
        qs, FUNDS_CUSTOMER_SORT, page, customers.CUSTOMER_COLUMNS, customers.CUSTOMER_KINDS
    )
    balances = await customer_balances([r["id"] for r in result.rows]) if result.rows else {}
    return result, qs.count, balances


async def list_partner_accounts(
    viewer: Viewer, page: PageArgs, name: str | None = None
) -> tuple[Page, Count]:
    """Partners whose funds account the viewer sees (vendor finance: every partner)."""
    if policy.scope_q(viewer, FUNDS_ACCOUNT) is None:
        page.validate()
        return EMPTY_PAGE, zero
    # FUNDS_ACCOUNT rows are organisations: partner_id is the organisation's own id.
    scope = policy.row_scope(viewer, FUNDS_ACCOUNT)
    qs = Organization.filter(kind=OrgKind.PARTNER)
    if scope.value == "ORG":
        qs = qs.filter(id=viewer.org_id)
    elif scope.value == "PARTNER_TREE":
        qs = qs.filter(id__in=[viewer.org_id, *viewer.reseller_org_ids])
    if name:
        qs = qs.filter(name__icontains=name.strip())
    sort = SortKey("ID_ASC", "id", "int", False)
    result = await fetch_page(qs, sort, page, ["id", "name", "distributor_id"], {})
    return result, qs.count
