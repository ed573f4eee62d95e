"""States and kinds of organisations and people."""

from enum import StrEnum


class OrgKind(StrEnum):
    VENDOR = "VENDOR"
    PARTNER = "PARTNER"


class PathStage(StrEnum):
    """Development path 发展路径."""

    REGISTERED = "REGISTERED"
    CERTIFIED = "CERTIFIED"
    DIFFERENTIATED = "DIFFERENTIATED"


class Role(StrEnum):
    VENDOR_PDM = "VENDOR_PDM"
    VENDOR_FINANCE = "VENDOR_FINANCE"
    PARTNER_ADMIN = "PARTNER_ADMIN"
    SUPERVISOR = "SUPERVISOR"
    ACCOUNT_MANAGER = "ACCOUNT_MANAGER"
    PARTNER_FINANCE = "PARTNER_FINANCE"
    CUSTOMER_USER = "CUSTOMER_USER"
    INTEGRATOR = "INTEGRATOR"  # never stored on a user: the role of an API token


class TokenScope(StrEnum):
    CUSTOMERS_READ = "CUSTOMERS_READ"
    OPPORTUNITIES_READ = "OPPORTUNITIES_READ"
    PRODUCTS_READ = "PRODUCTS_READ"  # the product catalogue and prices
