"""Customer orders: who sees them, who orders, pays on a customer's behalf 代支付 and refunds."""

from __future__ import annotations

from typing import Any

from partnercenter.access.registry import ResourcePolicy, RowScope, register, register_action
from partnercenter.access.scopes import get, sees_others_rows
from partnercenter.accounts.enums import Role
from partnercenter.core.context import Viewer
from partnercenter.coupons.permissions import can_manage_coupons

ORDER = register(
    ResourcePolicy(
        name="Order",
        owner_column="placed_by_id",  # (no role has an OWN scope)
        partner_column="partner_id",
        customer_column="customer_id",
        row_scopes={
            Role.VENDOR_FINANCE: RowScope.ALL,
            # not a secondary reseller's orders: more than the basic data a distributor may see of
            # its resellers' customers (coupons/permissions.py states the rule)
            Role.PARTNER_ADMIN: RowScope.ORG,
            Role.PARTNER_FINANCE: RowScope.ORG,
            Role.CUSTOMER_USER: RowScope.CUSTOMER_SELF,
        },
    )
)


def may_place_orders(viewer: Viewer) -> bool:
    """A customer user (a person, with its company) orders from the catalogue."""
    return not viewer.is_token and viewer.role is Role.CUSTOMER_USER and viewer.customer_id is not None


def can_place_order(viewer: Viewer, customer_id: Any) -> bool:
    """A customer user orders and pays for its own company."""
    return may_place_orders(viewer) and viewer.customer_id == customer_id


def can_pay_on_behalf(viewer: Viewer, order_row: Any) -> bool:
    """代支付: the customer's partner (admin or finance) pays an order awaiting partner payment."""
    return can_manage_coupons(viewer, get(order_row, "partner_id"))


def can_refund_order(viewer: Viewer, order_row: Any) -> bool:
    """The customer refunds its own orders; the partner refunds an order it paid on the customer's behalf."""
    if can_place_order(viewer, get(order_row, "customer_id")):
        return True
    partner = get(order_row, "partner_id")
    return get(order_row, "paid_by") == "PARTNER" and can_manage_coupons(viewer, partner)


register_action(ORDER, "place", may_place_orders, "Buy from the catalogue and pay (a customer user).")
register_action(
    ORDER, "list", lambda v: sees_others_rows(v, ORDER), "Customers' orders (partner and vendor finance)."
)
