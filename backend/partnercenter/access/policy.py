"""The access policy: row scope, field masking, reveal and action rights, for every type.

Every path (lists, node/nodes, nested fields, filters, sorting, counts, reveal, exports)
asks this module; nothing else decides who sees what. The tables below are data so that
tests can derive their role x field x path matrix from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from tortoise.expressions import Q

from partnercenter.access.masking import mask_account, mask_company, mask_email, mask_person, mask_phone
from partnercenter.accounts.enums import Role, TokenScope
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode, PublicError

__all__ = [
    "MASKERS",
    "REVEAL_RIGHTS",
    "ROW_SCOPES",
    "FieldRights",
    "MaskedField",
    "Resource",
    "RevealDenialReason",
    "RowScope",
    "can_create_opportunity",
    "can_process_warning",
    "can_reassign_opportunity",
    "can_update_opportunity",
    "check_filter_allowed",
    "create_opportunity_denial",
    "denial_message",
    "denial_reason",
    "field_rights",
    "ho_summary_only",
    "in_scope",
    "may_handle_ho",
    "may_join_pce",
    "may_publish_pce_terms",
    "may_reassign",
    "may_see_pce_status",
    "may_share_ho",
    "may_share_po",
    "may_validate_po",
    "organization_scope_q",
    "present",
    "process_warning_denial",
    "require_read",
    "reveal_denial",
    "reveal_denials",
    "row_scope",
    "scope_q",
    "show",
]


class Resource(StrEnum):
    CUSTOMER = "Customer"
    OPPORTUNITY = "Opportunity"
    USER = "User"
    # Coupons and orders (funds and coupons slice)
    PRODUCT = "Product"
    COUPON_QUOTA = "CouponQuota"
    COUPON = "Coupon"
    COUPON_OPERATION = "CouponOperation"
    ORDER = "Order"
    # funds (see the funds block at the end)
    FUNDS_ACCOUNT = "FundsAccount"
    FUNDS_ACCOUNT_ENTRY = "FundsAccountEntry"
    FUNDS_ADJUSTMENT = "FundsAdjustment"
    WARNING = "CustomerWarning"
    MESSAGE = "Message"
    # Customer association slice (rules in the block at the end of this module).
    ASSOCIATION_REQUEST = "AssociationRequest"
    ASSOCIATION_LOG = "AssociationLogEntry"
    CUSTOMER_ASSIGNMENT = "CustomerAssignment"
    NOTICE_VERSION = "NoticeVersion"
    KNOWLEDGE_ITEM = "KnowledgeItem"
    # Opportunity sharing (PCE)
    VENDOR_SHARED_OPPORTUNITY = "VendorSharedOpportunity"  # HO
    PARTNER_SHARED_OPPORTUNITY = "PartnerSharedOpportunity"  # PO


class MaskedField(StrEnum):
    NAME = "NAME"
    ACCOUNT_NAME = "ACCOUNT_NAME"
    PHONE = "PHONE"
    EMAIL = "EMAIL"


class RevealDenialReason(StrEnum):
    """Why the viewer may not reveal a masked (or withheld) field."""

    ROLE = "ROLE"  # the viewer's role may not reveal it
    API_TOKEN = "API_TOKEN"  # API tokens get masked values only
    BASIC_DATA_ONLY = "BASIC_DATA_ONLY"  # a secondary reseller's customer seen by its distributor
    SUMMARY_ONLY = "SUMMARY_ONLY"  # an HO not accepted (yet): the partner sees its summary only


class RowScope(StrEnum):
    NONE = "NONE"
    OWN = "OWN"  # rows whose manager/owner is the viewer
    SUBTREE = "SUBTREE"  # rows of every manager under the viewer, transitively
    ORG = "ORG"  # the viewer's partner
    PARTNER_TREE = "PARTNER_TREE"  # the partner and, for a distributor, its secondary resellers
    CUSTOMER_SELF = "CUSTOMER_SELF"  # a customer user's own company
    ALL = "ALL"  # vendor staff


_A, _S, _M = Role.PARTNER_ADMIN, Role.SUPERVISOR, Role.ACCOUNT_MANAGER

ROW_SCOPES: dict[Resource, dict[Role, RowScope]] = {
    Resource.CUSTOMER: {
        Role.VENDOR_PDM: RowScope.ALL,
        Role.VENDOR_FINANCE: RowScope.ALL,
        _A: RowScope.PARTNER_TREE,
        _S: RowScope.SUBTREE,
        _M: RowScope.OWN,
        Role.PARTNER_FINANCE: RowScope.ORG,
        Role.CUSTOMER_USER: RowScope.CUSTOMER_SELF,
        Role.INTEGRATOR: RowScope.ORG,
    },
    Resource.OPPORTUNITY: {
        Role.VENDOR_PDM: RowScope.ALL,
        Role.VENDOR_FINANCE: RowScope.NONE,
        _A: RowScope.PARTNER_TREE,
        _S: RowScope.SUBTREE,
        _M: RowScope.OWN,
        Role.PARTNER_FINANCE: RowScope.NONE,
        Role.CUSTOMER_USER: RowScope.NONE,
        Role.INTEGRATOR: RowScope.ORG,
    },
    Resource.USER: {
        Role.VENDOR_PDM: RowScope.ALL,
        Role.VENDOR_FINANCE: RowScope.ALL,
        _A: RowScope.PARTNER_TREE,
        _S: RowScope.ORG,
        _M: RowScope.ORG,
        Role.PARTNER_FINANCE: RowScope.ORG,
        Role.CUSTOMER_USER: RowScope.OWN,  # themselves only
        Role.INTEGRATOR: RowScope.ORG,
    },
}

# --- customer warnings 客户预警 (warnings slice) ------------------------------------------------
# A warning follows its customer's manager, like the customer: the manager sees their customers'
# warnings, a supervisor those of their team, an admin the partner's own (not a secondary
# reseller's: spend is not basic data). Vendor staff and finance have no use for them.
ROW_SCOPES[Resource.WARNING] = {
    Role.VENDOR_PDM: RowScope.NONE,
    Role.VENDOR_FINANCE: RowScope.NONE,
    _A: RowScope.ORG,
    _S: RowScope.SUBTREE,
    _M: RowScope.OWN,
    Role.PARTNER_FINANCE: RowScope.NONE,
    Role.CUSTOMER_USER: RowScope.NONE,
    Role.INTEGRATOR: RowScope.ORG,
}
# --- end customer warnings ------------------------------------------------------------------------
# --- Message centre: every person reads only their own messages; API tokens have none.
ROW_SCOPES[Resource.MESSAGE] = {role: RowScope.OWN for role in Role if role is not Role.INTEGRATOR}
ROW_SCOPES[Resource.MESSAGE][Role.INTEGRATOR] = RowScope.NONE

# Token scopes an integrator needs per resource (people come with either read scope).
TOKEN_SCOPES: dict[Resource, frozenset[TokenScope]] = {
    Resource.CUSTOMER: frozenset({TokenScope.CUSTOMERS_READ}),
    Resource.OPPORTUNITY: frozenset({TokenScope.OPPORTUNITIES_READ}),
    Resource.USER: frozenset({TokenScope.CUSTOMERS_READ, TokenScope.OPPORTUNITIES_READ}),
    Resource.WARNING: frozenset({TokenScope.CUSTOMERS_READ}),  # warnings are about customers
    Resource.MESSAGE: frozenset(),  # no token scope grants a person's messages
}

_ALL = frozenset(MaskedField)
_NAMES = frozenset({MaskedField.NAME, MaskedField.ACCOUNT_NAME})

MASKED_FIELDS: dict[Resource, frozenset[MaskedField]] = {
    Resource.CUSTOMER: _ALL,
    Resource.USER: frozenset({MaskedField.NAME, MaskedField.PHONE, MaskedField.EMAIL}),
    Resource.OPPORTUNITY: frozenset(),
    Resource.WARNING: frozenset(),  # its nested customer is masked by the customer's rules
    Resource.MESSAGE: frozenset(),
}

REVEAL_RIGHTS: dict[Resource, dict[Role, frozenset[MaskedField]]] = {
    Resource.CUSTOMER: {
        _A: _ALL,
        _S: _ALL,
        _M: _ALL,
        Role.PARTNER_FINANCE: _NAMES,
        Role.VENDOR_PDM: frozenset({MaskedField.NAME}),
        Role.VENDOR_FINANCE: _NAMES,
        Role.CUSTOMER_USER: _ALL,
    },
    Resource.USER: {
        _A: MASKED_FIELDS[Resource.USER],
        _S: MASKED_FIELDS[Resource.USER],
        _M: frozenset({MaskedField.NAME}),
        Role.VENDOR_PDM: frozenset({MaskedField.NAME}),
    },
}

# A distributor sees only basic data of its resellers' customers.
RESELLER_CUSTOMER_HIDDEN = frozenset({MaskedField.PHONE, MaskedField.EMAIL})

MASKERS = {
    (Resource.CUSTOMER, MaskedField.NAME): mask_company,
    (Resource.CUSTOMER, MaskedField.ACCOUNT_NAME): mask_account,
    (Resource.CUSTOMER, MaskedField.PHONE): mask_phone,
    (Resource.CUSTOMER, MaskedField.EMAIL): mask_email,
    (Resource.USER, MaskedField.NAME): mask_person,
    (Resource.USER, MaskedField.PHONE): mask_phone,
    (Resource.USER, MaskedField.EMAIL): mask_email,
}

# Row attribute (as selected by the services) for each masked field.
FIELD_COLUMNS = {
    MaskedField.NAME: "name",
    MaskedField.ACCOUNT_NAME: "account_name",
    MaskedField.PHONE: "phone",
    MaskedField.EMAIL: "email",
}

_OWNER_COLUMN = {
    Resource.CUSTOMER: "manager_id",
    Resource.OPPORTUNITY: "owner_id",
    Resource.USER: "id",
    Resource.WARNING: "customer__manager_id",  # follows the customer's current manager
    Resource.MESSAGE: "recipient_id",
}
_PARTNER_COLUMN = {
    Resource.CUSTOMER: "partner_id",
    Resource.OPPORTUNITY: "partner_id",
    Resource.USER: "org_id",
    Resource.WARNING: "customer__partner_id",
    Resource.MESSAGE: "recipient__org_id",
}


# --------------------------------------------------------------------------- opportunity sharing (PCE)
# HO (VendorSharedOpportunity): shared by a vendor PDM with one partner, handled by its partner admins
# (accept with a chosen manager, or reject). The PDM sees the HOs they shared. Before acceptance the
# partner sees a summary only: the customer name masked and not revealable, the contact phone, email and
# the details (revenue, description) withheld.
# PO (PartnerSharedOpportunity): a partner's opportunity shared with the vendor. Vendor PDMs see all
# of them; partner admins their partner's; managers those of their own opportunities; supervisors
# those of their team.
_HO, _PO = Resource.VENDOR_SHARED_OPPORTUNITY, Resource.PARTNER_SHARED_OPPORTUNITY
_NONE_FOR_ALL = dict.fromkeys(Role, RowScope.NONE)
ROW_SCOPES[_HO] = {**_NONE_FOR_ALL, Role.VENDOR_PDM: RowScope.OWN, _A: RowScope.ORG}
ROW_SCOPES[_PO] = {
    **_NONE_FOR_ALL,
    Role.VENDOR_PDM: RowScope.ALL,
    _A: RowScope.ORG,
    _S: RowScope.SUBTREE,
    _M: RowScope.OWN,
}
TOKEN_SCOPES[_HO] = frozenset()  # not offered to integrators
TOKEN_SCOPES[_PO] = frozenset()
MASKED_FIELDS[_HO] = frozenset({MaskedField.NAME, MaskedField.PHONE, MaskedField.EMAIL})  # customer, contact
MASKED_FIELDS[_PO] = frozenset()  # its customer and opportunity are nested objects with their own rules
REVEAL_RIGHTS[_HO] = {_A: MASKED_FIELDS[_HO], Role.VENDOR_PDM: MASKED_FIELDS[_HO]}
MASKERS[(_HO, MaskedField.NAME)] = mask_company
MASKERS[(_HO, MaskedField.PHONE)] = mask_phone
MASKERS[(_HO, MaskedField.EMAIL)] = mask_email
_OWNER_COLUMN[_HO], _PARTNER_COLUMN[_HO] = "shared_by_id", "partner_id"
_OWNER_COLUMN[_PO], _PARTNER_COLUMN[_PO] = "owner_id", "partner_id"
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
    return not viewer.is_vendor and _get(ho_row, "state") != "ACCEPTED"


def may_publish_pce_terms(viewer: Viewer) -> bool:
    return viewer.role is Role.VENDOR_PDM and not viewer.is_token


def may_see_pce_status(viewer: Viewer) -> bool:
    """Partner staff see their partner's PCE membership and eligibility (not customers, not tokens)."""
    return not viewer.is_token and viewer.role in (_A, _S, _M, Role.PARTNER_FINANCE)


def may_join_pce(viewer: Viewer) -> bool:
    """The partner admin accepts the PCE terms for the partner."""
    return viewer.role is _A and not viewer.is_token


def may_share_ho(viewer: Viewer) -> bool:
    return viewer.role is Role.VENDOR_PDM and not viewer.is_token


def may_handle_ho(viewer: Viewer, ho_row: Any) -> bool:
    """HOs are handled (accepted or rejected) by the partner admins of the partner they were shared with."""
    return viewer.role is _A and not viewer.is_token and _get(ho_row, "partner_id") == viewer.org_id


def may_share_po(viewer: Viewer, opportunity_row: Any) -> bool:
    """The partner admin (own partner's opportunities) or the opportunity's owner shares it."""
    if viewer.is_token or viewer.is_vendor:
        return False
    if viewer.role is _A:
        return _get(opportunity_row, "partner_id") == viewer.org_id
    return viewer.role in (_M, _S) and _get(opportunity_row, "owner_id") == viewer.user_id


def may_validate_po(viewer: Viewer) -> bool:
    """Vendor PDMs validate POs (approve, reject) and record their signing and delivery."""
    return viewer.role is Role.VENDOR_PDM and not viewer.is_token


# The column naming the customer of a row, for a customer user's CUSTOMER_SELF scope.
_CUSTOMER_COLUMN: dict[Resource, str] = {Resource.CUSTOMER: "id"}


def require_viewer(viewer: Viewer | None) -> Viewer:
    if viewer is None:
        raise PublicError(ErrorCode.UNAUTHENTICATED, "Sign in first.")
    return viewer


def require_read(viewer: Viewer | None, resource: Resource) -> Viewer:
    """Entry check of a list: anonymous and under-scoped tokens get a typed error."""
    v = require_viewer(viewer)
    if v.is_token and not (v.scopes & TOKEN_SCOPES[resource]):
        needed = " or ".join(sorted(s.value for s in TOKEN_SCOPES[resource]))
        raise PublicError(ErrorCode.FORBIDDEN, f"This API token lacks the scope {needed}.")
    return v


def row_scope(viewer: Viewer | None, resource: Resource) -> RowScope:
    if viewer is None:
        return RowScope.NONE
    if viewer.is_token and not (viewer.scopes & TOKEN_SCOPES[resource]):
        return RowScope.NONE
    return ROW_SCOPES[resource].get(viewer.role, RowScope.NONE)


def scope_q(viewer: Viewer | None, resource: Resource) -> Q | None:
    """The row scope as a filter; None means the viewer sees no row at all."""
    scope = row_scope(viewer, resource)
    if scope is RowScope.NONE or viewer is None:
        return None
    owner, partner = _OWNER_COLUMN[resource], _PARTNER_COLUMN[resource]
    if scope is RowScope.ALL:
        return Q()
    if scope is RowScope.OWN:
        return _q(owner, viewer.user_id) if viewer.user_id else None
    if scope is RowScope.SUBTREE:
        return _q(f"{owner}__in", list(viewer.subtree_user_ids or (viewer.user_id,)))
    if scope is RowScope.ORG:
        return _q(partner, viewer.org_id)
    if scope is RowScope.PARTNER_TREE:
        return _q(f"{partner}__in", [viewer.org_id, *viewer.reseller_org_ids])
    if scope is RowScope.CUSTOMER_SELF:
        column = _CUSTOMER_COLUMN.get(resource)
        if column and viewer.customer_id:
            return _q(column, viewer.customer_id)
        return None
    raise AssertionError(scope)


def _q(lookup: str, value: Any) -> Q:
    return Q(**{lookup: value})  # type: ignore[arg-type]


def in_scope(viewer: Viewer | None, resource: Resource, row: Any) -> bool:
    """The same scope as `scope_q`, evaluated on a row already fetched (nested objects)."""
    scope = row_scope(viewer, resource)
    if scope is RowScope.NONE or viewer is None:
        return False
    owner = _get(row, _OWNER_COLUMN[resource])
    partner = _get(row, _PARTNER_COLUMN[resource])
    if scope is RowScope.ALL:
        return True
    if scope is RowScope.OWN:
        return viewer.user_id is not None and owner == viewer.user_id
    if scope is RowScope.SUBTREE:
        return owner in (viewer.subtree_user_ids or (viewer.user_id,))
    if scope is RowScope.ORG:
        return partner == viewer.org_id
    if scope is RowScope.PARTNER_TREE:
        return partner == viewer.org_id or partner in viewer.reseller_org_ids
    if scope is RowScope.CUSTOMER_SELF:
        column = _CUSTOMER_COLUMN.get(resource)
        if column is None or viewer.customer_id is None:
            return False
        return bool(_get(row, column) == viewer.customer_id)
    raise AssertionError(scope)


@dataclass(frozen=True, slots=True)
class FieldRights:
    masked: frozenset[MaskedField]
    revealable: frozenset[MaskedField]
    hidden: frozenset[MaskedField]
    summary_only: bool = False  # an HO seen by the partner before acceptance


_NO_RIGHTS = FieldRights(frozenset(), frozenset(), frozenset())


def field_rights(viewer: Viewer, resource: Resource, row: Any) -> FieldRights:
    """Which fields of this row are masked, which the viewer may reveal, which are withheld."""
    maskable = MASKED_FIELDS[resource]
    if not maskable:
        return _NO_RIGHTS
    if resource is Resource.USER and _get(row, "id") == viewer.user_id:
        return _NO_RIGHTS  # one's own name is not someone else's personal data
    revealable = REVEAL_RIGHTS.get(resource, {}).get(viewer.role, frozenset())
    hidden: frozenset[MaskedField] = frozenset()
    if viewer.is_token:
        revealable = frozenset()
    elif (
        resource is Resource.CUSTOMER
        and not viewer.is_vendor
        and _get(row, "partner_id") in viewer.reseller_org_ids
    ):
        hidden = RESELLER_CUSTOMER_HIDDEN
        revealable = revealable - RESELLER_CUSTOMER_HIDDEN
    elif resource is Resource.VENDOR_SHARED_OPPORTUNITY and ho_summary_only(viewer, row):
        return FieldRights(maskable - HO_SUMMARY_HIDDEN, frozenset(), HO_SUMMARY_HIDDEN, summary_only=True)
    return FieldRights(maskable - hidden, revealable & maskable, hidden)


def denial_reason(rights: FieldRights, is_token: bool, field: MaskedField) -> RevealDenialReason | None:
    """The one decision of why a field may not be revealed (None: it may, or it is not masked)."""
    if rights.summary_only and (field in rights.hidden or field in rights.masked):
        return RevealDenialReason.SUMMARY_ONLY
    if field in rights.hidden:
        return RevealDenialReason.BASIC_DATA_ONLY
    if field not in rights.masked or field in rights.revealable:
        return None
    if is_token:
        return RevealDenialReason.API_TOKEN
    return RevealDenialReason.ROLE


@lru_cache(maxsize=128)
def reveal_denials(rights: FieldRights, is_token: bool) -> tuple[tuple[MaskedField, RevealDenialReason], ...]:
    """Every masked or withheld field the viewer may not reveal, with the reason, in MaskedField
    order. Depends only on (rights, is_token): computed once per distinct pair, not per row."""
    return tuple(
        (field, reason)
        for field in MaskedField
        if (reason := denial_reason(rights, is_token, field)) is not None
    )


def reveal_denial(
    viewer: Viewer, resource: Resource, row: Any, field: MaskedField
) -> RevealDenialReason | None:
    """Why this viewer may not reveal `field` of this row; None when they may (or it is not masked)."""
    return denial_reason(field_rights(viewer, resource, row), viewer.is_token, field)


def denial_message(reason: RevealDenialReason, resource: Resource, field: MaskedField) -> str:
    """The English text of a denial (the reveal mutation's FORBIDDEN message)."""
    if reason is RevealDenialReason.BASIC_DATA_ONLY:
        return "Only basic data of a secondary reseller's customer is shared with the distributor."
    if reason is RevealDenialReason.API_TOKEN:
        return "API tokens receive masked values only."
    if reason is RevealDenialReason.SUMMARY_ONLY:
        return "Only the summary of a shared opportunity is visible until it is accepted."
    return f"Your role may not reveal {field.value} of a {resource.value}."


def show(resource: Resource, field: MaskedField, rights: FieldRights, value: Any) -> Any:
    """The value of one maskable field as this viewer sees it (masked, withheld, or as is)."""
    if field in rights.hidden:
        return None
    if value and field in rights.masked:
        return MASKERS[(resource, field)](value)
    return value


def present(viewer: Viewer, resource: Resource, row: dict[str, Any]) -> tuple[dict[str, Any], FieldRights]:
    """Masks a row once (per object, not per field): the shown values of its maskable columns
    (masked, or None where withheld) and the rights."""
    rights = field_rights(viewer, resource, row)
    shown: dict[str, Any] = {}
    for field in MASKED_FIELDS[resource]:
        col = FIELD_COLUMNS[field]
        if col not in row:
            continue
        value = row[col]
        if field in rights.hidden:
            value = None
        elif value and field in rights.masked:
            value = MASKERS[(resource, field)](value)
        shown[col] = value
    return shown, rights


def check_filter_allowed(viewer: Viewer, resource: Resource, field: MaskedField) -> None:
    """Filtering by a masked value would confirm it: only those who may reveal it may filter by it."""
    if viewer.is_token or field not in REVEAL_RIGHTS.get(resource, {}).get(viewer.role, frozenset()):
        raise PublicError(ErrorCode.FORBIDDEN, f"Filtering by {field.value} needs the right to reveal it.")


# Action rights (what a role may do to rows it can see).
def create_opportunity_denial(viewer: Viewer, customer_row: Any) -> ErrorCode | None:
    """Why the viewer may not create an opportunity for a customer they can see (None: they may).

    Account managers only (FORBIDDEN for every other role and for tokens), and only for customers
    assigned to them (NOT_YOUR_CUSTOMER). A customer outside the viewer's scope never gets here:
    it answers NOT_FOUND, like an unknown ID."""
    if viewer.role is not Role.ACCOUNT_MANAGER or viewer.is_token:
        return ErrorCode.FORBIDDEN
    if _get(customer_row, "manager_id") != viewer.user_id:
        return ErrorCode.NOT_YOUR_CUSTOMER
    return None


def can_create_opportunity(viewer: Viewer, customer_row: Any) -> bool:
    """Account managers only, and only for customers assigned to them."""
    return create_opportunity_denial(viewer, customer_row) is None


def can_update_opportunity(viewer: Viewer, opportunity_row: Any) -> bool:
    if viewer.is_token:
        return False
    if viewer.role is Role.ACCOUNT_MANAGER:
        return _get(opportunity_row, "owner_id") == viewer.user_id
    return viewer.role is Role.PARTNER_ADMIN and _get(opportunity_row, "partner_id") == viewer.org_id


def may_reassign(viewer: Viewer) -> bool:
    return viewer.role in (Role.SUPERVISOR, Role.PARTNER_ADMIN) and not viewer.is_token


def can_reassign_opportunity(viewer: Viewer, opportunity_row: Any, new_owner_row: Any) -> bool:
    """Supervisors within their subtree, admins within their own partner."""
    if viewer.is_token or _get(new_owner_row, "role") not in (Role.ACCOUNT_MANAGER, Role.SUPERVISOR):
        return False
    same_org = _get(new_owner_row, "org_id") == _get(opportunity_row, "partner_id")
    if viewer.role is Role.PARTNER_ADMIN:
        return same_org and _get(opportunity_row, "partner_id") == viewer.org_id
    if viewer.role is Role.SUPERVISOR:
        return same_org and _get(new_owner_row, "id") in viewer.subtree_user_ids
    return False


# --- customer warnings: action rights ---------------------------------------------------------------
def process_warning_denial(viewer: Viewer, warning_row: Any) -> ErrorCode | None:
    """Only the customer's responsible account manager processes a warning (None: they may).

    Supervisors and admins see the warnings of their scope but may not process them
    (NOT_RESPONSIBLE_MANAGER, as any other person), tokens never (FORBIDDEN). A warning outside
    the viewer's scope never gets here: it answers NOT_FOUND, like an unknown ID."""
    if viewer.is_token:
        return ErrorCode.FORBIDDEN
    if viewer.user_id is None or _get(warning_row, "customer__manager_id") != viewer.user_id:
        return ErrorCode.NOT_RESPONSIBLE_MANAGER
    return None


def can_process_warning(viewer: Viewer, warning_row: Any) -> bool:
    return process_warning_denial(viewer, warning_row) is None


# --- end customer warnings ---------------------------------------------------------------------------


def _get(row: Any, key: str) -> Any:
    return row.get(key) if isinstance(row, dict) else getattr(row, key, None)


def organization_scope_q(viewer: Viewer | None) -> Q | None:
    """Vendor staff see every organisation; partners see themselves and their secondary resellers."""
    if viewer is None:
        return None
    if viewer.is_vendor:
        return Q()
    return Q(id=viewer.org_id) | Q(distributor_id=viewer.org_id)


# =========================================================================== coupons and orders
# Row scopes, token scopes and action rights of the catalogue, coupon quotas 券额度, coupons
# (vouchers 代金券 and cash coupons 现金券), the coupon operation log and customer orders.

_F = Role.PARTNER_FINANCE
_COUPON_MANAGERS = frozenset({Role.PARTNER_ADMIN, Role.PARTNER_FINANCE})

ROW_SCOPES.update(
    {
        # The catalogue is reference data: every signed-in role, and tokens with PRODUCTS_READ.
        Resource.PRODUCT: {role: RowScope.ALL for role in Role},
        Resource.COUPON_QUOTA: {
            Role.VENDOR_FINANCE: RowScope.ALL,
            _A: RowScope.PARTNER_TREE,  # a distributor sees the sub-quotas it passed to its resellers
            _F: RowScope.PARTNER_TREE,
        },
        Resource.COUPON: {
            Role.VENDOR_FINANCE: RowScope.ALL,
            _A: RowScope.PARTNER_TREE,
            _F: RowScope.PARTNER_TREE,
            Role.CUSTOMER_USER: RowScope.CUSTOMER_SELF,  # 费用与成本 → 优惠折扣
        },
        Resource.COUPON_OPERATION: {
            Role.VENDOR_FINANCE: RowScope.ALL,
            _A: RowScope.PARTNER_TREE,
            _F: RowScope.PARTNER_TREE,
        },
        Resource.ORDER: {
            Role.VENDOR_FINANCE: RowScope.ALL,
            _A: RowScope.PARTNER_TREE,
            _F: RowScope.ORG,
            Role.CUSTOMER_USER: RowScope.CUSTOMER_SELF,
        },
    }
)
for _coupon_resource in (Resource.COUPON_QUOTA, Resource.COUPON, Resource.COUPON_OPERATION, Resource.ORDER):
    for _role in Role:  # every other role sees none of these rows
        ROW_SCOPES[_coupon_resource].setdefault(_role, RowScope.NONE)
TOKEN_SCOPES.update(
    {
        Resource.PRODUCT: frozenset({TokenScope.PRODUCTS_READ}),
        Resource.COUPON_QUOTA: frozenset(),
        Resource.COUPON: frozenset(),
        Resource.COUPON_OPERATION: frozenset(),
        Resource.ORDER: frozenset(),
    }
)
for _resource in (
    Resource.PRODUCT,
    Resource.COUPON_QUOTA,
    Resource.COUPON,
    Resource.COUPON_OPERATION,
    Resource.ORDER,
):
    MASKED_FIELDS[_resource] = frozenset()
# (No role has an OWN scope on these: the owner columns only complete the tables.)
_OWNER_COLUMN.update(
    {
        Resource.PRODUCT: "id",
        Resource.COUPON_QUOTA: "created_by_id",
        Resource.COUPON: "issued_by_id",
        Resource.COUPON_OPERATION: "actor_id",
        Resource.ORDER: "placed_by_id",
    }
)
_PARTNER_COLUMN.update(
    {
        Resource.PRODUCT: "id",  # reference data: ALL for every role
        Resource.COUPON_QUOTA: "partner_id",  # the holder of the quota
        Resource.COUPON: "issuer_id",  # the issuing partner
        Resource.COUPON_OPERATION: "partner_id",  # the partner whose quota or coupon it concerns
        Resource.ORDER: "partner_id",
    }
)
_CUSTOMER_COLUMN.update({Resource.COUPON: "customer_id", Resource.ORDER: "customer_id"})

# Fields of a coupon only its issuer sees (the issuing partner's coupon managers, never a token):
# the memo 备注. Everyone else gets null.
ISSUER_ONLY_FIELDS: dict[Resource, frozenset[str]] = {Resource.COUPON: frozenset({"memo"})}


def is_coupon_issuer(viewer: Viewer, coupon_row: Any) -> bool:
    """The viewer speaks for the partner that issued this coupon."""
    return (
        not viewer.is_token
        and viewer.role in _COUPON_MANAGERS
        and _get(coupon_row, "issuer_id") == viewer.org_id
    )


def issuer_only_value(viewer: Viewer, coupon_row: Any, field: str) -> Any:
    """The value of an issuer-only field as this viewer sees it (None unless the issuer)."""
    assert field in ISSUER_ONLY_FIELDS[Resource.COUPON]
    return _get(coupon_row, field) if is_coupon_issuer(viewer, coupon_row) else None


def can_grant_quota(viewer: Viewer) -> bool:
    """Vendor finance grants coupon quotas to partners (never a token)."""
    return viewer.role is Role.VENDOR_FINANCE and not viewer.is_token


def can_manage_coupons(viewer: Viewer, partner_id: Any) -> bool:
    """Issue, reclaim, pass sub-quotas: the partner's admin or finance, for its own quotas and coupons."""
    return not viewer.is_token and viewer.role in _COUPON_MANAGERS and partner_id == viewer.org_id


def can_adjust_quota(viewer: Viewer, quota_row: Any) -> bool:
    """The grantor of a quota adjusts, freezes or reclaims it: vendor finance for a vendor grant,
    the distributor's coupon managers for a sub-quota."""
    if viewer.is_token:
        return False
    if _get(quota_row, "parent_id") is None:
        return viewer.role is Role.VENDOR_FINANCE
    return viewer.role in _COUPON_MANAGERS and _get(quota_row, "granted_by_id") == viewer.org_id


def can_place_order(viewer: Viewer, customer_id: Any) -> bool:
    """A customer user orders and pays for its own company."""
    return (
        not viewer.is_token
        and viewer.role is Role.CUSTOMER_USER
        and viewer.customer_id is not None
        and viewer.customer_id == customer_id
    )


def can_pay_on_behalf(viewer: Viewer, order_row: Any) -> bool:
    """代支付: the customer's partner (admin or finance) pays an order awaiting partner payment."""
    return can_manage_coupons(viewer, _get(order_row, "partner_id"))


def can_refund_order(viewer: Viewer, order_row: Any) -> bool:
    """The customer refunds its own orders; the partner refunds an order it paid on the customer's behalf."""
    if can_place_order(viewer, _get(order_row, "customer_id")):
        return True
    partner = _get(order_row, "partner_id")
    return _get(order_row, "paid_by") == "PARTNER" and can_manage_coupons(viewer, partner)


# --- funds: accounts, account change records 收支明细, adjust records 调账记录 ---------------------
# Who sees funds: the partner's admin and finance (an admin and finance of a distributor also see
# its secondary resellers' account balances, to recover from them), vendor finance everything;
# nobody else, and no API token (no token scope reads funds).
# Who moves money (disburse, recover, batch): partner admin and partner finance, for their own
# partner only, and only to its own resale customers / its own secondary resellers.
# Who recharges a partner or sets its credit line: vendor finance. Who switches the partner's
# "money operations need a second factor" setting: the partner admin.
_FIN = Role.PARTNER_FINANCE
_VF = Role.VENDOR_FINANCE


def _funds_scopes(partner: RowScope) -> dict[Role, RowScope]:
    scopes = dict.fromkeys(Role, RowScope.NONE)  # every role listed: no role is left undecided
    scopes.update({_VF: RowScope.ALL, _A: partner, _FIN: partner})
    return scopes


ROW_SCOPES.update(
    {
        Resource.FUNDS_ACCOUNT: _funds_scopes(RowScope.PARTNER_TREE),
        Resource.FUNDS_ACCOUNT_ENTRY: _funds_scopes(RowScope.ORG),
        Resource.FUNDS_ADJUSTMENT: _funds_scopes(RowScope.ORG),
    }
)
for _r in (Resource.FUNDS_ACCOUNT, Resource.FUNDS_ACCOUNT_ENTRY, Resource.FUNDS_ADJUSTMENT):
    TOKEN_SCOPES[_r] = frozenset()  # no token scope reads funds
    MASKED_FIELDS[_r] = frozenset()  # amounts are not personal data; customer names mask as Customer
    _OWNER_COLUMN[_r] = "partner_id"
    _PARTNER_COLUMN[_r] = "partner_id"

FUNDS_MOVERS = frozenset({_A, _FIN})
FUNDS_GRANTERS = frozenset({Role.VENDOR_FINANCE})


def can_move_funds(viewer: Viewer) -> bool:
    """Disburse and recover: partner admin and partner finance, never a token."""
    return viewer.role in FUNDS_MOVERS and not viewer.is_token and not viewer.is_vendor


def can_grant_funds(viewer: Viewer) -> bool:
    """Recharge a partner, set its credit line: vendor finance."""
    return viewer.role in FUNDS_GRANTERS and not viewer.is_token and viewer.is_vendor


def can_require_second_factor(viewer: Viewer) -> bool:
    return viewer.role is _A and not viewer.is_token


def funds_customer_denial(viewer: Viewer, customer_row: Any) -> ErrorCode | None:
    """Why the viewer may not disburse to / recover from this customer (None: it may).

    `customer_row` is the customer as loaded through the viewer's Customer scope (None when unknown
    or outside it). Unknown, out-of-scope, and in-scope-but-not-own customers (a distributor's view
    of its resellers' customers) all answer NOT_YOUR_CUSTOMER, so the answer says nothing about
    whether the ID exists. A consulting-sale customer of one's own: NOT_RESALE_CUSTOMER."""
    if customer_row is None or _get(customer_row, "partner_id") != viewer.org_id:
        return ErrorCode.NOT_YOUR_CUSTOMER
    if _get(customer_row, "association_type") != "RESALE":
        return ErrorCode.NOT_RESALE_CUSTOMER
    return None


def funds_reseller_denial(viewer: Viewer, org_row: Any) -> ErrorCode | None:
    """Only the viewer's own secondary resellers (unknown and foreign IDs answer alike)."""
    if org_row is None or _get(org_row, "distributor_id") != viewer.org_id:
        return ErrorCode.NOT_YOUR_RESELLER
    return None


# --------------------------------------------------------------------------------------------------
# Customer association slice: switch/unbind requests, the association operation log 关联关系操作记录,
# account manager assignment 客户分配, the association notice and knowledge recommendations 知识推荐.
# Requests, log entries and assignments are scoped like their customer (owner = the customer's
# current manager); the partner side by the partner recorded on the row, so the partner keeps its
# log of a customer it has unbound.

_CUSTOMER_LIKE: dict[Role, RowScope] = {
    Role.VENDOR_PDM: RowScope.ALL,
    Role.VENDOR_FINANCE: RowScope.NONE,
    _A: RowScope.ORG,
    _S: RowScope.SUBTREE,
    _M: RowScope.OWN,
    Role.PARTNER_FINANCE: RowScope.NONE,
    Role.CUSTOMER_USER: RowScope.CUSTOMER_SELF,
    Role.INTEGRATOR: RowScope.NONE,
}
ROW_SCOPES[Resource.ASSOCIATION_REQUEST] = dict(_CUSTOMER_LIKE)
ROW_SCOPES[Resource.ASSOCIATION_LOG] = dict(_CUSTOMER_LIKE)
ROW_SCOPES[Resource.CUSTOMER_ASSIGNMENT] = {
    **_CUSTOMER_LIKE,
    Role.VENDOR_PDM: RowScope.NONE,
    Role.CUSTOMER_USER: RowScope.NONE,
}
# The notice is public to every signed-in person; knowledge items as records are the vendor's
# (partners get them only through a customer's gated recommendations).
ROW_SCOPES[Resource.NOTICE_VERSION] = {
    role: RowScope.NONE if role is Role.INTEGRATOR else RowScope.ALL for role in Role
}
ROW_SCOPES[Resource.KNOWLEDGE_ITEM] = {
    role: RowScope.ALL if role is Role.VENDOR_PDM else RowScope.NONE for role in Role
}
for _resource in (
    Resource.ASSOCIATION_REQUEST,
    Resource.ASSOCIATION_LOG,
    Resource.CUSTOMER_ASSIGNMENT,
    Resource.NOTICE_VERSION,
    Resource.KNOWLEDGE_ITEM,
):
    TOKEN_SCOPES[_resource] = frozenset()  # no API token reads them
    MASKED_FIELDS[_resource] = frozenset()
    _OWNER_COLUMN[_resource] = "customer__manager_id"
    _PARTNER_COLUMN[_resource] = "partner_id"
    _CUSTOMER_COLUMN[_resource] = "customer_id"


def _partner_admin_of(viewer: Viewer, partner_id: Any) -> bool:
    return viewer.role is Role.PARTNER_ADMIN and not viewer.is_token and partner_id == viewer.org_id


def association_request_denial(viewer: Viewer, customer_row: Any) -> ErrorCode | None:
    """Switching the association type or unbinding: the customer's own partner admin only."""
    if not _partner_admin_of(viewer, _get(customer_row, "partner_id")):
        return ErrorCode.PARTNER_ADMIN_ONLY
    return None


def can_answer_association_request(viewer: Viewer, request_row: Any) -> bool:
    """Confirm or decline a partner's request: a customer user of that customer only."""
    return (
        viewer.role is Role.CUSTOMER_USER
        and not viewer.is_token
        and viewer.customer_id is not None
        and _get(request_row, "customer_id") == viewer.customer_id
    )


def can_request_unbind_as_customer(viewer: Viewer) -> bool:
    return viewer.role is Role.CUSTOMER_USER and not viewer.is_token and viewer.customer_id is not None


def can_decide_unbind_request(viewer: Viewer, request_row: Any) -> bool:
    """Approve or reject a customer's unbind request: the partner admin of that partner."""
    return _partner_admin_of(viewer, _get(request_row, "partner_id"))


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
