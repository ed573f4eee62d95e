"""Who sees which customers 客户 and their identifying fields."""

from __future__ import annotations

from typing import Any

from partnercenter.access.fields import withhold
from partnercenter.access.masking import mask_account, mask_company, mask_email, mask_phone
from partnercenter.access.registry import (
    FieldRights,
    MaskedField,
    ResourcePolicy,
    RowScope,
    register,
    register_action,
)
from partnercenter.access.scopes import get, row_scope, sees_others_rows
from partnercenter.accounts.enums import Role, TokenScope
from partnercenter.core.context import Viewer

_ALL = frozenset({MaskedField.NAME, MaskedField.ACCOUNT_NAME, MaskedField.PHONE, MaskedField.EMAIL})
_NAMES = frozenset({MaskedField.NAME, MaskedField.ACCOUNT_NAME})

# A distributor sees only basic data of its resellers' customers.
RESELLER_CUSTOMER_HIDDEN = frozenset({MaskedField.PHONE, MaskedField.EMAIL})


def _reseller_customer_basic_data(viewer: Viewer, row: Any, rights: FieldRights) -> FieldRights:
    if not viewer.is_token and not viewer.is_vendor and get(row, "partner_id") in viewer.reseller_org_ids:
        return withhold(rights, RESELLER_CUSTOMER_HIDDEN)
    return rights


def tied_customer(row: Any) -> dict[str, Any]:
    """The customer a row with joined `customer__` columns is tied to (for its free text)."""
    return {
        "id": get(row, "customer_id"),
        "partner_id": get(row, "customer__partner_id"),
        "manager_id": get(row, "customer__manager_id"),
        "name": get(row, "customer__name"),
    }


CUSTOMER = register(
    ResourcePolicy(
        name="Customer",
        owner_column="manager_id",
        partner_column="partner_id",
        customer_column="id",
        row_scopes={
            Role.VENDOR_PDM: RowScope.ALL,
            Role.VENDOR_FINANCE: RowScope.ALL,
            Role.PARTNER_ADMIN: RowScope.PARTNER_TREE,
            Role.SUPERVISOR: RowScope.SUBTREE,
            Role.ACCOUNT_MANAGER: RowScope.OWN,
            Role.PARTNER_FINANCE: RowScope.ORG,
            Role.CUSTOMER_USER: RowScope.CUSTOMER_SELF,
            Role.INTEGRATOR: RowScope.ORG,
        },
        token_scopes=frozenset({TokenScope.CUSTOMERS_READ}),
        masked_fields={
            MaskedField.NAME: mask_company,
            MaskedField.ACCOUNT_NAME: mask_account,
            MaskedField.PHONE: mask_phone,
            MaskedField.EMAIL: mask_email,
        },
        reveal_rights={
            Role.PARTNER_ADMIN: _ALL,
            Role.SUPERVISOR: _ALL,
            Role.ACCOUNT_MANAGER: _ALL,
            Role.PARTNER_FINANCE: _NAMES,
            Role.VENDOR_PDM: frozenset({MaskedField.NAME}),
            Role.VENDOR_FINANCE: _NAMES,
            Role.CUSTOMER_USER: _ALL,
        },
        row_rights=_reseller_customer_basic_data,
        reveal_source="partnercenter.customers.service:customers_by_ids",
    )
)

# What the menus offer (the services decide again on every call).
register_action(
    CUSTOMER,
    "list",
    lambda v: sees_others_rows(v, CUSTOMER),
    "The customers list (not a customer user's own company).",
)
register_action(
    CUSTOMER,
    "listResellerCustomers",
    lambda v: row_scope(v, CUSTOMER) is RowScope.PARTNER_TREE,
    "Customers of the partner's secondary resellers (a distributor's admin).",
)
