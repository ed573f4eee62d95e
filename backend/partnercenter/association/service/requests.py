"""Switch type 切换关联类型 / unbind 解除关联 requests.

Asked by the customer's partner admin, confirmed or declined by a user of the customer within
CONFIRMATION_WINDOW (7 days), else expired by the `association-expire` job. A customer user may ask to
unbind; the partner admin approves or rejects (with a reason). At most one request (of either kind or
initiator) per customer per REQUEST_INTERVAL_MONTHS (3 calendar months, counted from the previous
request's time). Refused while the customer has open arrears or orders awaiting partner payment
(checked when asked and again when it would take effect). Every step is written to the association
operation log 关联关系操作记录 and notifies the people concerned, in the same transaction as the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.accounts.enums import OrgKind, Role
from partnercenter.accounts.models import Organization, User
from partnercenter.association.enums import LogAction, RequestInitiator, RequestKind, RequestState
from partnercenter.association.models import AssociationLogEntry, AssociationRequest
from partnercenter.association.service.reads import (
    REQUEST_INTERVAL_MONTHS,
    add_months,
    last_request_at,
    requests_by_ids,
)
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode, check, refuse
from partnercenter.customers import service as customers
from partnercenter.customers.enums import AssociationType
from partnercenter.customers.hooks import run_unbind_hooks
from partnercenter.customers.models import Customer
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.service import notify, users_with_roles
from partnercenter.orders.enums import Obligation
from partnercenter.orders.service import blocking_obligations

CONFIRMATION_WINDOW = timedelta(days=7)
REASON_MAX = 500

_OBLIGATION_ERRORS = {
    Obligation.ARREARS: (ErrorCode.CUSTOMER_HAS_ARREARS, "The customer has unpaid arrears."),
    Obligation.ORDERS_AWAITING_PARTNER_PAYMENT: (
        ErrorCode.CUSTOMER_HAS_UNPAID_ORDERS,
        "The customer has orders awaiting payment by the partner.",
    ),
}

Row = dict[str, Any]


# ------------------------------------------------------------------------------ rules shared by requests


async def _check_request_rules(customer_id: int) -> None:
    """The 3-month limit and the obligations that block a new request. Called inside the request's
    transaction: the customer row is locked first (PostgreSQL), so two requests cannot both pass."""
    await Customer.filter(id=customer_id).select_for_update().values_list("id", flat=True)
    errors: list[DomainError] = []
    last = await last_request_at(customer_id)
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
    check(errors)


async def _obligation_errors(customer_id: int, field: str = "customerId") -> list[DomainError]:
    return [
        DomainError(_OBLIGATION_ERRORS[o][0], _OBLIGATION_ERRORS[o][1], field)
        for o in await blocking_obligations(customer_id)
    ]


def _reason(reason: str, *, required: bool = False) -> str:
    reason = reason.strip()
    if required and not reason:
        refuse(ErrorCode.BLANK, "Give the reason for rejecting.", "reason")
    if len(reason) > REASON_MAX:
        refuse(ErrorCode.TOO_LONG, f"The reason is over {REASON_MAX} characters.", "reason")
    return reason


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


async def _take_effect(req: Row, actor_id: int | None) -> None:
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


async def _visible_request(viewer: Viewer, request_id: int) -> Row:
    req = (await requests_by_ids(viewer, [request_id])).get(request_id)
    if req is None:
        refuse(ErrorCode.NOT_FOUND, "No such request.", "requestId")
    return req


@dataclass(frozen=True, slots=True)
class _Outcome:
    """How a pending request closes: its new state, the log line, the requester's message, and
    whether the change takes effect (a switch or an unbind)."""

    state: RequestState
    action: LogAction
    message: MessageKind
    takes_effect: bool


CONFIRM = _Outcome(RequestState.CONFIRMED, LogAction.CONFIRMED, MessageKind.ASSOCIATION_CONFIRMED, True)
DECLINE = _Outcome(RequestState.DECLINED, LogAction.DECLINED, MessageKind.ASSOCIATION_DECLINED, False)
EXPIRE = _Outcome(RequestState.EXPIRED, LogAction.EXPIRED, MessageKind.ASSOCIATION_EXPIRED, False)
APPROVE = _Outcome(RequestState.APPROVED, LogAction.APPROVED, MessageKind.UNBIND_APPROVED, True)
REJECT = _Outcome(RequestState.REJECTED, LogAction.REJECTED, MessageKind.UNBIND_REJECTED, False)


async def _close_as(
    req: Row, outcome: _Outcome, actor_id: int | None, params: dict[str, Any], reason: str = ""
) -> bool:
    """PENDING -> the outcome's state with its log line, effect and message, in one transaction;
    False (nothing written) when the request is no longer pending (a concurrent answer won)."""
    async with in_transaction():
        if not await _close(req["id"], outcome.state, actor_id, reason):
            return False
        await log(req["customer_id"], req["partner_id"], outcome.action, actor_id, request_id=req["id"],
                  from_type=req["from_type"], to_type=req["to_type"], note=reason)  # fmt: skip
        if outcome.takes_effect:
            await _take_effect(req, actor_id)
        await notify(
            [req["requested_by_id"]], outcome.message, record_type="AssociationRequest", record_pk=req["id"],
            params=params,
        )  # fmt: skip
    return True


# ------------------------------------------------------------------------------ partner-initiated


async def request_change(viewer: Viewer, customer_id: int, kind: RequestKind) -> int:
    """The partner admin asks to switch the association type or to unbind the customer."""
    customer = await customers.customer_of(viewer, customer_id)
    if customer is None:
        refuse(ErrorCode.NOT_FOUND, "No such customer.", "customerId")
    if policy.association_request_denial(viewer, customer) is not None:
        refuse(
            ErrorCode.PARTNER_ADMIN_ONLY,
            "Only the partner admin can switch the association type or unbind a customer.",
            "customerId",
        )
    current = AssociationType(customer["association_type"])
    target = None
    if kind is RequestKind.SWITCH_TYPE:
        target = AssociationType.CONSULTING if current is AssociationType.RESALE else AssociationType.RESALE
    async with in_transaction():
        await _check_request_rules(customer_id)
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


async def answer_request(viewer: Viewer, request_id: int, confirm: bool) -> int:
    """The customer user confirms or declines a partner's request."""
    req = await _visible_request(viewer, request_id)
    if req["initiator"] != RequestInitiator.PARTNER:
        refuse(ErrorCode.PARTNER_ADMIN_ONLY, "The partner admin decides this request.", "requestId")
    if not policy.can_answer_association_request(viewer, req):
        refuse(ErrorCode.CUSTOMER_USER_ONLY, "Only the customer confirms or declines.", "requestId")
    if req["state"] != RequestState.PENDING:
        refuse(ErrorCode.REQUEST_NOT_PENDING, "This request was already answered.", "requestId")
    if req["expires_at"] is not None and clock.now() >= req["expires_at"]:
        refuse(ErrorCode.REQUEST_EXPIRED, "The confirmation window is over.", "requestId")
    if confirm:
        check(await _obligation_errors(req["customer_id"], "requestId"))
    outcome = CONFIRM if confirm else DECLINE
    if not await _close_as(req, outcome, viewer.user_id, {"requestKind": req["kind"]}):
        refuse(ErrorCode.REQUEST_NOT_PENDING, "This request was already answered.", "requestId")
    return request_id


async def expire_requests() -> dict[str, int]:
    """Pending partner requests past their confirmation window become EXPIRED (idempotent)."""
    now = clock.now()
    due = await AssociationRequest.filter(
        state=RequestState.PENDING, initiator=RequestInitiator.PARTNER, expires_at__lte=now
    ).values("id", "customer_id", "partner_id", "kind", "from_type", "to_type", "requested_by_id")
    expired = 0
    for req in due:
        if await _close_as(req, EXPIRE, None, {"requestKind": req["kind"]}):
            expired += 1
    return {"expired": expired}


# ------------------------------------------------------------------------------ customer-initiated


async def customer_request_unbind(viewer: Viewer, reason: str) -> int:
    """A customer user asks to leave its partner; the partner admins are told."""
    if not policy.can_request_unbind_as_customer(viewer):
        refuse(ErrorCode.CUSTOMER_USER_ONLY, "Only a customer user can ask to unbind.")
    customer = await customers.customer_of(viewer, viewer.customer_id)
    if customer is None or customer.get("unbound_at") is not None:
        refuse(ErrorCode.NOT_FOUND, "Your company is not associated with a partner.")
    reason = _reason(reason)
    cid, pid = customer["id"], customer["partner_id"]
    async with in_transaction():
        await _check_request_rules(cid)
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


async def decide_unbind(viewer: Viewer, request_id: int, approve: bool, reason: str) -> int:
    """The partner admin approves (the customer is unbound) or rejects (with a reason)."""
    req = await _visible_request(viewer, request_id)
    if req["initiator"] != RequestInitiator.CUSTOMER:
        refuse(ErrorCode.CUSTOMER_USER_ONLY, "The customer answers this request.", "requestId")
    if not policy.can_decide_unbind_request(viewer, req):
        refuse(ErrorCode.PARTNER_ADMIN_ONLY, "Only the partner admin decides.", "requestId")
    if req["state"] != RequestState.PENDING:
        refuse(ErrorCode.REQUEST_NOT_PENDING, "This request was already decided.", "requestId")
    reason = _reason(reason, required=not approve)
    if approve:
        check(await _obligation_errors(req["customer_id"], "requestId"))
    params = {"reason": reason} if reason else {}
    if not await _close_as(req, APPROVE if approve else REJECT, viewer.user_id, params, reason):
        refuse(ErrorCode.REQUEST_NOT_PENDING, "This request was already decided.", "requestId")
    return request_id
