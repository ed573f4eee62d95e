"""Who a viewer is: the roles of people and API tokens, and the scopes of API tokens.

They sit in core because the request context (`core/context.py`) carries them below every slice;
`accounts.enums` re-exports both."""

from enum import StrEnum

__all__ = ["Role", "TokenScope"]


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
