"""GraphQL types of customer orders, their lines and payments."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.catalogue.graphql.types import CloudServiceEnum, ProductType, load_product
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import to_global_id
from partnercenter.core.loaders import loader
from partnercenter.core.node import register_node_type
from partnercenter.core.types import Money, Node
from partnercenter.coupons.graphql.types import CouponKindEnum
from partnercenter.customers.graphql.types import CustomerType, load_customer
from partnercenter.orders import service
from partnercenter.orders.enums import OrderState, Payer
from partnercenter.orders.permissions import can_pay_on_behalf, can_place_order

Ctx = Info[RequestContext, Any]

OrderStateEnum = strawberry.enum(
    OrderState,
    name="OrderState",
    description="AWAITING_PAYMENT 待支付, AWAITING_PARTNER_PAYMENT 待伙伴代支付, PAID 已支付, "
    "CANCELLED 已取消, REFUNDED 已退款.",
)
PayerEnum = strawberry.enum(
    Payer, name="Payer", description="CUSTOMER, or PARTNER paying on its behalf (代支付)."
)


def _m(v: Any) -> Decimal:
    return v if isinstance(v, Decimal) else Decimal(int(v)).scaleb(-2)


@strawberry.type(name="OrderLine", description="A catalogue product on an order.")
class OrderLineType:
    service: CloudServiceEnum  # type: ignore[valid-type]
    quantity: int
    months: int
    unit_price: Money = strawberry.field(description="Monthly price per unit when ordered.")
    amount: Money
    product_pk: strawberry.Private[int]

    @strawberry.field
    async def product(self, info: Ctx) -> ProductType | None:
        return await load_product(info.context, self.product_pk)


@strawberry.type(name="OrderPaymentCoupon", description="A coupon used on a payment, and how much of it.")
class OrderPaymentCouponType:
    coupon_id: strawberry.ID
    kind: CouponKindEnum  # type: ignore[valid-type]
    amount: Money


@strawberry.type(name="OrderPayment", description="How an order was paid.")
class OrderPaymentType:
    id: strawberry.ID
    payer: PayerEnum  # type: ignore[valid-type]
    voucher_amount: Money
    cash_coupon_amount: Money
    balance_amount: Money = strawberry.field(
        description="From the customer's balance, or the partner's funds."
    )
    coupons: list[OrderPaymentCouponType]
    created_at: datetime
    refunded_at: datetime | None


def lines_loader(ctx: RequestContext) -> Any:
    async def batch(ids: list[int]) -> list[list[OrderLineType]]:
        found = await service.lines_for(list(ids))
        return [
            [
                OrderLineType(
                    service=r["service"],
                    quantity=r["quantity"],
                    months=r["months"],
                    unit_price=Money.of(_m(r["unit_price"]), "CNY"),
                    amount=Money.of(_m(r["amount"]), "CNY"),
                    product_pk=r["product_id"],
                )
                for r in found.get(i, [])
            ]
            for i in ids
        ]

    return loader(ctx, "orders.lines", batch)


def payments_loader(ctx: RequestContext) -> Any:
    async def batch(ids: list[int]) -> list[list[OrderPaymentType]]:
        found = await service.payments_for(list(ids))
        return [
            [
                OrderPaymentType(
                    id=strawberry.ID(to_global_id("OrderPayment", r["id"])),
                    payer=Payer(r["payer"]),
                    voucher_amount=Money.of(_m(r["voucher_amount"]), r["currency"]),
                    cash_coupon_amount=Money.of(_m(r["cash_coupon_amount"]), r["currency"]),
                    balance_amount=Money.of(_m(r["balance_amount"]), r["currency"]),
                    coupons=[
                        OrderPaymentCouponType(
                            coupon_id=strawberry.ID(to_global_id("Coupon", u["coupon_id"])),
                            kind=u["coupon__kind"],
                            amount=Money.of(_m(u["amount"]), r["currency"]),
                        )
                        for u in r["coupons"]
                    ],
                    created_at=r["created_at"],
                    refunded_at=r["refunded_at"],
                )
                for r in found.get(i, [])
            ]
            for i in ids
        ]

    return loader(ctx, "orders.payments", batch)


@strawberry.type(name="Order", description="A customer order 订单 of catalogue products.")
class OrderType(Node):
    id: strawberry.ID
    state: OrderStateEnum  # type: ignore[valid-type]
    amount: Money
    payer: PayerEnum  # type: ignore[valid-type]
    paid_by: PayerEnum | None  # type: ignore[valid-type]
    created_at: datetime
    paid_at: datetime | None
    cancelled_at: datetime | None
    refunded_at: datetime | None
    viewer_can_pay: bool
    viewer_can_pay_on_behalf: bool
    viewer_can_cancel: bool
    viewer_can_refund: bool
    pk: strawberry.Private[int]
    customer_pk: strawberry.Private[int]

    @strawberry.field
    async def lines(self, info: Ctx) -> list[OrderLineType]:
        return await lines_loader(info.context).load(self.pk)  # type: ignore[no-any-return]

    @strawberry.field
    async def payments(self, info: Ctx) -> list[OrderPaymentType]:
        return await payments_loader(info.context).load(self.pk)  # type: ignore[no-any-return]

    @strawberry.field(description="The ordering customer (through the customer scope).")
    async def customer(self, info: Ctx) -> CustomerType | None:
        return await load_customer(info.context, self.customer_pk)


def order_from_row(viewer: Viewer, row: dict[str, Any]) -> OrderType:
    state = OrderState(row["state"])
    own = can_place_order(viewer, row["customer_id"])
    partner = can_pay_on_behalf(viewer, row)
    return OrderType(
        id=strawberry.ID(to_global_id("Order", row["id"])),
        state=state,
        amount=Money.of(row["amount"], row["currency"]),
        payer=Payer(row["payer"]),
        paid_by=Payer(row["paid_by"]) if row["paid_by"] else None,
        created_at=row["created_at"],
        paid_at=row["paid_at"],
        cancelled_at=row["cancelled_at"],
        refunded_at=row["refunded_at"],
        viewer_can_pay=own and state is OrderState.AWAITING_PAYMENT,
        viewer_can_pay_on_behalf=partner and state is OrderState.AWAITING_PARTNER_PAYMENT,
        viewer_can_cancel=own and state in (OrderState.AWAITING_PAYMENT, OrderState.AWAITING_PARTNER_PAYMENT),
        viewer_can_refund=state is OrderState.PAID and (partner if row["paid_by"] == Payer.PARTNER else own),
        pk=row["id"],
        customer_pk=row["customer_id"],
    )


async def _load(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    return {
        k: order_from_row(ctx.viewer, r) for k, r in (await service.orders_by_ids(ctx.viewer, ids)).items()
    }


register_node_type("Order", _load)
