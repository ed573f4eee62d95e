"""Association jobs: run by `python -m partnercenter job association-expire` (daily or hourly)."""

from __future__ import annotations

from partnercenter.association import service
from partnercenter.core.jobs import job


@job("association-expire", "Expire switch/unbind requests the customer did not answer within 7 days.")
async def expire_association_requests() -> dict[str, int]:
    return await service.expire_requests()
