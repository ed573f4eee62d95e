"""The message centre: every person reads only their own messages; API tokens have none."""

from __future__ import annotations

from partnercenter.access.registry import ResourcePolicy, RowScope, register, register_action
from partnercenter.access.scopes import sees_rows
from partnercenter.accounts.enums import Role

MESSAGE = register(
    ResourcePolicy(
        name="Message",
        owner_column="recipient_id",
        partner_column="recipient__org_id",
        row_scopes={role: RowScope.NONE if role is Role.INTEGRATOR else RowScope.OWN for role in Role},
        token_scopes=frozenset(),  # no token scope grants a person's messages
    )
)

register_action(
    MESSAGE, "list", lambda v: sees_rows(v, MESSAGE), "A message centre (people, not API tokens)."
)
