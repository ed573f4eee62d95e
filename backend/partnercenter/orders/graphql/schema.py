"""Orders: the list, placing, applicable coupons, paying (with coupons, or 代支付), cancel, refund."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext
from partnercenter.core.errors import DomainError
from partnercenter.core.ids import pk_of
from partnercenter.core.types import Connection, Money, UserError, connection_from_page
from partnercenter.coupons import money
from partnercenter.coupons.graphql.types import CouponType, coupon_from_row
from partnercenter.coupons.service import coupons_by_ids
from partnercenter.orders import service
from partnercenter.orders.enums import Payer
from partnercenter.orders.graphql.types import OrderStateEnum, OrderType, PayerEnum, order_from_row
from partnercenter.orders.permissions import ORDER, can_place_order

Ctx = Info[RequestContext, Any]


@strawberry.input
class OrderFilter:
    states: list[OrderStateEnum] | None = None  # type: ignore[valid-type]
    customer_ids: list[strawberry.ID] | None = None


@strawberry.type
class OrderQueries:
    @strawberry.field(description="Orders in the viewer's scope (a customer user: its own), newest first.")
    async def orders(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: OrderFilter | None = None,
    ) -> Connection[OrderType]:
        viewer = policy.require_read(info.context.viewer, ORDER)
        f = filter or OrderFilter()
        query = service.OrderQuery(
            states=f.states,
            customer_ids=None
            if f.customer_ids is None
            else [p for g in f.customer_ids if (p := pk_of(g, "Customer"))],
        )
        page, count = await service.list_orders(viewer, query, PageArgs(first, after, last, before))
        return connection_from_page(page, count, lambda r: order_from_row(viewer, r))

    @strawberry.field(
        description="Every voucher and cash coupon that applies to the order now (validity, product scope, "
        "minimum order amount): vouchers first, then cash coupons in the order they are drawn."
    )
    async def order_applicable_coupons(self, info: Ctx, order_id: strawberry.ID) -> list[CouponType]:
        viewer = policy.require_read(info.context.viewer, ORDER)
        result = await service.applicable_coupons(viewer, pk_of(order_id, "Order") or 0)
        if not result or isinstance(result[0], DomainError):
            return []
        ids = [c["id"] for c in result]
        rows = await coupons_by_ids(viewer, ids)
        return [coupon_from_row(viewer, rows[i]) for i in ids if i in rows]

    @strawberry.field(description="The signed-in customer user's unspent balance (null for anyone else).")
    async def customer_balance(self, info: Ctx) -> Money | None:
        viewer = policy.require_viewer(info.context.viewer)
        if viewer.customer_id is None or not can_place_order(viewer, viewer.customer_id):
            return None
        return Money.of(await money.customer_balance(viewer.customer_id), "CNY")


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


@strawberry.type
class OrderPayload:
    order: OrderType | None
    user_errors: list[UserError]


@strawberry.type
class OrderPayPayload:
    order: OrderType | None
    replayed: bool = strawberry.field(description="True when the key had already paid: nothing moved now.")
    user_errors: list[UserError]


async def _order(info: Ctx, pk: int) -> OrderType | None:
    viewer = policy.require_viewer(info.context.viewer)
    row = (await service.orders_by_ids(viewer, [pk])).get(pk)
    return order_from_row(viewer, row) if row else None


def _errors(result: list[DomainError]) -> list[UserError]:
    return [UserError.of(e) for e in result]


@strawberry.type
class OrderMutations:
    @strawberry.mutation(description="A customer user orders catalogue products (payer PARTNER: 代支付).")
    async def order_place(self, info: Ctx, input: OrderPlaceInput) -> OrderPayload:
        viewer = policy.require_viewer(info.context.viewer)
        lines = [
            service.LineDraft(pk_of(ln.product_id, "Product"), ln.quantity, ln.months) for ln in input.lines
        ]
        result = await service.place_order(viewer, lines, input.payer)
        if isinstance(result, list):
            return OrderPayload(order=None, user_errors=_errors(result))
        return OrderPayload(order=await _order(info, result), user_errors=[])

    @strawberry.mutation(
        description="Pay an order: at most one voucher, any cash coupons, the rest from the balance. "
        "Idempotent."
    )
    async def order_pay(self, info: Ctx, input: OrderPayInput) -> OrderPayPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.pay_order(
            viewer,
            pk_of(input.order_id, "Order") or 0,
            input.idempotency_key,
            voucher_id=(pk_of(input.voucher_id, "Coupon") or 0) if input.voucher_id else None,
            cash_coupon_ids=[pk_of(g, "Coupon") or 0 for g in input.cash_coupon_ids],
        )
        if isinstance(result, list):
            return OrderPayPayload(order=None, replayed=False, user_errors=_errors(result))
        return OrderPayPayload(
            order=await _order(info, result.order_id), replayed=result.replayed, user_errors=[]
        )

    @strawberry.mutation(
        description="代支付: the partner pays an order awaiting partner payment. Idempotent."
    )
    async def order_pay_on_behalf(self, info: Ctx, input: OrderKeyedInput) -> OrderPayPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.pay_order_on_behalf(
            viewer, pk_of(input.order_id, "Order") or 0, input.idempotency_key, input.totp_code
        )
        if isinstance(result, list):
            return OrderPayPayload(order=None, replayed=False, user_errors=_errors(result))
        return OrderPayPayload(
            order=await _order(info, result.order_id), replayed=result.replayed, user_errors=[]
        )

    @strawberry.mutation(description="Cancel an unpaid order.")
    async def order_cancel(self, info: Ctx, input: OrderCancelInput) -> OrderPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.cancel_order(viewer, pk_of(input.order_id, "Order") or 0)
        if isinstance(result, list):
            return OrderPayload(order=None, user_errors=_errors(result))
        return OrderPayload(order=await _order(info, result), user_errors=[])

    @strawberry.mutation(description="Refund a paid order: coupons and money go back. Idempotent.")
    async def order_refund(self, info: Ctx, input: OrderKeyedInput) -> OrderPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result = await service.refund_order(
            viewer, pk_of(input.order_id, "Order") or 0, input.idempotency_key
        )
        if isinstance(result, list):
            return OrderPayload(order=None, user_errors=_errors(result))
        return OrderPayload(order=await _order(info, result), user_errors=[])
