"""Coupon jobs: run by `python -m partnercenter job coupons-expiry` (daily or hourly)."""

from __future__ import annotations

from partnercenter.core.jobs import job
from partnercenter.coupons import service


@job(
    "coupons-expiry", "Activate coupons whose validity began; expire coupons and quotas whose validity ended."
)
async def coupons_expiry_job() -> dict[str, int]:
    return await service.run_expiry()
