"""Opportunity sharing rules (no GraphQL here): the PCE plan (terms, joining, eligibility), HOs shared
by the vendor with a partner, POs shared by a partner with the vendor, and the deadline job.

Who does what (the access policy decides, see `access/policy.py`):
- vendor PDM: publishes terms, shares HOs with eligible PCE partners, validates POs, records their
  signing and delivery;
- partner admin: joins the PCE plan, handles the partner's HOs (accept with a chosen manager, or
  reject with a reason), shares any of the partner's opportunities as a PO;
- the owner of an opportunity (account manager or supervisor): shares it as a PO.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.accounts.enums import OrgKind, PathStage, Role
from partnercenter.accounts.models import Organization, User
from partnercenter.core import clock
from partnercenter.core.connection import EMPTY_PAGE, Page, PageArgs, SortKey, fetch_page, utc
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.customers import service as customers
from partnercenter.customers.enums import AssociationType, Industry
from partnercenter.customers.models import Customer
from partnercenter.messages import service as messages
from partnercenter.messages.enums import MessageKind
from partnercenter.opportunities import service as opportunities
from partnercenter.opportunities.enums import OpportunityStage, OpportunityType
from partnercenter.opportunities.models import Opportunity
from partnercenter.sharing import calendar
from partnercenter.sharing.enums import (
    DELIVERED_POS_REQUIRED,
    DELIVERED_POS_WINDOW_DAYS,
    HO_HANDLING_WORKING_DAYS,
    PO_VALIDATION_WORKING_DAYS,
    EligibilityCriterion,
    HoRejectReason,
    HoState,
    PoDecision,
    PoRejection,
    PoState,
    SupportKind,
)
from partnercenter.sharing.models import (
    PartnerSharedOpportunity,
    PceAcceptance,
    PceTerms,
    VendorSharedOpportunity,
)
from partnercenter.sharing.permissions import (
    PARTNER_SHARED_OPPORTUNITY,
    VENDOR_SHARED_OPPORTUNITY,
    may_handle_ho,
    may_join_pce,
    may_publish_pce_terms,
    may_share_ho,
    may_share_po,
    may_validate_po,
)

HO = VENDOR_SHARED_OPPORTUNITY
PO = PARTNER_SHARED_OPPORTUNITY

# --------------------------------------------------------------------------- PCE plan: terms, membership


TERMS_COLUMNS = ["id", "version", "title", "body", "published_at", "published_by_id"]
VERSION_MAX, TITLE_MAX, TEXT_MAX, NOTE_MAX = 32, 200, 5000, 1000


async def current_terms() -> dict[str, Any] | None:
    """The latest published version of the terms (the one a partner joins by accepting)."""
    rows = await PceTerms.all().order_by("-published_at", "-id").limit(1).values(*TERMS_COLUMNS)
    return rows[0] if rows else None


async def terms_by_ids(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Terms are public to every signed-in person."""
    if not ids:
        return {}
    return {r["id"]: r for r in await PceTerms.filter(id__in=ids).values(*TERMS_COLUMNS)}


def _text(value: str, name: str, maximum: int, label: str) -> list[DomainError]:
    if not value.strip():
        return [DomainError(ErrorCode.BLANK, f"Enter {label}.", name)]
    if len(value.strip()) > maximum:
        return [DomainError(ErrorCode.TOO_LONG, f"{label.capitalize()} is over {maximum} characters.", name)]
    return []


async def publish_terms(viewer: Viewer, version: str, title: str, body: str) -> list[DomainError] | int:
    if not may_publish_pce_terms(viewer):
        return [DomainError(ErrorCode.FORBIDDEN, "Only vendor PDMs publish the PCE terms.")]
    errors = [
        *_text(version, "version", VERSION_MAX, "a version"),
        *_text(title, "title", TITLE_MAX, "a title"),
        *_text(body, "body", 50_000, "the terms"),
    ]
    if errors:
        return errors
    async with in_transaction():
        if await PceTerms.filter(version=version.strip()).exists():
            return [DomainError(ErrorCode.DUPLICATE, "This version exists already.", "version")]
        terms = await PceTerms.create(
            version=version.strip(),
            title=title.strip(),
            body=body.strip(),
            published_at=clock.now(),
            published_by_id=viewer.user_id,
        )
    return terms.id


ACCEPTANCE_COLUMNS = ["id", "partner_id", "terms_id", "accepted_by_id", "accepted_at", "terms__version"]


async def latest_acceptances(org_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The latest acceptance of the terms per partner (none: not a member)."""
    if not org_ids:
        return {}
    rows = (
        await PceAcceptance.filter(partner_id__in=org_ids)
        .order_by("partner_id", "-accepted_at", "-id")
        .values(*ACCEPTANCE_COLUMNS)
    )
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        out.setdefault(r["partner_id"], r)
    return out


async def join_pce(viewer: Viewer, terms_id: int | None) -> list[DomainError] | int:
    """The partner admin joins the PCE plan by accepting the current terms (recorded: who, when,
    which version). Accepting the same version again changes nothing."""
    if not may_join_pce(viewer):
        return [DomainError(ErrorCode.FORBIDDEN, "Only the partner admin joins the PCE plan.")]
    current = await current_terms()
    if current is None or terms_id is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such terms.", "termsId")]
    if current["id"] != terms_id:
        found = await terms_by_ids([terms_id])
        if not found:
            return [DomainError(ErrorCode.NOT_FOUND, "No such terms.", "termsId")]
        return [
            DomainError(ErrorCode.TERMS_NOT_CURRENT, "Accept the current version of the terms.", "termsId")
        ]
    async with in_transaction():
        existing = await PceAcceptance.filter(partner_id=viewer.org_id, terms_id=terms_id).first()
        if existing is not None:
            return existing.id
        acceptance = await PceAcceptance.create(
            partner_id=viewer.org_id,
            terms_id=terms_id,
            accepted_by_id=viewer.user_id,
            accepted_at=clock.now(),
        )
    return acceptance.id


# --------------------------------------------------------------------------- eligibility


@dataclass(frozen=True, slots=True)
class Criterion:
    criterion: EligibilityCriterion
    met: bool
    actual: int | None = None
    required: int | None = None


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Whether a partner may receive HOs, and why: it is a PCE member and either differentiated,
    or certified with 3 signed-and-delivered POs in the last 12 months."""

    org_id: int
    eligible: bool
    member: bool
    path_stage: PathStage
    delivered_pos: int
    criteria: tuple[Criterion, ...] = field(default=())

    @property
    def missing(self) -> list[EligibilityCriterion]:
        """The criteria still missing on the shortest way to eligibility (empty when eligible)."""
        if self.eligible:
            return []
        out = [] if self.member else [EligibilityCriterion.PCE_MEMBER]
        if self.path_stage is PathStage.REGISTERED:
            out.append(EligibilityCriterion.PATH_CERTIFIED)
        if self.path_stage is not PathStage.DIFFERENTIATED and self.delivered_pos < DELIVERED_POS_REQUIRED:
            out.append(EligibilityCriterion.DELIVERED_POS)
        return out


def _eligibility(org_id: int, stage: PathStage, member: bool, delivered: int) -> Eligibility:
    differentiated = stage is PathStage.DIFFERENTIATED
    certified = stage in (PathStage.CERTIFIED, PathStage.DIFFERENTIATED)
    enough = delivered >= DELIVERED_POS_REQUIRED
    criteria = (
        Criterion(EligibilityCriterion.PCE_MEMBER, member),
        Criterion(EligibilityCriterion.PATH_DIFFERENTIATED, differentiated),
        Criterion(EligibilityCriterion.PATH_CERTIFIED, certified),
        Criterion(EligibilityCriterion.DELIVERED_POS, enough, delivered, DELIVERED_POS_REQUIRED),
    )
    eligible = member and (differentiated or (certified and enough))
    return Eligibility(org_id, eligible, member, stage, delivered, criteria)


async def eligibility_of(org_ids: list[int]) -> dict[int, Eligibility]:
    """Eligibility of several partners in three statements (stage, membership, delivered POs)."""
    if not org_ids:
        return {}
    since = clock.now() - timedelta(days=DELIVERED_POS_WINDOW_DAYS)
    orgs = await Organization.filter(id__in=org_ids, kind=OrgKind.PARTNER).values("id", "path_stage")
    members = set(
        await PceAcceptance.filter(partner_id__in=org_ids).distinct().values_list("partner_id", flat=True)
    )
    delivered_rows = (
        await PartnerSharedOpportunity.filter(
            partner_id__in=org_ids,
            signed_at__isnull=False,
            delivered_at__isnull=False,
            delivered_at__gte=since,
            delivered_at__lte=clock.now(),
        )
        .annotate(n=Count("id"))
        .group_by("partner_id")
        .values("partner_id", "n")
    )
    delivered = {r["partner_id"]: int(r["n"]) for r in delivered_rows}
    return {
        o["id"]: _eligibility(
            o["id"], PathStage(o["path_stage"]), o["id"] in members, delivered.get(o["id"], 0)
        )
        for o in orgs
    }


async def partner_ids_for_sharing(viewer: Viewer) -> list[int]:
    """Partners a PDM may pick when sharing an HO (every partner; eligibility is shown per partner)."""
    if not may_share_ho(viewer):
        return []
    rows = await Organization.filter(kind=OrgKind.PARTNER).order_by("id").values("id")
    return [int(r["id"]) for r in rows]


# --------------------------------------------------------------------------- HO: shared by the vendor


HO_COLUMNS = [
    "id",
    "partner_id",
    "shared_by_id",
    "title",
    "customer_name",
    "contact_phone",
    "contact_email",
    "industry",
    "region",
    "need",
    "opportunity_type",
    "expected_monthly_revenue",
    "currency",
    "description",
    "state",
    "shared_at",
    "deadline_at",
    "expiring_notified_at",
    "handled_at",
    "handled_by_id",
    "reject_reason",
    "reject_note",
    "customer_id",
    "opportunity_id",
]
HO_JOINED = [
    "partner__name",
    "shared_by__name",
    "shared_by__role",
    "shared_by__org_id",
    "shared_by__phone",
    "shared_by__email",
]
HO_KINDS = {
    "shared_at": "datetime",
    "deadline_at": "datetime",
    "expiring_notified_at": "datetime",
    "handled_at": "datetime",
    "expected_monthly_revenue": "money",
}


def _sorts(*specs: tuple[str, str]) -> dict[tuple[str, bool], SortKey]:
    out: dict[tuple[str, bool], SortKey] = {}
    for name, column in specs:
        out[(name, False)] = SortKey(f"{name}_ASC", column, "datetime", False)
        out[(name, True)] = SortKey(f"{name}_DESC", column, "datetime", True)
    return out


HO_SORTS = _sorts(("SHARED_AT", "shared_at"), ("DEADLINE_AT", "deadline_at"))
PO_SORTS = _sorts(("SHARED_AT", "shared_at"), ("DEADLINE_AT", "deadline_at"))


def _with_policy_columns(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The policy's masked-field columns of an HO: customer name, contact phone and email."""
    for r in rows:
        r["name"], r["phone"], r["email"] = r["customer_name"], r["contact_phone"], r["contact_email"]
    return rows


@dataclass(slots=True)
class HoQuery:
    states: list[HoState] | None = None
    partner_ids: list[int] | None = None
    deadline_before: datetime | None = None


def _scoped_hos(viewer: Viewer) -> Any:
    q = policy.scope_q(viewer, HO)
    return None if q is None else VendorSharedOpportunity.filter(q)


async def list_hos(viewer: Viewer, f: HoQuery, sort: SortKey, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped_hos(viewer)
    if qs is None:
        return EMPTY_PAGE, _zero
    if f.states:
        qs = qs.filter(state__in=[s.value for s in f.states])
    if f.partner_ids is not None:
        qs = qs.filter(partner_id__in=f.partner_ids or [0])
    if f.deadline_before is not None:
        qs = qs.filter(deadline_at__lte=f.deadline_before)
    result = await fetch_page(qs, sort, page, HO_COLUMNS + HO_JOINED, HO_KINDS)
    _with_policy_columns(result.rows)
    return result, qs.count


async def hos_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    qs = _scoped_hos(viewer)
    if qs is None or not ids:
        return {}
    rows = await qs.filter(id__in=ids).values(*HO_COLUMNS, *HO_JOINED)
    return {r["id"]: r for r in _with_policy_columns(rows)}


@dataclass(slots=True)
class HoDraft:
    partner_id: int | None
    title: str
    customer_name: str
    industry: Industry
    region: str
    need: str
    expected_monthly_revenue: Decimal
    currency: str = "CNY"
    contact_phone: str = ""
    contact_email: str = ""
    opportunity_type: OpportunityType = OpportunityType.NEW_PURCHASE
    description: str = ""


def _ho_errors(d: HoDraft) -> list[DomainError]:
    errors = [
        *_text(d.title, "title", TITLE_MAX, "a title"),
        *_text(d.customer_name, "customerName", TITLE_MAX, "the customer name"),
        *_text(d.need, "need", TEXT_MAX, "the need"),
    ]
    if len(d.region) > 64:
        errors.append(DomainError(ErrorCode.TOO_LONG, "The region is over 64 characters.", "region"))
    if len(d.contact_phone) > 32:
        errors.append(DomainError(ErrorCode.TOO_LONG, "The phone is over 32 characters.", "contactPhone"))
    if len(d.contact_email) > 200:
        errors.append(DomainError(ErrorCode.TOO_LONG, "The email is over 200 characters.", "contactEmail"))
    if len(d.description) > TEXT_MAX:
        errors.append(DomainError(ErrorCode.TOO_LONG, "The description is too long.", "description"))
    errors += opportunities._validate(None, None, d.expected_monthly_revenue, d.currency, None)
    return errors


async def deadline_after(moment: datetime, working_days: int) -> datetime:
    """The end (China time) of the n-th working day after the day of `moment`."""
    day = await calendar.working_days_after(calendar.business_date(moment), working_days)
    return calendar.end_of_business_day(day)


async def share_ho(viewer: Viewer, d: HoDraft) -> list[DomainError] | int:
    """A vendor PDM shares an opportunity with an eligible PCE partner; its admins must handle it
    within 3 working days."""
    if not may_share_ho(viewer):
        return [DomainError(ErrorCode.FORBIDDEN, "Only vendor PDMs share opportunities with partners.")]
    errors = _ho_errors(d)
    if errors:
        return errors
    found = await eligibility_of([d.partner_id] if d.partner_id else [])
    status = found.get(d.partner_id or 0)
    if status is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such partner.", "partnerId")]
    if not status.member:
        return [
            DomainError(ErrorCode.NOT_PCE_MEMBER, "This partner has not joined the PCE plan.", "partnerId")
        ]
    if not status.eligible:
        return [
            DomainError(
                ErrorCode.NOT_ELIGIBLE,
                "This partner is not eligible to receive shared opportunities.",
                "partnerId",
            )
        ]
    now = clock.now()
    shared_day = calendar.business_date(now)
    deadline_day = await calendar.working_days_after(shared_day, HO_HANDLING_WORKING_DAYS)
    warn_day = await calendar.working_days_after(shared_day, HO_HANDLING_WORKING_DAYS - 1)
    async with in_transaction():
        ho = await VendorSharedOpportunity.create(
            partner_id=d.partner_id,
            shared_by_id=viewer.user_id,
            title=d.title.strip(),
            customer_name=d.customer_name.strip(),
            contact_phone=d.contact_phone.strip(),
            contact_email=d.contact_email.strip(),
            industry=d.industry,
            region=d.region.strip(),
            need=d.need.strip(),
            opportunity_type=d.opportunity_type,
            expected_monthly_revenue=d.expected_monthly_revenue,
            currency=d.currency,
            description=d.description.strip(),
            state=HoState.PENDING,
            shared_at=now,
            deadline_at=calendar.end_of_business_day(deadline_day),
            expiring_from=calendar.start_of_business_day(warn_day),
        )
        admins = await messages.users_with_roles(d.partner_id or 0, [Role.PARTNER_ADMIN])
        await messages.notify(
            admins,
            MessageKind.HO_SHARED,
            record_type=HO,
            record_pk=ho.id,
            params={"deadline": ho.deadline_at.isoformat(), "industry": d.industry.value},
        )
    return ho.id


async def _handleable(viewer: Viewer, ho_id: int) -> list[DomainError] | dict[str, Any]:
    row = (await hos_by_ids(viewer, [ho_id])).get(ho_id)
    if row is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such shared opportunity.", "id")]
    if not may_handle_ho(viewer, row):
        return [
            DomainError(ErrorCode.FORBIDDEN, "Only the partner admin handles shared opportunities.", "id")
        ]
    if row["state"] != HoState.PENDING:
        return [DomainError(ErrorCode.ALREADY_HANDLED, "This shared opportunity was handled already.", "id")]
    if clock.now() > row["deadline_at"]:
        return [DomainError(ErrorCode.DEADLINE_PASSED, "The deadline to handle it has passed.", "id")]
    return row


async def accept_ho(viewer: Viewer, ho_id: int, owner_id: int | None) -> list[DomainError] | int:
    """Accepting makes the HO one of the partner's opportunities, owned by the manager the admin
    chose, for the partner's customer of that name (created, or bound, as needed)."""
    row = await _handleable(viewer, ho_id)
    if isinstance(row, list):
        return row
    owners = await User.filter(
        id=owner_id or 0,
        org_id=viewer.org_id,
        is_active=True,
        role__in=[Role.ACCOUNT_MANAGER, Role.SUPERVISOR],
    ).values("id")
    if not owners:
        return [DomainError(ErrorCode.NOT_IN_TEAM, "Choose an account manager of your partner.", "ownerId")]
    owner = owners[0]["id"]
    now = clock.now()
    async with in_transaction():
        changed = await VendorSharedOpportunity.filter(id=ho_id, state=HoState.PENDING).update(
            state=HoState.ACCEPTED, handled_at=now, handled_by_id=viewer.user_id
        )
        if changed != 1:  # handled meanwhile (another admin, or the deadline job)
            return [
                DomainError(ErrorCode.ALREADY_HANDLED, "This shared opportunity was handled already.", "id")
            ]
        customer = await Customer.filter(partner_id=viewer.org_id, name=row["customer_name"]).first()
        if customer is None:
            customer = await Customer.create(
                partner_id=viewer.org_id,
                name=row["customer_name"],
                account_name=f"hw_pce_ho{ho_id:06d}",
                phone=row["contact_phone"],
                email=row["contact_email"],
                industry=row["industry"],
                region=row["region"],
                association_type=AssociationType.CONSULTING,
                associated_at=now,
                manager_id=owner,
                tags=",PCE,",
            )
        elif customer.manager_id is None:  # type: ignore[attr-defined]
            await Customer.filter(id=customer.id).update(manager_id=owner)
        description = row["need"] if not row["description"] else f"{row['need']}\n\n{row['description']}"
        opportunity = await Opportunity.create(
            partner_id=viewer.org_id,
            customer_id=customer.id,
            owner_id=owner,
            name=row["title"],
            industry=row["industry"],
            type=row["opportunity_type"],
            stage=OpportunityStage.QUALIFIED,
            confidence=30,
            expected_monthly_revenue=row["expected_monthly_revenue"],
            currency=row["currency"],
            description=description[: opportunities.DESCRIPTION_MAX],
            created_at=now,
            updated_at=now,
        )
        await VendorSharedOpportunity.filter(id=ho_id).update(
            customer_id=customer.id, opportunity_id=opportunity.id
        )
        await messages.notify([row["shared_by_id"]], MessageKind.HO_ACCEPTED, record_type=HO, record_pk=ho_id)
    return ho_id


async def reject_ho(viewer: Viewer, ho_id: int, reason: HoRejectReason, note: str) -> list[DomainError] | int:
    """The partner admin rejects with one of the fixed reasons (OTHER needs a note)."""
    row = await _handleable(viewer, ho_id)
    if isinstance(row, list):
        return row
    note = note.strip()
    if reason is HoRejectReason.EXPIRED:
        return [DomainError(ErrorCode.INVALID, "EXPIRED is set by the deadline only.", "reason")]
    if reason is HoRejectReason.OTHER and not note:
        return [DomainError(ErrorCode.BLANK, "Say why.", "note")]
    if len(note) > NOTE_MAX:
        return [DomainError(ErrorCode.TOO_LONG, f"The note is over {NOTE_MAX} characters.", "note")]
    async with in_transaction():
        changed = await VendorSharedOpportunity.filter(id=ho_id, state=HoState.PENDING).update(
            state=HoState.REJECTED,
            handled_at=clock.now(),
            handled_by_id=viewer.user_id,
            reject_reason=reason,
            reject_note=note,
        )
        if changed != 1:
            return [
                DomainError(ErrorCode.ALREADY_HANDLED, "This shared opportunity was handled already.", "id")
            ]
        await messages.notify(
            [row["shared_by_id"]],
            MessageKind.HO_REJECTED,
            record_type=HO,
            record_pk=ho_id,
            params={"reason": reason.value},
        )
    return ho_id


# --------------------------------------------------------------------------- PO: shared by the partner


PO_COLUMNS = [
    "id",
    "partner_id",
    "opportunity_id",
    "customer_id",
    "owner_id",
    "shared_by_id",
    "support_kind",
    "need",
    "state",
    "shared_at",
    "deadline_at",
    "duplicate_of_id",
    "validated_at",
    "validated_by_id",
    "rejection",
    "reject_reason",
    "signed_at",
    "delivered_at",
]
PO_JOINED = [
    "partner__name",
    *(f"customer__{c}" for c in customers.CUSTOMER_COLUMNS if c != "id"),
]
PO_KINDS = {
    "shared_at": "datetime",
    "deadline_at": "datetime",
    "validated_at": "datetime",
    "signed_at": "datetime",
    "delivered_at": "datetime",
    **{f"customer__{c}": k for c, k in customers.CUSTOMER_KINDS.items()},
}


@dataclass(slots=True)
class PoQuery:
    states: list[PoState] | None = None
    support_kinds: list[SupportKind] | None = None
    duplicate: bool | None = None
    opportunity_ids: list[int] | None = None


def _scoped_pos(viewer: Viewer) -> Any:
    q = policy.scope_q(viewer, PO)
    return None if q is None else PartnerSharedOpportunity.filter(q)


async def list_pos(viewer: Viewer, f: PoQuery, sort: SortKey, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped_pos(viewer)
    if qs is None:
        return EMPTY_PAGE, _zero
    if f.states:
        qs = qs.filter(state__in=[s.value for s in f.states])
    if f.support_kinds:
        qs = qs.filter(support_kind__in=[k.value for k in f.support_kinds])
    if f.duplicate is not None:
        qs = qs.filter(duplicate_of_id__isnull=not f.duplicate)
    if f.opportunity_ids is not None:
        qs = qs.filter(opportunity_id__in=f.opportunity_ids or [0])
    return await fetch_page(qs, sort, page, PO_COLUMNS + PO_JOINED, PO_KINDS), qs.count


async def pos_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    qs = _scoped_pos(viewer)
    if qs is None or not ids:
        return {}
    rows = await qs.filter(id__in=ids).values(*PO_COLUMNS, *PO_JOINED)
    return {r["id"]: r for r in rows}


def need_key(need: str) -> str:
    """The need as compared for duplicates: trimmed, single spaces, case-folded."""
    return " ".join(need.split()).casefold()[:255]


async def _earlier_open_duplicate(customer_id: int, key: str, before_id: int | None) -> int | None:
    """The earliest PO for the same customer and need that is still open or approved."""
    qs = PartnerSharedOpportunity.filter(
        customer_id=customer_id, need_key=key, state__in=[PoState.PENDING, PoState.APPROVED]
    )
    if before_id is not None:
        qs = qs.filter(id__lt=before_id)
    rows = await qs.order_by("id").limit(1).values("id")
    return int(rows[0]["id"]) if rows else None


async def share_po(
    viewer: Viewer, opportunity_id: int, support_kind: SupportKind, need: str
) -> list[DomainError] | int:
    """A partner (its admin, or the opportunity's owner) shares an opportunity with the vendor asking
    for support. Once shared it cannot be withdrawn or edited. A PO for the same customer and need
    as an earlier open or approved one is flagged as its duplicate: the earlier one wins."""
    opp = (await opportunities.opportunities_by_ids(viewer, [opportunity_id])).get(opportunity_id)
    if opp is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such opportunity.", "opportunityId")]
    if not may_share_po(viewer, opp):
        return [
            DomainError(
                ErrorCode.FORBIDDEN,
                "Only the partner admin or the opportunity's owner shares it with the vendor.",
                "opportunityId",
            )
        ]
    errors = _text(need, "need", TEXT_MAX, "the need")
    if errors:
        return errors
    if not await PceAcceptance.filter(partner_id=opp["partner_id"]).exists():
        return [DomainError(ErrorCode.NOT_PCE_MEMBER, "Join the PCE plan first.", "opportunityId")]
    now = clock.now()
    deadline = await deadline_after(now, PO_VALIDATION_WORKING_DAYS)
    key = need_key(need)
    async with in_transaction():
        earlier = await _earlier_open_duplicate(opp["customer_id"], key, None)
        po = await PartnerSharedOpportunity.create(
            partner_id=opp["partner_id"],
            opportunity_id=opportunity_id,
            customer_id=opp["customer_id"],
            owner_id=opp["owner_id"],
            shared_by_id=viewer.user_id,
            support_kind=support_kind,
            need=need.strip(),
            need_key=key,
            state=PoState.PENDING,
            shared_at=now,
            deadline_at=deadline,
            duplicate_of_id=earlier,
        )
        pdms = [int(r["id"]) for r in await User.filter(role=Role.VENDOR_PDM, is_active=True).values("id")]
        await messages.notify(
            list(pdms),
            MessageKind.PO_SHARED,
            record_type=PO,
            record_pk=po.id,
            params={
                "supportKind": support_kind.value,
                "deadline": deadline.isoformat(),
                "duplicate": bool(earlier),
            },
        )
    return po.id


async def _po_recipients(row: dict[str, Any]) -> list[int]:
    """The sharer and the partner admins."""
    admins = await messages.users_with_roles(row["partner_id"], [Role.PARTNER_ADMIN])
    return [row["shared_by_id"], *admins]


async def validate_po(
    viewer: Viewer, po_id: int, decision: PoDecision, reason: str
) -> list[DomainError] | int:
    """A vendor PDM approves or rejects (with a reason) a pending PO within 10 working days. A
    duplicate of an earlier open or approved PO cannot be approved."""
    if not may_validate_po(viewer):
        return [DomainError(ErrorCode.FORBIDDEN, "Only vendor PDMs validate shared opportunities.", "id")]
    row = (await pos_by_ids(viewer, [po_id])).get(po_id)
    if row is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such shared opportunity.", "id")]
    if row["state"] != PoState.PENDING:
        return [
            DomainError(ErrorCode.ALREADY_HANDLED, "This shared opportunity was validated already.", "id")
        ]
    if clock.now() > row["deadline_at"]:
        return [DomainError(ErrorCode.DEADLINE_PASSED, "The validation deadline has passed.", "id")]
    reason = reason.strip()
    if decision is PoDecision.REJECT:
        errors = _text(reason, "reason", NOTE_MAX, "a reason")
        if errors:
            return errors
    else:
        earlier = await _earlier_open_duplicate(row["customer_id"], await _need_key_of(po_id), po_id)
        if earlier is not None:
            return [
                DomainError(
                    ErrorCode.DUPLICATE,
                    "An earlier shared opportunity for the same customer and need wins.",
                    "id",
                )
            ]
    approve = decision is PoDecision.APPROVE
    async with in_transaction():
        changed = await PartnerSharedOpportunity.filter(id=po_id, state=PoState.PENDING).update(
            state=PoState.APPROVED if approve else PoState.REJECTED,
            validated_at=clock.now(),
            validated_by_id=viewer.user_id,
            rejection=None if approve else PoRejection.BY_VENDOR,
            reject_reason="" if approve else reason,
        )
        if changed != 1:
            return [
                DomainError(ErrorCode.ALREADY_HANDLED, "This shared opportunity was validated already.", "id")
            ]
        await messages.notify(
            await _po_recipients(row),
            MessageKind.PO_VALIDATED if approve else MessageKind.PO_REJECTED,
            record_type=PO,
            record_pk=po_id,
            params={"supportKind": row["support_kind"], **({} if approve else {"rejection": "BY_VENDOR"})},
        )
    return po_id


async def _need_key_of(po_id: int) -> str:
    rows = await PartnerSharedOpportunity.filter(id=po_id).values_list("need_key", flat=True)
    return str(rows[0]) if rows else ""


async def record_po_delivery(
    viewer: Viewer, po_id: int, signed_at: datetime, delivered_at: datetime
) -> list[DomainError] | int:
    """A vendor PDM records when an approved PO was signed and delivered (counts for eligibility)."""
    if not may_validate_po(viewer):
        return [DomainError(ErrorCode.FORBIDDEN, "Only vendor PDMs record signing and delivery.", "id")]
    row = (await pos_by_ids(viewer, [po_id])).get(po_id)
    if row is None:
        return [DomainError(ErrorCode.NOT_FOUND, "No such shared opportunity.", "id")]
    if row["state"] != PoState.APPROVED:
        return [
            DomainError(ErrorCode.NOT_APPROVED, "Only an approved shared opportunity is delivered.", "id")
        ]
    signed, delivered = utc(signed_at), utc(delivered_at)
    if delivered < signed:
        return [DomainError(ErrorCode.INVALID, "Delivery comes after signing.", "deliveredAt")]
    if delivered > clock.now():
        return [DomainError(ErrorCode.INVALID, "The delivery date is in the future.", "deliveredAt")]
    async with in_transaction():
        await PartnerSharedOpportunity.filter(id=po_id).update(signed_at=signed, delivered_at=delivered)
    return po_id


# --------------------------------------------------------------------------- the deadline job


async def run_deadlines() -> dict[str, int]:
    """Idempotent: HOs past their deadline are rejected with reason EXPIRED (HO_EXPIRED to the
    partner admins and the sharing PDM); pending HOs within one working day of their deadline send
    HO_EXPIRING to the partner admins once; POs not validated in time are rejected by default
    (PO_REJECTED to the sharer and the partner admins). Each record changes in its own transaction,
    guarded by its state, so a second run (or a concurrent one) changes nothing."""
    now = clock.now()
    counts = {"hos_expired": 0, "hos_expiring_notified": 0, "pos_rejected": 0}
    expired = await VendorSharedOpportunity.filter(state=HoState.PENDING, deadline_at__lt=now).values(
        "id", "partner_id", "shared_by_id"
    )
    for ho in expired:
        async with in_transaction():
            changed = await VendorSharedOpportunity.filter(id=ho["id"], state=HoState.PENDING).update(
                state=HoState.REJECTED, handled_at=now, reject_reason=HoRejectReason.EXPIRED
            )
            if changed == 1:
                admins = await messages.users_with_roles(ho["partner_id"], [Role.PARTNER_ADMIN])
                await messages.notify(
                    [*admins, ho["shared_by_id"]],
                    MessageKind.HO_EXPIRED,
                    record_type=HO,
                    record_pk=ho["id"],
                )
                counts["hos_expired"] += 1
    expiring = await VendorSharedOpportunity.filter(
        state=HoState.PENDING, expiring_from__lte=now, deadline_at__gte=now, expiring_notified_at__isnull=True
    ).values("id", "partner_id", "deadline_at")
    for ho in expiring:
        async with in_transaction():
            changed = await VendorSharedOpportunity.filter(
                id=ho["id"], state=HoState.PENDING, expiring_notified_at__isnull=True
            ).update(expiring_notified_at=now)
            if changed == 1:
                admins = await messages.users_with_roles(ho["partner_id"], [Role.PARTNER_ADMIN])
                deadline = ho["deadline_at"]
                await messages.notify(
                    admins,
                    MessageKind.HO_EXPIRING,
                    record_type=HO,
                    record_pk=ho["id"],
                    params={
                        "deadline": deadline.isoformat() if isinstance(deadline, datetime) else str(deadline)
                    },
                )
                counts["hos_expiring_notified"] += 1
    overdue = await PartnerSharedOpportunity.filter(state=PoState.PENDING, deadline_at__lt=now).values(
        "id", "partner_id", "shared_by_id", "support_kind"
    )
    for po in overdue:
        async with in_transaction():
            changed = await PartnerSharedOpportunity.filter(id=po["id"], state=PoState.PENDING).update(
                state=PoState.REJECTED, validated_at=now, rejection=PoRejection.EXPIRED
            )
            if changed == 1:
                await messages.notify(
                    await _po_recipients(po),
                    MessageKind.PO_REJECTED,
                    record_type=PO,
                    record_pk=po["id"],
                    params={"supportKind": po["support_kind"], "rejection": "EXPIRED"},
                )
                counts["pos_rejected"] += 1
    return counts


async def _zero() -> int:
    return 0
