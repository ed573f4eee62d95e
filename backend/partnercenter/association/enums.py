"""Association reference data: requests, their states, the operation log's actions, knowledge kinds."""

from enum import StrEnum


class RequestKind(StrEnum):
    SWITCH_TYPE = "SWITCH_TYPE"  # 切换关联类型
    UNBIND = "UNBIND"  # 解除关联


class RequestInitiator(StrEnum):
    PARTNER = "PARTNER"  # the partner admin asks, the customer user confirms or declines
    CUSTOMER = "CUSTOMER"  # the customer user asks to unbind, the partner admin approves or rejects


class RequestState(StrEnum):
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"  # by the customer (partner-initiated)
    DECLINED = "DECLINED"  # by the customer (partner-initiated)
    EXPIRED = "EXPIRED"  # the customer did not answer within the confirmation window
    APPROVED = "APPROVED"  # by the partner admin (customer-initiated)
    REJECTED = "REJECTED"  # by the partner admin (customer-initiated)


class LogAction(StrEnum):
    """One entry of the association operation log 关联关系操作记录."""

    BIND = "BIND"
    SWITCH_REQUESTED = "SWITCH_REQUESTED"
    UNBIND_REQUESTED = "UNBIND_REQUESTED"
    CONFIRMED = "CONFIRMED"
    DECLINED = "DECLINED"
    EXPIRED = "EXPIRED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    SWITCHED = "SWITCHED"  # the association type changed
    UNBOUND = "UNBOUND"  # the customer is no longer the partner's


class KnowledgeKind(StrEnum):
    PRODUCT = "PRODUCT"  # 产品
    INDUSTRY_CASE = "INDUSTRY_CASE"  # 行业案例
    SOLUTION = "SOLUTION"  # 解决方案


class KnowledgeUnavailableReason(StrEnum):
    """Why a partner may not see a customer's knowledge recommendations 知识推荐."""

    NO_NOTICE_PUBLISHED = "NO_NOTICE_PUBLISHED"
    NOTICE_NOT_SIGNED = "NOTICE_NOT_SIGNED"  # the customer never signed the notice
    NOTICE_OUTDATED = "NOTICE_OUTDATED"  # the customer signed an older version than the latest
