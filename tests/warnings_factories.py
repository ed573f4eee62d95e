"""Customer data for warning tests: monthly spend series and cloud resources, and the rules used
by the tests (explicit, independent of rules.toml)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from partnercenter.warnings.enums import WarningLevel
from partnercenter.warnings.models import CloudResource, CustomerMonthlySpend
from partnercenter.warnings.rules import ChurnRule, ResourceRule, WarningRules

# "Today" of most tests: the last complete month is October 2026.
NOW = datetime(2026, 11, 15, 2, 0, tzinfo=UTC)

RULES = WarningRules(
    churn=(
        ChurnRule("DROP_30_2M", WarningLevel.MEDIUM, 30, 2, Decimal("1000")),
        ChurnRule("DROP_50_3M", WarningLevel.HIGH, 50, 3, Decimal("1000")),
    ),
    resource=(
        ResourceRule("EXP_30D", WarningLevel.LOW, 30),
        ResourceRule("EXP_7D", WarningLevel.HIGH, 7),
    ),
)


def month(year: int, m: int) -> date:
    return date(year, m, 1)


async def spend(customer_id: int, amounts: list[str | int], last: date = date(2026, 10, 1)) -> None:
    """Monthly spend ending with `last` (oldest first)."""
    months = []
    y, m = last.year, last.month
    for _ in amounts:
        months.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    for when, amount in zip(reversed(months), amounts, strict=True):
        await CustomerMonthlySpend.create(customer_id=customer_id, month=when, amount=Decimal(str(amount)))


async def resource(
    customer_id: int, days: float, name: str = "web-01", product: str = "ECS", now: datetime = NOW
) -> int:
    r = await CloudResource.create(
        customer_id=customer_id,
        product=product,
        name=name,
        spec="4vCPU 8GiB",
        expires_at=now + timedelta(days=days),
    )
    return r.id
