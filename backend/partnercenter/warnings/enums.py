"""Customer warning 客户预警 reference data."""

from enum import StrEnum


class WarningKind(StrEnum):
    CHURN = "CHURN"  # 流失预警
    RESOURCE = "RESOURCE"  # 资源预警


class WarningLevel(StrEnum):
    """Ordered from the most to the least urgent (see LEVEL_RANK)."""

    HIGH = "HIGH"  # 高
    MEDIUM = "MEDIUM"  # 中
    LOW = "LOW"  # 低


LEVEL_RANK = {WarningLevel.HIGH: 3, WarningLevel.MEDIUM: 2, WarningLevel.LOW: 1}


class WarningState(StrEnum):
    PENDING = "PENDING"  # 待处理
    PROCESSED = "PROCESSED"  # 已处理


class WarningResult(StrEnum):
    """The result of processing 处理结果; each belongs to one kind (RESULT_KINDS)."""

    CHURNED = "CHURNED"  # 已流失: reason, churn date
    NOT_CHURNED = "NOT_CHURNED"  # 未流失: measures taken, follow-up date
    RENEWED = "RENEWED"  # 已续费
    WILL_NOT_RENEW = "WILL_NOT_RENEW"  # 不再续费
    OTHER = "OTHER"  # 其他 (a note is required)


RESULT_KINDS = {
    WarningResult.CHURNED: WarningKind.CHURN,
    WarningResult.NOT_CHURNED: WarningKind.CHURN,
    WarningResult.RENEWED: WarningKind.RESOURCE,
    WarningResult.WILL_NOT_RENEW: WarningKind.RESOURCE,
    WarningResult.OTHER: WarningKind.RESOURCE,
}


class ResourceState(StrEnum):
    ACTIVE = "ACTIVE"  # in use, counts for expiry warnings
    RELEASED = "RELEASED"  # released or deleted: never warned about
