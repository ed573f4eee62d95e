"""Customer queries within the viewer's row scope (rules only; no GraphQL here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from partnercenter.access import policy
from partnercenter.access.policy import MaskedField
from partnercenter.access.reads import ScopedRead
from partnercenter.accounts import service as accounts
from partnercenter.accounts.permissions import USER
from partnercenter.core.connection import Page, PageArgs, SortKey, utc
from partnercenter.core.context import Viewer
from partnercenter.customers.enums import AssociationType, Industry
from partnercenter.customers.models import Customer
from partnercenter.customers.permissions import CUSTOMER, RESELLER_CUSTOMER_HIDDEN

__all__ = [
    "CUSTOMER_COLUMNS",
    "CUSTOMER_KINDS",
    "CUSTOMER_READ",
    "CUSTOMER_SORTS",
    "MANAGER_COLUMNS",
    "CustomerQuery",
    "customer_of",
    "customers_by_ids",
    "filtered_customers",
    "hide_managers_out_of_scope",
    "list_customers",
]

CUSTOMER_COLUMNS = [
    "id",
    "partner_id",
    "name",
    "account_name",
    "phone",
    "email",
    "industry",
    "region",
    "association_type",
    "associated_at",
    "manager_id",
    "tags",
    "created_at",
    "unbound_at",
]
CUSTOMER_KINDS = {"associated_at": "datetime", "created_at": "datetime", "unbound_at": "datetime"}
MANAGER_COLUMNS = ["manager__name", "manager__role", "manager__org_id", "manager__phone", "manager__email"]

CUSTOMER_SORTS = {
    ("ASSOCIATED_AT", False): SortKey("ASSOCIATED_AT_ASC", "associated_at", "datetime", False),
    ("ASSOCIATED_AT", True): SortKey("ASSOCIATED_AT_DESC", "associated_at", "datetime", True),
    ("CREATED_AT", False): SortKey("CREATED_AT_ASC", "created_at", "datetime", False),
    ("CREATED_AT", True): SortKey("CREATED_AT_DESC", "created_at", "datetime", True),
}


@dataclass(slots=True)
class CustomerQuery:
    view: str | None = None  # "OWN" | "RESELLERS" (a distributor's two tabs)
    association_types: list[AssociationType] | None = None
    industries: list[Industry] | None = None
    associated_from: datetime | None = None
    associated_to: datetime | None = None
    name: str | None = None
    account_name: str | None = None
    phone: str | None = None
    tag: str | None = None
    manager_ids: list[int] | None = field(default=None)


def _apply(viewer: Viewer, qs: Any, f: CustomerQuery) -> Any:
    if f.view == "OWN":
        qs = qs.filter(partner_id=viewer.org_id)
    elif f.view == "RESELLERS":
        qs = qs.filter(partner_id__in=list(viewer.reseller_org_ids) or [0])
    if f.association_types:
        qs = qs.filter(association_type__in=[a.value for a in f.association_types])
    if f.industries:
        qs = qs.filter(industry__in=[i.value for i in f.industries])
    if f.associated_from:
        qs = qs.filter(associated_at__gte=utc(f.associated_from))
    if f.associated_to:
        qs = qs.filter(associated_at__lte=utc(f.associated_to))
    for value, masked, column in (
        (f.name, MaskedField.NAME, "name__icontains"),
        (f.account_name, MaskedField.ACCOUNT_NAME, "account_name__icontains"),
        (f.phone, MaskedField.PHONE, "phone__contains"),
    ):
        if value:
            policy.check_filter_allowed(viewer, CUSTOMER, masked)
            qs = qs.filter(**{column: value.strip()})
            if masked in RESELLER_CUSTOMER_HIDDEN and viewer.reseller_org_ids and not viewer.is_vendor:
                # Withheld from a distributor: its resellers' customers must not match (confirming it).
                qs = qs.exclude(partner_id__in=list(viewer.reseller_org_ids))
    if f.tag:
        qs = qs.filter(tags__contains=f",{f.tag.strip()},")
    if f.manager_ids is not None:  # a person outside the people scope filters like an unknown ID
        qs = qs.filter(manager_id__in=accounts.visible_people(viewer, f.manager_ids))
    return qs


def _hide_managers_out_of_scope(viewer: Viewer, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A joined manager the viewer may not see is dropped: the scoped person loader answers null."""
    for r in rows:
        if r.get("manager_id") is not None and not policy.in_scope(
            viewer, USER, {"id": r["manager_id"], "org_id": r.get("manager__org_id")}
        ):
            for column in MANAGER_COLUMNS:
                r.pop(column, None)
    return rows


CUSTOMER_READ = ScopedRead(
    resource=CUSTOMER,
    model=Customer,
    columns=(*CUSTOMER_COLUMNS, *MANAGER_COLUMNS),
    kinds=CUSTOMER_KINDS,
    apply=_apply,
    finish=_hide_managers_out_of_scope,
)
"""The one declaration of customer reads: every list, node, nested reference and export of a
customer goes through it, and `CUSTOMER_READ.loader(ctx)` is the request's one customer loader."""


async def list_customers(viewer: Viewer, f: CustomerQuery, sort: SortKey, page: PageArgs) -> tuple[Page, Any]:
    """A page of rows (with the manager joined) and a coroutine factory for the total count."""
    return await CUSTOMER_READ.page(viewer, f, sort, page)


def filtered_customers(viewer: Viewer, f: CustomerQuery) -> Any:
    """The scoped and filtered queryset (None: the viewer sees no customer); the list's export uses it."""
    return CUSTOMER_READ.filtered(viewer, f)


hide_managers_out_of_scope = _hide_managers_out_of_scope


async def customers_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The customers of these ids the viewer may see (with the manager joined where visible)."""
    return await CUSTOMER_READ.by_ids(viewer, ids)


async def customer_of(viewer: Viewer, customer_id: int | None) -> dict[str, Any] | None:
    """One customer the viewer may see, or None (unknown and out of scope answer alike)."""
    if customer_id is None:
        return None
    return (await CUSTOMER_READ.by_ids(viewer, [customer_id])).get(customer_id)
