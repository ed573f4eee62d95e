"""Customer warning rules: the daily refresh from customer data, scoped queries, processing.
Plain async Python, no GraphQL."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from partnercenter.access import policy
from partnercenter.accounts.permissions import USER
from partnercenter.core import clock
from partnercenter.core.connection import EMPTY_PAGE, Page, PageArgs, SortKey, fetch_page, utc
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.customers import service as customers
from partnercenter.customers.models import Customer
from partnercenter.customers.permissions import CUSTOMER
from partnercenter.messages import service as messages
from partnercenter.messages.enums import MessageKind
from partnercenter.warnings.enums import (
    LEVEL_RANK,
    RESULT_KINDS,
    ResourceState,
    WarningKind,
    WarningLevel,
    WarningResult,
    WarningState,
)
from partnercenter.warnings.models import (
    CloudResource,
    CustomerMonthlySpend,
    CustomerWarning,
    WarningProcessing,
)
from partnercenter.warnings.permissions import WARNING, process_warning_denial
from partnercenter.warnings.rules import WarningRules, load_rules

__all__ = [
    "WARNING_SORTS",
    "ProcessingInput",
    "WarningQuery",
    "filtered_warnings",
    "history_for",
    "list_warnings",
    "pending_counts",
    "pending_counts_by_customer",
    "process_warning",
    "refresh_warnings",
    "warnings_by_ids",
]

WARNING_COLUMNS = [
    "id",
    "partner_id",
    "customer_id",
    "kind",
    "subject",
    "period",
    "level",
    "state",
    "rules",
    "signals",
    "result",
    "created_at",
    "evaluated_at",
    "processed_at",
]
# One joined statement brings the customer and its manager (no N+1); the scope columns
# `customer__manager_id` / `customer__partner_id` are among them.
JOINED_COLUMNS = [
    *(f"customer__{c}" for c in customers.CUSTOMER_COLUMNS if c != "id"),
    "customer__manager__name",
    "customer__manager__role",
    "customer__manager__org_id",
    "customer__manager__phone",
    "customer__manager__email",
]
ALL_COLUMNS = WARNING_COLUMNS + JOINED_COLUMNS
COLUMN_KINDS = {
    "created_at": "datetime",
    "evaluated_at": "datetime",
    "processed_at": "datetime",
    **{f"customer__{c}": k for c, k in customers.CUSTOMER_KINDS.items()},
}
WARNING_SORTS = {
    ("CREATED_AT", False): SortKey("CREATED_AT_ASC", "created_at", "datetime", False),
    ("CREATED_AT", True): SortKey("CREATED_AT_DESC", "created_at", "datetime", True),
    ("EVALUATED_AT", False): SortKey("EVALUATED_AT_ASC", "evaluated_at", "datetime", False),
    ("EVALUATED_AT", True): SortKey("EVALUATED_AT_DESC", "evaluated_at", "datetime", True),
}
HISTORY_COLUMNS = [
    "id",
    "warning_id",
    "actor_id",
    "result",
    "reason",
    "churn_date",
    "measures",
    "follow_up_date",
    "note",
    "created_at",
    "actor__name",
    "actor__role",
    "actor__org_id",
    "actor__phone",
    "actor__email",
]
MAX_REASON, MAX_TEXT = 500, 1000
REFRESH_CHUNK = 500


# --------------------------------------------------------------------------- queries


@dataclass(slots=True)
class WarningQuery:
    kinds: list[WarningKind] | None = None
    states: list[WarningState] | None = None
    levels: list[WarningLevel] | None = None
    customer_ids: list[int] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


def _scoped(viewer: Viewer) -> Any:
    q = policy.scope_q(viewer, WARNING)
    return None if q is None else CustomerWarning.filter(q)


def _apply(viewer: Viewer, qs: Any, f: WarningQuery) -> Any:
    if f.kinds:
        qs = qs.filter(kind__in=[WarningKind(k).value for k in f.kinds])
    if f.states:
        qs = qs.filter(state__in=[WarningState(s).value for s in f.states])
    if f.levels:
        qs = qs.filter(level__in=[WarningLevel(v).value for v in f.levels])
    if f.customer_ids is not None:  # a customer outside the customer scope filters like an unknown ID
        q = policy.scope_q(viewer, CUSTOMER)
        qs = qs.filter(
            customer_id__in=Subquery(Customer.filter(q, id__in=f.customer_ids).values("id"))
            if q is not None and f.customer_ids
            else [0]
        )
    if f.created_from is not None:
        qs = qs.filter(created_at__gte=utc(f.created_from))
    if f.created_to is not None:
        qs = qs.filter(created_at__lte=utc(f.created_to))
    return qs


def filtered_warnings(viewer: Viewer, f: WarningQuery) -> Any:
    """The scoped and filtered queryset (None: the viewer sees no warning); lists and exports."""
    qs = _scoped(viewer)
    return None if qs is None else _apply(viewer, qs, f)


def decode_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON columns arrive as text from the raw page query; the manager joined only when visible."""
    for r in rows:
        for col in ("rules", "signals"):
            if isinstance(r.get(col), str):
                r[col] = json.loads(r[col])
    return rows


def hide_managers_out_of_scope(viewer: Viewer, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        manager_id = r.get("customer__manager_id")
        if manager_id is not None and not policy.in_scope(
            viewer, USER, {"id": manager_id, "org_id": r.get("customer__manager__org_id")}
        ):
            for col in [c for c in r if c.startswith("customer__manager__")]:
                r.pop(col)
    return rows


async def list_warnings(viewer: Viewer, f: WarningQuery, sort: SortKey, page: PageArgs) -> tuple[Page, Any]:
    page.validate()
    qs = filtered_warnings(viewer, f)
    if qs is None:
        return EMPTY_PAGE, _zero
    result = await fetch_page(qs, sort, page, ALL_COLUMNS, COLUMN_KINDS)
    hide_managers_out_of_scope(viewer, decode_rows(result.rows))
    return result, qs.count


async def warnings_by_ids(viewer: Viewer, ids: list[int]) -> dict[int, dict[str, Any]]:
    qs = _scoped(viewer)
    if qs is None or not ids:
        return {}
    rows = await qs.filter(id__in=ids).values(*ALL_COLUMNS)
    return {r["id"]: r for r in hide_managers_out_of_scope(viewer, decode_rows(rows))}


async def history_for(viewer: Viewer, warning_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Processing history of warnings the viewer can see, newest first (one statement)."""
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in warning_ids}
    visible = policy.scope_q(viewer, WARNING)
    if visible is None or not warning_ids:
        return out
    scoped = Subquery(CustomerWarning.filter(visible, id__in=warning_ids).values("id"))
    rows = (
        await WarningProcessing.filter(warning_id__in=scoped)
        .order_by("-created_at", "-id")
        .values(*HISTORY_COLUMNS)
    )
    for r in rows:
        out[r["warning_id"]].append(r)
    return out


async def pending_counts_by_customer(viewer: Viewer, customer_ids: list[int]) -> dict[int, dict[str, int]]:
    """Pending warnings per customer and kind, within the viewer's warning scope (one statement)."""
    out: dict[int, dict[str, int]] = {i: {} for i in customer_ids}
    qs = _scoped(viewer)
    if qs is None or not customer_ids:
        return out
    rows = (
        await qs.filter(customer_id__in=customer_ids, state=WarningState.PENDING)
        .annotate(n=Count("id"))
        .group_by("customer_id", "kind")
        .values("customer_id", "kind", "n")
    )
    for r in rows:
        out[r["customer_id"]][r["kind"]] = r["n"]
    return out


async def pending_counts(viewer: Viewer) -> dict[WarningKind, int]:
    """Pending warnings by kind within the viewer's scope (the home page)."""
    out = dict.fromkeys(WarningKind, 0)
    qs = _scoped(viewer)
    if qs is None:
        return out
    rows = (
        await qs.filter(state=WarningState.PENDING)
        .annotate(n=Count("id"))
        .group_by("kind")
        .values("kind", "n")
    )
    for r in rows:
        out[WarningKind(r["kind"])] = r["n"]
    return out


async def _zero() -> int:
    return 0


# --------------------------------------------------------------------------- processing


@dataclass(slots=True)
class ProcessingInput:
    result: WarningResult
    reason: str = ""
    churn_date: date | None = None
    measures: str = ""
    follow_up_date: date | None = None
    note: str = ""


def _validate(kind: WarningKind, p: ProcessingInput, today: date) -> list[DomainError]:
    errors: list[DomainError] = []
    if RESULT_KINDS[p.result] is not kind:
        return [
            DomainError(
                ErrorCode.RESULT_NOT_FOR_KIND, f"{p.result} is not a result of a {kind} warning.", "result"
            )
        ]

    def text(value: str, name: str, required: bool, limit: int) -> None:
        if required and not value.strip():
            errors.append(DomainError(ErrorCode.BLANK, f"`{name}` is required for {p.result}.", name))
        elif len(value) > limit:
            errors.append(DomainError(ErrorCode.TOO_LONG, f"`{name}` has at most {limit} characters.", name))

    if p.result is WarningResult.CHURNED:
        text(p.reason, "reason", True, MAX_REASON)
        if p.churn_date is None:
            errors.append(DomainError(ErrorCode.BLANK, "`churnDate` is required for CHURNED.", "churnDate"))
        elif p.churn_date > today:
            errors.append(
                DomainError(ErrorCode.DATE_IN_FUTURE, "The churn date cannot be in the future.", "churnDate")
            )
    elif p.result is WarningResult.NOT_CHURNED:
        text(p.measures, "measures", True, MAX_TEXT)
        if p.follow_up_date is None:
            errors.append(
                DomainError(ErrorCode.BLANK, "`followUpDate` is required for NOT_CHURNED.", "followUpDate")
            )
        elif p.follow_up_date < today:
            errors.append(
                DomainError(
                    ErrorCode.DATE_IN_PAST, "The follow-up date cannot be in the past.", "followUpDate"
                )
            )
    else:
        text(p.note, "note", p.result is WarningResult.OTHER, MAX_TEXT)
    return errors


async def process_warning(viewer: Viewer, pk: int, p: ProcessingInput) -> list[DomainError] | int:
    """Records one processing 处理 (a warning may be processed again, e.g. after a follow-up).
    Only fields of the chosen result are kept; returns the processing's id."""
    async with in_transaction():
        row = (await warnings_by_ids(viewer, [pk])).get(pk) if pk else None
        if row is None:
            return [DomainError(ErrorCode.NOT_FOUND, "No such warning.", "id")]
        denial = process_warning_denial(viewer, row)
        if denial is ErrorCode.FORBIDDEN:
            return [DomainError(denial, "API tokens cannot process warnings.", "id")]
        if denial is not None:
            return [
                DomainError(denial, "Only the customer's responsible account manager may process it.", "id")
            ]
        now = clock.now()
        errors = _validate(WarningKind(row["kind"]), p, now.date())
        if errors:
            return errors
        churn = p.result is WarningResult.CHURNED
        not_churned = p.result is WarningResult.NOT_CHURNED
        record = await WarningProcessing.create(
            warning_id=pk,
            actor_id=viewer.user_id,
            result=p.result,
            reason=p.reason.strip() if churn else "",
            churn_date=p.churn_date if churn else None,
            measures=p.measures.strip() if not_churned else "",
            follow_up_date=p.follow_up_date if not_churned else None,
            note=p.note.strip() if RESULT_KINDS[p.result] is WarningKind.RESOURCE else "",
            created_at=now,
        )
        await CustomerWarning.filter(id=pk).update(
            state=WarningState.PROCESSED, result=p.result, processed_at=now
        )
        return record.id


# --------------------------------------------------------------------------- the daily refresh


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
    return v if isinstance(v, Decimal) else Decimal(int(v)).scaleb(-2)


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


async def refresh_warnings(rules: WarningRules | None = None, now: datetime | None = None) -> dict[str, int]:
    """Raises and updates warnings from the customer data; idempotent.

    Per (customer, kind, subject): a pending warning is updated (level, rules, signals, period);
    otherwise a new one is raised unless this episode (period) was already processed, or the
    customer was processed as churned. Each new warning messages the responsible manager in the
    same transaction (WARNING_ASSIGNED)."""
    rules = rules or load_rules()
    now = now or clock.now()
    candidates = await _churn_candidates(rules, now) + await _resource_candidates(rules, now)
    candidates.sort(key=lambda c: (c.customer_id, c.kind, c.subject))
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    for start in range(0, len(candidates), REFRESH_CHUNK):
        chunk = candidates[start : start + REFRESH_CHUNK]
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
