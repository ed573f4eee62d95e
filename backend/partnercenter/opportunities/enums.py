"""Opportunity reference data (named in the README)."""

from enum import StrEnum


class OpportunityStage(StrEnum):
    LEAD = "LEAD"  # 线索
    QUALIFIED = "QUALIFIED"  # 需求确认
    SOLUTION = "SOLUTION"  # 方案设计
    NEGOTIATION = "NEGOTIATION"  # 商务谈判
    WON = "WON"  # 赢单
    LOST = "LOST"  # 输单


class OpportunityType(StrEnum):
    NEW_PURCHASE = "NEW_PURCHASE"  # 新购
    EXPANSION = "EXPANSION"  # 增购
    RENEWAL = "RENEWAL"  # 续费
    MIGRATION = "MIGRATION"  # 迁移上云


CONFIDENCE_STEPS = (0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
