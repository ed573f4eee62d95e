"""Scoped reads of HOs and POs: one declaration each (list page, by ids, count, the request's loader)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.queryset import QuerySet

from partnercenter.access.reads import Count, ScopedRead
from partnercenter.core.connection import Page, PageArgs, SortKey
from partnercenter.core.context import Viewer
from partnercenter.customers import service as customers
from partnercenter.sharing.enums import HoState, PoState, SupportKind
from partnercenter.sharing.models import PartnerSharedOpportunity, VendorSharedOpportunity
from partnercenter.sharing.service.rules import HO, PO

__all__ = [
    "HO_READ",
    "HO_SORTS",
    "PO_READ",
    "PO_SORTS",
    "HoQuery",
    "PoQuery",
    "hos_by_ids",
    "list_hos",
    "list_pos",
    "pos_by_ids",
]

Row = dict[str, Any]

HO_COLUMNS = [
    "id",
    "partner_id",
    "shared_by_id",
    "title",
    "customer_name",
    "contact_phone",
    "contact_email",
    "industry",
    "region",
    "need",
    "opportunity_type",
    "expected_monthly_revenue",
    "currency",
    "description",
    "state",
    "shared_at",
    "deadline_at",
    "expiring_notified_at",
    "handled_at",
    "handled_by_id",
    "reject_reason",
    "reject_note",
    "customer_id",
    "opportunity_id",
]
HO_JOINED = [
    "partner__name",
    "shared_by__name",
    "shared_by__role",
    "shared_by__org_id",
    "shared_by__phone",
    "shared_by__email",
]
HO_KINDS = {
    "shared_at": "datetime",
    "deadline_at": "datetime",
    "expiring_notified_at": "datetime",
    "handled_at": "datetime",
    "expected_monthly_revenue": "money",
}

PO_COLUMNS = [
    "id",
    "partner_id",
    "opportunity_id",
    "customer_id",
    "owner_id",
    "shared_by_id",
    "support_kind",
    "need",
    "state",
    "shared_at",
    "deadline_at",
    "duplicate_of_id",
    "validated_at",
    "validated_by_id",
    "rejection",
    "reject_reason",
    "signed_at",
    "delivered_at",
]
PO_JOINED = [
    "partner__name",
    "opportunity__owner_id",  # the row scope of managers (sharing/permissions.py)
    *(f"customer__{c}" for c in customers.CUSTOMER_COLUMNS if c != "id"),
]
PO_KINDS = {
    "shared_at": "datetime",
    "deadline_at": "datetime",
    "validated_at": "datetime",
    "signed_at": "datetime",
    "delivered_at": "datetime",
    **{f"customer__{c}": k for c, k in customers.CUSTOMER_KINDS.items()},
}


def _sorts(*specs: tuple[str, str]) -> dict[tuple[str, bool], SortKey]:
    out: dict[tuple[str, bool], SortKey] = {}
    for name, column in specs:
        out[(name, False)] = SortKey(f"{name}_ASC", column, "datetime", False)
        out[(name, True)] = SortKey(f"{name}_DESC", column, "datetime", True)
    return out


# Keyed by (order field, descending), as the GraphQL order input gives them.
HO_SORTS = _sorts(("SHARED_AT", "shared_at"), ("DEADLINE_AT", "deadline_at"))
PO_SORTS = _sorts(("SHARED_AT", "shared_at"), ("DEADLINE_AT", "deadline_at"))


@dataclass(slots=True)
class HoQuery:
    states: list[HoState] | None = None
    partner_ids: list[int] | None = None
    deadline_before: datetime | None = None


@dataclass(slots=True)
class PoQuery:
    states: list[PoState] | None = None
    support_kinds: list[SupportKind] | None = None
    duplicate: bool | None = None
    opportunity_ids: list[int] | None = None


def _ho_filter(viewer: Viewer, qs: QuerySet[Any], f: HoQuery) -> QuerySet[Any]:
    if f.states:
        qs = qs.filter(state__in=[s.value for s in f.states])
    if f.partner_ids is not None:
        qs = qs.filter(partner_id__in=f.partner_ids or [0])
    if f.deadline_before is not None:
        qs = qs.filter(deadline_at__lte=f.deadline_before)
    return qs


def _po_filter(viewer: Viewer, qs: QuerySet[Any], f: PoQuery) -> QuerySet[Any]:
    if f.states:
        qs = qs.filter(state__in=[s.value for s in f.states])
    if f.support_kinds:
        qs = qs.filter(support_kind__in=[k.value for k in f.support_kinds])
    if f.duplicate is not None:
        qs = qs.filter(duplicate_of_id__isnull=not f.duplicate)
    if f.opportunity_ids is not None:
        qs = qs.filter(opportunity_id__in=f.opportunity_ids or [0])
    return qs


def _with_policy_columns(viewer: Viewer, rows: list[Row]) -> list[Row]:
    """The policy's masked-field columns of an HO: customer name, contact phone and email."""
    for r in rows:
        r["name"], r["phone"], r["email"] = r["customer_name"], r["contact_phone"], r["contact_email"]
    return rows


HO_READ = ScopedRead(
    resource=HO,
    model=VendorSharedOpportunity,
    columns=(*HO_COLUMNS, *HO_JOINED),
    kinds=HO_KINDS,
    sorts={s.name: s for s in HO_SORTS.values()},
    apply=_ho_filter,
    finish=_with_policy_columns,
)
PO_READ = ScopedRead(
    resource=PO,
    model=PartnerSharedOpportunity,
    columns=(*PO_COLUMNS, *PO_JOINED),
    kinds=PO_KINDS,
    sorts={s.name: s for s in PO_SORTS.values()},
    apply=_po_filter,
)


async def list_hos(viewer: Viewer, f: HoQuery, sort: SortKey, page: PageArgs) -> tuple[Page, Count]:
    return await HO_READ.page(viewer, f, sort, page)


async def hos_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, Row]:
    return await HO_READ.by_ids(viewer, ids)


async def list_pos(viewer: Viewer, f: PoQuery, sort: SortKey, page: PageArgs) -> tuple[Page, Count]:
    return await PO_READ.page(viewer, f, sort, page)


async def pos_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, Row]:
    return await PO_READ.by_ids(viewer, ids)
