"""Explicit reveal of masked fields: scoped like every read, audited in the same transaction.

Which resources may be revealed, and where their rows come from, is each resource's declaration
(`ResourcePolicy.reveal_source`).

Every reveal gives a reason (`RevealReason`, plus free text; OTHER needs the text) unless the
viewer's role is not in `REVEAL_REASON_REQUIRED_ROLES`; it is stored in the audit entry's detail.
A person reveals at most `REVEAL_LIMIT_USER` records per moving hour: above it the call is
refused (RATE_LIMITED, saying when it frees), nothing revealed and nothing audited."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.access.policy import FIELD_COLUMNS, MaskedField, RevealDenialReason
from partnercenter.access.registry import is_registered, resource_policy
from partnercenter.audit.models import AuditEntry, AuditRecord
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.core.ids import from_global_id, record_key
from partnercenter.core.ratelimit import rate_limits
from partnercenter.settings import get_settings

MAX_REVEAL_IDS = 100
MAX_REASON_TEXT = 500


class RevealReason(StrEnum):
    """Why a person reveals masked values (the eye's short list)."""

    CUSTOMER_CONTACT = "CUSTOMER_CONTACT"  # to contact the customer
    ORDER_FOLLOW_UP = "ORDER_FOLLOW_UP"  # to follow up an order
    DISPUTE = "DISPUTE"  # to settle a dispute or complaint
    COMPLIANCE = "COMPLIANCE"  # a compliance check or audit
    OTHER = "OTHER"  # anything else: the free text says what


@dataclass(frozen=True, slots=True)
class GivenReason:
    code: RevealReason | None = None
    text: str = ""


def reason_required(viewer: Viewer) -> bool:
    roles = get_settings().reveal_reason_required_roles
    return "*" in roles or viewer.role.value in roles


def reason_errors(viewer: Viewer, reason: GivenReason) -> list[DomainError]:
    """BLANK `reason` when the viewer's role must give one; OTHER needs its text."""
    text = reason.text.strip()
    if len(text) > MAX_REASON_TEXT:
        return [DomainError(ErrorCode.TOO_LONG, f"At most {MAX_REASON_TEXT} characters.", "reasonText")]
    if reason.code is None:
        if reason_required(viewer):
            return [DomainError(ErrorCode.BLANK, "Say why you reveal these values.", "reason")]
        return []
    if reason.code is RevealReason.OTHER and not text:
        return [DomainError(ErrorCode.BLANK, "Describe the reason when choosing OTHER.", "reasonText")]
    return []


def _reason_detail(reason: GivenReason) -> dict[str, str]:
    out: dict[str, str] = {}
    if reason.code is not None:
        out["reason"] = reason.code.value
    if reason.text.strip():
        out["reasonText"] = reason.text.strip()
    return out


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
    ctx: RequestContext,
    global_ids: list[str],
    fields: list[MaskedField],
    given: GivenReason | None = None,
) -> list[DomainError] | list[tuple[str, dict[MaskedField, str | None]]]:
    viewer = ctx.viewer
    if viewer is None:
        return [DomainError(ErrorCode.UNAUTHENTICATED, "Sign in first.")]
    if not 1 <= len(global_ids) <= MAX_REVEAL_IDS:
        return [DomainError(ErrorCode.INVALID, f"Reveal 1 to {MAX_REVEAL_IDS} records at a time.", "ids")]
    global_ids = list(dict.fromkeys(global_ids))  # one audit record per record, however often named
    if not fields:
        return [DomainError(ErrorCode.INVALID, "Name at least one field to reveal.", "fields")]
    given = given or GivenReason()
    if errors := reason_errors(viewer, given):
        return errors
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
    # Counted only once everything else holds; a refused call is not counted either.
    who = f"token:{viewer.token_id}" if viewer.is_token else f"user:{viewer.user_id}"
    decision = await rate_limits().hit(get_settings().reveal_limit_user, "reveal", who, cost=len(keys))
    if not decision.allowed:
        minutes = max(1, -(-decision.reset_after // 60))
        return [
            DomainError(
                ErrorCode.RATE_LIMITED,
                f"You may reveal at most {decision.limit} records per hour: "
                f"{len(keys)} more are allowed again in {minutes} minutes.",
                "ids",
            )
        ]
    async with in_transaction():
        entry = await AuditEntry.create(
            action="REVEAL",
            actor_user_id=viewer.user_id,
            actor_token_id=viewer.token_id,
            org_id=viewer.org_id,
            client_ip=ctx.client_ip[:64],
            user_agent=ctx.user_agent[:300],
            request_id=ctx.request_id,
            detail={"fields": sorted(f.value for f in fields), **_reason_detail(given)},
        )
        await AuditRecord.bulk_create(
            [
                AuditRecord(entry_id=entry.id, record_id=key, fields_=sorted(f.value for f in vals))
                for key, (_, vals) in zip(keys, results, strict=True)
            ]
        )
    return results
