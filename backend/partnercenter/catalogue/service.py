"""Catalogue reads: every signed-in viewer (and an API token with PRODUCTS_READ) sees the same
active products and prices; the access policy decides it like any other resource."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from partnercenter.access import policy
from partnercenter.catalogue.enums import CloudService
from partnercenter.catalogue.models import Product
from partnercenter.catalogue.permissions import PRODUCT
from partnercenter.core.connection import EMPTY_PAGE, Page, PageArgs, SortKey, fetch_page
from partnercenter.core.context import Viewer

__all__ = [
    "PRODUCT_COLUMNS",
    "PRODUCT_KINDS",
    "PRODUCT_SORT",
    "ProductQuery",
    "list_products",
    "products_by_ids",
]

PRODUCT_COLUMNS = [
    "id",
    "service",
    "code",
    "name",
    "name_en",
    "spec",
    "unit",
    "region",
    "currency",
    "monthly_price",
    "hourly_price",
    "position",
]
PRODUCT_KINDS = {"monthly_price": "money", "hourly_price": "money"}
PRODUCT_SORT = SortKey("POSITION_ASC", "position", "int", False)


@dataclass(slots=True)
class ProductQuery:
    services: list[CloudService] | None = None
    search: str | None = None


def _scoped(viewer: Viewer | None) -> Any:
    q = policy.scope_q(viewer, PRODUCT)
    return None if q is None else Product.filter(q, is_active=True)


async def list_products(viewer: Viewer, f: ProductQuery, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped(viewer)
    if qs is None:
        return EMPTY_PAGE, _zero
    if f.services:
        qs = qs.filter(service__in=[s.value for s in f.services])
    if f.search and f.search.strip():
        qs = qs.filter(code__icontains=f.search.strip())
    return await fetch_page(qs, PRODUCT_SORT, page, PRODUCT_COLUMNS, PRODUCT_KINDS), qs.count


async def products_by_ids(viewer: Viewer | None, ids: list[int]) -> dict[int, dict[str, Any]]:
    qs = _scoped(viewer)
    if qs is None or not ids:
        return {}
    rows = await qs.filter(id__in=ids).values(*PRODUCT_COLUMNS)
    return {r["id"]: r for r in rows}


async def _zero() -> int:
    return 0
