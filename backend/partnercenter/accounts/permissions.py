"""Who sees which people and organisations, and who manages API tokens."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q

from partnercenter.access.masking import mask_email, mask_person, mask_phone
from partnercenter.access.registry import (
    NO_RIGHTS,
    FieldRights,
    MaskedField,
    ResourcePolicy,
    RowScope,
    register,
    register_action,
)
from partnercenter.access.scopes import get
from partnercenter.accounts.enums import Role, TokenScope
from partnercenter.core.context import Viewer

_PERSON_FIELDS = frozenset({MaskedField.NAME, MaskedField.PHONE, MaskedField.EMAIL})
PARTNER_STAFF = frozenset({Role.PARTNER_ADMIN, Role.SUPERVISOR, Role.ACCOUNT_MANAGER, Role.PARTNER_FINANCE})


def _own_record(viewer: Viewer, row: Any, rights: FieldRights) -> FieldRights:
    """One's own name is not someone else's personal data."""
    return NO_RIGHTS if get(row, "id") == viewer.user_id else rights


USER = register(
    ResourcePolicy(
        name="User",
        owner_column="id",
        partner_column="org_id",
        row_scopes={
            Role.VENDOR_PDM: RowScope.ALL,
            Role.VENDOR_FINANCE: RowScope.ALL,
            Role.PARTNER_ADMIN: RowScope.PARTNER_TREE,
            Role.SUPERVISOR: RowScope.ORG,
            Role.ACCOUNT_MANAGER: RowScope.ORG,
            Role.PARTNER_FINANCE: RowScope.ORG,
            Role.CUSTOMER_USER: RowScope.OWN,  # themselves only
            Role.INTEGRATOR: RowScope.ORG,
        },
        token_scopes=frozenset({TokenScope.CUSTOMERS_READ, TokenScope.OPPORTUNITIES_READ}),
        masked_fields={
            MaskedField.NAME: mask_person,
            MaskedField.PHONE: mask_phone,
            MaskedField.EMAIL: mask_email,
        },
        reveal_rights={
            Role.PARTNER_ADMIN: _PERSON_FIELDS,
            Role.SUPERVISOR: _PERSON_FIELDS,
            Role.ACCOUNT_MANAGER: frozenset({MaskedField.NAME}),
            Role.VENDOR_PDM: frozenset({MaskedField.NAME}),
        },
        row_rights=_own_record,
        reveal_source="partnercenter.accounts.service:users_by_ids",
    )
)


def organization_scope_q(viewer: Viewer | None) -> Q | None:
    """Vendor staff see every organisation; partners see themselves and their secondary resellers."""
    if viewer is None:
        return None
    if viewer.is_vendor:
        return Q()
    return Q(id=viewer.org_id) | Q(distributor_id=viewer.org_id)


def can_manage_api_tokens(viewer: Viewer) -> bool:
    """The partner admin creates and revokes the partner's API tokens (a person, not a token)."""
    return viewer.role is Role.PARTNER_ADMIN and not viewer.is_token


def may_use_workbench(viewer: Viewer) -> bool:
    """The workbench 工作台 is the landing page of partner staff."""
    return viewer.role in PARTNER_STAFF and not viewer.is_token


register_action("ApiToken", "manage", can_manage_api_tokens, "The partner's API tokens (partner admin).")
register_action("Workbench", "view", may_use_workbench, "The workbench 工作台 (partner staff).")
