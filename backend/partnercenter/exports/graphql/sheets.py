"""The three exported sheets: which list they read (its ScopedRead) and how a row is presented,
by the list's own GraphQL converter so that the sheet masks and withholds exactly like the
screen. The export itself is built by `exports.service.export_list`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partnercenter.core.context import Viewer
from partnercenter.customers import service as customers
from partnercenter.customers.graphql.types import customer_from_row
from partnercenter.customers.permissions import CUSTOMER
from partnercenter.exports.labels import EN, label
from partnercenter.exports.service import ExportSpec, QuerySource
from partnercenter.opportunities import service as opportunities
from partnercenter.opportunities.graphql.types import opportunity_from_row
from partnercenter.opportunities.permissions import OPPORTUNITY
from partnercenter.warnings import service as warnings
from partnercenter.warnings.graphql.types import WarningSignal, WarningSignalType, warning_from_row
from partnercenter.warnings.permissions import WARNING

__all__ = ["CUSTOMERS", "OPPORTUNITIES", "WARNINGS"]


# --------------------------------------------------------------------------- customers


def _customer_row(viewer: Viewer, row: dict[str, Any], lang: str) -> Sequence[Any]:
    c = customer_from_row(viewer, row)
    manager = c.manager_ref
    return [
        c.name,
        c.account_name,
        c.phone,
        c.email,
        label(lang, "associationType", c.association_type),
        label(lang, "industry", c.industry),
        c.region,
        c.associated_at,
        ",".join(c.tags),
        manager.name if manager is not None else None,
    ]


CUSTOMERS = ExportSpec(
    name="customers",
    resource=CUSTOMER,
    source=QuerySource(
        filtered=customers.filtered_customers,
        columns=customers.CUSTOMER_COLUMNS + customers.MANAGER_COLUMNS,
        kinds=customers.CUSTOMER_KINDS,
        finish=customers.hide_managers_out_of_scope,
    ),
    headers=[
        "customer.name",
        "customer.accountName",
        "customer.phone",
        "customer.email",
        "customer.associationType",
        "customer.industry",
        "customer.region",
        "customer.associatedAt",
        "customer.tags",
        "customer.manager",
    ],
    present=_customer_row,
)


# --------------------------------------------------------------------------- opportunities


def _opportunity_row(viewer: Viewer, row: dict[str, Any], lang: str) -> Sequence[Any]:
    o = opportunity_from_row(viewer, row)
    return [
        o.name,
        o.customer.name if o.customer is not None else None,
        label(lang, "industry", o.industry),
        label(lang, "type", o.type),
        label(lang, "stage", o.stage),
        o.confidence,
        row["expected_monthly_revenue"],
        o.expected_monthly_revenue.currency,
        o.owner.name,
        o.created_at,
        o.updated_at,
    ]


OPPORTUNITIES = ExportSpec(
    name="opportunities",
    resource=OPPORTUNITY,
    source=opportunities.OPPORTUNITY_READ,
    headers=[
        "opportunity.name",
        "opportunity.customer",
        "opportunity.industry",
        "opportunity.type",
        "opportunity.stage",
        "opportunity.confidence",
        "opportunity.revenue",
        "opportunity.currency",
        "opportunity.owner",
        "opportunity.createdAt",
        "opportunity.updatedAt",
    ],
    present=_opportunity_row,
)


# --------------------------------------------------------------------------- warnings


def _signal_text(s: WarningSignal, lang: str) -> str:
    if s.type is WarningSignalType.MONTHLY_SPEND:
        change = "" if s.change_percent is None else f" ({s.change_percent:+.1f}%)"
        return f"{s.month} {s.amount.amount if s.amount else ''}{change}"
    expires = s.expires_at.date().isoformat() if s.expires_at else ""
    if lang == EN:
        return f"{s.product} {s.resource_name} expires {expires} ({s.days_left} days)"
    return f"{s.product} {s.resource_name} {expires} 到期（剩余 {s.days_left} 天）"


def _warning_row(viewer: Viewer, row: dict[str, Any], lang: str) -> Sequence[Any]:
    w = warning_from_row(viewer, row)
    return [
        label(lang, "warningKind", w.kind),
        label(lang, "warningLevel", w.level),
        label(lang, "warningState", w.state),
        w.customer.name if w.customer is not None else None,
        w.manager.name if w.manager is not None else None,
        w.period,
        ", ".join(w.rules),
        "; ".join(_signal_text(s, lang) for s in w.signals),
        label(lang, "warningResult", w.result),
        w.created_at,
        w.evaluated_at,
        w.processed_at,
    ]


WARNINGS = ExportSpec(
    name="warnings",
    resource=WARNING,
    source=warnings.WARNING_READ,
    headers=[
        "warning.kind",
        "warning.level",
        "warning.state",
        "warning.customer",
        "warning.manager",
        "warning.period",
        "warning.rules",
        "warning.signals",
        "warning.result",
        "warning.createdAt",
        "warning.evaluatedAt",
        "warning.processedAt",
    ],
    present=_warning_row,
)
