"""Opportunity sharing (PCE 合作伙伴共拓计划) reference data and states."""

from enum import StrEnum

from partnercenter.core.models import CalendarDayKind  # moved to core; kept here for the slice's imports

__all__ = [
    "CalendarDayKind",
    "EligibilityCriterion",
    "HoRejectReason",
    "HoState",
    "PoDecision",
    "PoRejection",
    "PoState",
    "SupportKind",
]


class HoState(StrEnum):
    """A vendor-shared opportunity (HO) at the partner."""

    PENDING = "PENDING"  # 待处理
    ACCEPTED = "ACCEPTED"  # 已接受
    REJECTED = "REJECTED"  # 已拒绝 (by the partner, or automatically with reason EXPIRED)


class HoRejectReason(StrEnum):
    """Fixed reasons a partner gives when rejecting an HO (EXPIRED is set by the deadline job only)."""

    NO_CAPACITY = "NO_CAPACITY"  # 资源不足，无法跟进
    INDUSTRY_NOT_COVERED = "INDUSTRY_NOT_COVERED"  # 非擅长行业
    REGION_NOT_COVERED = "REGION_NOT_COVERED"  # 区域未覆盖
    CUSTOMER_CONFLICT = "CUSTOMER_CONFLICT"  # 客户冲突
    INSUFFICIENT_INFORMATION = "INSUFFICIENT_INFORMATION"  # 信息不足
    OTHER = "OTHER"  # 其他
    EXPIRED = "EXPIRED"  # 超期未处理，自动拒绝


class SupportKind(StrEnum):
    """The support a partner asks for when sharing an opportunity with the vendor."""

    ARCHITECTURE_VALIDATION = "ARCHITECTURE_VALIDATION"  # 架构验证
    BUSINESS_DEMO = "BUSINESS_DEMO"  # 业务演示
    TECHNICAL_CONSULTING = "TECHNICAL_CONSULTING"  # 技术咨询
    STRATEGY_SUPPORT = "STRATEGY_SUPPORT"  # 策略支持
    RESOURCE_CONFIGURATION_SUPPORT = "RESOURCE_CONFIGURATION_SUPPORT"  # 资源配置支持
    VISIBLE_ONLY = "VISIBLE_ONLY"  # 仅供可视


class PoState(StrEnum):
    """A partner-shared opportunity (PO) at the vendor."""

    PENDING = "PENDING"  # 待验证
    APPROVED = "APPROVED"  # 已通过
    REJECTED = "REJECTED"  # 已驳回 (by the PDM, or by default after the deadline)


class PoRejection(StrEnum):
    BY_VENDOR = "BY_VENDOR"  # a PDM rejected it with a reason
    EXPIRED = "EXPIRED"  # not validated within 10 working days: rejected by default


class PoDecision(StrEnum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"


class EligibilityCriterion(StrEnum):
    """What eligibility to receive HOs is made of (each met or missing)."""

    PCE_MEMBER = "PCE_MEMBER"  # joined the PCE plan by accepting its terms
    PATH_DIFFERENTIATED = "PATH_DIFFERENTIATED"  # development path stage differentiated 差异化
    PATH_CERTIFIED = "PATH_CERTIFIED"  # development path stage certified 已认证 (or above)
    DELIVERED_POS = "DELIVERED_POS"  # signed-and-delivered POs in the last 12 months


# Working days a partner has to handle an HO, and the vendor to validate a PO.
HO_HANDLING_WORKING_DAYS = 3
PO_VALIDATION_WORKING_DAYS = 10
# Signed-and-delivered POs in the last 12 months that make a certified partner eligible.
DELIVERED_POS_REQUIRED = 3
DELIVERED_POS_WINDOW_DAYS = 365
