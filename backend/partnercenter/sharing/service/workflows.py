"""The sharing life cycles as workflows (`core/workflow.py`), registered with the deadline sweeper.

HO (vendor-shared opportunity, at the partner):
    PENDING --ACCEPT (the partner's admin)--> ACCEPTED
    PENDING --REJECT (the partner's admin, a fixed reason)--> REJECTED
    PENDING --EXPIRE (system, 3 working days)--> REJECTED, reason EXPIRED, HO_EXPIRED sent
PO (partner-shared opportunity, at the vendor):
    PENDING --APPROVE (a vendor PDM)--> APPROVED, PO_VALIDATED sent
    PENDING --REJECT (a vendor PDM, with a reason)--> REJECTED (BY_VENDOR), PO_REJECTED sent
    PENDING --EXPIRE (system, 10 working days)--> REJECTED (EXPIRED), PO_REJECTED sent

Rows are created PENDING by `share_ho`/`share_po` with `due_at` = `deadline_at` (the end, China time,
of the n-th working day: `Deadline(working_days=n)` computes the same instant); the engine clears
`due_at` when a row leaves PENDING. The `deadlines` below tell the sweeper which transition a timeout
fires. Effects send the messages that depend on the row only, in the transition's transaction, so
the sweeper does exactly what the sharing code does; the services add what depends on their input
(the accepted HO's opportunity, the HO_REJECTED message with the chosen reason).

Public API: HO_WORKFLOW, PO_WORKFLOW, ho_actions(viewer, row, now), po_actions(viewer, row, now),
fire_or_refuse(workflow, ...) (the engine's INVALID_STATE becomes the slice's ALREADY_HANDLED).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from partnercenter.accounts.enums import Role
from partnercenter.core import workflow as wf
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainErrors, ErrorCode, refuse
from partnercenter.messages import service as messages
from partnercenter.messages.enums import MessageKind
from partnercenter.sharing.enums import (
    HO_HANDLING_WORKING_DAYS,
    PO_VALIDATION_WORKING_DAYS,
    HoRejectReason,
    HoState,
    PoRejection,
    PoState,
)
from partnercenter.sharing.models import PartnerSharedOpportunity, VendorSharedOpportunity
from partnercenter.sharing.permissions import may_handle_ho, may_validate_po
from partnercenter.sharing.service.rules import HO, PO

__all__ = ["HO_WORKFLOW", "PO_WORKFLOW", "fire_or_refuse", "ho_actions", "po_actions", "po_recipients"]


def _get(row: Any, name: str) -> Any:
    """A column of a row given as a dict (the services' reads) or a model (the sweeper's read)."""
    return row[name] if isinstance(row, Mapping) else getattr(row, name)


async def po_recipients(row: Any) -> list[int]:
    """Who hears about a PO's validation: the sharer and the partner admins."""
    admins = await messages.users_with_roles(_get(row, "partner_id"), [Role.PARTNER_ADMIN])
    return [_get(row, "shared_by_id"), *admins]


# --- HO ----------------------------------------------------------------------------------------------


async def _ho_accepted(ho_id: int, row: Any, fired: wf.Fired) -> None:
    await messages.notify(
        [_get(row, "shared_by_id")], MessageKind.HO_ACCEPTED, record_type=HO, record_pk=ho_id
    )


async def _ho_expired(ho_id: int, row: Any, fired: wf.Fired) -> None:
    """HO_EXPIRED to the partner admins and the sharing PDM."""
    admins = await messages.users_with_roles(_get(row, "partner_id"), [Role.PARTNER_ADMIN])
    await messages.notify(
        [*admins, _get(row, "shared_by_id")], MessageKind.HO_EXPIRED, record_type=HO, record_pk=ho_id
    )


def _handles(viewer: Viewer, row: Any) -> bool:
    return may_handle_ho(viewer, row)


def _handled_at(now: datetime) -> dict[str, Any]:
    return {"handled_at": now}


def _ho_expiry(now: datetime) -> dict[str, Any]:
    return {"handled_at": now, "reject_reason": HoRejectReason.EXPIRED}


HO_WORKFLOW = wf.register(
    wf.Workflow(
        "vendor_shared_opportunity",
        VendorSharedOpportunity,
        HoState,
        [
            wf.Transition(
                "ACCEPT",
                {HoState.PENDING},
                HoState.ACCEPTED,
                by=_handles,
                updates=_handled_at,
                effect=_ho_accepted,
            ),
            wf.Transition("REJECT", {HoState.PENDING}, HoState.REJECTED, by=_handles, updates=_handled_at),
            wf.Transition(
                "EXPIRE",
                {HoState.PENDING},
                HoState.REJECTED,
                system=True,
                updates=_ho_expiry,
                effect=_ho_expired,
            ),
        ],
        {HoState.PENDING: wf.Deadline(working_days=HO_HANDLING_WORKING_DAYS, fire="EXPIRE")},
    )
)


# --- PO ----------------------------------------------------------------------------------------------


async def _po_approved(po_id: int, row: Any, fired: wf.Fired) -> None:
    await messages.notify(
        await po_recipients(row),
        MessageKind.PO_VALIDATED,
        record_type=PO,
        record_pk=po_id,
        params={"supportKind": _get(row, "support_kind")},
    )


def _po_rejected(rejection: PoRejection) -> wf.Effect:
    async def effect(po_id: int, row: Any, fired: wf.Fired) -> None:
        await messages.notify(
            await po_recipients(row),
            MessageKind.PO_REJECTED,
            record_type=PO,
            record_pk=po_id,
            params={"supportKind": _get(row, "support_kind"), "rejection": rejection.value},
        )

    return effect


def _validates(viewer: Viewer, row: Any) -> bool:
    return may_validate_po(viewer)


PO_WORKFLOW = wf.register(
    wf.Workflow(
        "partner_shared_opportunity",
        PartnerSharedOpportunity,
        PoState,
        [
            wf.Transition(
                "APPROVE",
                {PoState.PENDING},
                PoState.APPROVED,
                by=_validates,
                updates=lambda now: {"validated_at": now, "rejection": None, "reject_reason": ""},
                effect=_po_approved,
            ),
            wf.Transition(
                "REJECT",
                {PoState.PENDING},
                PoState.REJECTED,
                by=_validates,
                reason_required=True,
                updates=lambda now: {"validated_at": now, "rejection": PoRejection.BY_VENDOR},
                effect=_po_rejected(PoRejection.BY_VENDOR),
            ),
            wf.Transition(
                "EXPIRE",
                {PoState.PENDING},
                PoState.REJECTED,
                system=True,
                updates=lambda now: {"validated_at": now, "rejection": PoRejection.EXPIRED},
                effect=_po_rejected(PoRejection.EXPIRED),
            ),
        ],
        {PoState.PENDING: wf.Deadline(working_days=PO_VALIDATION_WORKING_DAYS, fire="EXPIRE")},
    )
)


# --- firing and per-row actions -----------------------------------------------------------------------


async def fire_or_refuse(
    workflow: wf.Workflow,
    record_id: int,
    transition: str,
    viewer: Viewer,
    *,
    already: str,
    **kwargs: Any,
) -> wf.Fired:
    """`fire`, with the engine's INVALID_STATE (handled meanwhile: by another admin or the deadline
    sweeper) raised as the slice's ALREADY_HANDLED on field "id" with the message `already`."""
    try:
        return await wf.fire(workflow, record_id, transition, viewer, **kwargs)
    except DomainErrors as e:
        if any(err.code is ErrorCode.INVALID_STATE for err in e.errors):
            refuse(ErrorCode.ALREADY_HANDLED, already, "id")
        raise


def _actions(workflow: wf.Workflow, viewer: Viewer, row: Mapping[str, Any], now: datetime) -> list[str]:
    """What the viewer may do with the row at `now` (no queries): nothing once its deadline passed."""
    if row["state"] == "PENDING" and now > row["deadline_at"]:
        return []
    return wf.available_actions(workflow, row["state"], viewer, row)


def ho_actions(viewer: Viewer, row: Mapping[str, Any], now: datetime) -> list[str]:
    """ACCEPT and REJECT for the partner's admins while the HO is pending and in time."""
    return _actions(HO_WORKFLOW, viewer, row, now)


def po_actions(viewer: Viewer, row: Mapping[str, Any], now: datetime) -> list[str]:
    """APPROVE and REJECT for vendor PDMs while the PO is pending and in time."""
    return _actions(PO_WORKFLOW, viewer, row, now)
