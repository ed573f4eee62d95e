"""The product catalogue query (the same one integrators read with a PRODUCTS_READ token)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.catalogue import service
from partnercenter.catalogue.graphql.types import CloudServiceEnum, ProductType, product_from_row
from partnercenter.catalogue.permissions import PRODUCT
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.types import Connection, connection_from_page


@strawberry.input
class ProductFilter:
    services: list[CloudServiceEnum] | None = None  # type: ignore[valid-type]
    search: str | None = strawberry.field(default=None, description="Part of the product code.")


@strawberry.type
class CatalogueQueries:
    @strawberry.field(description="Products with monthly and hourly prices, in catalogue order.")
    async def products(
        self,
        info: Info[RequestContext, Any],
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ProductFilter | None = None,
    ) -> Connection[ProductType]:
        viewer = policy.require_read(info.context.viewer, PRODUCT)
        f = (
            service.ProductQuery(services=filter.services, search=filter.search)
            if filter
            else service.ProductQuery()
        )
        page, count = await service.list_products(viewer, f, PageArgs(first, after, last, before))
        return connection_from_page(page, count, product_from_row)
