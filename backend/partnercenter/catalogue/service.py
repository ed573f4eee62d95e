"""Catalogue reads: every signed-in viewer (and an API token with PRODUCTS_READ) sees the same
active products and prices; the access policy decides it like any other resource."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from partnercenter.access.reads import Count, ScopedRead
from partnercenter.catalogue.enums import CloudService
from partnercenter.catalogue.models import Product
from partnercenter.catalogue.permissions import PRODUCT
from partnercenter.core.connection import Page, PageArgs, SortKey
from partnercenter.core.context import Viewer

__all__ = [
    "PRODUCT_COLUMNS",
    "PRODUCT_KINDS",
    "PRODUCT_READ",
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


def _apply_product_filter(viewer: Viewer, qs: QuerySet[Any], f: ProductQuery) -> QuerySet[Any]:
    if f.services:
        qs = qs.filter(service__in=[s.value for s in f.services])
    if f.search and f.search.strip():
        qs = qs.filter(code__icontains=f.search.strip())
    return qs


PRODUCT_READ = ScopedRead(
    resource=PRODUCT,
    model=Product,
    columns=tuple(PRODUCT_COLUMNS),
    kinds=PRODUCT_KINDS,
    sorts={PRODUCT_SORT.name: PRODUCT_SORT},
    apply=_apply_product_filter,
    base=lambda viewer: Q(is_active=True),  # retired products are nobody's
)


async def list_products(viewer: Viewer, f: ProductQuery, page: PageArgs) -> tuple[Page, Count]:
    return await PRODUCT_READ.page(viewer, f, PRODUCT_SORT, page)


async def products_by_ids(viewer: Viewer | None, ids: list[int]) -> dict[int, dict[str, Any]]:
    return await PRODUCT_READ.by_ids(viewer, ids)
