"""Column headers and enum labels of the exported sheets, in the SPA's two languages (the SPA
passes its current language; zh-CN first)."""

from __future__ import annotations

from typing import Any

ZH, EN = "zh-CN", "en"

HEADERS: dict[str, tuple[str, str]] = {
    "customer.name": ("客户名称", "Customer name"),
    "customer.accountName": ("账号名", "Account name"),
    "customer.phone": ("联系电话", "Phone"),
    "customer.email": ("邮箱", "Email"),
    "customer.associationType": ("关联类型", "Association type"),
    "customer.industry": ("客户行业", "Industry"),
    "customer.region": ("区域", "Region"),
    "customer.associatedAt": ("关联时间", "Associated at"),
    "customer.tags": ("标签", "Tags"),
    "customer.manager": ("客户经理", "Account manager"),
    "customer.partner": ("合作伙伴", "Partner"),
    "opportunity.name": ("商机名称", "Opportunity"),
    "opportunity.customer": ("客户名称", "Customer"),
    "opportunity.industry": ("客户行业", "Industry"),
    "opportunity.type": ("商机类型", "Type"),
    "opportunity.stage": ("商机阶段", "Stage"),
    "opportunity.confidence": ("把握度(%)", "Confidence (%)"),
    "opportunity.revenue": ("预计月流水", "Expected monthly revenue"),
    "opportunity.currency": ("币种", "Currency"),
    "opportunity.owner": ("客户经理", "Owner"),
    "opportunity.createdAt": ("创建时间", "Created at"),
    "opportunity.updatedAt": ("最近更新时间", "Last updated"),
    "warning.kind": ("预警类型", "Kind"),
    "warning.level": ("预警级别", "Level"),
    "warning.state": ("状态", "State"),
    "warning.customer": ("客户名称", "Customer"),
    "warning.manager": ("客户经理", "Account manager"),
    "warning.period": ("预警周期", "Period"),
    "warning.rules": ("触发规则", "Rules"),
    "warning.signals": ("预警信号", "Signals"),
    "warning.result": ("处理结果", "Result"),
    "warning.createdAt": ("预警时间", "Raised at"),
    "warning.evaluatedAt": ("最近评估时间", "Last evaluated"),
    "warning.processedAt": ("处理时间", "Processed at"),
}

LABELS: dict[str, dict[str, str]] = {
    "industry": {
        "INTERNET": "互联网",
        "FINANCE": "金融",
        "GOVERNMENT": "政府",
        "MANUFACTURING": "制造",
        "RETAIL": "零售",
        "EDUCATION": "教育",
        "HEALTHCARE": "医疗",
        "ENERGY": "能源",
        "TRANSPORT": "交通",
        "MEDIA": "媒体",
        "GAMING": "游戏",
        "OTHER": "其他",
    },
    "associationType": {"RESALE": "代售", "CONSULTING": "顾问销售"},
    "stage": {
        "LEAD": "线索",
        "QUALIFIED": "需求确认",
        "SOLUTION": "方案设计",
        "NEGOTIATION": "商务谈判",
        "WON": "赢单",
        "LOST": "输单",
    },
    "type": {"NEW_PURCHASE": "新购", "EXPANSION": "增购", "RENEWAL": "续费", "MIGRATION": "迁移上云"},
    "warningKind": {"CHURN": "流失预警", "RESOURCE": "资源预警"},
    "warningLevel": {"HIGH": "高", "MEDIUM": "中", "LOW": "低"},
    "warningState": {"PENDING": "待处理", "PROCESSED": "已处理"},
    "warningResult": {
        "CHURNED": "已流失",
        "NOT_CHURNED": "未流失",
        "RENEWED": "已续费",
        "WILL_NOT_RENEW": "不再续费",
        "OTHER": "其他",
    },
}


def header(language: str, key: str) -> str:
    zh, en = HEADERS[key]
    return en if language == EN else zh


# English words where the code read as words is not what the SPA says.
EN_LABELS: dict[str, dict[str, str]] = {
    "associationType": {"CONSULTING": "Consulting sale"},
    "type": {"MIGRATION": "Migration to the cloud"},
    "warningKind": {"CHURN": "Churn warning", "RESOURCE": "Resource warning"},
}


def _words(code: str) -> str:
    """NOT_CHURNED -> Not churned."""
    return code.replace("_", " ").capitalize()


def label(language: str, group: str, value: Any) -> str:
    if value is None:
        return ""
    raw = str(getattr(value, "value", value))
    if language == EN:
        return EN_LABELS.get(group, {}).get(raw) or _words(raw)
    return LABELS[group].get(raw, raw)
