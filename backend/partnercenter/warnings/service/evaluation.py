"""Evaluating the warning rules (`warnings/rules.py`) over the customer data: which customers
and resources match, at which level, with which signals (no writes)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from partnercenter.core.connection import utc
from partnercenter.core.money import from_cents
from partnercenter.warnings.enums import LEVEL_RANK, ResourceState, WarningKind, WarningLevel
from partnercenter.warnings.models import CloudResource, CustomerMonthlySpend
from partnercenter.warnings.rules import WarningRules

__all__ = ["Candidate", "candidates"]


@dataclass(slots=True)
class Candidate:
    customer_id: int
    partner_id: int
    manager_id: int | None
    kind: WarningKind
    subject: str
    period: str
    level: WarningLevel
    rules: list[str] = field(default_factory=list)
    signals: list[dict[str, Any]] = field(default_factory=list)


def _month_start(d: date, back: int = 0) -> date:
    index = d.year * 12 + d.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _top(levels: Iterable[WarningLevel]) -> WarningLevel:
    return max(levels, key=lambda lv: LEVEL_RANK[lv])


def _money(v: Any) -> Decimal:
    return v if isinstance(v, Decimal) else from_cents(int(v))


async def _churn_candidates(rules: WarningRules, now: datetime) -> list[Candidate]:
    if not rules.churn:
        return []
    last = _month_start(now.date(), 1)  # the last complete month
    months = [_month_start(now.date(), 1 + back) for back in reversed(range(rules.months_needed))]
    rows = await CustomerMonthlySpend.filter(month__gte=months[0], month__lte=last).values(
        "customer_id", "month", "amount", "customer__partner_id", "customer__manager_id"
    )
    spend: dict[int, dict[date, Decimal]] = defaultdict(dict)
    owners: dict[int, tuple[int, int | None]] = {}
    for r in rows:
        month = r["month"] if isinstance(r["month"], date) else date.fromisoformat(str(r["month"]))
        spend[r["customer_id"]][month] = _money(r["amount"])
        owners[r["customer_id"]] = (r["customer__partner_id"], r["customer__manager_id"])
    out = []
    for customer_id, by_month in spend.items():
        series = [by_month.get(m, Decimal(0)) for m in months]
        matched = []
        for rule in rules.churn:
            k = rule.consecutive_months
            window = series[-(k + 1) :]
            factor = Decimal(100 - rule.drop_percent) / 100
            if (
                window[0] > 0
                and window[0] >= rule.min_baseline
                and all(window[i] <= window[i - 1] * factor for i in range(1, k + 1))
            ):
                matched.append(rule)
        if not matched:
            continue
        signals = []
        for i, m in enumerate(months):
            previous = series[i - 1] if i else None
            change = (
                float(((series[i] - previous) / previous * 100).quantize(Decimal("0.1")))
                if previous
                else None
            )
            signals.append(
                {
                    "type": "MONTHLY_SPEND",
                    "month": m.strftime("%Y-%m"),
                    "amount": f"{series[i]:.2f}",
                    "previousAmount": None if previous is None else f"{previous:.2f}",
                    "changePercent": change,
                }
            )
        partner_id, manager_id = owners[customer_id]
        out.append(
            Candidate(
                customer_id,
                partner_id,
                manager_id,
                WarningKind.CHURN,
                "",
                last.strftime("%Y-%m"),
                _top(r.level for r in matched),
                [r.code for r in matched],
                signals,
            )
        )
    return out


async def _resource_candidates(rules: WarningRules, now: datetime) -> list[Candidate]:
    if not rules.resource:
        return []
    rows = await CloudResource.filter(
        state=ResourceState.ACTIVE,
        expires_at__gt=now,
        expires_at__lte=now + timedelta(days=rules.horizon_days),
    ).values(
        "id",
        "customer_id",
        "product",
        "name",
        "spec",
        "expires_at",
        "customer__partner_id",
        "customer__manager_id",
    )
    out = []
    for r in rows:
        expires = r["expires_at"]
        if isinstance(expires, str):
            expires = datetime.fromisoformat(expires)
        days_left = (expires.date() - now.date()).days
        matched = [rule for rule in rules.resource if days_left <= rule.within_days]
        if not matched:
            continue
        signal = {
            "type": "RESOURCE_EXPIRY",
            "resourceId": r["id"],
            "product": r["product"],
            "resourceName": r["name"],
            "spec": r["spec"],
            "expiresAt": utc(expires).isoformat().replace("+00:00", "Z"),
            "daysLeft": days_left,
        }
        out.append(
            Candidate(
                r["customer_id"],
                r["customer__partner_id"],
                r["customer__manager_id"],
                WarningKind.RESOURCE,
                f"R{r['id']}",
                expires.date().isoformat(),
                _top(x.level for x in matched),
                [x.code for x in matched],
                [signal],
            )
        )
    return out


async def candidates(rules: WarningRules, now: datetime) -> list[Candidate]:
    """Every warning the rules raise now, ordered by customer, kind and subject."""
    found = await _churn_candidates(rules, now) + await _resource_candidates(rules, now)
    found.sort(key=lambda c: (c.customer_id, c.kind, c.subject))
    return found
