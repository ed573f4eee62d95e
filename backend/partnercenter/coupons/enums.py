"""Coupon reference data: kinds, states and operations (DOMAIN.md 优惠券)."""

from enum import StrEnum


class CouponKind(StrEnum):
    VOUCHER = "VOUCHER"  # 代金券: at most one per order
    CASH = "CASH"  # 现金券: several per order, unused amount returns to the issuer


class QuotaState(StrEnum):
    NORMAL = "NORMAL"  # 正常: coupons may be issued from it
    INVALID = "INVALID"  # 失效: past its validity, unused amount returned
    ADJUSTING = "ADJUSTING"  # 调整中: its grantor is changing the amount (issuing refused meanwhile)
    FROZEN = "FROZEN"  # 冻结: frozen by its grantor (issuing refused)
    RECLAIMED = "RECLAIMED"  # 已回收: a sub-quota taken back by its distributor


class CouponState(StrEnum):
    NOT_ACTIVATED = "NOT_ACTIVATED"  # 未激活: its validity has not started yet
    USABLE = "USABLE"  # 可使用
    USED = "USED"  # 已使用
    EXPIRED = "EXPIRED"  # 已过期
    RECLAIMED = "RECLAIMED"  # 已回收


class CouponOperationKind(StrEnum):
    """Rows of the coupon operation log 优惠券操作记录."""

    QUOTA_GRANT = "QUOTA_GRANT"  # vendor finance granted a quota
    QUOTA_ADJUST = "QUOTA_ADJUST"
    QUOTA_FREEZE = "QUOTA_FREEZE"
    QUOTA_UNFREEZE = "QUOTA_UNFREEZE"
    SUBQUOTA_GRANT = "SUBQUOTA_GRANT"  # a distributor passed a sub-quota to a reseller
    SUBQUOTA_RECLAIM = "SUBQUOTA_RECLAIM"
    QUOTA_EXPIRE = "QUOTA_EXPIRE"
    ISSUE = "ISSUE"
    ACTIVATE = "ACTIVATE"
    REDEEM = "REDEEM"  # used on an order
    RESTORE = "RESTORE"  # given back by an order refund
    RECLAIM = "RECLAIM"  # taken back by the issuer (or on unbinding)
    EXPIRE = "EXPIRE"
    SIGNING_ENTITY_RETURN = "SIGNING_ENTITY_RETURN"  # the customer's signing entity changed


class IssueFailure(StrEnum):
    """Why one customer of a batch issue got no coupon (typed, per customer)."""

    NOT_FOUND = "NOT_FOUND"  # unknown, or not a customer of the issuer
    WRONG_ASSOCIATION_TYPE = "WRONG_ASSOCIATION_TYPE"  # a consulting-sale (顾问销售) customer
    QUOTA_INSUFFICIENT = "QUOTA_INSUFFICIENT"  # the quota ran out before this customer
    DUPLICATE = "DUPLICATE"  # the same customer twice in one request
