"""Order rules: what blocks an association change (shared with other slices), placing an order
from the catalogue, paying it with coupons and balance, 代支付, cancel and refund."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.catalogue.models import Product
from partnercenter.core import clock
from partnercenter.core.connection import EMPTY_PAGE, Page, PageArgs, SortKey, fetch_page
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.core.fields import cents
from partnercenter.coupons import money
from partnercenter.coupons.enums import CouponKind, CouponOperationKind, CouponState
from partnercenter.coupons.models import Coupon, CouponOperation
from partnercenter.customers.enums import AssociationType
from partnercenter.customers.models import Customer
from partnercenter.ledger.enums import TransactionKind
from partnercenter.orders.enums import Obligation, OrderState, Payer
from partnercenter.orders.models import (
    Arrears,
    Order,
    OrderLine,
    OrderPayment,
    OrderPaymentCoupon,
    OrderRefund,
)
from partnercenter.orders.permissions import ORDER, can_pay_on_behalf, can_place_order

__all__ = [
    "applicable_coupons",
    "blocking_obligations",
    "cancel_order",
    "list_orders",
    "orders_by_ids",
    "pay_order",
    "pay_order_on_behalf",
    "place_order",
    "refund_order",
]


async def blocking_obligations(customer_id: int) -> list[Obligation]:
    """What the customer still owes that blocks switching or unbinding its association."""
    found: list[Obligation] = []
    if await Arrears.filter(customer_id=customer_id, settled_at__isnull=True).exists():
        found.append(Obligation.ARREARS)
    if await Order.filter(customer_id=customer_id, state=OrderState.AWAITING_PARTNER_PAYMENT).exists():
        found.append(Obligation.ORDERS_AWAITING_PARTNER_PAYMENT)
    return found


# =========================================================================== placing and paying orders
# A customer user orders from the catalogue; at payment every applicable voucher and cash coupon
# is offered; at most one voucher and any number of cash coupons are drawn, the rest comes from
# the customer's balance (a ledger account). The partner pays on the customer's behalf (代支付)
# an order awaiting partner payment. A paid order can be refunded: coupons and money go back.
# Payment and refund take an idempotency key. Nothing here is GraphQL.

MAX_QUANTITY = 1000
MAX_MONTHS = 36
MAX_LINES = 20
KEY_MAX = 100

ORDER_COLUMNS = [
    "id",
    "customer_id",
    "partner_id",
    "state",
    "currency",
    "amount",
    "created_at",
    "paid_at",
    "placed_by_id",
    "payer",
    "paid_by",
    "cancelled_at",
    "refunded_at",
]
ORDER_KINDS = {
    "amount": "money",
    "created_at": "datetime",
    "paid_at": "datetime",
    "cancelled_at": "datetime",
    "refunded_at": "datetime",
}
ORDER_SORT = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)
COUPON_PAY_COLUMNS = (
    "id",
    "kind",
    "state",
    "customer_id",
    "issuer_id",
    "quota_id",
    "currency",
    "face_value",
    "remaining",
    "min_order_amount",
    "product_scope",
    "valid_from",
    "valid_until",
)


@dataclass(slots=True)
class LineDraft:
    product_id: int | None
    quantity: int
    months: int


@dataclass(slots=True)
class OrderQuery:
    states: list[OrderState] | None = None
    customer_ids: list[int] | None = None


async def _zero() -> int:
    return 0


def _scoped(viewer: Viewer | None) -> Any:
    q = policy.scope_q(viewer, ORDER)
    return None if q is None else Order.filter(q)


async def list_orders(viewer: Viewer, f: OrderQuery, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped(viewer)
    if qs is None:
        return EMPTY_PAGE, _zero
    if f.states:
        qs = qs.filter(state__in=[s.value for s in f.states])
    if f.customer_ids is not None:
        qs = qs.filter(customer_id__in=f.customer_ids or [0])
    return await fetch_page(qs, ORDER_SORT, page, ORDER_COLUMNS, ORDER_KINDS), qs.count


async def orders_by_ids(viewer: Viewer | None, ids: list[int]) -> dict[int, dict[str, Any]]:
    from partnercenter.core.rows import CONVERTERS

    qs = _scoped(viewer)
    if qs is None or not ids:
        return {}
    rows = await qs.filter(id__in=ids).values(*ORDER_COLUMNS)
    for r in rows:
        for col, kind in ORDER_KINDS.items():
            if kind != "money" or not isinstance(r[col], Decimal):
                r[col] = CONVERTERS[kind](r[col])
    return {r["id"]: r for r in rows}


async def lines_for(order_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Lines of orders already checked for scope (one statement)."""
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in order_ids}
    if not order_ids:
        return out
    rows = (
        await OrderLine.filter(order_id__in=order_ids)
        .order_by("order_id", "id")
        .values("id", "order_id", "product_id", "service", "quantity", "months", "unit_price", "amount")
    )
    for r in rows:
        out[r["order_id"]].append(r)
    return out


async def payments_for(order_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Payments (with the coupons each used) of orders already checked for scope (two statements)."""
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in order_ids}
    if not order_ids:
        return out
    rows = (
        await OrderPayment.filter(order_id__in=order_ids)
        .order_by("order_id", "id")
        .values(
            "id",
            "order_id",
            "payer",
            "currency",
            "voucher_amount",
            "cash_coupon_amount",
            "balance_amount",
            "created_at",
            "refunded_at",
        )
    )
    used = (
        await OrderPaymentCoupon.filter(payment_id__in=[r["id"] for r in rows] or [0])
        .order_by("id")
        .values("payment_id", "coupon_id", "amount", "coupon__kind")
    )
    by_payment: dict[int, list[dict[str, Any]]] = {}
    for u in used:
        by_payment.setdefault(u["payment_id"], []).append(u)
    for r in rows:
        r["coupons"] = by_payment.get(r["id"], [])
        out[r["order_id"]].append(r)
    return out


# --------------------------------------------------------------------------- placing


async def place_order(
    viewer: Viewer, lines: list[LineDraft], payer: Payer = Payer.CUSTOMER
) -> list[DomainError] | int:
    """A customer user orders catalogue products for its own company; with payer PARTNER the
    order awaits its partner's payment on its behalf (代支付)."""
    cid = viewer.customer_id
    if cid is None or not can_place_order(viewer, cid):
        return [DomainError(ErrorCode.FORBIDDEN, "Only a customer user places orders.", None)]
    customer = await Customer.filter(id=cid).first().values("id", "partner_id", "association_type")
    if customer is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such customer.", None)]
    errors: list[DomainError] = []
    if not lines:
        errors.append(DomainError(ErrorCode.BLANK, "Add at least one product.", "lines"))
    if len(lines) > MAX_LINES:
        errors.append(DomainError(ErrorCode.TOO_LONG, f"At most {MAX_LINES} lines.", "lines"))
    products = {
        r["id"]: r
        for r in await Product.filter(
            id__in=[ln.product_id or 0 for ln in lines] or [0], is_active=True
        ).values("id", "service", "monthly_price", "currency")
    }
    for i, ln in enumerate(lines):
        if ln.product_id not in products:
            errors.append(DomainError(ErrorCode.NOT_FOUND, "No such product.", f"lines.{i}.productId"))
        if not 1 <= ln.quantity <= MAX_QUANTITY:
            errors.append(
                DomainError(
                    ErrorCode.OUT_OF_RANGE, f"Quantity is 1 to {MAX_QUANTITY}.", f"lines.{i}.quantity"
                )
            )
        if not 1 <= ln.months <= MAX_MONTHS:
            errors.append(
                DomainError(ErrorCode.OUT_OF_RANGE, f"Months are 1 to {MAX_MONTHS}.", f"lines.{i}.months")
            )
    if payer is Payer.PARTNER and customer["association_type"] != AssociationType.RESALE:
        errors.append(
            DomainError(
                ErrorCode.NOT_RESALE_CUSTOMER, "Only a resale customer's partner pays for it.", "payer"
            )
        )
    if errors:
        return errors
    now = clock.now()
    priced = []
    for ln in lines:
        p = products[ln.product_id]
        unit = (
            Decimal(int(p["monthly_price"])).scaleb(-2)
            if not isinstance(p["monthly_price"], Decimal)
            else p["monthly_price"]
        )
        priced.append((ln, p, unit, unit * ln.quantity * ln.months))
    total = sum((a for *_, a in priced), Decimal(0))
    state = OrderState.AWAITING_PARTNER_PAYMENT if payer is Payer.PARTNER else OrderState.AWAITING_PAYMENT
    async with in_transaction():
        order = await Order.create(
            customer_id=cid,
            partner_id=customer["partner_id"],
            state=state,
            currency="CNY",
            amount=total,
            created_at=now,
            placed_by_id=viewer.user_id,
            payer=payer,
        )
        await OrderLine.bulk_create(
            [
                OrderLine(
                    order_id=order.id,
                    product_id=ln.product_id,
                    service=p["service"],
                    quantity=ln.quantity,
                    months=ln.months,
                    unit_price=unit,
                    amount=amount,
                )
                for ln, p, unit, amount in priced
            ]
        )
    return order.id


async def cancel_order(viewer: Viewer, order_id: int) -> list[DomainError] | int:
    """An unpaid order is cancelled by its customer (nothing was used, nothing moves)."""
    order = (await orders_by_ids(viewer, [order_id])).get(order_id)
    if order is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such order.", "orderId")]
    if not can_place_order(viewer, order["customer_id"]):
        return [DomainError(ErrorCode.FORBIDDEN, "Only the customer cancels its order.", "orderId")]
    async with in_transaction():
        done = await Order.filter(
            id=order_id, state__in=(OrderState.AWAITING_PAYMENT, OrderState.AWAITING_PARTNER_PAYMENT)
        ).update(state=OrderState.CANCELLED, cancelled_at=clock.now())
    if not done:
        return [DomainError(ErrorCode.INVALID_STATE, "Only an unpaid order can be cancelled.", "orderId")]
    return order_id


# --------------------------------------------------------------------------- applicable coupons


def _coupon_applies(c: dict[str, Any], order: dict[str, Any], services: set[str], now: datetime) -> bool:
    from partnercenter.core.rows import CONVERTERS
    from partnercenter.coupons.service import scope_covers

    valid_from = CONVERTERS["datetime"](c["valid_from"])
    valid_until = CONVERTERS["datetime"](c["valid_until"])
    return (
        c["customer_id"] == order["customer_id"]
        and c["state"] in (CouponState.USABLE, CouponState.NOT_ACTIVATED)
        and c["currency"] == order["currency"]
        and valid_from <= now < valid_until
        and _money(c["remaining"]) > 0
        and _money(c["min_order_amount"]) <= order["amount"]
        and scope_covers(c["product_scope"], services)
    )


def _money(v: Any) -> Decimal:
    return v if isinstance(v, Decimal) else Decimal(int(v)).scaleb(-2)


def cash_coupon_priority(c: dict[str, Any]) -> tuple[Any, ...]:
    """The order cash coupons are drawn in: those specific to the ordered products (a product
    scope) before general ones, then the one expiring first, then the oldest."""
    from partnercenter.core.rows import CONVERTERS

    return (0 if c["product_scope"] else 1, CONVERTERS["datetime"](c["valid_until"]), c["id"])


async def applicable_coupons(viewer: Viewer, order_id: int) -> list[DomainError] | list[dict[str, Any]]:
    """Every voucher and cash coupon of the order's customer that meets its conditions now
    (validity, product scope, minimum order amount): vouchers first, then cash coupons in the
    order they would be drawn."""
    order = (await orders_by_ids(viewer, [order_id])).get(order_id)
    if order is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such order.", "orderId")]
    if order["state"] != OrderState.AWAITING_PAYMENT:
        return []  # only an order the customer is about to pay is offered coupons
    services = {ln["service"] for ln in (await lines_for([order_id]))[order_id]}
    now = clock.now()
    rows = await Coupon.filter(
        customer_id=order["customer_id"], state__in=(CouponState.USABLE, CouponState.NOT_ACTIVATED)
    ).values(*COUPON_PAY_COLUMNS)
    found = [c for c in rows if _coupon_applies(c, order, services, now)]
    vouchers = sorted(
        (c for c in found if c["kind"] == CouponKind.VOUCHER),
        key=lambda c: (-_money(c["remaining"]), c["id"]),
    )
    cash = sorted((c for c in found if c["kind"] == CouponKind.CASH), key=cash_coupon_priority)
    return vouchers + cash


# --------------------------------------------------------------------------- paying


@dataclass(slots=True)
class PaymentResult:
    order_id: int
    payment_id: int
    replayed: bool = False
    drawn: list[tuple[int, Decimal]] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, error: DomainError) -> None:
        super().__init__(error.message)
        self.error = error


def _key(viewer: Viewer, key: str) -> str:
    """A client's key, scoped to whoever sent it (a person, else a token): two customers of one
    partner never collide on the same key."""
    who = f"u{viewer.user_id}" if viewer.user_id is not None else f"t{viewer.token_id}"
    return f"{who}:{key}"


def _key_errors(key: str) -> list[DomainError]:
    if not key or not key.strip():
        return [DomainError(ErrorCode.BLANK, "An idempotency key is required.", "idempotencyKey")]
    if len(key) > KEY_MAX:
        return [DomainError(ErrorCode.TOO_LONG, f"The key is over {KEY_MAX} characters.", "idempotencyKey")]
    return []


async def _replay(viewer: Viewer, key: str, order_id: int) -> list[DomainError] | PaymentResult | None:
    found = await OrderPayment.filter(idempotency_key=_key(viewer, key)).first().values("id", "order_id")
    if found is None:
        return None
    if found["order_id"] != order_id:
        return [
            DomainError(
                ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key already paid another order.", "idempotencyKey"
            )
        ]
    return PaymentResult(order_id, found["id"], replayed=True)


async def pay_order(
    viewer: Viewer,
    order_id: int,
    idempotency_key: str,
    voucher_id: int | None = None,
    cash_coupon_ids: list[int] | None = None,
) -> list[DomainError] | PaymentResult:
    """The customer pays its order: the chosen voucher (at most one), the chosen cash coupons, the
    rest from its balance. Any refusal changes nothing; a retry with the same key answers with the
    first payment and moves nothing."""
    errors = _key_errors(idempotency_key)
    if errors:
        return errors
    order = (await orders_by_ids(viewer, [order_id])).get(order_id)
    if order is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such order.", "orderId")]
    if not can_place_order(viewer, order["customer_id"]):
        return [DomainError(ErrorCode.FORBIDDEN, "Only the customer pays its order here.", "orderId")]
    replay = await _replay(viewer, idempotency_key, order_id)
    if replay is not None:
        return replay
    if order["state"] != OrderState.AWAITING_PAYMENT:
        return [
            DomainError(ErrorCode.ORDER_NOT_PAYABLE, "This order is not awaiting your payment.", "orderId")
        ]
    cash_ids = list(cash_coupon_ids or [])
    if len(set(cash_ids)) != len(cash_ids) or (voucher_id is not None and voucher_id in cash_ids):
        return [DomainError(ErrorCode.DUPLICATE, "A coupon is chosen twice.", "cashCouponIds")]
    chosen_ids = cash_ids + ([voucher_id] if voucher_id is not None else [])
    rows = {
        r["id"]: r
        for r in await Coupon.filter(id__in=chosen_ids or [0], customer_id=order["customer_id"]).values(
            *COUPON_PAY_COLUMNS
        )
    }
    services = {ln["service"] for ln in (await lines_for([order_id]))[order_id]}
    now = clock.now()
    voucher = None
    if voucher_id is not None:
        voucher = rows.get(voucher_id)
        if voucher is None:
            return [DomainError(ErrorCode.NOT_FOUND, "No such coupon.", "voucherId")]
        if voucher["kind"] != CouponKind.VOUCHER:
            return [DomainError(ErrorCode.WRONG_COUPON_KIND, "This is not a voucher.", "voucherId")]
        if not _coupon_applies(voucher, order, services, now):
            return [
                DomainError(
                    ErrorCode.COUPON_NOT_APPLICABLE, "This voucher does not apply to the order.", "voucherId"
                )
            ]
    cash = []
    for i, cid in enumerate(cash_ids):
        c = rows.get(cid)
        if c is None:
            return [DomainError(ErrorCode.NOT_FOUND, "No such coupon.", f"cashCouponIds.{i}")]
        if c["kind"] != CouponKind.CASH:
            return [
                DomainError(
                    ErrorCode.WRONG_COUPON_KIND, "At most one voucher per order.", f"cashCouponIds.{i}"
                )
            ]
        if not _coupon_applies(c, order, services, now):
            return [
                DomainError(
                    ErrorCode.COUPON_NOT_APPLICABLE, "This cash coupon does not apply.", f"cashCouponIds.{i}"
                )
            ]
        cash.append(c)
    cash.sort(key=cash_coupon_priority)
    # Draw: the voucher first, then cash coupons in priority order, the rest from the balance.
    due = order["amount"]
    drawn: list[tuple[dict[str, Any], Decimal]] = []
    for c in ([voucher] if voucher else []) + cash:
        if due <= 0:
            break
        take = min(due, _money(c["remaining"]))
        drawn.append((c, take))
        due -= take
    try:
        payment_id = await _settle(viewer, order, idempotency_key, drawn, due, now)
    except _Refused as refused:
        return [refused.error]
    return PaymentResult(order_id, payment_id, drawn=[(c["id"], a) for c, a in drawn])


async def _settle(
    viewer: Viewer,
    order: dict[str, Any],
    key: str,
    drawn: list[tuple[dict[str, Any], Decimal]],
    from_balance: Decimal,
    now: datetime,
) -> int:
    order_id = order["id"]
    voucher_amount = sum((a for c, a in drawn if c["kind"] == CouponKind.VOUCHER), Decimal(0))
    cash_amount = sum((a for c, a in drawn if c["kind"] == CouponKind.CASH), Decimal(0))
    async with in_transaction():
        if not await Order.filter(id=order_id, state=OrderState.AWAITING_PAYMENT).update(
            state=OrderState.PAID, paid_at=now, paid_by=Payer.CUSTOMER
        ):
            raise _Refused(
                DomainError(ErrorCode.ORDER_NOT_PAYABLE, "This order is not awaiting payment.", "orderId")
            )
        for c, amount in drawn:
            left = _money(c["remaining"]) - amount
            changed = await Coupon.filter(
                id=c["id"], state__in=(CouponState.USABLE, CouponState.NOT_ACTIVATED), remaining__gte=amount
            ).update(
                remaining=F("remaining") - cents(amount),
                spent=F("spent") + cents(amount),
                state=CouponState.USED if left == 0 else CouponState.USABLE,
                updated_at=now,
            )
            if not changed:
                raise _Refused(
                    DomainError(
                        ErrorCode.COUPON_NOT_APPLICABLE,
                        "A chosen coupon was used meanwhile.",
                        "cashCouponIds",
                    )
                )
        try:
            payment = await OrderPayment.create(
                order_id=order_id,
                idempotency_key=_key(viewer, key),
                payer=Payer.CUSTOMER,
                actor_id=viewer.user_id,
                currency=order["currency"],
                voucher_amount=voucher_amount,
                cash_coupon_amount=cash_amount,
                balance_amount=from_balance,
                created_at=now,
            )
        except Exception as exc:  # a concurrent retry with the same key won the unique index
            from tortoise.exceptions import IntegrityError

            if isinstance(exc, IntegrityError):
                raise _Refused(
                    DomainError(ErrorCode.ORDER_NOT_PAYABLE, "This order is being paid already.", "orderId")
                ) from exc
            raise
        moves: list[money.Move] = [(money.coupon(c["id"]), -a) for c, a in drawn]
        moves += [
            (money.customer(order["customer_id"]), -from_balance),
            (money.revenue(order["partner_id"]), order["amount"]),
        ]
        try:
            txn = await money.post(
                TransactionKind.ORDER_PAYMENT,
                moves,
                actor_user_id=viewer.user_id,
                idempotency_key=f"order-payment:{order_id}",
                reference=("Order", order_id),
                currency=order["currency"],
            )
        except money.InsufficientFunds as exc:
            raise _Refused(
                DomainError(
                    ErrorCode.INSUFFICIENT_BALANCE, "Your balance does not cover the rest.", "orderId"
                )
            ) from exc
        await OrderPayment.filter(id=payment.id).update(ledger_transaction_id=txn)
        if drawn:
            await OrderPaymentCoupon.bulk_create(
                [OrderPaymentCoupon(payment_id=payment.id, coupon_id=c["id"], amount=a) for c, a in drawn]
            )
            await CouponOperation.bulk_create(
                [
                    CouponOperation(
                        kind=CouponOperationKind.REDEEM,
                        partner_id=c["issuer_id"],
                        quota_id=c["quota_id"],
                        coupon_id=c["id"],
                        customer_id=order["customer_id"],
                        order_id=order_id,
                        currency=order["currency"],
                        amount=a,
                        actor_id=viewer.user_id,
                        ledger_transaction_id=txn,
                        at=now,
                    )
                    for c, a in drawn
                ]
            )
    return int(payment.id)


async def pay_order_on_behalf(
    viewer: Viewer, order_id: int, idempotency_key: str, totp_code: str | None = None
) -> list[DomainError] | PaymentResult:
    """代支付: the partner pays an order awaiting partner payment from its own funds; its account
    balance and its disbursable amount must both cover the order."""
    errors = _key_errors(idempotency_key)
    if errors:
        return errors
    order = (await orders_by_ids(viewer, [order_id])).get(order_id)
    if order is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such order.", "orderId")]
    if not can_pay_on_behalf(viewer, order):
        return [
            DomainError(
                ErrorCode.FORBIDDEN,
                "Only the customer's partner admin or finance pays on its behalf.",
                "orderId",
            )
        ]
    replay = await _replay(viewer, idempotency_key, order_id)
    if replay is not None:
        return replay
    if order["state"] != OrderState.AWAITING_PARTNER_PAYMENT:
        return [
            DomainError(ErrorCode.ORDER_NOT_PAYABLE, "This order is not awaiting partner payment.", "orderId")
        ]
    from partnercenter.funds.totp import require_second_factor  # the partner's money-operation setting

    second_factor = await require_second_factor(viewer, totp_code)
    if second_factor:
        return second_factor
    amount = order["amount"]
    balance, disbursable = await partner_balance_and_disbursable(order["partner_id"])
    if balance < amount:
        return [
            DomainError(
                ErrorCode.INSUFFICIENT_BALANCE, "Your account balance does not cover the order.", "orderId"
            )
        ]
    if disbursable < amount:
        return [
            DomainError(
                ErrorCode.INSUFFICIENT_DISBURSABLE,
                "Your disbursable amount does not cover the order.",
                "orderId",
            )
        ]
    now = clock.now()
    try:
        async with in_transaction():
            if not await Order.filter(id=order_id, state=OrderState.AWAITING_PARTNER_PAYMENT).update(
                state=OrderState.PAID, paid_at=now, paid_by=Payer.PARTNER
            ):
                raise _Refused(
                    DomainError(ErrorCode.ORDER_NOT_PAYABLE, "This order is not awaiting payment.", "orderId")
                )
            payment = await OrderPayment.create(
                order_id=order_id,
                idempotency_key=_key(viewer, idempotency_key),
                payer=Payer.PARTNER,
                actor_id=viewer.user_id,
                currency=order["currency"],
                balance_amount=amount,
                created_at=now,
            )
            try:
                txn = await money.post(
                    TransactionKind.ORDER_PARTNER_PAYMENT,
                    [
                        (money.partner(order["partner_id"]), -amount),
                        (money.revenue(order["partner_id"]), amount),
                    ],
                    actor_user_id=viewer.user_id,
                    idempotency_key=f"order-payment:{order_id}",
                    reference=("Order", order_id),
                    currency=order["currency"],
                )
            except money.InsufficientFunds as exc:  # the funds moved between the check and the lock
                raise _Refused(
                    DomainError(
                        ErrorCode.INSUFFICIENT_DISBURSABLE, "Your funds do not cover the order.", "orderId"
                    )
                ) from exc
            await OrderPayment.filter(id=payment.id).update(ledger_transaction_id=txn)
    except _Refused as refused:
        return [refused.error]
    return PaymentResult(order_id, int(payment.id))


async def partner_balance_and_disbursable(partner_id: int) -> tuple[Decimal, Decimal]:
    """The partner's account balance 账户余额 and disbursable amount 可拨款, as the funds slice
    computes them from the ledger."""
    from partnercenter.funds.service import accounts_overview

    overview = (await accounts_overview([partner_id]))[partner_id]
    return overview.account_balance, overview.disbursable_amount


# --------------------------------------------------------------------------- refund


async def refund_order(viewer: Viewer, order_id: int, idempotency_key: str) -> list[DomainError] | int:
    """Refund of a paid order (cancelled before use): coupons get back what they gave (usable
    again; a coupon reclaimed or expired since hands it to its quota instead), money returns to
    whoever paid. A retry with the same key answers with the first refund."""
    errors = _key_errors(idempotency_key)
    if errors:
        return errors
    order = (await orders_by_ids(viewer, [order_id])).get(order_id)
    if order is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such order.", "orderId")]
    paid_by_partner = order["paid_by"] == Payer.PARTNER
    allowed = (
        can_pay_on_behalf(viewer, order) if paid_by_partner else can_place_order(viewer, order["customer_id"])
    )
    if not allowed:
        return [DomainError(ErrorCode.FORBIDDEN, "Only whoever paid the order refunds it.", "orderId")]
    done = await OrderRefund.filter(idempotency_key=_key(viewer, idempotency_key)).first().values("order_id")
    if done is not None:
        if done["order_id"] != order_id:
            return [
                DomainError(
                    ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This key already refunded another order.",
                    "idempotencyKey",
                )
            ]
        return order_id
    if order["state"] != OrderState.PAID:
        return [DomainError(ErrorCode.ORDER_NOT_REFUNDABLE, "Only a paid order can be refunded.", "orderId")]
    now = clock.now()
    try:
        async with in_transaction():
            await _refund(viewer, order, idempotency_key, now)
    except _Refused as refused:
        return [refused.error]
    return order_id


async def _refund(viewer: Viewer, order: dict[str, Any], key: str, now: datetime) -> None:
    from partnercenter.coupons.service import _return_to_quota  # the quota chain rule lives there

    order_id = order["id"]
    if not await Order.filter(id=order_id, state=OrderState.PAID).update(
        state=OrderState.REFUNDED, refunded_at=now
    ):
        raise _Refused(
            DomainError(ErrorCode.ORDER_NOT_REFUNDABLE, "Only a paid order can be refunded.", "orderId")
        )
    try:
        refund = await OrderRefund.create(
            order_id=order_id,
            idempotency_key=_key(viewer, key),
            actor_id=viewer.user_id,
            created_at=now,
        )
    except Exception as exc:
        from tortoise.exceptions import IntegrityError

        if isinstance(exc, IntegrityError):
            raise _Refused(
                DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key is in use.", "idempotencyKey")
            ) from exc
        raise
    payment = (
        await OrderPayment.filter(order_id=order_id, refunded_at__isnull=True)
        .first()
        .values("id", "payer", "balance_amount")
    )
    assert payment is not None, "a paid order has a payment"
    used = await OrderPaymentCoupon.filter(payment_id=payment["id"]).values(
        "coupon_id", "amount", "coupon__quota_id", "coupon__issuer_id", "coupon__state", "coupon__remaining"
    )
    moves: list[money.Move] = [(money.revenue(order["partner_id"]), -order["amount"])]
    payer_account = (
        money.partner(order["partner_id"])
        if payment["payer"] == Payer.PARTNER
        else money.customer(order["customer_id"])
    )
    moves.append((payer_account, _money(payment["balance_amount"])))
    to_quota: list[tuple[dict[str, Any], Decimal]] = []
    for u in used:
        amount = _money(u["amount"])
        restored = await Coupon.filter(
            id=u["coupon_id"], state__in=(CouponState.USABLE, CouponState.USED)
        ).update(
            remaining=F("remaining") + cents(amount),
            spent=F("spent") - cents(amount),
            state=CouponState.USABLE,
            updated_at=now,
        )
        if restored:
            moves.append((money.coupon(u["coupon_id"]), amount))
        else:  # reclaimed or expired since: the amount goes back to the quota, like a reclaim
            await Coupon.filter(id=u["coupon_id"]).update(spent=F("spent") - cents(amount), updated_at=now)
            to_quota.append((u, amount))
    if to_quota:  # the revenue leg shrinks by what goes straight back to quotas
        back = sum((a for _, a in to_quota), Decimal(0))
        moves[0] = (money.revenue(order["partner_id"]), -order["amount"] + back)
    txn = await money.post(
        TransactionKind.ORDER_REFUND,
        moves,
        actor_user_id=viewer.user_id,
        idempotency_key=f"order-refund:{order_id}",
        reference=("Order", order_id),
        currency=order["currency"],
    )
    for u, amount in to_quota:
        await _return_to_quota(
            u["coupon__quota_id"],
            [(money.revenue(order["partner_id"]), -amount)],
            amount,
            kind=TransactionKind.ORDER_REFUND,
            key=f"order-refund:{order_id}:coupon:{u['coupon_id']}",
            reference=("Order", order_id),
            actor_user_id=viewer.user_id,
            currency=order["currency"],
        )
    await OrderPayment.filter(id=payment["id"]).update(refunded_at=now)
    await OrderRefund.filter(id=refund.id).update(ledger_transaction_id=txn)
    await CouponOperation.bulk_create(
        [
            CouponOperation(
                kind=CouponOperationKind.RESTORE,
                partner_id=u["coupon__issuer_id"],
                quota_id=u["coupon__quota_id"],
                coupon_id=u["coupon_id"],
                customer_id=order["customer_id"],
                order_id=order_id,
                currency=order["currency"],
                amount=_money(u["amount"]),
                actor_id=viewer.user_id,
                ledger_transaction_id=txn,
                at=now,
            )
            for u in used
        ]
    )
