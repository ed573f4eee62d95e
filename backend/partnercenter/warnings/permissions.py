"""Who sees customer warnings 客户预警 and who processes them."""

from __future__ import annotations

from typing import Any

from partnercenter.access.registry import FreeText, ResourcePolicy, RowScope, register, register_action
from partnercenter.access.scopes import get, sees_rows
from partnercenter.accounts.enums import Role, TokenScope
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode
from partnercenter.customers.permissions import CUSTOMER, tied_customer

# A warning follows its customer's manager, like the customer: the manager sees their customers'
# warnings, a supervisor those of their team, an admin the partner's own (not a secondary
# reseller's: spend is not basic data). Vendor staff and finance have no use for them.
WARNING = register(
    ResourcePolicy(
        name="CustomerWarning",
        owner_column="customer__manager_id",  # follows the customer's current manager
        partner_column="customer__partner_id",
        row_scopes={
            Role.VENDOR_PDM: RowScope.NONE,
            Role.VENDOR_FINANCE: RowScope.NONE,
            Role.PARTNER_ADMIN: RowScope.ORG,
            Role.SUPERVISOR: RowScope.SUBTREE,
            Role.ACCOUNT_MANAGER: RowScope.OWN,
            Role.PARTNER_FINANCE: RowScope.NONE,
            Role.CUSTOMER_USER: RowScope.NONE,
            Role.INTEGRATOR: RowScope.ORG,
        },
        token_scopes=frozenset({TokenScope.CUSTOMERS_READ}),  # warnings are about customers
        # its nested customer is masked by the customer's rules; the notes of its processing
        # history (reason, measures, note) are masked with the warning's decision
        free_text=FreeText(CUSTOMER, (), tied_customer),
    )
)


def process_warning_denial(viewer: Viewer, warning_row: Any) -> ErrorCode | None:
    """Only the customer's responsible account manager processes a warning (None: they may).

    Supervisors and admins see the warnings of their scope but may not process them
    (NOT_RESPONSIBLE_MANAGER, as any other person), tokens never (FORBIDDEN). A warning outside
    the viewer's scope never gets here: it answers NOT_FOUND, like an unknown ID."""
    if viewer.is_token:
        return ErrorCode.FORBIDDEN
    if viewer.user_id is None or get(warning_row, "customer__manager_id") != viewer.user_id:
        return ErrorCode.NOT_RESPONSIBLE_MANAGER
    return None


def can_process_warning(viewer: Viewer, warning_row: Any) -> bool:
    return process_warning_denial(viewer, warning_row) is None


register_action(WARNING, "list", lambda v: sees_rows(v, WARNING), "Customer warnings of the viewer's scope.")
