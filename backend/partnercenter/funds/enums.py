"""Funds reference data."""

from enum import StrEnum


class AdjustmentOperation(StrEnum):
    DISBURSE = "DISBURSE"  # 拨款
    RECOVER = "RECOVER"  # 回收


class AdjustmentTarget(StrEnum):
    CUSTOMER = "CUSTOMER"  # a resale customer 代售客户
    RESELLER = "RESELLER"  # a secondary reseller 二级经销商
