"""GraphQL type of a catalogue product."""

from __future__ import annotations

from typing import Any

import strawberry

from partnercenter.catalogue import service
from partnercenter.catalogue.enums import CloudService
from partnercenter.core.context import RequestContext
from partnercenter.core.ids import to_global_id
from partnercenter.core.node import register_node_type
from partnercenter.core.types import Money, Node

CloudServiceEnum = strawberry.enum(
    CloudService,
    name="CloudService",
    description="ECS 弹性云服务器, EVS 云硬盘, VPC 虚拟私有云, EIP 弹性公网IP.",
)


@strawberry.type(name="Product", description="An orderable specification of a cloud service, with prices.")
class ProductType(Node):
    id: strawberry.ID
    service: CloudServiceEnum  # type: ignore[valid-type]
    code: str
    name: str
    name_en: str
    spec: str
    unit: str = strawberry.field(description="What one unit is: INSTANCE, 100GB or MBPS.")
    region: str
    monthly_price: Money = strawberry.field(description="Price per unit and month (包年/包月).")
    hourly_price: Money = strawberry.field(description="Price per unit and hour (按需).")


def product_from_row(row: dict[str, Any]) -> ProductType:
    return ProductType(
        id=strawberry.ID(to_global_id("Product", row["id"])),
        service=CloudService(row["service"]),
        code=row["code"],
        name=row["name"],
        name_en=row["name_en"],
        spec=row["spec"],
        unit=row["unit"],
        region=row["region"],
        monthly_price=Money.of(row["monthly_price"], row["currency"]),
        hourly_price=Money.of(row["hourly_price"], row["currency"]),
    )


async def _load(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    rows = await service.products_by_ids(ctx.viewer, ids)
    return {k: product_from_row(r) for k, r in rows.items()}


async def load_product(ctx: RequestContext, pk: int) -> ProductType | None:
    """A product through the request's one product loader (null when the viewer may not see it)."""
    row = await service.PRODUCT_READ.loader(ctx).load(pk)
    return product_from_row(row) if row else None


register_node_type("Product", _load)
