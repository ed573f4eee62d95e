"""Orders: the list, placing, applicable coupons, paying (with coupons, or 代支付), cancel, refund
(thin: the rules are in orders.service, the inputs in orders.graphql.inputs)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import pk_of
from partnercenter.core.money import currency
from partnercenter.core.mutations import attempt
from partnercenter.core.types import Connection, Money, UserError, connection_from_page
from partnercenter.coupons import money
from partnercenter.coupons import service as coupons
from partnercenter.coupons.graphql.types import CouponType, coupon_from_row
from partnercenter.orders import service
from partnercenter.orders.graphql.inputs import (
    OrderCancelInput,
    OrderFilter,
    OrderKeyedInput,
    OrderPayInput,
    OrderPlaceInput,
    order_query,
)
from partnercenter.orders.graphql.types import OrderType, order_from_row
from partnercenter.orders.permissions import ORDER, can_place_order

Ctx = Info[RequestContext, Any]


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
        args = PageArgs(first, after, last, before)
        page, count = await service.list_orders(viewer, order_query(filter), args)
        return connection_from_page(page, count, lambda r: order_from_row(viewer, r))

    @strawberry.field(
        description="Every voucher and cash coupon that applies to the order now (validity, product scope, "
        "minimum order amount): vouchers first, then cash coupons in the order they are drawn."
    )
    async def order_applicable_coupons(self, info: Ctx, order_id: strawberry.ID) -> list[CouponType]:
        viewer = policy.require_read(info.context.viewer, ORDER)
        found, _ = await attempt(service.applicable_coupons(viewer, pk_of(order_id, "Order") or 0))
        ids = [c["id"] for c in found or []]
        rows = await coupons.coupons_by_ids(viewer, ids)
        return [coupon_from_row(viewer, rows[i]) for i in ids if i in rows]

    @strawberry.field(description="The signed-in customer user's unspent balance (null for anyone else).")
    async def customer_balance(self, info: Ctx) -> Money | None:
        viewer = policy.require_viewer(info.context.viewer)
        if viewer.customer_id is None or not can_place_order(viewer, viewer.customer_id):
            return None
        return Money.of(await money.customer_balance(viewer.customer_id), currency())


@strawberry.type
class OrderPayload:
    order: OrderType | None
    user_errors: list[UserError]


@strawberry.type
class OrderPayPayload:
    order: OrderType | None
    replayed: bool = strawberry.field(description="True when the key had already paid: nothing moved now.")
    user_errors: list[UserError]


async def _order(viewer: Viewer, pk: int | None) -> OrderType | None:
    row = (await service.orders_by_ids(viewer, [pk])).get(pk) if pk else None
    return order_from_row(viewer, row) if row else None


async def _order_payload(viewer: Viewer, result: tuple[int | None, list[UserError]]) -> OrderPayload:
    pk, errors = result
    return OrderPayload(order=await _order(viewer, pk), user_errors=errors)


async def _pay_payload(
    viewer: Viewer, result: tuple[service.PaymentResult | None, list[UserError]]
) -> OrderPayPayload:
    paid, errors = result
    if paid is None:
        return OrderPayPayload(order=None, replayed=False, user_errors=errors)
    return OrderPayPayload(order=await _order(viewer, paid.order_id), replayed=paid.replayed, user_errors=[])


def _order_pk(gid: strawberry.ID) -> int:
    return pk_of(gid, "Order") or 0


@strawberry.type
class OrderMutations:
    @strawberry.mutation(description="A customer user orders catalogue products (payer PARTNER: 代支付).")
    async def order_place(self, info: Ctx, input: OrderPlaceInput) -> OrderPayload:
        viewer = policy.require_viewer(info.context.viewer)
        lines = [
            service.LineDraft(pk_of(ln.product_id, "Product"), ln.quantity, ln.months) for ln in input.lines
        ]
        return await _order_payload(viewer, await attempt(service.place_order(viewer, lines, input.payer)))

    @strawberry.mutation(
        description="Pay an order: at most one voucher, any cash coupons, the rest from the balance. "
        "Idempotent."
    )
    async def order_pay(self, info: Ctx, input: OrderPayInput) -> OrderPayPayload:
        viewer = policy.require_viewer(info.context.viewer)
        call = service.pay_order(
            viewer,
            _order_pk(input.order_id),
            input.idempotency_key,
            voucher_id=(pk_of(input.voucher_id, "Coupon") or 0) if input.voucher_id else None,
            cash_coupon_ids=[pk_of(g, "Coupon") or 0 for g in input.cash_coupon_ids],
        )
        return await _pay_payload(viewer, await attempt(call))

    @strawberry.mutation(
        description="代支付: the partner pays an order awaiting partner payment. Idempotent."
    )
    async def order_pay_on_behalf(self, info: Ctx, input: OrderKeyedInput) -> OrderPayPayload:
        viewer = policy.require_viewer(info.context.viewer)
        call = service.pay_order_on_behalf(
            viewer, _order_pk(input.order_id), input.idempotency_key, input.totp_code
        )
        return await _pay_payload(viewer, await attempt(call))

    @strawberry.mutation(description="Cancel an unpaid order.")
    async def order_cancel(self, info: Ctx, input: OrderCancelInput) -> OrderPayload:
        viewer = policy.require_viewer(info.context.viewer)
        return await _order_payload(
            viewer, await attempt(service.cancel_order(viewer, _order_pk(input.order_id)))
        )

    @strawberry.mutation(description="Refund a paid order: coupons and money go back. Idempotent.")
    async def order_refund(self, info: Ctx, input: OrderKeyedInput) -> OrderPayload:
        viewer = policy.require_viewer(info.context.viewer)
        call = service.refund_order(viewer, _order_pk(input.order_id), input.idempotency_key)
        return await _order_payload(viewer, await attempt(call))
