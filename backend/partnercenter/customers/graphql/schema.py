"""Customer list (filters, ordering, keyset pages) within the viewer's scope."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.ids import pk_of
from partnercenter.core.types import Connection, DateTimeRange, OrderDirection, connection_from_page
from partnercenter.customers import service
from partnercenter.customers.graphql.types import (
    AssociationTypeEnum,
    CustomerType,
    IndustryEnum,
    customer_from_row,
)
from partnercenter.customers.permissions import CUSTOMER


@strawberry.enum(description="A distributor's two customer tabs.")
class CustomerView(Enum):
    OWN = "OWN"
    RESELLERS = "RESELLERS"


@strawberry.enum
class CustomerOrderField(Enum):
    ASSOCIATED_AT = "ASSOCIATED_AT"
    CREATED_AT = "CREATED_AT"


@strawberry.input
class CustomerOrder:
    field: CustomerOrderField = CustomerOrderField.ASSOCIATED_AT
    direction: OrderDirection = OrderDirection.DESC


@strawberry.input(description="Filters combine with AND; list values match any of their items.")
class CustomerFilter:
    view: CustomerView | None = None
    association_types: list[AssociationTypeEnum] | None = None  # type: ignore[valid-type]
    industries: list[IndustryEnum] | None = None  # type: ignore[valid-type]
    associated_at: DateTimeRange | None = None
    name: str | None = None
    account_name: str | None = None
    phone: str | None = None
    tag: str | None = None
    manager_ids: list[strawberry.ID] | None = None


def to_query(f: CustomerFilter | None) -> service.CustomerQuery:
    if f is None:
        return service.CustomerQuery()
    return service.CustomerQuery(
        view=f.view.value if f.view else None,
        association_types=f.association_types,
        industries=f.industries,
        associated_from=f.associated_at.from_ if f.associated_at else None,
        associated_to=f.associated_at.to if f.associated_at else None,
        name=f.name,
        account_name=f.account_name,
        phone=f.phone,
        tag=f.tag,
        manager_ids=None if f.manager_ids is None else [p for g in f.manager_ids if (p := pk_of(g, "User"))],
    )


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
