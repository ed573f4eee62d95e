"""Who reads the audit log 审计日志: a partner admin their partner's entries, vendor PDMs and vendor
finance everything, everyone else their own history 我的操作记录; API tokens never."""

from __future__ import annotations

from partnercenter.access.registry import ResourcePolicy, RowScope, register, register_action
from partnercenter.access.scopes import row_scope, sees_rows
from partnercenter.core.context import Viewer
from partnercenter.core.roles import Role

AUDIT_ENTRY = register(
    ResourcePolicy(
        name="AuditEntry",
        owner_column="actor_user_id",  # one's own history: the entries one did
        partner_column="org_id",  # the actor's organisation
        row_scopes={
            **{role: RowScope.OWN for role in Role},
            Role.VENDOR_PDM: RowScope.ALL,
            Role.VENDOR_FINANCE: RowScope.ALL,
            Role.PARTNER_ADMIN: RowScope.ORG,
            Role.INTEGRATOR: RowScope.NONE,
        },
        token_scopes=frozenset(),  # no token scope grants the audit log
    )
)

register_action(
    AUDIT_ENTRY, "list", lambda v: sees_rows(v, AUDIT_ENTRY), "The audit log (one's own history at least)."
)
register_action(
    AUDIT_ENTRY,
    "listOthers",
    lambda v: row_scope(v, AUDIT_ENTRY) in (RowScope.ORG, RowScope.ALL),
    "The audit log of other people (partner admins: their partner; vendor staff: everyone).",
)


def _reason_required(viewer: Viewer) -> bool:
    from partnercenter.audit.reveal import reason_required

    return not viewer.is_token and reason_required(viewer)


register_action(
    "Reveal",
    "giveReason",
    _reason_required,
    "Revealing masked values asks for a reason (REVEAL_REASON_REQUIRED_ROLES).",
)
