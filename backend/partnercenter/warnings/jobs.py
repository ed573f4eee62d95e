"""The daily warning refresh (`python -m partnercenter job warnings-refresh`)."""

from __future__ import annotations

from partnercenter.core.jobs import job
from partnercenter.warnings import service


@job("warnings-refresh", "raise and update churn and resource warnings from customer data (daily)")
async def warnings_refresh() -> dict[str, int]:
    return await service.refresh_warnings()
