"""Demo customer data for warnings: six months of spend per customer and their cloud resources,
shaped so that the daily job raises a realistic set of churn and resource warnings for every demo
account manager; then runs the job (as `python -m partnercenter job warnings-refresh` would).

Deterministic (random.Random(seed)); only the first DEMO_CUSTOMERS customers get data, so a big
`SCALE` seed stays fast."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from tortoise.transactions import in_transaction

from partnercenter.customers.models import Customer
from partnercenter.warnings import service
from partnercenter.warnings.enums import WarningKind, WarningResult, WarningState
from partnercenter.warnings.models import (
    CloudResource,
    CustomerMonthlySpend,
    CustomerWarning,
    WarningProcessing,
)

DEMO_CUSTOMERS = 400
MONTHS = 6
PRODUCTS = [
    ("ECS", "4vCPU 8GiB"),
    ("ECS", "8vCPU 16GiB"),
    ("EVS", "SSD 500GiB"),
    ("EIP", "100Mbit/s"),
    ("VPC", ""),
]
RESOURCE_STEMS = ["web", "db", "cache", "api", "batch", "gw"]


def _month(d: date, back: int) -> date:
    index = d.year * 12 + d.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _series(rng: random.Random, falling: bool) -> list[Decimal]:
    base = rng.randrange(3_000, 80_000)
    out = []
    for i in range(MONTHS):
        if falling and i >= MONTHS - 3:  # the last three complete months drop 35-60 % each
            base = int(base * rng.uniform(0.40, 0.65))
        else:
            base = int(base * rng.uniform(0.95, 1.12))
        out.append(Decimal(base) + Decimal(rng.randrange(100)) / 100)
    return out


async def seed_warnings(now: datetime, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    rows = (
        await Customer.filter(manager_id__isnull=False)
        .order_by("id")
        .limit(DEMO_CUSTOMERS)
        .values("id", "manager_id")
    )
    by_manager: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        by_manager[r["manager_id"]].append(r["id"])
    # Every manager gets two falling customers and two resources about to expire; the rest at random.
    falling = {ids[i] for ids in by_manager.values() for i in range(min(2, len(ids)))}
    expiring = {ids[i] for ids in by_manager.values() for i in range(2, min(4, len(ids)))}
    last = _month(now.date(), 1)
    spend: list[CustomerMonthlySpend] = []
    resources: list[CloudResource] = []
    for r in rows:
        cid = r["id"]
        is_falling = cid in falling or rng.random() < 0.06
        for i, amount in enumerate(_series(rng, is_falling)):
            spend.append(
                CustomerMonthlySpend(customer_id=cid, month=_month(last, MONTHS - 1 - i), amount=amount)
            )
        for k in range(rng.randrange(1, 4)):
            product, spec = rng.choice(PRODUCTS)
            soon = (cid in expiring and k == 0) or rng.random() < 0.04
            days = rng.uniform(1, 28) if soon else rng.uniform(40, 360)
            resources.append(
                CloudResource(
                    customer_id=cid,
                    product=product,
                    spec=spec,
                    name=f"{rng.choice(RESOURCE_STEMS)}-{rng.randrange(1, 99):02d}",
                    expires_at=(now + timedelta(days=days)).replace(microsecond=0),
                )
            )
    async with in_transaction():
        await CustomerMonthlySpend.bulk_create(spend, batch_size=1000)
        await CloudResource.bulk_create(resources, batch_size=1000)
    counts = await service.refresh_warnings(now=now)
    # A little history: each manager already renewed one of their expiring resources.
    async with in_transaction():
        done: set[int] = set()
        for w in (
            await CustomerWarning.filter(kind=WarningKind.RESOURCE)
            .order_by("-id")
            .values("id", "customer__manager_id")
        ):
            manager = w["customer__manager_id"]
            if manager in done:
                continue
            done.add(manager)
            await WarningProcessing.create(
                warning_id=w["id"],
                actor_id=manager,
                result=WarningResult.RENEWED,
                note="客户已在控制台续费一年",
                created_at=now,
            )
            await CustomerWarning.filter(id=w["id"]).update(
                state=WarningState.PROCESSED, result=WarningResult.RENEWED, processed_at=now
            )
    return {"spend_months": len(spend), "resources": len(resources), **counts}
