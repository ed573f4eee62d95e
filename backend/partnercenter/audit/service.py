"""Writing audit entries: one call per audited action (reveal, export, money and state changes
that the spec asks to audit), inside the caller's transaction when it has one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partnercenter.audit.models import AuditEntry, AuditRecord
from partnercenter.core.context import RequestContext

__all__ = ["record_action"]


async def record_action(
    ctx: RequestContext,
    action: str,
    detail: dict[str, Any] | None = None,
    record_ids: Sequence[str] = (),
    fields: Sequence[str] = (),
) -> AuditEntry:
    """One AuditEntry (who, org, client, request id) and an AuditRecord per record id."""
    viewer = ctx.viewer
    assert viewer is not None, "audited actions need a signed-in viewer"
    entry = await AuditEntry.create(
        action=action[:40],
        actor_user_id=viewer.user_id,
        actor_token_id=viewer.token_id,
        org_id=viewer.org_id,
        client_ip=ctx.client_ip[:64],
        user_agent=ctx.user_agent[:300],
        request_id=ctx.request_id,
        detail=detail or {},
    )
    if record_ids:
        await AuditRecord.bulk_create(
            [AuditRecord(entry_id=entry.id, record_id=rid, fields_=list(fields)) for rid in record_ids]
        )
    return entry
