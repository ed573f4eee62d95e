"""The sharing deadline job (run daily, or more often: it is idempotent)."""

from __future__ import annotations

from partnercenter.core.jobs import job
from partnercenter.sharing import service


@job(
    "sharing-deadlines",
    "Reject HOs not handled within 3 working days (EXPIRED), warn one working day before (HO_EXPIRING), "
    "and reject POs not validated within 10 working days.",
)
async def sharing_deadlines() -> dict[str, int]:
    return await service.run_deadlines()
