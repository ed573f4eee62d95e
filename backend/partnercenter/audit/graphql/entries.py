"""The audit log 审计日志 in GraphQL: `auditEntries` (a keyset connection with totalCount) and
`auditEntriesExport` (xlsx). Thin: reading and exporting are `audit.entries`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.accounts.graphql.types import UserType, user_from_row
from partnercenter.accounts.permissions import USER
from partnercenter.audit import entries
from partnercenter.audit.graphql.schema import RevealReasonEnum
from partnercenter.audit.permissions import AUDIT_ENTRY
from partnercenter.audit.reveal import RevealReason
from partnercenter.core.connection import PageArgs
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.export import ExportFile, ExportLanguage
from partnercenter.core.ids import from_global_id, record_key, to_global_id
from partnercenter.core.loaders import by_id_loader
from partnercenter.core.mutations import attempt
from partnercenter.core.types import Connection, UserError, connection_from_page

Ctx = Info[RequestContext, Any]


@strawberry.type(description="A record an audit entry touched, and which of its fields.")
class AuditedRecord:
    record_id: str = strawberry.field(description="Canonical `Type:pk` of the record.")
    global_id: strawberry.ID = strawberry.field(
        description="The record's global ID (it may be out of your scope)."
    )
    fields: list[str]


@strawberry.type(name="AuditEntry", description="Who did or saw what, when and from where (审计日志).")
class AuditEntryType:
    id: strawberry.ID
    action: str = strawberry.field(description="REVEAL, EXPORT, FUNDS_RECHARGE, FUNDS_SECOND_FACTOR, ...")
    created_at: datetime
    actor: UserType | None = strawberry.field(
        description="The person who acted (name masked per policy); null for an API token."
    )
    actor_token_name: str | None = strawberry.field(description="The API token that acted, if one did.")
    organization_name: str
    client_ip: str
    request_id: str
    reason: RevealReasonEnum | None = strawberry.field(  # type: ignore[valid-type]
        description="A reveal's reason."
    )
    reason_text: str | None
    detail: JSON = strawberry.field(description="What the action recorded (fields, filter, amounts...).")
    pk: strawberry.Private[int]

    @strawberry.field(description="The records the entry touched.")
    async def records(self, info: Ctx) -> list[AuditedRecord]:
        found = await _records_loader(info.context).load(self.pk)
        out = []
        for rid, fields in found or []:
            type_name, _, pk = rid.partition(":")
            gid = to_global_id(type_name, int(pk)) if pk.isdigit() else rid
            out.append(AuditedRecord(record_id=rid, global_id=strawberry.ID(gid), fields=fields))
        return out


def _records_loader(ctx: RequestContext) -> Any:
    return by_id_loader(ctx, "audit.records", entries.records_of)


def entry_from_row(viewer: Viewer, row: dict[str, Any]) -> AuditEntryType:
    person = entries.actor_row(row)
    actor = user_from_row(viewer, person) if person and policy.in_scope(viewer, USER, person) else None
    detail = row.get("detail") or {}
    reason = detail.get("reason")
    return AuditEntryType(
        id=strawberry.ID(to_global_id("AuditEntry", row["id"])),
        action=row["action"],
        created_at=row["created_at"],
        actor=actor,
        actor_token_name=row.get("actor_token__name"),
        organization_name=row.get("org__name") or "",
        client_ip=row.get("client_ip") or "",
        request_id=row.get("request_id") or "",
        reason=RevealReason(str(reason)) if reason in RevealReason.__members__ else None,
        reason_text=detail.get("reasonText"),
        detail=detail,  # type: ignore[arg-type]
        pk=row["id"],
    )


@strawberry.input(description="Filters of the audit log; all given conditions apply.")
class AuditEntryFilter:
    actor_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="People (User IDs).")
    actions: list[str] | None = None
    record_id: str | None = strawberry.field(
        default=None, description="A record's global ID or canonical `Type:pk`."
    )
    from_: datetime | None = strawberry.field(default=None, name="from", description="At or after.")
    to: datetime | None = strawberry.field(default=None, description="Before.")


def to_query(f: AuditEntryFilter | None) -> entries.AuditQuery:
    if f is None:
        return entries.AuditQuery()
    actor_ids = None
    if f.actor_ids is not None:
        decoded = [from_global_id(g) for g in f.actor_ids]
        actor_ids = [d[1] for d in decoded if d is not None and d[0] == "User"]
    record = f.record_id
    if record:
        decoded_record = from_global_id(record)
        if decoded_record is not None:
            record = record_key(*decoded_record)
    return entries.AuditQuery(
        actor_ids=actor_ids,
        actions=f.actions,
        record_id=record or None,
        since=f.from_,
        until=f.to,
    )


@strawberry.input
class AuditEntriesExportInput:
    filter: AuditEntryFilter | None = None
    language: ExportLanguage = ExportLanguage.ZH_CN


@strawberry.type(description="The audit log as a file, or why there is none.")
class AuditEntriesExportPayload:
    file: ExportFile | None
    user_errors: list[UserError]


@strawberry.type
class AuditQueries:
    @strawberry.field(
        description="The audit log in your scope, newest first: partner admins their partner's, "
        "vendor staff everything, everyone else their own history; keyset paginated."
    )
    async def audit_entries(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: AuditEntryFilter | None = None,
    ) -> Connection[AuditEntryType]:
        viewer = policy.require_read(info.context.viewer, AUDIT_ENTRY)
        page, count = await entries.list_entries(
            viewer, to_query(filter), PageArgs(first, after, last, before)
        )
        return connection_from_page(page, count, lambda row: entry_from_row(viewer, row))


@strawberry.type
class AuditMutations:
    @strawberry.mutation(
        description="The audit log as xlsx: same filters and scope (the export is audited too)."
    )
    async def audit_entries_export(
        self, info: Ctx, input: AuditEntriesExportInput
    ) -> AuditEntriesExportPayload:
        call = entries.export_entries(info.context, to_query(input.filter), input.language.value)
        file, errors = await attempt(call)
        return AuditEntriesExportPayload(file=file, user_errors=errors)
