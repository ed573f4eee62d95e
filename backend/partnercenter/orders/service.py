"""Order rules shared with other slices."""

from __future__ import annotations

from partnercenter.orders.enums import Obligation, OrderState
from partnercenter.orders.models import Arrears, Order

__all__ = ["blocking_obligations"]


async def blocking_obligations(customer_id: int) -> list[Obligation]:
    """What the customer still owes that blocks switching or unbinding its association."""
    found: list[Obligation] = []
    if await Arrears.filter(customer_id=customer_id, settled_at__isnull=True).exists():
        found.append(Obligation.ARREARS)
    if await Order.filter(customer_id=customer_id, state=OrderState.AWAITING_PARTNER_PAYMENT).exists():
        found.append(Obligation.ORDERS_AWAITING_PARTNER_PAYMENT)
    return found
