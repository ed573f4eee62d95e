"""GraphQL type of a customer, masked once per object by the access policy."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.access.policy import Resource
from partnercenter.accounts.graphql.types import (
    OrganizationType,
    UserType,
    organization_loader,
    user_from_prefixed,
    user_loader,
)
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import to_global_id
from partnercenter.core.node import register_node_type
from partnercenter.core.presenting import rights_lists
from partnercenter.core.types import MaskedField, Node
from partnercenter.customers import service
from partnercenter.customers.enums import AssociationType, Industry

IndustryEnum = strawberry.enum(Industry, name="Industry", description="Customer industry 客户行业.")
AssociationTypeEnum = strawberry.enum(
    AssociationType, name="AssociationType", description="RESALE 代售 or CONSULTING 顾问销售."
)


@strawberry.type(name="Customer", description="A sub-customer 子客户 of a partner.")
class CustomerType(Node):
    id: strawberry.ID
    name: str
    account_name: str
    phone: str | None
    email: str | None
    industry: IndustryEnum  # type: ignore[valid-type]
    region: str
    association_type: AssociationTypeEnum  # type: ignore[valid-type]
    associated_at: datetime
    tags: list[str]
    is_reseller_customer: bool = strawberry.field(
        description="A secondary reseller's customer seen by its distributor (basic data only)."
    )
    masked_fields: list[MaskedField]  # type: ignore[valid-type]
    revealable_fields: list[MaskedField]  # type: ignore[valid-type]
    hidden_fields: list[MaskedField]  # type: ignore[valid-type]
    manager_id: strawberry.Private[int | None]
    manager_ref: strawberry.Private[UserType | None]
    partner_id: strawberry.Private[int]

    @strawberry.field(description="The responsible account manager 客户经理.")
    def manager(self, info: Info[RequestContext, Any]) -> UserType | None:
        if self.manager_ref is not None or self.manager_id is None:
            return self.manager_ref
        return user_loader(info.context).load(self.manager_id)  # type: ignore[no-any-return]

    @strawberry.field(description="The partner the customer is associated with.")
    async def partner(self, info: Info[RequestContext, Any]) -> OrganizationType | None:
        return await organization_loader(info.context).load(self.partner_id)


def customer_from_row(
    viewer: Viewer, row: dict[str, Any], prefix: str = "", pk: int | None = None
) -> CustomerType:
    """From a customer row, or from columns joined under `prefix` (e.g. `customer__`) with its `pk`."""
    if prefix:
        row = {short: row[full] for full, short in _prefixed_keys(prefix)}
        row["id"] = pk
    shown, rights = policy.present(viewer, Resource.CUSTOMER, row)
    masked, revealable, hidden = rights_lists(rights)
    manager_id = row.get("manager_id")
    manager_ref = (
        user_from_prefixed(viewer, row, "manager", manager_id)
        if manager_id is not None and "manager__name" in row
        else None
    )
    return CustomerType(
        id=strawberry.ID(to_global_id("Customer", row["id"])),
        name=shown["name"],
        account_name=shown["account_name"],
        phone=shown.get("phone"),
        email=shown.get("email"),
        industry=Industry(row["industry"]),
        region=row["region"],
        association_type=AssociationType(row["association_type"]),
        associated_at=row["associated_at"],
        tags=[t for t in (row.get("tags") or "").split(",") if t],
        is_reseller_customer=row["partner_id"] in viewer.reseller_org_ids,
        masked_fields=masked,
        revealable_fields=revealable,
        hidden_fields=hidden,
        manager_id=manager_id,
        manager_ref=manager_ref,
        partner_id=row["partner_id"],
    )


@lru_cache(maxsize=8)
def _prefixed_keys(prefix: str) -> tuple[tuple[str, str], ...]:
    return tuple((f"{prefix}{c}", c) for c in service.CUSTOMER_COLUMNS if c != "id")


async def _load(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    rows = await service.customers_by_ids(ctx.viewer, ids)
    return {k: customer_from_row(ctx.viewer, r) for k, r in rows.items()}


register_node_type("Customer", _load)
