"""The reveal mutation: the eye button's server side (every reveal is audited)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from partnercenter.access.graphql.types import MaskedField
from partnercenter.access.registry import MaskedField as MaskedFieldValue
from partnercenter.audit.reveal import GivenReason, RevealReason, reveal_fields
from partnercenter.core.context import RequestContext
from partnercenter.core.types import UserError

RevealReasonEnum = strawberry.enum(
    RevealReason, name="RevealReason", description="Why masked values are revealed (the audit log shows it)."
)


@strawberry.input
class MaskedFieldsRevealInput:
    ids: list[strawberry.ID] = strawberry.field(
        description="Global IDs of customers or people (at most 100)."
    )
    fields: list[MaskedField]  # type: ignore[valid-type]
    reason: RevealReasonEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None,
        description="Why you reveal them (stored in the audit log); required for the roles the "
        "deployment names (every role by default).",
    )
    reason_text: str | None = strawberry.field(
        default=None, description="Free text with the reason (required with OTHER; at most 500 characters)."
    )


@strawberry.type(description="Clear values of one record; fields not asked for (or not applicable) are null.")
class RevealedRecord:
    id: strawberry.ID
    name: str | None = None
    account_name: str | None = None
    phone: str | None = None
    email: str | None = None
    texts: JSON | None = strawberry.field(
        default=None,
        description=(
            "TEXT: the record's free texts clear, by field (an opportunity: name, description, and "
            "progress: the notes by their IDs)."
        ),
    )


@strawberry.type
class MaskedFieldsRevealPayload:
    records: list[RevealedRecord]
    user_errors: list[UserError]


_ATTR = {
    MaskedFieldValue.NAME: "name",
    MaskedFieldValue.ACCOUNT_NAME: "account_name",
    MaskedFieldValue.PHONE: "phone",
    MaskedFieldValue.EMAIL: "email",
    MaskedFieldValue.TEXT: "texts",
}


@strawberry.type
class AccessMutations:
    @strawberry.mutation(
        description="Reveal masked fields of records in your scope; every call is written to the audit log."
    )
    async def masked_fields_reveal(
        self, info: Info[RequestContext, Any], input: MaskedFieldsRevealInput
    ) -> MaskedFieldsRevealPayload:
        reason = GivenReason(input.reason, input.reason_text or "")
        result = await reveal_fields(info.context, list(input.ids), list(input.fields), reason)
        if result and not isinstance(result[0], tuple):
            return MaskedFieldsRevealPayload(records=[], user_errors=[UserError.of(e) for e in result])  # type: ignore[arg-type]
        records = []
        for gid, values in result:  # type: ignore[misc]
            rec = RevealedRecord(id=strawberry.ID(gid))
            for field, value in values.items():
                setattr(rec, _ATTR[field], value)
            records.append(rec)
        return MaskedFieldsRevealPayload(records=records, user_errors=[])
