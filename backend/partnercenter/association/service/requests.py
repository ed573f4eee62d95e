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

from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.association.enums import LogAction, RequestInitiator, RequestKind, RequestState
from partnercenter.association.models import AssociationRequest
from partnercenter.association.permissions import (
    association_request_denial,
    can_answer_association_request,
    can_decide_unbind_request,
    can_request_unbind_as_customer,
)
from partnercenter.association.service.reads import (
    REQUEST_INTERVAL_MONTHS,
    add_months,
    last_request_at,
    requests_by_ids,
)
from partnercenter.association.service.workflow import CONFIRMATION_WINDOW, REASON_MAX, REQUEST_WORKFLOW, log
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, DomainErrors, ErrorCode, check, refuse
from partnercenter.core.workflow import SYSTEM, fire
from partnercenter.customers import service as customers
from partnercenter.customers.enums import AssociationType
from partnercenter.customers.models import Customer
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.service import notify, users_with_roles
from partnercenter.orders.enums import Obligation
from partnercenter.orders.service import blocking_obligations

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


async def _customer_user_ids(customer_id: int) -> list[int]:
    return list(
        await User.filter(role=Role.CUSTOMER_USER, customer_id=customer_id, is_active=True).values_list(
            "id", flat=True
        )  # type: ignore[arg-type]
    )


async def _visible_request(viewer: Viewer, request_id: int) -> Row:
    req = (await requests_by_ids(viewer, [request_id])).get(request_id)
    if req is None:
        refuse(ErrorCode.NOT_FOUND, "No such request.", "requestId")
    return req


async def _fire(req: Row, transition: str, viewer: Viewer, reason: str, not_pending: str) -> None:
    """Fire the workflow transition on a request the caller checked; a concurrent answer that won
    first (the compare-and-set finds the row no longer pending) refuses as before."""
    try:
        await fire(
            REQUEST_WORKFLOW,
            req["id"],
            transition,
            viewer,
            reason=reason or None,
            extra_updates={
                "decided_by_id": viewer.user_id,
                "decision_reason": reason,
                "expires_at": req["expires_at"],  # the window stays shown once answered
            },
            row={**req, "_actor_id": viewer.user_id, "_reason": reason},
        )
    except DomainErrors as exc:
        if any(e.code is ErrorCode.INVALID_STATE for e in exc.errors):
            refuse(ErrorCode.REQUEST_NOT_PENDING, not_pending, "requestId")
        raise


# ------------------------------------------------------------------------------ partner-initiated


async def request_change(viewer: Viewer, customer_id: int, kind: RequestKind) -> int:
    """The partner admin asks to switch the association type or to unbind the customer."""
    customer = await customers.customer_of(viewer, customer_id)
    if customer is None:
        refuse(ErrorCode.NOT_FOUND, "No such customer.", "customerId")
    if association_request_denial(viewer, customer) is not None:
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
    if not can_answer_association_request(viewer, req):
        refuse(ErrorCode.CUSTOMER_USER_ONLY, "Only the customer confirms or declines.", "requestId")
    if req["state"] != RequestState.PENDING:
        refuse(ErrorCode.REQUEST_NOT_PENDING, "This request was already answered.", "requestId")
    if req["expires_at"] is not None and clock.now() >= req["expires_at"]:
        refuse(ErrorCode.REQUEST_EXPIRED, "The confirmation window is over.", "requestId")
    if confirm:
        check(await _obligation_errors(req["customer_id"], "requestId"))
    transition = "CONFIRM" if confirm else "DECLINE"
    await _fire(req, transition, viewer, "", "This request was already answered.")
    return request_id


async def expire_requests() -> dict[str, int]:
    """Pending partner requests past their confirmation window become EXPIRED (idempotent): the
    workflow's EXPIRE transition, the one the `workflow-deadlines` sweeper fires too (this job also
    takes a request whose window ends exactly now)."""
    now = clock.now()
    due = await AssociationRequest.filter(
        state=RequestState.PENDING, initiator=RequestInitiator.PARTNER, expires_at__lte=now
    ).values_list("id", flat=True)
    expired = 0
    for request_id in due:
        try:
            await fire(REQUEST_WORKFLOW, request_id, "EXPIRE", SYSTEM)  # type: ignore[arg-type]
        except DomainErrors:
            continue  # answered meanwhile
        expired += 1
    return {"expired": expired}


# ------------------------------------------------------------------------------ customer-initiated


async def customer_request_unbind(viewer: Viewer, reason: str) -> int:
    """A customer user asks to leave its partner; the partner admins are told."""
    if not can_request_unbind_as_customer(viewer):
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
    if not can_decide_unbind_request(viewer, req):
        refuse(ErrorCode.PARTNER_ADMIN_ONLY, "Only the partner admin decides.", "requestId")
    if req["state"] != RequestState.PENDING:
        refuse(ErrorCode.REQUEST_NOT_PENDING, "This request was already decided.", "requestId")
    reason = _reason(reason, required=not approve)
    if approve:
        check(await _obligation_errors(req["customer_id"], "requestId"))
    transition = "APPROVE" if approve else "REJECT"
    await _fire(req, transition, viewer, reason, "This request was already decided.")
    return request_id
