"""`explainAccess(id)`: why you can see a record 为什么我能看到 (thin: `audit.explain`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access.explain import Basis, FieldState
from partnercenter.access.graphql.types import MaskedField, RevealDenialReason
from partnercenter.access.registry import RowScope
from partnercenter.accounts.graphql.types import UserType, organization_loader, user_loader
from partnercenter.audit.explain import StepKind, explain_access
from partnercenter.core.context import RequestContext

Ctx = Info[RequestContext, Any]

RowScopeEnum = strawberry.enum(
    RowScope,
    name="RowScope",
    description="The row scope rule that admits a record: OWN, SUBTREE (your team), ORG (your partner), "
    "PARTNER_TREE (your partner and its secondary resellers), CUSTOMER_SELF, ALL (vendor staff).",
)
AccessBasisEnum = strawberry.enum(
    Basis, name="AccessBasis", description="How the rule applies to this record."
)
AccessStepKindEnum = strawberry.enum(StepKind, name="AccessStepKind", description="One link of the chain.")
FieldAccessStateEnum = strawberry.enum(
    FieldState, name="FieldAccessState", description="How a maskable field is shown to you."
)


@strawberry.type(description="One link of why you see a record.")
class AccessStep:
    kind: AccessStepKindEnum  # type: ignore[valid-type]
    since: datetime | None = strawberry.field(description="Since when (an owner's assignment date).")
    person_id: strawberry.Private[int | None]
    organization_id: strawberry.Private[int | None]

    @strawberry.field(description="The person of this step (name masked per policy); null if none.")
    async def person(self, info: Ctx) -> UserType | None:
        if self.person_id is None:
            return None
        return await user_loader(info.context).load(self.person_id)  # type: ignore[no-any-return]

    @strawberry.field(description="The organisation of this step, if any.")
    async def organization_name(self, info: Ctx) -> str | None:
        if self.organization_id is None:
            return None
        org = await organization_loader(info.context).load(self.organization_id)
        return None if org is None else str(org.name)


@strawberry.type(description="A maskable field of the record, how it is shown to you and why.")
class FieldAccess:
    field: MaskedField  # type: ignore[valid-type]
    state: FieldAccessStateEnum  # type: ignore[valid-type]
    reason: RevealDenialReason | None = strawberry.field(  # type: ignore[valid-type]
        description="Why it may not be revealed (masked or withheld fields)."
    )


@strawberry.type(description="Why you can see a record: the rule, the chain, and its fields.")
class AccessExplanation:
    rule: RowScopeEnum  # type: ignore[valid-type]
    basis: AccessBasisEnum  # type: ignore[valid-type]
    chain: list[AccessStep]
    fields: list[FieldAccess]


@strawberry.type
class ExplainQueries:
    @strawberry.field(
        description="Why you can see this record (为什么我能看到); null when it is unknown or outside "
        "your scope, alike."
    )
    async def explain_access(self, info: Ctx, id: strawberry.ID) -> AccessExplanation | None:
        found = await explain_access(info.context, str(id))
        if found is None:
            return None
        e, chain = found
        return AccessExplanation(
            rule=e.rule,
            basis=e.basis,
            chain=[
                AccessStep(
                    kind=s.kind, since=s.since, person_id=s.person_id, organization_id=s.organization_id
                )
                for s in chain
            ],
            fields=[FieldAccess(field=f.field, state=f.state, reason=f.reason) for f in e.fields],
        )
