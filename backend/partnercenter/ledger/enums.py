"""Ledger reference data: who owns an account, what it is for, what kind of movement a transaction is."""

from enum import StrEnum


class OwnerType(StrEnum):
    """What `LedgerAccount.owner_id` points at."""

    ORG = "ORG"  # an Organization (partner, or the vendor)
    CUSTOMER = "CUSTOMER"  # a Customer
    QUOTA = "QUOTA"  # a coupon quota (coupons slice)
    COUPON = "COUPON"  # an issued coupon (coupons slice)
    ORDER = "ORDER"  # a customer order (orders)


class AccountPurpose(StrEnum):
    # Partner side. PARTNER_FUNDS is the partner's account balance 账户余额, i.e. what it can
    # disburse now (可拨款): recharges and the credit line flow in, disbursements flow out.
    PARTNER_FUNDS = "PARTNER_FUNDS"
    # Vendor-side counterparts, one per partner (owner = the partner): their balance is minus
    # what the vendor has recharged / granted as credit to that partner. They may go negative.
    RECHARGE_SOURCE = "RECHARGE_SOURCE"
    CREDIT_SOURCE = "CREDIT_SOURCE"
    # Customer side: the unspent balance a customer received by disbursement (owner = customer).
    CUSTOMER_BALANCE = "CUSTOMER_BALANCE"
    # Coupons slice (opened by it): quota granted by the vendor, quota held by a partner or a
    # sub-quota, and the value held by an issued coupon.
    QUOTA_SOURCE = "QUOTA_SOURCE"
    VOUCHER_QUOTA = "VOUCHER_QUOTA"
    CASH_COUPON_QUOTA = "CASH_COUPON_QUOTA"
    COUPON_VALUE = "COUPON_VALUE"
    # Orders: what the vendor earned (sink of payments, source of refunds).
    VENDOR_REVENUE = "VENDOR_REVENUE"


# Accounts of these purposes may go below zero (sources of money entering the partner world).
NEGATIVE_ALLOWED = frozenset(
    {AccountPurpose.RECHARGE_SOURCE, AccountPurpose.CREDIT_SOURCE, AccountPurpose.QUOTA_SOURCE}
)


class TransactionKind(StrEnum):
    RECHARGE = "RECHARGE"  # vendor finance recharges a partner 充值
    CREDIT_LINE = "CREDIT_LINE"  # vendor finance sets a partner's credit line 信用额度
    CUSTOMER_DISBURSE = "CUSTOMER_DISBURSE"  # partner -> resale customer 拨款
    CUSTOMER_RECOVER = "CUSTOMER_RECOVER"  # resale customer -> partner 回收
    RESELLER_DISBURSE = "RESELLER_DISBURSE"  # distributor -> secondary reseller 调账拨款
    RESELLER_RECOVER = "RESELLER_RECOVER"  # secondary reseller -> distributor 调账回收
    # Coupons and orders (posted by the coupons slice).
    QUOTA_GRANT = "QUOTA_GRANT"
    QUOTA_SUBGRANT = "QUOTA_SUBGRANT"
    QUOTA_RECLAIM = "QUOTA_RECLAIM"
    QUOTA_EXPIRY = "QUOTA_EXPIRY"
    COUPON_ISSUE = "COUPON_ISSUE"
    COUPON_RECLAIM = "COUPON_RECLAIM"
    COUPON_EXPIRY = "COUPON_EXPIRY"
    COUPON_REDEEM = "COUPON_REDEEM"
    ORDER_PAYMENT = "ORDER_PAYMENT"
    ORDER_PARTNER_PAYMENT = "ORDER_PARTNER_PAYMENT"  # 代支付
    ORDER_REFUND = "ORDER_REFUND"


class DiscrepancyKind(StrEnum):
    UNBALANCED_TRANSACTION = "UNBALANCED_TRANSACTION"  # entries of a transaction do not sum to 0
    HALF_TRANSACTION = "HALF_TRANSACTION"  # a transaction with fewer than two entries
    BALANCE_MISMATCH = "BALANCE_MISMATCH"  # stored balance != sum of the account's entries
    BELOW_FLOOR = "BELOW_FLOOR"  # a balance below zero on an account that may not go negative
    BALANCE_AFTER_MISMATCH = "BALANCE_AFTER_MISMATCH"  # an entry's balance_after != running sum
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"  # an entry's currency differs from its account's
