"""The deadline job's work: HOs expire, HOs near their deadline warn once, overdue POs are rejected."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from partnercenter.accounts.enums import Role
from partnercenter.core import clock
from partnercenter.messages import service as messages
from partnercenter.messages.enums import MessageKind
from partnercenter.sharing.enums import HoRejectReason, HoState, PoRejection, PoState
from partnercenter.sharing.models import PartnerSharedOpportunity, VendorSharedOpportunity
from partnercenter.sharing.service.po import po_recipients
from partnercenter.sharing.service.rules import HO, PO

__all__ = ["run_deadlines"]


async def _expire_hos(now: datetime) -> int:
    """HOs past their deadline are rejected with reason EXPIRED (HO_EXPIRED to the partner admins
    and the sharing PDM)."""
    done = 0
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
                    record_type=HO.value,
                    record_pk=ho["id"],
                )
                done += 1
    return done


async def _warn_expiring_hos(now: datetime) -> int:
    """Pending HOs within one working day of their deadline send HO_EXPIRING to the partner admins once."""
    done = 0
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
                    record_type=HO.value,
                    record_pk=ho["id"],
                    params={
                        "deadline": deadline.isoformat() if isinstance(deadline, datetime) else str(deadline)
                    },
                )
                done += 1
    return done


async def _reject_overdue_pos(now: datetime) -> int:
    """POs not validated in time are rejected by default (PO_REJECTED to the sharer and partner admins)."""
    done = 0
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
                    await po_recipients(po),
                    MessageKind.PO_REJECTED,
                    record_type=PO.value,
                    record_pk=po["id"],
                    params={"supportKind": po["support_kind"], "rejection": "EXPIRED"},
                )
                done += 1
    return done


async def run_deadlines() -> dict[str, int]:
    """Idempotent: each record changes in its own transaction, guarded by its state, so a second
    run (or a concurrent one) changes nothing."""
    now = clock.now()
    return {
        "hos_expired": await _expire_hos(now),
        "hos_expiring_notified": await _warn_expiring_hos(now),
        "pos_rejected": await _reject_overdue_pos(now),
    }
