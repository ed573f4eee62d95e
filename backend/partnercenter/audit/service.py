"""Writing audit entries: one call per audited action (reveal, export, money and state changes
that the spec asks to audit).

- `record_change`: the audit row of a change, written inside the change's own transaction (so the
  change and its audit row commit or roll back together); refuses to run outside a transaction.
- `record_action`: an audited action that changes nothing (an export, a reveal); it joins the
  caller's transaction when there is one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import TransactionalDBClient

from partnercenter.audit.models import AuditEntry, AuditRecord
from partnercenter.core.context import RequestContext

__all__ = ["in_transaction_now", "record_action", "record_change"]


def in_transaction_now() -> bool:
    """Whether the current task runs inside an open transaction of the audit's connection."""
    return isinstance(AuditEntry._meta.db, TransactionalDBClient)


async def record_change(
    ctx: RequestContext,
    action: str,
    detail: dict[str, Any] | None = None,
    record_ids: Sequence[str] = (),
    fields: Sequence[str] = (),
) -> AuditEntry:
    """The audit row of a change: call it inside the change's `in_transaction()` block."""
    if not in_transaction_now():
        raise RuntimeError(f"audit of {action}: write it inside the change's transaction")
    return await record_action(ctx, action, detail, record_ids, fields)


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
