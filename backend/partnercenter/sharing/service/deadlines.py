"""The sharing deadline job's work: HOs expire (the HO workflow's EXPIRE), HOs near their deadline
warn once (HO_EXPIRING, from the start of the working day before the deadline), overdue POs are
rejected by default (the PO workflow's EXPIRE)."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from partnercenter.accounts.enums import Role
from partnercenter.core import clock
from partnercenter.core.workflow import sweep_deadlines
from partnercenter.messages import service as messages
from partnercenter.messages.enums import MessageKind
from partnercenter.sharing.enums import HoState
from partnercenter.sharing.models import VendorSharedOpportunity
from partnercenter.sharing.service.rules import HO
from partnercenter.sharing.service.workflows import HO_WORKFLOW, PO_WORKFLOW

__all__ = ["run_deadlines"]


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
                    record_type=HO,
                    record_pk=ho["id"],
                    params={
                        "deadline": deadline.isoformat() if isinstance(deadline, datetime) else str(deadline)
                    },
                )
                done += 1
    return done


async def run_deadlines() -> dict[str, int]:
    """Idempotent: the timeouts are the workflows' EXPIRE transitions fired by the generic sweeper
    (a compare-and-set per row: a second or concurrent run changes nothing), and the reminder is
    guarded by its own column. The `workflow-deadlines` job fires the same timeouts."""
    hos = await sweep_deadlines(workflows=[HO_WORKFLOW])
    warned = await _warn_expiring_hos(clock.now())
    pos = await sweep_deadlines(workflows=[PO_WORKFLOW])
    return {
        "hos_expired": hos["expired"],
        "hos_expiring_notified": warned,
        "pos_rejected": pos["expired"],
    }
