"""Who sees which opportunities 商机, and who creates, edits and reassigns them."""

from __future__ import annotations

from typing import Any

from partnercenter.access.registry import FreeText, ResourcePolicy, RowScope, register, register_action
from partnercenter.access.scopes import get, row_scope, sees_rows
from partnercenter.accounts.enums import Role, TokenScope
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode
from partnercenter.customers.permissions import CUSTOMER, tied_customer

OPPORTUNITY = register(
    ResourcePolicy(
        name="Opportunity",
        owner_column="owner_id",
        partner_column="partner_id",
        row_scopes={
            Role.VENDOR_PDM: RowScope.ALL,
            Role.VENDOR_FINANCE: RowScope.NONE,
            Role.PARTNER_ADMIN: RowScope.PARTNER_TREE,
            Role.SUPERVISOR: RowScope.SUBTREE,
            Role.ACCOUNT_MANAGER: RowScope.OWN,
            Role.PARTNER_FINANCE: RowScope.NONE,
            Role.CUSTOMER_USER: RowScope.NONE,
            Role.INTEGRATOR: RowScope.ORG,
        },
        token_scopes=frozenset({TokenScope.OPPORTUNITIES_READ}),
        # The name and description (and the progress notes, masked with the opportunity's
        # decision) often name the customer: masked as its NAME is, revealed with it.
        free_text=FreeText(CUSTOMER, ("name", "description"), tied_customer),
        reveal_source="partnercenter.opportunities.service:opportunities_for_reveal",
    )
)


def may_create_opportunities(viewer: Viewer) -> bool:
    """Account managers create opportunities (for their own customers), never a token."""
    return viewer.role is Role.ACCOUNT_MANAGER and not viewer.is_token


def create_opportunity_denial(viewer: Viewer, customer_row: Any) -> ErrorCode | None:
    """Why the viewer may not create an opportunity for a customer they can see (None: they may).

    Account managers only (FORBIDDEN for every other role and for tokens), and only for customers
    assigned to them (NOT_YOUR_CUSTOMER). A customer outside the viewer's scope never gets here:
    it answers NOT_FOUND, like an unknown ID."""
    if not may_create_opportunities(viewer):
        return ErrorCode.FORBIDDEN
    if get(customer_row, "manager_id") != viewer.user_id:
        return ErrorCode.NOT_YOUR_CUSTOMER
    return None


def can_create_opportunity(viewer: Viewer, customer_row: Any) -> bool:
    """Account managers only, and only for customers assigned to them."""
    return create_opportunity_denial(viewer, customer_row) is None


def can_update_opportunity(viewer: Viewer, opportunity_row: Any) -> bool:
    if viewer.is_token:
        return False
    if viewer.role is Role.ACCOUNT_MANAGER:
        return get(opportunity_row, "owner_id") == viewer.user_id
    return viewer.role is Role.PARTNER_ADMIN and get(opportunity_row, "partner_id") == viewer.org_id


def may_reassign(viewer: Viewer) -> bool:
    return viewer.role in (Role.SUPERVISOR, Role.PARTNER_ADMIN) and not viewer.is_token


def can_reassign_opportunity(viewer: Viewer, opportunity_row: Any, new_owner_row: Any) -> bool:
    """Supervisors within their subtree, admins within their own partner."""
    if viewer.is_token or get(new_owner_row, "role") not in (Role.ACCOUNT_MANAGER, Role.SUPERVISOR):
        return False
    same_org = get(new_owner_row, "org_id") == get(opportunity_row, "partner_id")
    if viewer.role is Role.PARTNER_ADMIN:
        return same_org and get(opportunity_row, "partner_id") == viewer.org_id
    if viewer.role is Role.SUPERVISOR:
        return same_org and get(new_owner_row, "id") in viewer.subtree_user_ids
    return False


register_action(OPPORTUNITY, "list", lambda v: sees_rows(v, OPPORTUNITY), "The opportunities list.")
register_action(OPPORTUNITY, "create", may_create_opportunities, "Create opportunities (account managers).")
register_action(
    OPPORTUNITY,
    "seeTeam",
    lambda v: row_scope(v, OPPORTUNITY) is not RowScope.OWN,
    "Sees opportunities of other people than themselves (the owner filter and column are useful).",
)
