"""Funds: accounts, account change records 收支明细, adjust records 调账记录.

Who sees funds: the partner's admin and finance (an admin and finance of a distributor also see
its secondary resellers' account balances, to recover from them), vendor finance everything;
nobody else, and no API token (no token scope reads funds).
Who moves money (disburse, recover, batch): partner admin and partner finance, for their own
partner only, and only to its own resale customers / its own secondary resellers.
Who recharges a partner or sets its credit line: vendor finance. Who switches the partner's
"money operations need a second factor" setting: the partner admin.
"""

from __future__ import annotations

from typing import Any

from partnercenter.access.registry import ResourcePolicy, RowScope, register, register_action
from partnercenter.access.scopes import get
from partnercenter.accounts.enums import Role
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode


def _funds(name: str, partner: RowScope) -> str:
    # Amounts are not personal data (no masked fields); customer names mask as Customer.
    return register(
        ResourcePolicy(
            name=name,
            owner_column="partner_id",
            partner_column="partner_id",
            row_scopes={
                Role.VENDOR_FINANCE: RowScope.ALL,
                Role.PARTNER_ADMIN: partner,
                Role.PARTNER_FINANCE: partner,
            },
        )
    )


FUNDS_ACCOUNT = _funds("FundsAccount", RowScope.PARTNER_TREE)
FUNDS_ACCOUNT_ENTRY = _funds("FundsAccountEntry", RowScope.ORG)
FUNDS_ADJUSTMENT = _funds("FundsAdjustment", RowScope.ORG)

FUNDS_MOVERS = frozenset({Role.PARTNER_ADMIN, Role.PARTNER_FINANCE})
FUNDS_GRANTERS = frozenset({Role.VENDOR_FINANCE})


def can_move_funds(viewer: Viewer) -> bool:
    """Disburse and recover: partner admin and partner finance, never a token."""
    return viewer.role in FUNDS_MOVERS and not viewer.is_token and not viewer.is_vendor


def can_grant_funds(viewer: Viewer) -> bool:
    """Recharge a partner, set its credit line: vendor finance."""
    return viewer.role in FUNDS_GRANTERS and not viewer.is_token and viewer.is_vendor


def can_require_second_factor(viewer: Viewer) -> bool:
    return viewer.role is Role.PARTNER_ADMIN and not viewer.is_token


def funds_customer_denial(viewer: Viewer, customer_row: Any) -> ErrorCode | None:
    """Why the viewer may not disburse to / recover from this customer (None: it may).

    `customer_row` is the customer as loaded through the viewer's Customer scope (None when unknown
    or outside it). Unknown, out-of-scope, and in-scope-but-not-own customers (a distributor's view
    of its resellers' customers) all answer NOT_YOUR_CUSTOMER, so the answer says nothing about
    whether the ID exists. A consulting-sale customer of one's own: NOT_RESALE_CUSTOMER."""
    if customer_row is None or get(customer_row, "partner_id") != viewer.org_id:
        return ErrorCode.NOT_YOUR_CUSTOMER
    if get(customer_row, "association_type") != "RESALE":
        return ErrorCode.NOT_RESALE_CUSTOMER
    return None


def funds_reseller_denial(viewer: Viewer, org_row: Any) -> ErrorCode | None:
    """Only the viewer's own secondary resellers (unknown and foreign IDs answer alike)."""
    if org_row is None or get(org_row, "distributor_id") != viewer.org_id:
        return ErrorCode.NOT_YOUR_RESELLER
    return None


register_action(FUNDS_ACCOUNT, "move", can_move_funds, "The partner's funds: disburse and recover.")
register_action(
    FUNDS_ACCOUNT, "grant", can_grant_funds, "Recharge partners and set credit lines (vendor finance)."
)
register_action(
    FUNDS_ACCOUNT,
    "requireSecondFactor",
    can_require_second_factor,
    "Switch the partner's second factor for money operations (partner admin).",
)
