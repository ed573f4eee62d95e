"""Opportunity rules: scoped queries, create, update, progress, reassign (no GraphQL here)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.access.masking import mask_free_text
from partnercenter.access.reads import Count, ScopedRead
from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.core.connection import Page, PageArgs, SortKey, utc
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode, PublicError, check, refuse
from partnercenter.core.ids import to_global_id
from partnercenter.core.money import MAX_AMOUNT, amount_errors, currency, currency_errors
from partnercenter.customers import service as customers
from partnercenter.customers.enums import Industry
from partnercenter.customers.models import Customer
from partnercenter.customers.permissions import CUSTOMER
from partnercenter.opportunities.enums import CONFIDENCE_STEPS, OpportunityStage, OpportunityType
from partnercenter.opportunities.models import Opportunity, OpportunityProgress
from partnercenter.opportunities.permissions import (
    OPPORTUNITY,
    can_reassign_opportunity,
    can_update_opportunity,
    create_opportunity_denial,
    may_reassign,
)

__all__ = [
    "ALL_COLUMNS",
    "COLUMN_KINDS",
    "DESCRIPTION_MAX",
    "OPPORTUNITY_READ",
    "OPPORTUNITY_SORTS",
    "OpportunityChanges",
    "OpportunityDraft",
    "OpportunityQuery",
    "add_progress",
    "assignable_managers",
    "create_opportunity",
    "filtered_opportunities",
    "list_opportunities",
    "opportunities_by_ids",
    "opportunity_errors",
    "progress_for",
    "reassign_opportunity",
    "update_opportunity",
]

OPPORTUNITY_COLUMNS = [
    "id",
    "partner_id",
    "customer_id",
    "owner_id",
    "name",
    "industry",
    "type",
    "stage",
    "confidence",
    "expected_monthly_revenue",
    "currency",
    "description",
    "created_at",
    "updated_at",
]
# One joined query brings the nested customer and owner (no N+1).
JOINED_COLUMNS = [
    *(f"customer__{c}" for c in customers.CUSTOMER_COLUMNS if c != "id"),
    "owner__name",
    "owner__role",
    "owner__org_id",
    "owner__phone",
    "owner__email",
]
ALL_COLUMNS = OPPORTUNITY_COLUMNS + JOINED_COLUMNS
COLUMN_KINDS = {
    "created_at": "datetime",
    "updated_at": "datetime",
    "expected_monthly_revenue": "money",
    **{f"customer__{c}": k for c, k in customers.CUSTOMER_KINDS.items()},
}


def _sort(name: str, column: str, kind: str) -> dict[tuple[str, bool], SortKey]:
    return {
        (name, False): SortKey(f"{name}_ASC", column, kind, False),
        (name, True): SortKey(f"{name}_DESC", column, kind, True),
    }


OPPORTUNITY_SORTS = {
    **_sort("UPDATED_AT", "updated_at", "datetime"),
    **_sort("CREATED_AT", "created_at", "datetime"),
    **_sort("EXPECTED_MONTHLY_REVENUE", "expected_monthly_revenue", "decimal"),
    **_sort("CONFIDENCE", "confidence", "smallint"),
}


@dataclass(slots=True)
class OpportunityQuery:
    industries: list[Industry] | None = None
    types: list[OpportunityType] | None = None
    stages: list[OpportunityStage] | None = None
    confidence_min: int | None = None
    confidence_max: int | None = None
    owner_ids: list[int] | None = None
    customer_ids: list[int] | None = None
    revenue_min: Decimal | None = None
    revenue_max: Decimal | None = None
    updated_from: datetime | None = None
    updated_to: datetime | None = None
    search: str | None = None


def _customers_in_scope(viewer: Viewer, ids: list[int]) -> Any:
    """Filtering by a customer outside the customer scope matches nothing, like an unknown ID."""
    q = policy.scope_q(viewer, CUSTOMER)
    if q is None or not ids:
        return [0]
    return Subquery(Customer.filter(q, id__in=ids).values("id"))


def _cents(bound: Decimal, rounding: str) -> Decimal:
    """A range bound on whole cents (money is stored in cents): 10.001 as a minimum means 10.01."""
    if not bound.is_finite():
        raise PublicError(ErrorCode.INVALID, "Revenue bounds must be finite numbers.")
    return max(min(bound, MAX_AMOUNT), -MAX_AMOUNT).quantize(Decimal("0.01"), rounding=rounding)


def _apply(viewer: Viewer, qs: QuerySet[Any], f: OpportunityQuery) -> QuerySet[Any]:
    if f.industries:
        qs = qs.filter(industry__in=[i.value for i in f.industries])
    if f.types:
        qs = qs.filter(type__in=[t.value for t in f.types])
    if f.stages:
        qs = qs.filter(stage__in=[s.value for s in f.stages])
    if f.confidence_min is not None:
        qs = qs.filter(confidence__gte=f.confidence_min)
    if f.confidence_max is not None:
        qs = qs.filter(confidence__lte=f.confidence_max)
    if f.owner_ids is not None:
        qs = qs.filter(owner_id__in=f.owner_ids or [0])
    if f.customer_ids is not None:
        qs = qs.filter(customer_id__in=_customers_in_scope(viewer, f.customer_ids))
    if f.revenue_min is not None:
        qs = qs.filter(expected_monthly_revenue__gte=_cents(f.revenue_min, ROUND_CEILING))
    if f.revenue_max is not None:
        qs = qs.filter(expected_monthly_revenue__lte=_cents(f.revenue_max, ROUND_FLOOR))
    if f.updated_from is not None:
        qs = qs.filter(updated_at__gte=utc(f.updated_from))
    if f.updated_to is not None:
        qs = qs.filter(updated_at__lte=utc(f.updated_to))
    if f.search and f.search.strip():
        qs = qs.filter(name__icontains=f.search.strip())
    return qs


OPPORTUNITY_READ = ScopedRead(
    resource=OPPORTUNITY,
    model=Opportunity,
    columns=ALL_COLUMNS,
    kinds=COLUMN_KINDS,
    sorts={key.name: key for key in OPPORTUNITY_SORTS.values()},
    apply=_apply,
)


async def list_opportunities(
    viewer: Viewer, f: OpportunityQuery, sort: SortKey, page: PageArgs
) -> tuple[Page, Count]:
    return await OPPORTUNITY_READ.page(viewer, f, sort, page)


def filtered_opportunities(viewer: Viewer, f: OpportunityQuery) -> QuerySet[Any] | None:
    """The scoped and filtered queryset (None: the viewer sees no opportunity)."""
    return OPPORTUNITY_READ.filtered(viewer, f)


async def opportunities_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    return await OPPORTUNITY_READ.by_ids(viewer, ids)


async def opportunities_for_reveal(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The reveal source: opportunities in scope with their free texts clear under "texts" (name,
    description, and the progress notes by the notes' global IDs)."""
    rows = await OPPORTUNITY_READ.by_ids(viewer, ids)
    notes = await progress_for(viewer, list(rows)) if rows else {}
    for pk, row in rows.items():
        row["texts"] = {
            **policy.clear_texts(OPPORTUNITY, row),
            "progress": {to_global_id("OpportunityProgress", n["id"]): n["note"] for n in notes.get(pk, [])},
        }
    return rows


async def name_names_customer(viewer: Viewer, customer_id: int | None, text: str) -> bool:
    """Whether `text` names the customer (its name or trade name 字号), so that it is shown masked
    to whoever sees the customer masked; False for a customer out of the viewer's scope."""
    found = await customers.customers_by_ids(viewer, [customer_id] if customer_id else [])
    customer = found.get(customer_id or 0)
    if customer is None or not text:
        return False
    return mask_free_text(text, [customer["name"]]) != text


async def progress_for(viewer: Viewer, opportunity_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Progress updates of opportunities the viewer can see, newest first (one query)."""
    visible = OPPORTUNITY_READ.scoped(viewer)
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in opportunity_ids}
    if visible is None or not opportunity_ids:
        return out
    scoped_ids = Subquery(visible.filter(id__in=opportunity_ids).values("id"))
    rows = (
        await OpportunityProgress.filter(opportunity_id__in=scoped_ids)
        .order_by("-created_at", "-id")
        .values("id", "opportunity_id", "note", "stage", "created_at", "author_id")
    )
    for r in rows:
        out[r["opportunity_id"]].append(r)
    return out


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class OpportunityDraft:
    customer_id: int | None
    name: str
    type: OpportunityType
    stage: OpportunityStage
    confidence: int
    expected_monthly_revenue: Decimal
    currency: str = dataclasses.field(default_factory=currency)
    description: str = ""
    industry: Industry | None = None


@dataclass(slots=True)
class OpportunityChanges:
    name: str | None = None
    type: OpportunityType | None = None
    stage: OpportunityStage | None = None
    confidence: int | None = None
    expected_monthly_revenue: Decimal | None = None
    currency: str | None = None
    description: str | None = None


NAME_MAX = 200
DESCRIPTION_MAX = 5000
NOTE_MAX = 2000
REVENUE_FIELD = "expectedMonthlyRevenue"


def opportunity_errors(
    name: str | None,
    confidence: int | None,
    revenue: Decimal | None,
    currency_code: str | None,
    description: str | None,
) -> list[DomainError]:
    """One precise userError per wrong input (code + the input field it belongs to); None: unchanged."""
    errors = []
    if name is not None:
        if not name.strip():
            errors.append(DomainError(ErrorCode.BLANK, "Enter a name.", "name"))
        elif len(name.strip()) > NAME_MAX:
            errors.append(DomainError(ErrorCode.TOO_LONG, f"The name is over {NAME_MAX} characters.", "name"))
    if confidence is not None and confidence not in CONFIDENCE_STEPS:
        if not 0 <= confidence <= 100:
            errors.append(DomainError(ErrorCode.OUT_OF_RANGE, "Confidence is 0 to 100.", "confidence"))
        else:
            errors.append(
                DomainError(ErrorCode.NOT_IN_STEPS, "Confidence goes in steps of 10.", "confidence")
            )
    if revenue is not None:
        errors += amount_errors(revenue, REVENUE_FIELD, allow_zero=True, what="Expected monthly revenue")
    if currency_code is not None:
        errors += currency_errors(currency_code, REVENUE_FIELD)
    if description is not None and len(description) > DESCRIPTION_MAX:
        errors.append(
            DomainError(ErrorCode.TOO_LONG, "The description is over 5,000 characters.", "description")
        )
    return errors


async def create_opportunity(viewer: Viewer, draft: OpportunityDraft) -> int:
    """Account managers create opportunities for their own customers only."""
    found = await customers.customers_by_ids(viewer, [draft.customer_id] if draft.customer_id else [])
    customer = found.get(draft.customer_id or 0)
    if customer is None:
        refuse(ErrorCode.NOT_FOUND, "No such customer.", "customerId")
    denial = create_opportunity_denial(viewer, customer)
    if denial is ErrorCode.NOT_YOUR_CUSTOMER:
        refuse(denial, "This customer is assigned to another account manager.", "customerId")
    if denial is not None:
        refuse(denial, "Only the customer's account manager can create its opportunities.", "customerId")
    check(
        opportunity_errors(
            draft.name, draft.confidence, draft.expected_monthly_revenue, draft.currency, draft.description
        )
    )
    stamp = _now()
    async with in_transaction():
        opp = await Opportunity.create(
            partner_id=customer["partner_id"],
            customer_id=customer["id"],
            owner_id=viewer.user_id,
            name=draft.name.strip(),
            industry=draft.industry or Industry(customer["industry"]),
            type=draft.type,
            stage=draft.stage,
            confidence=draft.confidence,
            expected_monthly_revenue=draft.expected_monthly_revenue,
            currency=draft.currency,
            description=draft.description,
            created_at=stamp,
            updated_at=stamp,
        )
    return opp.id


async def _visible(viewer: Viewer, opportunity_id: int) -> dict[str, Any] | None:
    return (await opportunities_by_ids(viewer, [opportunity_id])).get(opportunity_id)


async def update_opportunity(viewer: Viewer, opportunity_id: int, ch: OpportunityChanges) -> int:
    row = await _visible(viewer, opportunity_id)
    if row is None:
        refuse(ErrorCode.NOT_FOUND, "No such opportunity.", "id")
    if not can_update_opportunity(viewer, row):
        refuse(ErrorCode.FORBIDDEN, "Only the owner or the partner admin can edit this opportunity.", "id")
    check(
        opportunity_errors(ch.name, ch.confidence, ch.expected_monthly_revenue, ch.currency, ch.description)
    )
    # A form sends back the texts as shown: their masked rendering keeps the clear stored text.
    typed = ch.name.strip() if ch.name is not None else None
    name = policy.kept_text(viewer, OPPORTUNITY, row, "name", typed)
    description = policy.kept_text(viewer, OPPORTUNITY, row, "description", ch.description)
    values: dict[str, Any] = {
        k: v
        for k, v in (
            ("name", name),
            ("type", ch.type),
            ("stage", ch.stage),
            ("confidence", ch.confidence),
            ("expected_monthly_revenue", ch.expected_monthly_revenue),
            ("description", description),
        )
        if v is not None
    }
    if values:
        values["updated_at"] = _now()
        async with in_transaction():
            await Opportunity.filter(id=opportunity_id).update(**values)
    return opportunity_id


async def add_progress(viewer: Viewer, opportunity_id: int, note: str, stage: OpportunityStage | None) -> int:
    row = await _visible(viewer, opportunity_id)
    if row is None:
        refuse(ErrorCode.NOT_FOUND, "No such opportunity.", "opportunityId")
    if not can_update_opportunity(viewer, row):
        refuse(ErrorCode.FORBIDDEN, "Only the owner or the partner admin can add progress.", "opportunityId")
    note = note.strip()
    if not note:
        refuse(ErrorCode.BLANK, "Write a note.", "note")
    if len(note) > NOTE_MAX:
        refuse(ErrorCode.TOO_LONG, "The note is over 2,000 characters.", "note")
    stamp = _now()
    async with in_transaction():
        progress = await OpportunityProgress.create(
            opportunity_id=opportunity_id,
            author_id=viewer.user_id,
            note=note,
            stage=stage or OpportunityStage(row["stage"]),
        )
        changes: dict[str, Any] = {"updated_at": stamp}
        if stage is not None:
            changes["stage"] = stage
        await Opportunity.filter(id=opportunity_id).update(**changes)
    return progress.id


async def reassign_opportunity(viewer: Viewer, opportunity_id: int, owner_id: int | None) -> int:
    row = await _visible(viewer, opportunity_id)
    if row is None:
        refuse(ErrorCode.NOT_FOUND, "No such opportunity.", "id")
    if not may_reassign(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only supervisors and partner admins reassign opportunities.", "id")
    owners = await User.filter(id=owner_id or 0, is_active=True).values("id", "org_id", "role")
    if not owners or not can_reassign_opportunity(viewer, row, owners[0]):
        # Unknown, inactive, out of scope or of another role: one answer, so nothing leaks.
        refuse(ErrorCode.NOT_IN_TEAM, "Choose an account manager within your team.", "ownerId")
    async with in_transaction():
        await Opportunity.filter(id=opportunity_id).update(owner_id=owners[0]["id"], updated_at=_now())
    return opportunity_id


async def assignable_managers(viewer: Viewer) -> list[int]:
    """People the viewer may filter by or hand opportunities to."""
    if viewer.is_token or viewer.role not in (Role.SUPERVISOR, Role.PARTNER_ADMIN, Role.ACCOUNT_MANAGER):
        return []
    qs = User.filter(org_id=viewer.org_id, is_active=True, role__in=[Role.ACCOUNT_MANAGER, Role.SUPERVISOR])
    if viewer.role is Role.SUPERVISOR:
        qs = qs.filter(id__in=list(viewer.subtree_user_ids))
    elif viewer.role is Role.ACCOUNT_MANAGER:
        qs = qs.filter(id=viewer.user_id)
    return [int(r["id"]) for r in await qs.order_by("id").values("id")]
