"""The daily refresh 预警刷新 (the `warnings-refresh` job): raises and updates warnings from the
evaluated rules, idempotently, in chunks of one transaction each."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from partnercenter.core import clock
from partnercenter.messages import service as messages
from partnercenter.messages.enums import MessageKind
from partnercenter.warnings.enums import WarningKind, WarningResult, WarningState
from partnercenter.warnings.models import CustomerWarning
from partnercenter.warnings.rules import WarningRules, load_rules
from partnercenter.warnings.service.evaluation import Candidate, candidates

__all__ = ["REFRESH_CHUNK", "refresh_warnings"]

REFRESH_CHUNK = 500


async def refresh_warnings(rules: WarningRules | None = None, now: datetime | None = None) -> dict[str, int]:
    """Raises and updates warnings from the customer data; idempotent.

    Per (customer, kind, subject): a pending warning is updated (level, rules, signals, period);
    otherwise a new one is raised unless this episode (period) was already processed, or the
    customer was processed as churned. Each new warning messages the responsible manager in the
    same transaction (WARNING_ASSIGNED)."""
    rules = rules or load_rules()
    now = now or clock.now()
    found = await candidates(rules, now)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    for start in range(0, len(found), REFRESH_CHUNK):
        chunk = found[start : start + REFRESH_CHUNK]
        async with in_transaction():
            await _apply_chunk(chunk, now, counts)
    return counts


async def _apply_chunk(chunk: list[Candidate], now: datetime, counts: dict[str, int]) -> None:
    existing = await CustomerWarning.filter(customer_id__in=sorted({c.customer_id for c in chunk})).values(
        "id", "customer_id", "kind", "subject", "period", "state", "result", "level", "rules", "signals"
    )
    pending: dict[tuple[int, str, str], dict[str, Any]] = {}
    episodes: set[tuple[int, str, str, str]] = set()
    churned: set[int] = set()
    for e in existing:
        key = (e["customer_id"], e["kind"], e["subject"])
        episodes.add((*key, e["period"]))
        if e["state"] == WarningState.PENDING:
            pending[key] = e
        if e["result"] == WarningResult.CHURNED:
            churned.add(e["customer_id"])
    for c in chunk:
        key = (c.customer_id, c.kind.value, c.subject)
        open_row = pending.get(key)
        if open_row is not None:
            changes = {"period": c.period, "level": c.level, "rules": c.rules, "signals": c.signals}
            same = all(_same(open_row[k], v) for k, v in changes.items())
            await CustomerWarning.filter(id=open_row["id"]).update(**changes, evaluated_at=now)
            counts["unchanged" if same else "updated"] += 1
            continue
        if (*key, c.period) in episodes or (c.kind is WarningKind.CHURN and c.customer_id in churned):
            counts["skipped"] += 1
            continue
        warning = await CustomerWarning.create(
            partner_id=c.partner_id,
            customer_id=c.customer_id,
            kind=c.kind,
            subject=c.subject,
            period=c.period,
            level=c.level,
            rules=c.rules,
            signals=c.signals,
            created_at=now,
            evaluated_at=now,
        )
        episodes.add((*key, c.period))
        await messages.notify(
            [c.manager_id],
            MessageKind.WARNING_ASSIGNED,
            record_type="CustomerWarning",
            record_pk=warning.id,
            params={"warningKind": c.kind.value, "level": c.level.value, "period": c.period},
        )
        counts["created"] += 1


def _same(stored: Any, value: Any) -> bool:
    if isinstance(stored, str) and isinstance(value, list):
        stored = json.loads(stored)
    return bool(stored == value) if not isinstance(value, str) else str(stored) == value
