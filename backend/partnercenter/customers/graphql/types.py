"""GraphQL type of a customer, masked once per object by the access policy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.access.graphql.types import MaskedField, RevealDenial
from partnercenter.access.policy import MaskedField as MaskedFieldValue
from partnercenter.access.presenting import rights_lists
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
from partnercenter.core.types import Node
from partnercenter.customers import service
from partnercenter.customers.enums import AssociationType, Industry
from partnercenter.customers.permissions import CUSTOMER

IndustryEnum = strawberry.enum(Industry, name="Industry", description="Customer industry 客户行业.")
AssociationTypeEnum = strawberry.enum(
    AssociationType, name="AssociationType", description="RESALE 代售 or CONSULTING 顾问销售."
)


@strawberry.type(description="Pending warnings 待处理预警 of one customer, by kind.")
class PendingWarningCounts:
    churn: int
    resource: int
    total: int


# The warnings slice answers `Customer.pendingWarnings` (the customers slice does not import it):
# warnings/graphql/types.py installs a factory of its per-request loader (customer pk → counts).
PendingWarningsLoaderFactory = Callable[[RequestContext], Any]
_pending_warnings: list[PendingWarningsLoaderFactory] = []


def provide_pending_warnings(factory: PendingWarningsLoaderFactory) -> None:
    _pending_warnings[:] = [factory]


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
    reveal_denials: list[RevealDenial] = strawberry.field(
        description="Each masked or withheld field the viewer may not reveal, with the reason."
    )
    manager_id: strawberry.Private[int | None]
    manager_ref: strawberry.Private[UserType | None]
    partner_id: strawberry.Private[int]
    pk: strawberry.Private[int]

    @strawberry.field(
        description="Pending warnings 待处理预警 of this customer by kind (within your warning scope)."
    )
    async def pending_warnings(self, info: Info[RequestContext, Any]) -> PendingWarningCounts:
        return await _pending_warnings[0](info.context).load(self.pk)  # type: ignore[no-any-return]

    @strawberry.field(description="The responsible account manager 客户经理.")
    def manager(self, info: Info[RequestContext, Any]) -> UserType | None:
        if self.manager_ref is not None or self.manager_id is None:
            return self.manager_ref
        return user_loader(info.context).load(self.manager_id)  # type: ignore[no-any-return]

    @strawberry.field(description="The partner the customer is associated with.")
    async def partner(self, info: Info[RequestContext, Any]) -> OrganizationType | None:
        return await organization_loader(info.context).load(self.partner_id)


class _Customer(CustomerType):
    """The runtime object: the policy decided the rights once for the row; a maskable field is
    masked (and the ID encoded) only when the query reads it."""

    def __init__(self, viewer: Viewer, row: dict[str, Any]) -> None:  # no dataclass __init__
        rights = policy.field_rights(viewer, CUSTOMER, row)
        self._row, self._rights = row, rights
        (self.masked_fields, self.revealable_fields, self.hidden_fields, self.reveal_denials) = rights_lists(
            rights, viewer.is_token
        )
        self.industry = Industry(row["industry"])
        self.region = row["region"]
        self.association_type = AssociationType(row["association_type"])
        self.associated_at = row["associated_at"]
        self.is_reseller_customer = row["partner_id"] in viewer.reseller_org_ids
        self.partner_id = row["partner_id"]
        self.pk = row["id"]
        self.manager_id = manager_id = row.get("manager_id")
        self.manager_ref = (
            user_from_prefixed(viewer, row, "manager", manager_id)
            if manager_id is not None and "manager__name" in row
            else None
        )

    @property
    def id(self) -> strawberry.ID:  # type: ignore[override]
        return strawberry.ID(to_global_id("Customer", self._row["id"]))

    @property
    def name(self) -> str:  # type: ignore[override]
        return policy.show(CUSTOMER, MaskedFieldValue.NAME, self._rights, self._row["name"])  # type: ignore[no-any-return]

    @property
    def account_name(self) -> str:  # type: ignore[override]
        value = self._row["account_name"]
        return policy.show(CUSTOMER, MaskedFieldValue.ACCOUNT_NAME, self._rights, value)  # type: ignore[no-any-return]

    @property
    def phone(self) -> str | None:  # type: ignore[override]
        return policy.show(CUSTOMER, MaskedFieldValue.PHONE, self._rights, self._row.get("phone"))

    @property
    def email(self) -> str | None:  # type: ignore[override]
        return policy.show(CUSTOMER, MaskedFieldValue.EMAIL, self._rights, self._row.get("email"))

    @property
    def tags(self) -> list[str]:  # type: ignore[override]
        return [t for t in (self._row.get("tags") or "").split(",") if t]


def customer_from_row(
    viewer: Viewer, row: dict[str, Any], prefix: str = "", pk: int | None = None
) -> CustomerType:
    """From a customer row, or from columns joined under `prefix` (e.g. `customer__`) with its `pk`."""
    if prefix:
        row = {short: row[full] for full, short in _prefixed_keys(prefix)}
        row["id"] = pk
    return _Customer(viewer, row)


@lru_cache(maxsize=8)
def _prefixed_keys(prefix: str) -> tuple[tuple[str, str], ...]:
    return tuple((f"{prefix}{c}", c) for c in service.CUSTOMER_COLUMNS if c != "id")


async def load_customer(ctx: RequestContext, pk: int | None) -> CustomerType | None:
    """A nested customer through the request's one customer loader (`CUSTOMER_READ`): null where
    the viewer may not see it. Every slice's GraphQL type that nests a customer calls this."""
    viewer = ctx.viewer
    if pk is None or viewer is None:
        return None
    row = await service.CUSTOMER_READ.loader(ctx).load(pk)
    return None if row is None else customer_from_row(viewer, row)


async def _load(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    viewer = ctx.viewer
    if viewer is None:
        return {}
    rows = await service.CUSTOMER_READ.loader(ctx).load_many(ids)
    return {pk: customer_from_row(viewer, r) for pk, r in zip(ids, rows, strict=True) if r is not None}


register_node_type("Customer", _load)
