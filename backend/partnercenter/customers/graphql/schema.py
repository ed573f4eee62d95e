"""Customer list (filters, ordering, keyset pages) within the viewer's scope."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.types import Connection, OrderDirection, connection_from_page
from partnercenter.customers import service
from partnercenter.customers.graphql.inputs import (
    CustomerFilter,
    CustomerOrder,
    CustomerOrderField,
    CustomerView,
    to_query,
)
from partnercenter.customers.graphql.types import CustomerType, customer_from_row
from partnercenter.customers.permissions import CUSTOMER

__all__ = [
    "CustomerFilter",
    "CustomerOrder",
    "CustomerOrderField",
    "CustomerQueries",
    "CustomerView",
    "to_query",
]


@strawberry.type
class CustomerQueries:
    @strawberry.field(description="Customers in the viewer's scope, masked; keyset paginated.")
    async def customers(
        self,
        info: Info[RequestContext, Any],
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: CustomerFilter | None = None,
        order_by: CustomerOrder | None = None,
    ) -> Connection[CustomerType]:
        viewer = policy.require_read(info.context.viewer, CUSTOMER)
        order = order_by or CustomerOrder()
        sort = service.CUSTOMER_SORTS[(order.field.value, order.direction is OrderDirection.DESC)]
        page, count = await service.list_customers(
            viewer, to_query(filter), sort, PageArgs(first, after, last, before)
        )
        return connection_from_page(page, count, lambda r: customer_from_row(viewer, r))
