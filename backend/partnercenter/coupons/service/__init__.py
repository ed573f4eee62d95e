"""Coupon rules (no GraphQL here): quotas granted by vendor finance, sub-quotas passed by a
distributor to its secondary resellers, issuing vouchers and cash coupons to resale customers,
reclaim, expiry, the customer's signing entity change, the unbind hook, and the redemption and
restoration of coupons that the orders slice calls at payment and refund.

Every amount that moves is also one ledger transaction (`coupons.money`), posted in the same
database transaction as the state change; state changes are conditional updates, so two requests
racing for the same quota or coupon cannot both win. Expected failures raise `DomainErrors`.

Other slices import this package only (never its modules' private names)."""

from partnercenter.coupons.service.common import (
    DEFAULT_SIGNING_ENTITY,
    LIVE_COUPON_STATES,
    MEMO_MAX,
    scope_covers,
    scope_list,
    scope_text,
    scope_within,
)
from partnercenter.coupons.service.expiry import run_expiry
from partnercenter.coupons.service.issuing import CouponDraft, IssueResult, issue_coupons
from partnercenter.coupons.service.queries import (
    COUPON_READ,
    OPERATION_READ,
    QUOTA_READ,
    CouponQuery,
    OperationQuery,
    QuotaQuery,
    coupon_grantees,
    coupons_by_ids,
    list_coupons,
    list_operations,
    list_quotas,
    operations_by_ids,
    quotas_by_ids,
)
from partnercenter.coupons.service.quotas import (
    QuotaDraft,
    adjust_quota,
    grant_quota,
    grant_sub_quota,
    set_quota_frozen,
)
from partnercenter.coupons.service.reclaim import (
    change_signing_entity,
    current_signing_entity,
    reclaim_coupon,
    reclaim_sub_quota,
    reclaim_vouchers_on_unbind,
)
from partnercenter.coupons.service.redemption import (
    Draw,
    Restoration,
    applicable_coupons,
    applies,
    cash_coupon_priority,
    chosen_coupons,
    finish_restore,
    record_redemptions,
    redeem,
    restore,
)

__all__ = [
    "COUPON_READ",
    "DEFAULT_SIGNING_ENTITY",
    "LIVE_COUPON_STATES",
    "MEMO_MAX",
    "OPERATION_READ",
    "QUOTA_READ",
    "CouponDraft",
    "CouponQuery",
    "Draw",
    "IssueResult",
    "OperationQuery",
    "QuotaDraft",
    "QuotaQuery",
    "Restoration",
    "adjust_quota",
    "applicable_coupons",
    "applies",
    "cash_coupon_priority",
    "change_signing_entity",
    "chosen_coupons",
    "coupon_grantees",
    "coupons_by_ids",
    "current_signing_entity",
    "finish_restore",
    "grant_quota",
    "grant_sub_quota",
    "issue_coupons",
    "list_coupons",
    "list_operations",
    "list_quotas",
    "operations_by_ids",
    "quotas_by_ids",
    "reclaim_coupon",
    "reclaim_sub_quota",
    "reclaim_vouchers_on_unbind",
    "record_redemptions",
    "redeem",
    "restore",
    "run_expiry",
    "scope_covers",
    "scope_list",
    "scope_text",
    "scope_within",
    "set_quota_frozen",
]
