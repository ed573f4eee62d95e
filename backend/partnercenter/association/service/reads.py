"""Association reads: one `ScopedRead` per resource (lists, node/nodes, nested references) and the
status of a customer's association (what switch/unbind would meet now)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from partnercenter.access.reads import ScopedRead
from partnercenter.accounts import service as accounts
from partnercenter.association.enums import (
    KnowledgeKind,
    LogAction,
    RequestInitiator,
    RequestKind,
    RequestState,
)
from partnercenter.association.models import (
    AssociationLogEntry,
    AssociationRequest,
    CustomerAssignment,
    KnowledgeItem,
    NoticeSignature,
    NoticeVersion,
)
from partnercenter.association.permissions import (
    ASSOCIATION_LOG,
    ASSOCIATION_REQUEST,
    CUSTOMER_ASSIGNMENT,
    KNOWLEDGE_ITEM,
    NOTICE_VERSION,
    association_request_denial,
    can_sign_notice,
)
from partnercenter.core import clock
from partnercenter.core.connection import Page, PageArgs, SortKey, utc
from partnercenter.core.context import Viewer
from partnercenter.customers import service as customers
from partnercenter.customers.enums import Industry
from partnercenter.orders.enums import Obligation
from partnercenter.orders.service import blocking_obligations

REQUEST_INTERVAL_MONTHS = 3

Row = dict[str, Any]


def add_months(at: datetime, months: int) -> datetime:
    """The same day `months` later (clamped to the month's last day), same time of day."""
    index = at.month - 1 + months
    year, month = at.year + index // 12, index % 12 + 1
    return at.replace(year=year, month=month, day=min(at.day, calendar.monthrange(year, month)[1]))


def _customer_filter(qs: Any, customer_ids: list[int] | None) -> Any:
    """A customer filter matches only customers the viewer may see now (else like an unknown ID).
    Customer users and vendor staff filter on their own scope of the rows."""
    if customer_ids is None:
        return qs
    return qs.filter(customer_id__in=customer_ids or [0])


# ------------------------------------------------------------------------------ requests


@dataclass(slots=True)
class RequestQuery:
    customer_ids: list[int] | None = None
    states: list[RequestState] | None = None
    kinds: list[RequestKind] | None = None
    initiators: list[RequestInitiator] | None = None


def _apply_request_filter(viewer: Viewer, qs: Any, f: RequestQuery) -> Any:
    qs = _customer_filter(qs, f.customer_ids)
    if f.states:
        qs = qs.filter(state__in=[s.value for s in f.states])
    if f.kinds:
        qs = qs.filter(kind__in=[k.value for k in f.kinds])
    if f.initiators:
        qs = qs.filter(initiator__in=[i.value for i in f.initiators])
    return qs


REQUEST_COLUMNS = (
    "id",
    "customer_id",
    "partner_id",
    "kind",
    "initiator",
    "state",
    "from_type",
    "to_type",
    "reason",
    "requested_by_id",
    "requested_at",
    "expires_at",
    "decided_by_id",
    "decided_at",
    "decision_reason",
    "customer__manager_id",
)
REQUEST_SORT = SortKey("REQUESTED_AT_DESC", "requested_at", "datetime", True)
REQUEST_READ = ScopedRead(
    resource=ASSOCIATION_REQUEST,
    model=AssociationRequest,
    columns=REQUEST_COLUMNS,
    kinds={"requested_at": "datetime", "expires_at": "datetime", "decided_at": "datetime"},
    sorts={REQUEST_SORT.name: REQUEST_SORT},
    apply=_apply_request_filter,
)


# ------------------------------------------------------------------------------ operation log


@dataclass(slots=True)
class LogQuery:
    customer_ids: list[int] | None = None
    actions: list[LogAction] | None = None
    actor_ids: list[int] | None = None
    at_from: datetime | None = None
    at_to: datetime | None = None


def _apply_log_filter(viewer: Viewer, qs: Any, f: LogQuery) -> Any:
    qs = _customer_filter(qs, f.customer_ids)
    if f.actions:
        qs = qs.filter(action__in=[a.value for a in f.actions])
    if f.actor_ids is not None:  # a person outside the people scope filters like an unknown ID
        qs = qs.filter(actor_id__in=accounts.visible_people(viewer, f.actor_ids))
    if f.at_from is not None:
        qs = qs.filter(at__gte=utc(f.at_from))
    if f.at_to is not None:
        qs = qs.filter(at__lte=utc(f.at_to))
    return qs


LOG_SORT = SortKey("AT_DESC", "at", "datetime", True)
LOG_READ = ScopedRead(
    resource=ASSOCIATION_LOG,
    model=AssociationLogEntry,
    columns=(
        "id",
        "customer_id",
        "partner_id",
        "action",
        "request_id",
        "from_type",
        "to_type",
        "actor_id",
        "note",
        "at",
        "customer__manager_id",
    ),
    kinds={"at": "datetime"},
    sorts={LOG_SORT.name: LOG_SORT},
    apply=_apply_log_filter,
)


# ------------------------------------------------------------------------------ assignments


def _apply_assignment_filter(viewer: Viewer, qs: Any, customer_ids: list[int] | None) -> Any:
    return _customer_filter(qs, customer_ids)


ASSIGNMENT_SORT = SortKey("ASSIGNED_AT_DESC", "assigned_at", "datetime", True)
ASSIGNMENT_READ = ScopedRead(
    resource=CUSTOMER_ASSIGNMENT,
    model=CustomerAssignment,
    columns=(
        "id",
        "customer_id",
        "partner_id",
        "from_manager_id",
        "to_manager_id",
        "assigned_by_id",
        "assigned_at",
        "customer__manager_id",
    ),
    kinds={"assigned_at": "datetime"},
    sorts={ASSIGNMENT_SORT.name: ASSIGNMENT_SORT},
    apply=_apply_assignment_filter,
)


# ------------------------------------------------------------------------------ notice and knowledge


NOTICE_COLUMNS = ("id", "version", "title", "body", "published_by_id", "published_at")
NOTICE_SORT = SortKey("VERSION_DESC", "version", "int", True)
NOTICE_READ = ScopedRead(
    resource=NOTICE_VERSION,
    model=NoticeVersion,
    columns=NOTICE_COLUMNS,
    kinds={"published_at": "datetime"},
    sorts={NOTICE_SORT.name: NOTICE_SORT},
)


@dataclass(slots=True)
class KnowledgeQuery:
    kinds: list[KnowledgeKind] | None = None
    industry: Industry | None = None
    search: str | None = None


def _apply_knowledge_filter(viewer: Viewer, qs: Any, f: KnowledgeQuery) -> Any:
    if f.kinds:
        qs = qs.filter(kind__in=[k.value for k in f.kinds])
    if f.industry:
        qs = qs.filter(industries__contains=f",{f.industry.value},")
    if f.search and f.search.strip():
        qs = qs.filter(title__icontains=f.search.strip())
    return qs


KNOWLEDGE_COLUMNS = (
    "id",
    "kind",
    "title",
    "summary",
    "url",
    "industries",
    "tags",
    "created_by_id",
    "created_at",
)
KNOWLEDGE_SORT = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)
KNOWLEDGE_READ = ScopedRead(
    resource=KNOWLEDGE_ITEM,
    model=KnowledgeItem,
    columns=KNOWLEDGE_COLUMNS,
    kinds={"created_at": "datetime"},
    sorts={KNOWLEDGE_SORT.name: KNOWLEDGE_SORT},
    apply=_apply_knowledge_filter,
)


# ------------------------------------------------------------------------------ lists and by-ids


async def list_requests(viewer: Viewer, f: RequestQuery, page: PageArgs) -> tuple[Page, Any]:
    return await REQUEST_READ.page(viewer, f, REQUEST_SORT, page)


async def list_log(viewer: Viewer, f: LogQuery, page: PageArgs) -> tuple[Page, Any]:
    return await LOG_READ.page(viewer, f, LOG_SORT, page)


async def list_assignments(
    viewer: Viewer, customer_ids: list[int] | None, page: PageArgs
) -> tuple[Page, Any]:
    return await ASSIGNMENT_READ.page(viewer, customer_ids, ASSIGNMENT_SORT, page)


async def list_notices(viewer: Viewer, page: PageArgs) -> tuple[Page, Any]:
    return await NOTICE_READ.page(viewer, None, NOTICE_SORT, page)


async def list_knowledge(viewer: Viewer, f: KnowledgeQuery, page: PageArgs) -> tuple[Page, Any]:
    return await KNOWLEDGE_READ.page(viewer, f, KNOWLEDGE_SORT, page)


async def requests_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, Row]:
    return await REQUEST_READ.by_ids(viewer, ids)


async def log_entries_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, Row]:
    return await LOG_READ.by_ids(viewer, ids)


async def assignments_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, Row]:
    return await ASSIGNMENT_READ.by_ids(viewer, ids)


async def notices_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, Row]:
    return await NOTICE_READ.by_ids(viewer, ids)


async def knowledge_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, Row]:
    return await KNOWLEDGE_READ.by_ids(viewer, ids)


async def latest_notice() -> Row | None:
    rows = await NoticeVersion.all().order_by("-version").limit(1).values(*NOTICE_COLUMNS)
    return rows[0] if rows else None


async def signed_notice_of(customer_id: int) -> Row | None:
    """The customer's most recent signature (the highest version signed), with the version number."""
    rows = (
        await NoticeSignature.filter(customer_id=customer_id)
        .order_by("-notice__version")
        .limit(1)
        .values("id", "notice_id", "notice__version", "signed_by_id", "signed_at")
    )
    return rows[0] if rows else None


@dataclass(slots=True)
class NoticeStatus:
    latest: Row | None
    signed_version: int | None
    signed_at: datetime | None
    up_to_date: bool


async def notice_status(viewer: Viewer) -> NoticeStatus | None:
    """A customer user's view of the notice: the latest version and their company's signature."""
    if viewer.customer_id is None or not can_sign_notice(viewer):
        return None
    latest = await latest_notice()
    signed = await signed_notice_of(viewer.customer_id)
    return NoticeStatus(
        latest=latest,
        signed_version=signed["notice__version"] if signed else None,
        signed_at=signed["signed_at"] if signed else None,
        up_to_date=bool(latest and signed and signed["notice_id"] == latest["id"]),
    )


# ------------------------------------------------------------------------------ association status


@dataclass(slots=True)
class AssociationStatus:
    customer: Row
    pending_request_id: int | None
    last_request_at: datetime | None
    next_request_allowed_at: datetime | None
    obligations: list[Obligation]
    can_request: bool  # the viewer is the partner admin and no rule blocks a new request now


async def last_request_at(customer_id: int) -> datetime | None:
    rows = (
        await AssociationRequest.filter(customer_id=customer_id)
        .order_by("-requested_at")
        .limit(1)
        .values_list("requested_at", flat=True)
    )
    return utc(rows[0]) if rows else None  # type: ignore[arg-type]


async def association_status(viewer: Viewer, customer_id: int) -> AssociationStatus | None:
    """What the SPA needs to offer (or explain) switch/unbind; None when the customer is not visible."""
    customer = await customers.customer_of(viewer, customer_id)
    if customer is None:
        return None
    last = await last_request_at(customer_id)
    allowed = add_months(last, REQUEST_INTERVAL_MONTHS) if last else None
    pending = await AssociationRequest.filter(customer_id=customer_id, state=RequestState.PENDING).first()
    obligations = await blocking_obligations(customer_id)
    next_allowed = allowed if allowed and allowed > clock.now() else None
    return AssociationStatus(
        customer=customer,
        pending_request_id=pending.id if pending else None,
        last_request_at=last,
        next_request_allowed_at=next_allowed,
        obligations=obligations,
        can_request=(
            association_request_denial(viewer, customer) is None
            and pending is None
            and next_allowed is None
            and not obligations
        ),
    )
