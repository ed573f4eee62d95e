"""GraphQL filter and order inputs of the customer list (also used by the customer export)."""

from __future__ import annotations

from enum import Enum

import strawberry

from partnercenter.core.ids import pk_of
from partnercenter.core.types import DateTimeRange, OrderDirection
from partnercenter.customers import service
from partnercenter.customers.graphql.types import AssociationTypeEnum, IndustryEnum


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
