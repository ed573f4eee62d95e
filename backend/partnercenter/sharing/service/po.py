"""POs 共享给华为: a partner shares one of its opportunities with the vendor asking for support; a
vendor PDM approves or rejects it within 10 working days, and later records signing and delivery.
A PO cannot be withdrawn or edited once shared."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.core import clock
from partnercenter.core.connection import utc
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode, check, refuse
from partnercenter.messages import service as messages
from partnercenter.messages.enums import MessageKind
from partnercenter.opportunities import service as opportunities
from partnercenter.sharing.enums import (
    PO_VALIDATION_WORKING_DAYS,
    PoDecision,
    PoState,
    SupportKind,
)
from partnercenter.sharing.models import PartnerSharedOpportunity, PceAcceptance
from partnercenter.sharing.permissions import may_share_po, may_validate_po
from partnercenter.sharing.service.queries import pos_by_ids
from partnercenter.sharing.service.rules import NOTE_MAX, PO, TEXT_MAX, deadline_after, text_errors
from partnercenter.sharing.service.workflows import PO_WORKFLOW, fire_or_refuse

ALREADY_VALIDATED = "This shared opportunity was validated already."

__all__ = ["need_key", "record_po_delivery", "share_po", "validate_po"]


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


async def share_po(viewer: Viewer, opportunity_id: int, support_kind: SupportKind, need: str) -> int:
    """A partner (its admin, or the opportunity's owner) shares an opportunity with the vendor asking
    for support. Once shared it cannot be withdrawn or edited. A PO for the same customer and need
    as an earlier open or approved one is flagged as its duplicate: the earlier one wins."""
    opp = (await opportunities.opportunities_by_ids(viewer, [opportunity_id])).get(opportunity_id)
    if opp is None:
        refuse(ErrorCode.NOT_FOUND, "No such opportunity.", "opportunityId")
    if not may_share_po(viewer, opp):
        refuse(
            ErrorCode.FORBIDDEN,
            "Only the partner admin or the opportunity's owner shares it with the vendor.",
            "opportunityId",
        )
    check(text_errors(need, "need", TEXT_MAX, "the need"))
    if not await PceAcceptance.filter(partner_id=opp["partner_id"]).exists():
        refuse(ErrorCode.NOT_PCE_MEMBER, "Join the PCE plan first.", "opportunityId")
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
            due_at=deadline,
            duplicate_of_id=earlier,
        )
        pdms = [int(r["id"]) for r in await User.filter(role=Role.VENDOR_PDM, is_active=True).values("id")]
        await messages.notify(
            pdms,
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


async def _need_key_of(po_id: int) -> str:
    rows = await PartnerSharedOpportunity.filter(id=po_id).values_list("need_key", flat=True)
    return str(rows[0]) if rows else ""


async def validate_po(viewer: Viewer, po_id: int, decision: PoDecision, reason: str) -> int:
    """A vendor PDM approves or rejects (with a reason) a pending PO within 10 working days. A
    duplicate of an earlier open or approved PO cannot be approved."""
    if not may_validate_po(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only vendor PDMs validate shared opportunities.", "id")
    row = (await pos_by_ids(viewer, [po_id])).get(po_id)
    if row is None:
        refuse(ErrorCode.NOT_FOUND, "No such shared opportunity.", "id")
    if row["state"] != PoState.PENDING:
        refuse(ErrorCode.ALREADY_HANDLED, ALREADY_VALIDATED, "id")
    if clock.now() > row["deadline_at"]:
        refuse(ErrorCode.DEADLINE_PASSED, "The validation deadline has passed.", "id")
    reason = reason.strip()
    approve = decision is PoDecision.APPROVE
    if not approve:
        check(text_errors(reason, "reason", NOTE_MAX, "a reason"))
    elif await _earlier_open_duplicate(row["customer_id"], await _need_key_of(po_id), po_id) is not None:
        refuse(
            ErrorCode.DUPLICATE, "An earlier shared opportunity for the same customer and need wins.", "id"
        )
    async with in_transaction():  # the workflow's effect sends PO_VALIDATED or PO_REJECTED
        await fire_or_refuse(
            PO_WORKFLOW,
            po_id,
            "APPROVE" if approve else "REJECT",
            viewer,
            already=ALREADY_VALIDATED,
            row=row,
            reason=reason or None,
            extra_updates={
                "validated_by_id": viewer.user_id,
                **({} if approve else {"reject_reason": reason}),
            },
        )
    return po_id


async def record_po_delivery(viewer: Viewer, po_id: int, signed_at: datetime, delivered_at: datetime) -> int:
    """A vendor PDM records when an approved PO was signed and delivered (counts for eligibility)."""
    if not may_validate_po(viewer):
        refuse(ErrorCode.FORBIDDEN, "Only vendor PDMs record signing and delivery.", "id")
    row = (await pos_by_ids(viewer, [po_id])).get(po_id)
    if row is None:
        refuse(ErrorCode.NOT_FOUND, "No such shared opportunity.", "id")
    if row["state"] != PoState.APPROVED:
        refuse(ErrorCode.NOT_APPROVED, "Only an approved shared opportunity is delivered.", "id")
    signed, delivered = utc(signed_at), utc(delivered_at)
    if delivered < signed:
        refuse(ErrorCode.INVALID, "Delivery comes after signing.", "deliveredAt")
    if delivered > clock.now():
        refuse(ErrorCode.INVALID, "The delivery date is in the future.", "deliveredAt")
    async with in_transaction():
        await PartnerSharedOpportunity.filter(id=po_id).update(signed_at=signed, delivered_at=delivered)
    return po_id
