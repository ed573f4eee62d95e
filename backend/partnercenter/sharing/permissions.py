"""Opportunity sharing (PCE).

HO (VendorSharedOpportunity): shared by a vendor PDM with one partner, handled by its partner admins
(accept with a chosen manager, or reject). The PDM sees the HOs they shared. Before acceptance the
partner sees a summary only: the customer name masked and not revealable, the contact phone, email and
the details (revenue, description) withheld.
PO (PartnerSharedOpportunity): a partner's opportunity shared with the vendor. Vendor PDMs see all
of them; partner admins their partner's; managers those of their own opportunities; supervisors
those of their team.
"""

from __future__ import annotations

from typing import Any

from partnercenter.access.fields import withhold
from partnercenter.access.masking import mask_company, mask_email, mask_phone
from partnercenter.access.registry import (
    FieldRights,
    FreeText,
    MaskedField,
    ResourcePolicy,
    RowScope,
    register,
    register_action,
)
from partnercenter.access.scopes import get, sees_rows
from partnercenter.accounts.enums import Role
from partnercenter.core.context import Viewer
from partnercenter.customers.permissions import CUSTOMER, tied_customer

_HO_FIELDS = frozenset({MaskedField.NAME, MaskedField.PHONE, MaskedField.EMAIL})  # customer, contact
HO_SUMMARY_HIDDEN = frozenset({MaskedField.PHONE, MaskedField.EMAIL})
# Columns of an HO withheld (null) while the partner sees its summary only.
HO_DETAIL_COLUMNS = (
    "contact_phone",
    "contact_email",
    "expected_monthly_revenue",
    "description",
    "opportunity_type",
)


def ho_summary_only(viewer: Viewer, ho_row: Any) -> bool:
    """A partner sees an HO's summary only until it accepted it (pending or rejected: summary)."""
    return not viewer.is_vendor and get(ho_row, "state") != "ACCEPTED"


def _ho_summary(viewer: Viewer, row: Any, rights: FieldRights) -> FieldRights:
    if viewer.is_token or not ho_summary_only(viewer, row):
        return rights
    hidden = withhold(rights, HO_SUMMARY_HIDDEN)
    return FieldRights(hidden.masked, frozenset(), hidden.hidden, summary_only=True)


VENDOR_SHARED_OPPORTUNITY = register(  # HO
    ResourcePolicy(
        name="VendorSharedOpportunity",
        owner_column="shared_by_id",
        partner_column="partner_id",
        row_scopes={Role.VENDOR_PDM: RowScope.OWN, Role.PARTNER_ADMIN: RowScope.ORG},
        masked_fields={
            MaskedField.NAME: mask_company,
            MaskedField.PHONE: mask_phone,
            MaskedField.EMAIL: mask_email,
        },
        reveal_rights={Role.PARTNER_ADMIN: _HO_FIELDS, Role.VENDOR_PDM: _HO_FIELDS},
        row_rights=_ho_summary,
        reveal_source="partnercenter.sharing.service:hos_by_ids",  # customer name, contact (once accepted)
    )
)
PARTNER_SHARED_OPPORTUNITY = register(  # PO
    ResourcePolicy(
        name="PartnerSharedOpportunity",
        # Managers and supervisors see a PO through its opportunity's *current* owner: a
        # reassigned opportunity takes its POs along (the owner at sharing time is kept as owner_id).
        owner_column="opportunity__owner_id",
        partner_column="partner_id",
        row_scopes={
            Role.VENDOR_PDM: RowScope.ALL,
            Role.PARTNER_ADMIN: RowScope.ORG,
            Role.SUPERVISOR: RowScope.SUBTREE,
            Role.ACCOUNT_MANAGER: RowScope.OWN,
        },
        # its customer and opportunity are nested objects with their own rules; its need (and
        # the vendor's rejection reason) may name the customer: masked as its NAME is
        free_text=FreeText(CUSTOMER, ("need", "reject_reason"), tied_customer),
    )
)


def may_publish_pce_terms(viewer: Viewer) -> bool:
    return viewer.role is Role.VENDOR_PDM and not viewer.is_token


def may_see_pce_status(viewer: Viewer) -> bool:
    """Partner staff see their partner's PCE membership and eligibility (not customers, not tokens)."""
    return not viewer.is_token and viewer.role in (
        Role.PARTNER_ADMIN,
        Role.SUPERVISOR,
        Role.ACCOUNT_MANAGER,
        Role.PARTNER_FINANCE,
    )


def may_join_pce(viewer: Viewer) -> bool:
    """The partner admin accepts the PCE terms for the partner."""
    return viewer.role is Role.PARTNER_ADMIN and not viewer.is_token


def may_share_ho(viewer: Viewer) -> bool:
    return viewer.role is Role.VENDOR_PDM and not viewer.is_token


def may_handle_ho(viewer: Viewer, ho_row: Any) -> bool:
    """HOs are handled (accepted or rejected) by the partner admins of the partner they were shared with."""
    return (
        viewer.role is Role.PARTNER_ADMIN
        and not viewer.is_token
        and get(ho_row, "partner_id") == viewer.org_id
    )


def may_share_po(viewer: Viewer, opportunity_row: Any) -> bool:
    """The partner admin (own partner's opportunities) or the opportunity's owner shares it."""
    if viewer.is_token or viewer.is_vendor:
        return False
    if viewer.role is Role.PARTNER_ADMIN:
        return get(opportunity_row, "partner_id") == viewer.org_id
    return (
        viewer.role in (Role.ACCOUNT_MANAGER, Role.SUPERVISOR)
        and get(opportunity_row, "owner_id") == viewer.user_id
    )


def may_validate_po(viewer: Viewer) -> bool:
    """Vendor PDMs validate POs (approve, reject) and record their signing and delivery."""
    return viewer.role is Role.VENDOR_PDM and not viewer.is_token


register_action(
    VENDOR_SHARED_OPPORTUNITY,
    "list",
    lambda v: sees_rows(v, VENDOR_SHARED_OPPORTUNITY),
    "HOs: shared by vendor PDMs, handled by partner admins.",
)
register_action(VENDOR_SHARED_OPPORTUNITY, "share", may_share_ho, "Share HOs with partners (vendor PDMs).")
register_action(
    PARTNER_SHARED_OPPORTUNITY,
    "list",
    lambda v: sees_rows(v, PARTNER_SHARED_OPPORTUNITY),
    "POs: the partner's opportunities shared with the vendor.",
)
register_action(
    "PceProgram",
    "view",
    lambda v: may_see_pce_status(v) or may_publish_pce_terms(v),
    "The PCE plan: partners' membership and eligibility, the vendor's terms.",
)
