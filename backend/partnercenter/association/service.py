"""Customer association rules (no GraphQL here).

Switch type 切换关联类型 / unbind 解除关联: asked by the customer's partner admin, confirmed or declined by
a user of the customer within CONFIRMATION_WINDOW (7 days), else expired by the `association-expire`
job. A customer user may ask to unbind; the partner admin approves or rejects (with a reason). At most
one request (of either kind or initiator) per customer per REQUEST_INTERVAL_MONTHS (3 calendar months,
counted from the previous request's time). Refused while the customer has open arrears or orders
awaiting partner payment (checked when asked and again when it would take effect). Every step is
written to the association operation log 关联关系操作记录 and notifies the people concerned, in the
same transaction as the change.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.accounts.enums import OrgKind, Role
from partnercenter.accounts.models import Organization, User
from partnercenter.accounts.permissions import USER
from partnercenter.association.enums import (
    KnowledgeKind,
    KnowledgeUnavailableReason,
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
    can_answer_association_request,
    can_assign_customer,
    can_decide_unbind_request,
    can_manage_notice_and_knowledge,
    can_request_unbind_as_customer,
    can_sign_notice,
    may_see_knowledge,
)
from partnercenter.core import clock
from partnercenter.core.connection import EMPTY_PAGE, Page, PageArgs, SortKey, fetch_page, utc
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.core.rows import fetch_rows
from partnercenter.customers import service as customers
from partnercenter.customers.enums import AssociationType, Industry
from partnercenter.customers.hooks import run_unbind_hooks
from partnercenter.customers.models import Customer
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.service import notify, users_with_roles
from partnercenter.opportunities.permissions import may_reassign
from partnercenter.orders.enums import Obligation
from partnercenter.orders.service import blocking_obligations

CONFIRMATION_WINDOW = timedelta(days=7)
REQUEST_INTERVAL_MONTHS = 3
REASON_MAX = 500
TITLE_MAX = 200
BODY_MAX = 50_000
SUMMARY_MAX = 2000
URL_MAX = 500
RECOMMENDATIONS_MAX = 50

REQUEST_COLUMNS = [
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
]
REQUEST_KINDS = {"requested_at": "datetime", "expires_at": "datetime", "decided_at": "datetime"}
LOG_COLUMNS = [
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
]
LOG_KINDS = {"at": "datetime"}
ASSIGNMENT_COLUMNS = [
    "id",
    "customer_id",
    "partner_id",
    "from_manager_id",
    "to_manager_id",
    "assigned_by_id",
    "assigned_at",
    "customer__manager_id",
]
ASSIGNMENT_KINDS = {"assigned_at": "datetime"}
NOTICE_COLUMNS = ["id", "version", "title", "body", "published_by_id", "published_at"]
NOTICE_KINDS = {"published_at": "datetime"}
KNOWLEDGE_COLUMNS = [
    "id",
    "kind",
    "title",
    "summary",
    "url",
    "industries",
    "tags",
    "created_by_id",
    "created_at",
]
KNOWLEDGE_KINDS = {"created_at": "datetime"}

REQUEST_SORT = SortKey("REQUESTED_AT_DESC", "requested_at", "datetime", True)
LOG_SORT = SortKey("AT_DESC", "at", "datetime", True)
ASSIGNMENT_SORT = SortKey("ASSIGNED_AT_DESC", "assigned_at", "datetime", True)
NOTICE_SORT = SortKey("VERSION_DESC", "version", "int", True)
KNOWLEDGE_SORT = SortKey("CREATED_AT_DESC", "created_at", "datetime", True)

_OBLIGATION_ERRORS = {
    Obligation.ARREARS: (ErrorCode.CUSTOMER_HAS_ARREARS, "The customer has unpaid arrears."),
    Obligation.ORDERS_AWAITING_PARTNER_PAYMENT: (
        ErrorCode.CUSTOMER_HAS_UNPAID_ORDERS,
        "The customer has orders awaiting payment by the partner.",
    ),
}


def add_months(at: datetime, months: int) -> datetime:
    """The same day `months` later (clamped to the month's last day), same time of day."""
    index = at.month - 1 + months
    year, month = at.year + index // 12, index % 12 + 1
    return at.replace(year=year, month=month, day=min(at.day, calendar.monthrange(year, month)[1]))


async def _zero() -> int:
    return 0


def _err(code: ErrorCode, message: str, field: str | None = None) -> list[DomainError]:
    return [DomainError(code, message, field)]


# ------------------------------------------------------------------------------ reading


def _scoped(viewer: Viewer, resource: str, model: Any) -> Any:
    q = policy.scope_q(viewer, resource)
    return None if q is None else model.filter(q)


async def _by_ids(
    viewer: Viewer, resource: str, model: Any, ids: list[int], columns: list[str], kinds: dict[str, str]
) -> dict[int, dict[str, Any]]:
    qs = _scoped(viewer, resource, model)
    if qs is None or not ids:
        return {}
    rows = await fetch_rows(qs.filter(id__in=ids).values(*columns), kinds)
    return {r["id"]: r for r in rows}


async def requests_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    return await _by_ids(viewer, ASSOCIATION_REQUEST, AssociationRequest, ids, REQUEST_COLUMNS, REQUEST_KINDS)


async def log_entries_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    return await _by_ids(viewer, ASSOCIATION_LOG, AssociationLogEntry, ids, LOG_COLUMNS, LOG_KINDS)


async def assignments_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    return await _by_ids(
        viewer, CUSTOMER_ASSIGNMENT, CustomerAssignment, ids, ASSIGNMENT_COLUMNS, ASSIGNMENT_KINDS
    )


async def notices_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    return await _by_ids(viewer, NOTICE_VERSION, NoticeVersion, ids, NOTICE_COLUMNS, NOTICE_KINDS)


async def knowledge_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    return await _by_ids(viewer, KNOWLEDGE_ITEM, KnowledgeItem, ids, KNOWLEDGE_COLUMNS, KNOWLEDGE_KINDS)


def _customer_filter(viewer: Viewer, qs: Any, customer_ids: list[int] | None) -> Any:
    """A customer filter matches only customers the viewer may see now (else like an unknown ID).
    Customer users and vendor staff filter on their own scope of the rows."""
    if customer_ids is None:
        return qs
    return qs.filter(customer_id__in=customer_ids or [0])


@dataclass(slots=True)
class RequestQuery:
    customer_ids: list[int] | None = None
    states: list[RequestState] | None = None
    kinds: list[RequestKind] | None = None
    initiators: list[RequestInitiator] | None = None


async def list_requests(viewer: Viewer, f: RequestQuery, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped(viewer, ASSOCIATION_REQUEST, AssociationRequest)
    if qs is None:
        return EMPTY_PAGE, _zero
    qs = _customer_filter(viewer, qs, f.customer_ids)
    if f.states:
        qs = qs.filter(state__in=[s.value for s in f.states])
    if f.kinds:
        qs = qs.filter(kind__in=[k.value for k in f.kinds])
    if f.initiators:
        qs = qs.filter(initiator__in=[i.value for i in f.initiators])
    return await fetch_page(qs, REQUEST_SORT, page, REQUEST_COLUMNS, REQUEST_KINDS), qs.count


@dataclass(slots=True)
class LogQuery:
    customer_ids: list[int] | None = None
    actions: list[LogAction] | None = None
    actor_ids: list[int] | None = None
    at_from: datetime | None = None
    at_to: datetime | None = None


async def list_log(viewer: Viewer, f: LogQuery, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped(viewer, ASSOCIATION_LOG, AssociationLogEntry)
    if qs is None:
        return EMPTY_PAGE, _zero
    qs = _customer_filter(viewer, qs, f.customer_ids)
    if f.actions:
        qs = qs.filter(action__in=[a.value for a in f.actions])
    if f.actor_ids is not None:  # a person outside the people scope filters like an unknown ID
        people = policy.scope_q(viewer, USER)
        qs = qs.filter(
            actor_id__in=Subquery(User.filter(people, id__in=f.actor_ids).values("id"))
            if people is not None and f.actor_ids
            else [0]
        )
    if f.at_from is not None:
        qs = qs.filter(at__gte=utc(f.at_from))
    if f.at_to is not None:
        qs = qs.filter(at__lte=utc(f.at_to))
    return await fetch_page(qs, LOG_SORT, page, LOG_COLUMNS, LOG_KINDS), qs.count


async def list_assignments(
    viewer: Viewer, customer_ids: list[int] | None, page: PageArgs
) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped(viewer, CUSTOMER_ASSIGNMENT, CustomerAssignment)
    if qs is None:
        return EMPTY_PAGE, _zero
    qs = _customer_filter(viewer, qs, customer_ids)
    return await fetch_page(qs, ASSIGNMENT_SORT, page, ASSIGNMENT_COLUMNS, ASSIGNMENT_KINDS), qs.count


async def list_notices(viewer: Viewer, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped(viewer, NOTICE_VERSION, NoticeVersion)
    if qs is None:
        return EMPTY_PAGE, _zero
    return await fetch_page(qs, NOTICE_SORT, page, NOTICE_COLUMNS, NOTICE_KINDS), qs.count


@dataclass(slots=True)
class KnowledgeQuery:
    kinds: list[KnowledgeKind] | None = None
    industry: Industry | None = None
    search: str | None = None


async def list_knowledge(viewer: Viewer, f: KnowledgeQuery, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = _scoped(viewer, KNOWLEDGE_ITEM, KnowledgeItem)
    if qs is None:
        return EMPTY_PAGE, _zero
    if f.kinds:
        qs = qs.filter(kind__in=[k.value for k in f.kinds])
    if f.industry:
        qs = qs.filter(industries__contains=f",{f.industry.value},")
    if f.search and f.search.strip():
        qs = qs.filter(title__icontains=f.search.strip())
    return await fetch_page(qs, KNOWLEDGE_SORT, page, KNOWLEDGE_COLUMNS, KNOWLEDGE_KINDS), qs.count


async def latest_notice() -> dict[str, Any] | None:
    rows = await NoticeVersion.all().order_by("-version").limit(1).values(*NOTICE_COLUMNS)
    return rows[0] if rows else None


async def signed_notice_of(customer_id: int) -> dict[str, Any] | None:
    """The customer's most recent signature (the highest version signed), with the version number."""
    rows = (
        await NoticeSignature.filter(customer_id=customer_id)
        .order_by("-notice__version")
        .limit(1)
        .values("id", "notice_id", "notice__version", "signed_by_id", "signed_at")
    )
    return rows[0] if rows else None


@dataclass(slots=True)
class AssociationStatus:
    customer: dict[str, Any]
    pending_request_id: int | None
    last_request_at: datetime | None
    next_request_allowed_at: datetime | None
    obligations: list[Obligation]


async def _last_request_at(customer_id: int) -> datetime | None:
    rows = (
        await AssociationRequest.filter(customer_id=customer_id)
        .order_by("-requested_at")
        .limit(1)
        .values_list("requested_at", flat=True)
    )
    return utc(rows[0]) if rows else None  # type: ignore[arg-type]


async def association_status(viewer: Viewer, customer_id: int) -> AssociationStatus | None:
    """What the SPA needs to offer (or explain) switch/unbind; None when the customer is not visible."""
    customer = (await customers.customers_by_ids(viewer, [customer_id])).get(customer_id)
    if customer is None:
        return None
    last = await _last_request_at(customer_id)
    allowed = add_months(last, REQUEST_INTERVAL_MONTHS) if last else None
    pending = await AssociationRequest.filter(customer_id=customer_id, state=RequestState.PENDING).first()
    return AssociationStatus(
        customer=customer,
        pending_request_id=pending.id if pending else None,
        last_request_at=last,
        next_request_allowed_at=allowed if allowed and allowed > clock.now() else None,
        obligations=await blocking_obligations(customer_id),
    )


# ------------------------------------------------------------------------------ rules shared by requests


async def _request_rules(customer_id: int) -> list[DomainError]:
    """The 3-month limit and the obligations that block a new request. Called inside the request's
    transaction: the customer row is locked first (PostgreSQL), so two requests cannot both pass."""
    await Customer.filter(id=customer_id).select_for_update().values_list("id", flat=True)
    errors: list[DomainError] = []
    last = await _last_request_at(customer_id)
    if last is not None:
        allowed = add_months(last, REQUEST_INTERVAL_MONTHS)
        if clock.now() < allowed:
            errors.append(
                DomainError(
                    ErrorCode.REQUEST_TOO_SOON,
                    f"One request per customer every {REQUEST_INTERVAL_MONTHS} months: the next one is "
                    f"allowed from {allowed.isoformat()}.",
                    "customerId",
                )
            )
    errors.extend(await _obligation_errors(customer_id))
    return errors


async def _obligation_errors(customer_id: int, field: str = "customerId") -> list[DomainError]:
    return [
        DomainError(_OBLIGATION_ERRORS[o][0], _OBLIGATION_ERRORS[o][1], field)
        for o in await blocking_obligations(customer_id)
    ]


async def log(
    customer_id: int,
    partner_id: int,
    action: LogAction,
    actor_id: int | None,
    *,
    request_id: int | None = None,
    from_type: AssociationType | str | None = None,
    to_type: AssociationType | str | None = None,
    note: str = "",
    at: datetime | None = None,
) -> AssociationLogEntry:
    """One line of the association operation log (call inside the change's transaction)."""
    return await AssociationLogEntry.create(
        customer_id=customer_id,
        partner_id=partner_id,
        action=action,
        request_id=request_id,
        from_type=from_type,
        to_type=to_type,
        actor_id=actor_id,
        note=note[:REASON_MAX],
        at=at or clock.now(),
    )


async def _customer_user_ids(customer_id: int) -> list[int]:
    return list(
        await User.filter(role=Role.CUSTOMER_USER, customer_id=customer_id, is_active=True).values_list(
            "id", flat=True
        )  # type: ignore[arg-type]
    )


async def _take_effect(req: dict[str, Any], actor_id: int | None) -> None:
    """A confirmed switch changes the type; a confirmed or approved unbind releases the customer
    (no manager, no longer the partner's: the vendor's direct customer) and runs the unbind hooks
    (coupons reclaim vouchers) with the former partner."""
    cid, pid = req["customer_id"], req["partner_id"]
    if req["kind"] == RequestKind.SWITCH_TYPE:
        await Customer.filter(id=cid).update(association_type=req["to_type"])
        await log(cid, pid, LogAction.SWITCHED, actor_id, request_id=req["id"],
                  from_type=req["from_type"], to_type=req["to_type"])  # fmt: skip
    else:
        # No longer the partner's: it becomes a direct customer of the vendor (no partner-side scope
        # reaches it, with no extra filter on the hot customer queries), without a manager.
        vendor = await Organization.filter(kind=OrgKind.VENDOR).order_by("id").first()
        assert vendor is not None, "the vendor organisation exists"
        await Customer.filter(id=cid, unbound_at__isnull=True).update(
            unbound_at=clock.now(), manager_id=None, partner_id=vendor.id
        )
        await log(cid, pid, LogAction.UNBOUND, actor_id, request_id=req["id"], from_type=req["from_type"])
        await run_unbind_hooks(cid, pid, actor_id)


async def _close(req_id: int, state: RequestState, actor_id: int | None, reason: str = "") -> bool:
    """PENDING -> state, once: a concurrent answer finds the row no longer pending."""
    changed = await AssociationRequest.filter(id=req_id, state=RequestState.PENDING).update(
        state=state, decided_by_id=actor_id, decided_at=clock.now(), decision_reason=reason
    )
    return bool(changed)


# ------------------------------------------------------------------------------ partner-initiated


async def request_change(viewer: Viewer, customer_id: int, kind: RequestKind) -> list[DomainError] | int:
    """The partner admin asks to switch the association type or to unbind the customer."""
    customer = (await customers.customers_by_ids(viewer, [customer_id])).get(customer_id)
    if customer is None:
        return _err(ErrorCode.NOT_FOUND, "No such customer.", "customerId")
    if association_request_denial(viewer, customer) is not None:
        return _err(
            ErrorCode.PARTNER_ADMIN_ONLY,
            "Only the partner admin can switch the association type or unbind a customer.",
            "customerId",
        )
    current = AssociationType(customer["association_type"])
    target = None
    if kind is RequestKind.SWITCH_TYPE:
        target = AssociationType.CONSULTING if current is AssociationType.RESALE else AssociationType.RESALE
    async with in_transaction():
        errors = await _request_rules(customer_id)
        if errors:
            return errors
        now = clock.now()
        expires = now + CONFIRMATION_WINDOW
        req = await AssociationRequest.create(
            customer_id=customer_id,
            partner_id=customer["partner_id"],
            kind=kind,
            initiator=RequestInitiator.PARTNER,
            from_type=current,
            to_type=target,
            requested_by_id=viewer.user_id,
            requested_at=now,
            expires_at=expires,
        )
        action = LogAction.SWITCH_REQUESTED if kind is RequestKind.SWITCH_TYPE else LogAction.UNBIND_REQUESTED
        await log(customer_id, customer["partner_id"], action, viewer.user_id, request_id=req.id,
                  from_type=current, to_type=target)  # fmt: skip
        await notify(
            await _customer_user_ids(customer_id),
            MessageKind.ASSOCIATION_CONFIRMATION_PENDING,
            record_type="AssociationRequest",
            record_pk=req.id,
            params={
                "requestKind": kind.value,
                "associationType": target.value if target else None,
                "deadline": expires.isoformat(),
            },
        )
    return req.id


async def _visible_request(viewer: Viewer, request_id: int) -> dict[str, Any] | None:
    return (await requests_by_ids(viewer, [request_id])).get(request_id)


async def answer_request(viewer: Viewer, request_id: int, confirm: bool) -> list[DomainError] | int:
    """The customer user confirms or declines a partner's request."""
    req = await _visible_request(viewer, request_id)
    if req is None:
        return _err(ErrorCode.NOT_FOUND, "No such request.", "requestId")
    if req["initiator"] != RequestInitiator.PARTNER:
        return _err(ErrorCode.PARTNER_ADMIN_ONLY, "The partner admin decides this request.", "requestId")
    if not can_answer_association_request(viewer, req):
        return _err(ErrorCode.CUSTOMER_USER_ONLY, "Only the customer confirms or declines.", "requestId")
    if req["state"] != RequestState.PENDING:
        return _err(ErrorCode.REQUEST_NOT_PENDING, "This request was already answered.", "requestId")
    if req["expires_at"] is not None and clock.now() >= req["expires_at"]:
        return _err(ErrorCode.REQUEST_EXPIRED, "The confirmation window is over.", "requestId")
    if confirm:
        errors = await _obligation_errors(req["customer_id"], "requestId")
        if errors:
            return errors
    async with in_transaction():
        state = RequestState.CONFIRMED if confirm else RequestState.DECLINED
        if not await _close(request_id, state, viewer.user_id):
            return _err(ErrorCode.REQUEST_NOT_PENDING, "This request was already answered.", "requestId")
        action = LogAction.CONFIRMED if confirm else LogAction.DECLINED
        await log(req["customer_id"], req["partner_id"], action, viewer.user_id, request_id=request_id,
                  from_type=req["from_type"], to_type=req["to_type"])  # fmt: skip
        if confirm:
            await _take_effect(req, viewer.user_id)
        await notify(
            [req["requested_by_id"]],
            MessageKind.ASSOCIATION_CONFIRMED if confirm else MessageKind.ASSOCIATION_DECLINED,
            record_type="AssociationRequest",
            record_pk=request_id,
            params={"requestKind": req["kind"]},
        )
    return request_id


async def expire_requests() -> dict[str, int]:
    """Pending partner requests past their confirmation window become EXPIRED (idempotent)."""
    now = clock.now()
    due = await AssociationRequest.filter(
        state=RequestState.PENDING, initiator=RequestInitiator.PARTNER, expires_at__lte=now
    ).values("id", "customer_id", "partner_id", "kind", "from_type", "to_type", "requested_by_id")
    expired = 0
    for req in due:
        async with in_transaction():
            if not await _close(req["id"], RequestState.EXPIRED, None):
                continue
            await log(req["customer_id"], req["partner_id"], LogAction.EXPIRED, None, request_id=req["id"],
                      from_type=req["from_type"], to_type=req["to_type"])  # fmt: skip
            await notify(
                [req["requested_by_id"]],
                MessageKind.ASSOCIATION_EXPIRED,
                record_type="AssociationRequest",
                record_pk=req["id"],
                params={"requestKind": req["kind"]},
            )
            expired += 1
    return {"expired": expired}


# ------------------------------------------------------------------------------ customer-initiated


async def customer_request_unbind(viewer: Viewer, reason: str) -> list[DomainError] | int:
    """A customer user asks to leave its partner; the partner admins are told."""
    if not can_request_unbind_as_customer(viewer):
        return _err(ErrorCode.CUSTOMER_USER_ONLY, "Only a customer user can ask to unbind.")
    assert viewer.customer_id is not None
    customer = (await customers.customers_by_ids(viewer, [viewer.customer_id])).get(viewer.customer_id)
    if customer is None or customer.get("unbound_at") is not None:
        return _err(ErrorCode.NOT_FOUND, "Your company is not associated with a partner.")
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        return _err(ErrorCode.TOO_LONG, f"The reason is over {REASON_MAX} characters.", "reason")
    cid, pid = customer["id"], customer["partner_id"]
    async with in_transaction():
        errors = await _request_rules(cid)
        if errors:
            return errors
        req = await AssociationRequest.create(
            customer_id=cid,
            partner_id=pid,
            kind=RequestKind.UNBIND,
            initiator=RequestInitiator.CUSTOMER,
            from_type=customer["association_type"],
            reason=reason,
            requested_by_id=viewer.user_id,
            requested_at=clock.now(),
        )
        await log(cid, pid, LogAction.UNBIND_REQUESTED, viewer.user_id, request_id=req.id,
                  from_type=customer["association_type"], note=reason)  # fmt: skip
        await notify(
            await users_with_roles(pid, [Role.PARTNER_ADMIN]),
            MessageKind.UNBIND_REQUESTED,
            record_type="AssociationRequest",
            record_pk=req.id,
            params={"requestKind": RequestKind.UNBIND.value},
        )
    return req.id


async def decide_unbind(
    viewer: Viewer, request_id: int, approve: bool, reason: str
) -> list[DomainError] | int:
    """The partner admin approves (the customer is unbound) or rejects (with a reason)."""
    req = await _visible_request(viewer, request_id)
    if req is None:
        return _err(ErrorCode.NOT_FOUND, "No such request.", "requestId")
    if req["initiator"] != RequestInitiator.CUSTOMER:
        return _err(ErrorCode.CUSTOMER_USER_ONLY, "The customer answers this request.", "requestId")
    if not can_decide_unbind_request(viewer, req):
        return _err(ErrorCode.PARTNER_ADMIN_ONLY, "Only the partner admin decides.", "requestId")
    if req["state"] != RequestState.PENDING:
        return _err(ErrorCode.REQUEST_NOT_PENDING, "This request was already decided.", "requestId")
    reason = reason.strip()
    if not approve and not reason:
        return _err(ErrorCode.BLANK, "Give the reason for rejecting.", "reason")
    if len(reason) > REASON_MAX:
        return _err(ErrorCode.TOO_LONG, f"The reason is over {REASON_MAX} characters.", "reason")
    if approve:
        errors = await _obligation_errors(req["customer_id"], "requestId")
        if errors:
            return errors
    async with in_transaction():
        state = RequestState.APPROVED if approve else RequestState.REJECTED
        if not await _close(request_id, state, viewer.user_id, reason):
            return _err(ErrorCode.REQUEST_NOT_PENDING, "This request was already decided.", "requestId")
        await log(req["customer_id"], req["partner_id"],
                  LogAction.APPROVED if approve else LogAction.REJECTED, viewer.user_id,
                  request_id=request_id, from_type=req["from_type"], note=reason)  # fmt: skip
        if approve:
            await _take_effect(req, viewer.user_id)
        await notify(
            [req["requested_by_id"]],
            MessageKind.UNBIND_APPROVED if approve else MessageKind.UNBIND_REJECTED,
            record_type="AssociationRequest",
            record_pk=request_id,
            params={"reason": reason} if reason else {},
        )
    return request_id


# ------------------------------------------------------------------------------ assignment 客户分配


async def assign_customer(
    viewer: Viewer, customer_id: int, manager_id: int | None
) -> list[DomainError] | int:
    customer = (await customers.customers_by_ids(viewer, [customer_id])).get(customer_id)
    if customer is None:
        return _err(ErrorCode.NOT_FOUND, "No such customer.", "customerId")
    if not may_reassign(viewer):
        return _err(
            ErrorCode.FORBIDDEN, "Only supervisors and partner admins assign customers.", "customerId"
        )
    managers = await User.filter(id=manager_id or 0, is_active=True).values("id", "org_id", "role")
    if not managers or not can_assign_customer(viewer, customer, managers[0]):
        return _err(ErrorCode.NOT_IN_TEAM, "Choose an account manager within your team.", "managerId")
    new_id = managers[0]["id"]
    if customer["manager_id"] == new_id:
        return _err(
            ErrorCode.ALREADY_ASSIGNED, "The customer is already assigned to this manager.", "managerId"
        )
    async with in_transaction():
        changed = await Customer.filter(id=customer_id, manager_id=customer["manager_id"]).update(
            manager_id=new_id
        )
        if not changed:
            return _err(
                ErrorCode.INVALID, "The customer was reassigned meanwhile: reload and retry.", "customerId"
            )
        assignment = await CustomerAssignment.create(
            customer_id=customer_id,
            partner_id=customer["partner_id"],
            from_manager_id=customer["manager_id"],
            to_manager_id=new_id,
            assigned_by_id=viewer.user_id,
            assigned_at=clock.now(),
        )
        await notify([new_id], MessageKind.CUSTOMER_ASSIGNED, record_type="Customer", record_pk=customer_id)
    return assignment.id


# ------------------------------------------------------------------------------ notice and knowledge


def _text_errors(
    title: str, body: str | None, title_max: int, body_field: str, body_max: int
) -> list[DomainError]:
    errors = []
    if not title.strip():
        errors.append(DomainError(ErrorCode.BLANK, "Enter a title.", "title"))
    elif len(title.strip()) > title_max:
        errors.append(DomainError(ErrorCode.TOO_LONG, f"The title is over {title_max} characters.", "title"))
    if body is not None:
        if body_field == "body" and not body.strip():
            errors.append(DomainError(ErrorCode.BLANK, "Enter the text.", body_field))
        elif len(body) > body_max:
            errors.append(
                DomainError(ErrorCode.TOO_LONG, f"The text is over {body_max} characters.", body_field)
            )
    return errors


async def publish_notice(viewer: Viewer, title: str, body: str) -> list[DomainError] | int:
    """A new version of 《客户关联合作伙伴须知》: every earlier signature becomes outdated."""
    if not can_manage_notice_and_knowledge(viewer):
        return _err(ErrorCode.FORBIDDEN, "Only vendor PDMs publish the association notice.")
    errors = _text_errors(title, body, TITLE_MAX, "body", BODY_MAX)
    if errors:
        return errors
    async with in_transaction():
        latest = await latest_notice()
        version = latest["version"] + 1 if latest else 1
        notice = await NoticeVersion.create(
            version=version, title=title.strip(), body=body, published_by_id=viewer.user_id,
            published_at=clock.now(),
        )  # fmt: skip
    return notice.id


async def sign_notice(viewer: Viewer, notice_id: int) -> list[DomainError] | int:
    """A customer user signs the latest version for their company (signing again is a no-op)."""
    if not can_sign_notice(viewer):
        return _err(ErrorCode.CUSTOMER_USER_ONLY, "Only a customer user signs the notice.", "noticeId")
    assert viewer.customer_id is not None
    notice = await NoticeVersion.filter(id=notice_id).first()
    if notice is None:
        return _err(ErrorCode.NOT_FOUND, "No such notice version.", "noticeId")
    latest = await latest_notice()
    if latest is None or latest["id"] != notice.id:
        return _err(ErrorCode.NOTICE_OUTDATED, "Sign the latest version of the notice.", "noticeId")
    async with in_transaction():
        found = await NoticeSignature.filter(customer_id=viewer.customer_id, notice_id=notice.id).first()
        if found is not None:
            return found.id
        signature = await NoticeSignature.create(
            customer_id=viewer.customer_id, notice_id=notice.id, signed_by_id=viewer.user_id,
            signed_at=clock.now(),
        )  # fmt: skip
    return signature.id


@dataclass(slots=True)
class KnowledgeDraft:
    kind: KnowledgeKind
    title: str
    summary: str = ""
    url: str = ""
    industries: list[Industry] | None = None
    tags: list[str] | None = None


async def create_knowledge_item(viewer: Viewer, d: KnowledgeDraft) -> list[DomainError] | int:
    if not can_manage_notice_and_knowledge(viewer):
        return _err(ErrorCode.FORBIDDEN, "Only vendor PDMs maintain knowledge items.")
    errors = _text_errors(d.title, d.summary, TITLE_MAX, "summary", SUMMARY_MAX)
    if len(d.url) > URL_MAX:
        errors.append(DomainError(ErrorCode.TOO_LONG, f"The link is over {URL_MAX} characters.", "url"))
    elif d.url and not d.url.startswith(("https://", "http://")):
        errors.append(DomainError(ErrorCode.INVALID, "The link must start with https://.", "url"))
    if not d.industries:
        errors.append(DomainError(ErrorCode.BLANK, "Choose at least one industry.", "industries"))
    tags = [t.strip() for t in (d.tags or []) if t.strip() and "," not in t]
    if errors:
        return errors
    async with in_transaction():
        item = await KnowledgeItem.create(
            kind=d.kind,
            title=d.title.strip(),
            summary=d.summary.strip(),
            url=d.url.strip(),
            industries="," + ",".join(sorted({i.value for i in d.industries or []})) + ",",
            tags=("," + ",".join(tags) + ",") if tags else "",
            created_by_id=viewer.user_id,
            created_at=clock.now(),
        )
    return item.id


async def delete_knowledge_item(viewer: Viewer, item_id: int) -> list[DomainError] | int:
    if not can_manage_notice_and_knowledge(viewer):
        return _err(ErrorCode.FORBIDDEN, "Only vendor PDMs maintain knowledge items.")
    async with in_transaction():
        if not await KnowledgeItem.filter(id=item_id).delete():
            return _err(ErrorCode.NOT_FOUND, "No such knowledge item.", "id")
    return item_id


@dataclass(slots=True)
class Recommendations:
    customer: dict[str, Any]
    reason: KnowledgeUnavailableReason | None
    latest_version: int | None
    signed_version: int | None
    signed_at: datetime | None
    items: list[dict[str, Any]]


async def recommendations(viewer: Viewer, customer_id: int) -> Recommendations | None:
    """知识推荐 for a customer the viewer sees: only once the customer signed the latest notice
    version; otherwise the reason. None when the customer is unknown or out of scope."""
    customer = (await customers.customers_by_ids(viewer, [customer_id])).get(customer_id)
    if customer is None or not may_see_knowledge(viewer):
        return None
    latest = await latest_notice()
    signed = await signed_notice_of(customer_id)
    reason: KnowledgeUnavailableReason | None = None
    if latest is None:
        reason = KnowledgeUnavailableReason.NO_NOTICE_PUBLISHED
    elif signed is None:
        reason = KnowledgeUnavailableReason.NOTICE_NOT_SIGNED
    elif signed["notice_id"] != latest["id"]:
        reason = KnowledgeUnavailableReason.NOTICE_OUTDATED
    items: list[dict[str, Any]] = []
    if reason is None:
        items = (
            await KnowledgeItem.filter(industries__contains=f",{customer['industry']},")
            .order_by("-created_at", "-id")
            .limit(RECOMMENDATIONS_MAX)
            .values(*KNOWLEDGE_COLUMNS)
        )
    signed_at = signed["signed_at"] if signed else None
    return Recommendations(
        customer=customer,
        reason=reason,
        latest_version=latest["version"] if latest else None,
        signed_version=signed["notice__version"] if signed else None,
        signed_at=utc(signed_at) if signed_at else None,
        items=items,
    )
