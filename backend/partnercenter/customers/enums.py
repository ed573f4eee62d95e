"""Customer reference data."""

from enum import Enum


class AssociationType(str, Enum):
    RESALE = "RESALE"  # 代售
    CONSULTING = "CONSULTING"  # 顾问销售


class Industry(str, Enum):
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
