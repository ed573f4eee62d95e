"""The association request workflow, declared as data (`core.workflow`).

PENDING → CONFIRMED / DECLINED (a user of the customer, partner-initiated requests), APPROVED /
REJECTED (the partner admin, customer-initiated unbinds) or EXPIRED (the system, once the 7-day
confirmation window in `expires_at` is over). Each transition is one compare-and-set on the row,
writes the workflow history row and the outbox event, and runs its effect in the same transaction:
the operation log line, the change itself (a switch or an unbind) and the requester's message. The
`workflow-deadlines` sweeper and the `association-expire` job fire the same EXPIRE transition.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from partnercenter.accounts.enums import OrgKind
from partnercenter.accounts.models import Organization
from partnercenter.association.enums import LogAction, RequestInitiator, RequestKind, RequestState
from partnercenter.association.models import AssociationLogEntry, AssociationRequest
from partnercenter.association.permissions import (
    can_answer_association_request,
    can_decide_unbind_request,
)
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.workflow import Deadline, Effect, Fired, Transition, Workflow, register
from partnercenter.customers.enums import AssociationType
from partnercenter.customers.hooks import run_unbind_hooks
from partnercenter.customers.models import Customer
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.service import notify

__all__ = ["CONFIRMATION_WINDOW", "REASON_MAX", "REQUEST_WORKFLOW", "log"]

CONFIRMATION_WINDOW = timedelta(days=7)
REASON_MAX = 500
S = RequestState
Row = dict[str, Any]
_ROW = ("id", "customer_id", "partner_id", "kind", "from_type", "to_type", "requested_by_id", "expires_at")


def _get(row: Any, key: str, default: Any = None) -> Any:
    return row.get(key, default) if isinstance(row, Mapping) else getattr(row, key, default)


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


def _kind_params(req: Row, reason: str) -> dict[str, Any]:
    return {"requestKind": str(req["kind"])}


def _reason_params(req: Row, reason: str) -> dict[str, Any]:
    return {"reason": reason} if reason else {}


def _effect(
    action: LogAction,
    message: MessageKind,
    params: Callable[[Row, str], dict[str, Any]],
    *,
    takes_effect: bool = False,
    keeps_window: bool = False,
) -> Effect:
    """What closing a request does besides its state: the log line, the change, the message.

    The row is the caller's (with `_actor_id` and `_reason`), or the model instance the sweeper loaded
    (the system, no reason)."""

    async def effect(record_id: int, row: Any, fired: Fired) -> None:
        req = {key: _get(row, key) for key in _ROW}
        actor_id, reason = _get(row, "_actor_id"), _get(row, "_reason") or ""
        if keeps_window and req["expires_at"] is not None:  # the request still shows its window
            await AssociationRequest.filter(id=record_id).update(expires_at=req["expires_at"])
        await log(req["customer_id"], req["partner_id"], action, actor_id, request_id=record_id,
                  from_type=req["from_type"], to_type=req["to_type"], note=reason)  # fmt: skip
        if takes_effect:
            await _take_effect(req, actor_id)
        await notify(
            [req["requested_by_id"]], message, record_type="AssociationRequest", record_pk=record_id,
            params=params(req, reason),
        )  # fmt: skip

    return effect


def _customer_answers(actor: Viewer, row: Any) -> bool:
    return _get(row, "initiator") == RequestInitiator.PARTNER and can_answer_association_request(actor, row)


def _partner_admin_decides(actor: Viewer, row: Any) -> bool:
    return _get(row, "initiator") == RequestInitiator.CUSTOMER and can_decide_unbind_request(actor, row)


def _decided(now: datetime) -> dict[str, Any]:
    return {"decided_at": now}


def _expired(now: datetime) -> dict[str, Any]:
    return {"decided_at": now, "decided_by_id": None, "decision_reason": ""}


REQUEST_WORKFLOW = register(
    Workflow(
        name="association_request",
        model=AssociationRequest,
        states=RequestState,
        transitions=[
            Transition(
                "CONFIRM",
                {S.PENDING},
                S.CONFIRMED,
                by=_customer_answers,
                updates=_decided,
                effect=_effect(
                    LogAction.CONFIRMED, MessageKind.ASSOCIATION_CONFIRMED, _kind_params, takes_effect=True
                ),
            ),
            Transition(
                "DECLINE",
                {S.PENDING},
                S.DECLINED,
                by=_customer_answers,
                updates=_decided,
                effect=_effect(LogAction.DECLINED, MessageKind.ASSOCIATION_DECLINED, _kind_params),
            ),
            Transition(
                "APPROVE",
                {S.PENDING},
                S.APPROVED,
                by=_partner_admin_decides,
                updates=_decided,
                effect=_effect(
                    LogAction.APPROVED, MessageKind.UNBIND_APPROVED, _reason_params, takes_effect=True
                ),
            ),
            Transition(
                "REJECT",
                {S.PENDING},
                S.REJECTED,
                by=_partner_admin_decides,
                updates=_decided,
                reason_required=True,
                effect=_effect(LogAction.REJECTED, MessageKind.UNBIND_REJECTED, _reason_params),
            ),
            Transition(
                "EXPIRE",
                {S.PENDING},
                S.EXPIRED,
                system=True,
                updates=_expired,
                effect=_effect(
                    LogAction.EXPIRED, MessageKind.ASSOCIATION_EXPIRED, _kind_params, keeps_window=True
                ),
            ),
        ],
        # Only partner-initiated requests have a window (customer-initiated ones keep `expires_at` null).
        deadlines={S.PENDING: Deadline(hours=CONFIRMATION_WINDOW.total_seconds() / 3600, fire="EXPIRE")},
        due_field="expires_at",
    )
)
