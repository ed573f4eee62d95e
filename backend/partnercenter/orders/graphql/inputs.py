"""GraphQL inputs of the orders slice: the list filter (and its service query) and the mutation inputs."""

from __future__ import annotations

import strawberry

from partnercenter.core.ids import pk_of
from partnercenter.orders import service
from partnercenter.orders.enums import Payer
from partnercenter.orders.graphql.types import OrderStateEnum, PayerEnum


@strawberry.input
class OrderFilter:
    states: list[OrderStateEnum] | None = None  # type: ignore[valid-type]
    customer_ids: list[strawberry.ID] | None = None


def order_query(f: OrderFilter | None) -> service.OrderQuery:
    f = f or OrderFilter()
    return service.OrderQuery(
        states=f.states,
        customer_ids=None
        if f.customer_ids is None
        else [p for g in f.customer_ids if (p := pk_of(g, "Customer"))],
    )


@strawberry.input
class OrderLineInput:
    product_id: strawberry.ID
    quantity: int = 1
    months: int = 1


@strawberry.input
class OrderPlaceInput:
    lines: list[OrderLineInput]
    payer: PayerEnum = Payer.CUSTOMER  # type: ignore[valid-type]


@strawberry.input
class OrderPayInput:
    order_id: strawberry.ID
    idempotency_key: str
    voucher_id: strawberry.ID | None = strawberry.field(default=None, description="At most one voucher.")
    cash_coupon_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input
class OrderKeyedInput:
    order_id: strawberry.ID
    idempotency_key: str
    totp_code: str | None = strawberry.field(
        default=None, description="代支付: the second-factor code, when the partner requires one."
    )


@strawberry.input
class OrderCancelInput:
    order_id: strawberry.ID
