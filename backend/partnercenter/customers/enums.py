"""Customer reference data."""

from enum import StrEnum


class AssociationType(StrEnum):
    RESALE = "RESALE"  # 代售
    CONSULTING = "CONSULTING"  # 顾问销售


class Industry(StrEnum):
    INTERNET = "INTERNET"
    FINANCE = "FINANCE"
    GOVERNMENT = "GOVERNMENT"
    MANUFACTURING = "MANUFACTURING"
    RETAIL = "RETAIL"
    EDUCATION = "EDUCATION"
    HEALTHCARE = "HEALTHCARE"
    ENERGY = "ENERGY"
    TRANSPORT = "TRANSPORT"
    MEDIA = "MEDIA"
    GAMING = "GAMING"
    OTHER = "OTHER"
