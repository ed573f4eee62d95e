"""Coupon quotas 券额度, coupons (vouchers 代金券 and cash coupons 现金券) and the coupon operation log:
who sees them and who grants, issues, adjusts and reclaims."""

from __future__ import annotations

from typing import Any

from partnercenter.access.registry import ResourcePolicy, RowScope, register, register_action
from partnercenter.access.scopes import get, sees_others_rows, sees_rows
from partnercenter.accounts.enums import Role
from partnercenter.core.context import Viewer

COUPON_MANAGERS = frozenset({Role.PARTNER_ADMIN, Role.PARTNER_FINANCE})
_FINANCE_VIEW = {
    Role.VENDOR_FINANCE: RowScope.ALL,
    Role.PARTNER_ADMIN: RowScope.PARTNER_TREE,  # a distributor sees what it passed to its resellers
    Role.PARTNER_FINANCE: RowScope.PARTNER_TREE,
}
# A distributor's view of its secondary resellers' customers is one rule everywhere: their basic
# data (name, masked contact; customers/permissions.py), nothing more. A reseller's coupons issued
# to its customers, their operations and their orders are the reseller's business with its
# customers, so the distributor's admin and finance see their own partner's only (ORG). The
# quotas it passed down to its resellers stay visible to it (PARTNER_TREE): that is its own grant.
_OWN_PARTNER_VIEW = {
    Role.VENDOR_FINANCE: RowScope.ALL,
    Role.PARTNER_ADMIN: RowScope.ORG,
    Role.PARTNER_FINANCE: RowScope.ORG,
}
# (No role has an OWN scope on these: the owner columns only complete the declarations.)
COUPON_QUOTA = register(
    ResourcePolicy(
        name="CouponQuota",
        owner_column="created_by_id",
        partner_column="partner_id",  # the holder of the quota
        row_scopes=_FINANCE_VIEW,
    )
)
COUPON = register(
    ResourcePolicy(
        name="Coupon",
        owner_column="issued_by_id",
        partner_column="issuer_id",  # the issuing partner
        customer_column="customer_id",
        row_scopes={**_OWN_PARTNER_VIEW, Role.CUSTOMER_USER: RowScope.CUSTOMER_SELF},  # 费用与成本 → 优惠折扣
    )
)
COUPON_OPERATION = register(
    ResourcePolicy(
        name="CouponOperation",
        owner_column="actor_id",
        partner_column="partner_id",  # the partner whose quota or coupon it concerns
        row_scopes=_OWN_PARTNER_VIEW,
    )
)

# Fields of a coupon only its issuer sees (the issuing partner's coupon managers, never a token):
# the memo 备注. Everyone else gets null.
ISSUER_ONLY_FIELDS: dict[str, frozenset[str]] = {COUPON: frozenset({"memo"})}


def is_coupon_issuer(viewer: Viewer, coupon_row: Any) -> bool:
    """The viewer speaks for the partner that issued this coupon."""
    return (
        not viewer.is_token
        and viewer.role in COUPON_MANAGERS
        and get(coupon_row, "issuer_id") == viewer.org_id
    )


def issuer_only_value(viewer: Viewer, coupon_row: Any, field: str) -> Any:
    """The value of an issuer-only field as this viewer sees it (None unless the issuer)."""
    assert field in ISSUER_ONLY_FIELDS[COUPON]
    return get(coupon_row, field) if is_coupon_issuer(viewer, coupon_row) else None


def can_grant_quota(viewer: Viewer) -> bool:
    """Vendor finance grants coupon quotas to partners (never a token)."""
    return viewer.role is Role.VENDOR_FINANCE and not viewer.is_token


def can_manage_coupons(viewer: Viewer, partner_id: Any) -> bool:
    """Issue, reclaim, pass sub-quotas: the partner's admin or finance, for its own quotas and coupons."""
    return not viewer.is_token and viewer.role in COUPON_MANAGERS and partner_id == viewer.org_id


def can_adjust_quota(viewer: Viewer, quota_row: Any) -> bool:
    """The grantor of a quota adjusts, freezes or reclaims it: vendor finance for a vendor grant,
    the distributor's coupon managers for a sub-quota."""
    if viewer.is_token:
        return False
    if get(quota_row, "parent_id") is None:
        return viewer.role is Role.VENDOR_FINANCE
    return viewer.role in COUPON_MANAGERS and get(quota_row, "granted_by_id") == viewer.org_id


register_action(COUPON_QUOTA, "list", lambda v: sees_rows(v, COUPON_QUOTA), "Coupon quotas (finance).")
register_action(COUPON_QUOTA, "grant", can_grant_quota, "Grant coupon quotas to partners (vendor finance).")
register_action(
    COUPON, "list", lambda v: sees_others_rows(v, COUPON), "Issued coupons (not a customer user's discounts)."
)
