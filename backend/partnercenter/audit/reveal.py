"""Explicit reveal of masked fields: scoped like every read, audited in the same transaction.

Which resources may be revealed, and where their rows come from, is each resource's declaration
(`ResourcePolicy.reveal_source`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import import_module
from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.access.policy import FIELD_COLUMNS, MaskedField, RevealDenialReason
from partnercenter.access.registry import is_registered, resource_policy
from partnercenter.audit.models import AuditEntry, AuditRecord
from partnercenter.core.context import RequestContext
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.core.ids import from_global_id, record_key

MAX_REVEAL_IDS = 100
Loader = Callable[[Any, list[int]], Awaitable[dict[int, dict[str, Any]]]]


def source(resource: str) -> Loader | None:
    """The loader a resource declares for the reveal mutation (`reveal_source`), None if it has none."""
    if not is_registered(resource):
        return None
    path = resource_policy(resource).reveal_source
    if path is None:
        return None
    module, _, name = path.partition(":")
    loader: Loader = getattr(import_module(module), name)
    return loader


async def reveal_fields(
    ctx: RequestContext, global_ids: list[str], fields: list[MaskedField]
) -> list[DomainError] | list[tuple[str, dict[MaskedField, str | None]]]:
    viewer = ctx.viewer
    if viewer is None:
        return [DomainError(ErrorCode.UNAUTHENTICATED, "Sign in first.")]
    if not 1 <= len(global_ids) <= MAX_REVEAL_IDS:
        return [DomainError(ErrorCode.INVALID, f"Reveal 1 to {MAX_REVEAL_IDS} records at a time.", "ids")]
    global_ids = list(dict.fromkeys(global_ids))  # one audit record per record, however often named
    if not fields:
        return [DomainError(ErrorCode.INVALID, "Name at least one field to reveal.", "fields")]
    wanted: dict[str, set[int]] = {}
    decoded: list[tuple[str, str, int] | None] = []
    for gid in global_ids:
        d = from_global_id(gid)
        resource = d[0] if d and source(d[0]) is not None else None
        if d is None or resource is None:
            decoded.append(None)
            continue
        wanted.setdefault(resource, set()).add(d[1])
        decoded.append((gid, resource, d[1]))
    rows: dict[str, dict[int, dict[str, Any]]] = {}
    for resource, pks in wanted.items():
        loader = source(resource)
        assert loader is not None
        rows[resource] = await loader(viewer, sorted(pks))
    results: list[tuple[str, dict[MaskedField, str | None]]] = []
    keys: list[str] = []  # the canonical `Type:pk` of each, for the audit trail
    for gid, item in zip(global_ids, decoded, strict=True):
        row = rows.get(item[1], {}).get(item[2]) if item else None
        if item is None or row is None:  # unknown and out-of-scope answer alike
            return [DomainError(ErrorCode.NOT_FOUND, f"No such record: {gid}", "ids")]
        resource = item[1]
        rights = policy.field_rights(viewer, resource, row)
        values: dict[MaskedField, str | None] = {}
        for field in fields:
            if field not in policy.masked_fields(resource):
                continue
            if field not in rights.revealable:
                # The same decision as the record's `revealDenials` (ROLE where the field is not
                # masked for this record at all, e.g. one's own name).
                reason = policy.denial_reason(rights, viewer.is_token, field) or RevealDenialReason.ROLE
                message = policy.denial_message(reason, resource, field)
                return [DomainError(ErrorCode.FORBIDDEN, message, "fields")]
            values[field] = row[FIELD_COLUMNS[field]]
        results.append((gid, values))
        keys.append(record_key(resource, item[2]))
    async with in_transaction():
        entry = await AuditEntry.create(
            action="REVEAL",
            actor_user_id=viewer.user_id,
            actor_token_id=viewer.token_id,
            org_id=viewer.org_id,
            client_ip=ctx.client_ip[:64],
            user_agent=ctx.user_agent[:300],
            request_id=ctx.request_id,
            detail={"fields": sorted(f.value for f in fields)},
        )
        await AuditRecord.bulk_create(
            [
                AuditRecord(entry_id=entry.id, record_id=key, fields_=sorted(f.value for f in vals))
                for key, (_, vals) in zip(keys, results, strict=True)
            ]
        )
    return results
