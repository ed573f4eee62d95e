"""The product catalogue is reference data: every signed-in role, and tokens with PRODUCTS_READ."""

from __future__ import annotations

from partnercenter.access.registry import ResourcePolicy, RowScope, register, register_action
from partnercenter.accounts.enums import Role, TokenScope

PRODUCT = register(
    ResourcePolicy(
        name="Product",
        owner_column="id",  # (no role has an OWN scope: reference data, ALL for every role)
        partner_column="id",
        row_scopes=dict.fromkeys(Role, RowScope.ALL),
        token_scopes=frozenset({TokenScope.PRODUCTS_READ}),
    )
)

register_action(
    PRODUCT,
    "browse",
    lambda v: v.role is not Role.INTEGRATOR,
    "The catalogue pages (people, not API tokens).",
)
