"""Customer association: switch/unbind requests, the association operation log 关联关系操作记录,
account manager assignment 客户分配, the association notice and knowledge recommendations 知识推荐.

Requests, log entries and assignments are scoped like their customer (owner = the customer's
current manager); the partner side by the partner recorded on the row, so the partner keeps its
log of a customer it has unbound.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from partnercenter.access.registry import ResourcePolicy, RowScope, register, register_action
from partnercenter.access.scopes import get, sees_others_rows
from partnercenter.accounts.enums import Role
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode
from partnercenter.opportunities.permissions import can_reassign_opportunity, may_reassign

_CUSTOMER_LIKE: dict[Role, RowScope] = {
    Role.VENDOR_PDM: RowScope.ALL,
    Role.VENDOR_FINANCE: RowScope.NONE,
    Role.PARTNER_ADMIN: RowScope.ORG,
    Role.SUPERVISOR: RowScope.SUBTREE,
    Role.ACCOUNT_MANAGER: RowScope.OWN,
    Role.PARTNER_FINANCE: RowScope.NONE,
    Role.CUSTOMER_USER: RowScope.CUSTOMER_SELF,
    Role.INTEGRATOR: RowScope.NONE,
}


def _association(name: str, row_scopes: Mapping[Role, RowScope]) -> str:
    # No API token reads them; nothing masked (their customer is a nested Customer).
    return register(
        ResourcePolicy(
            name=name,
            owner_column="customer__manager_id",
            partner_column="partner_id",
            customer_column="customer_id",
            row_scopes=row_scopes,
        )
    )


ASSOCIATION_REQUEST = _association("AssociationRequest", _CUSTOMER_LIKE)
ASSOCIATION_LOG = _association("AssociationLogEntry", _CUSTOMER_LIKE)
CUSTOMER_ASSIGNMENT = _association(
    "CustomerAssignment",
    {**_CUSTOMER_LIKE, Role.VENDOR_PDM: RowScope.NONE, Role.CUSTOMER_USER: RowScope.NONE},
)
# The notice is public to every signed-in person; knowledge items as records are the vendor's
# (partners get them only through a customer's gated recommendations).
NOTICE_VERSION = _association(
    "NoticeVersion", {role: RowScope.NONE if role is Role.INTEGRATOR else RowScope.ALL for role in Role}
)
KNOWLEDGE_ITEM = _association(
    "KnowledgeItem", {role: RowScope.ALL if role is Role.VENDOR_PDM else RowScope.NONE for role in Role}
)


def _partner_admin_of(viewer: Viewer, partner_id: Any) -> bool:
    return viewer.role is Role.PARTNER_ADMIN and not viewer.is_token and partner_id == viewer.org_id


def may_request_association_changes(viewer: Viewer) -> bool:
    """Switching association types, unbinding, deciding customers' unbind requests: partner admins."""
    return viewer.role is Role.PARTNER_ADMIN and not viewer.is_token


def association_request_denial(viewer: Viewer, customer_row: Any) -> ErrorCode | None:
    """Switching the association type or unbinding: the customer's own partner admin only."""
    if not _partner_admin_of(viewer, get(customer_row, "partner_id")):
        return ErrorCode.PARTNER_ADMIN_ONLY
    return None


def can_answer_association_request(viewer: Viewer, request_row: Any) -> bool:
    """Confirm or decline a partner's request: a customer user of that customer only."""
    return (
        viewer.role is Role.CUSTOMER_USER
        and not viewer.is_token
        and viewer.customer_id is not None
        and get(request_row, "customer_id") == viewer.customer_id
    )


def can_request_unbind_as_customer(viewer: Viewer) -> bool:
    return viewer.role is Role.CUSTOMER_USER and not viewer.is_token and viewer.customer_id is not None


def can_decide_unbind_request(viewer: Viewer, request_row: Any) -> bool:
    """Approve or reject a customer's unbind request: the partner admin of that partner."""
    return _partner_admin_of(viewer, get(request_row, "partner_id"))


def can_assign_customer(viewer: Viewer, customer_row: Any, new_manager_row: Any) -> bool:
    """客户分配 follows the opportunity reassignment rule: admins within their partner, supervisors
    within their subtree, to an active account manager or supervisor."""
    return may_reassign(viewer) and can_reassign_opportunity(viewer, customer_row, new_manager_row)


def can_manage_notice_and_knowledge(viewer: Viewer) -> bool:
    """Publishing notice versions and maintaining knowledge items: vendor PDMs."""
    return viewer.role is Role.VENDOR_PDM and viewer.is_vendor and not viewer.is_token


def can_sign_notice(viewer: Viewer) -> bool:
    return viewer.role is Role.CUSTOMER_USER and not viewer.is_token and viewer.customer_id is not None


def may_see_knowledge(viewer: Viewer) -> bool:
    """Knowledge recommendations of a customer in scope: people, never API tokens."""
    return not viewer.is_token and viewer.role is not Role.INTEGRATOR


register_action(
    ASSOCIATION_REQUEST,
    "request",
    may_request_association_changes,
    "Switch association types, unbind, decide customers' unbind requests (partner admin).",
)
register_action(
    ASSOCIATION_REQUEST,
    "answer",
    can_request_unbind_as_customer,
    "A customer user's own area: confirm requests, sign the notice, ask to unbind.",
)
register_action(CUSTOMER_ASSIGNMENT, "assign", may_reassign, "Assign customers to account managers 客户分配.")
register_action(
    ASSOCIATION_LOG, "list", lambda v: sees_others_rows(v, ASSOCIATION_LOG), "The association operation log."
)
register_action(
    NOTICE_VERSION,
    "manage",
    can_manage_notice_and_knowledge,
    "Publish notice versions, maintain knowledge items.",
)
