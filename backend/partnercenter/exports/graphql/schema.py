"""Export mutations: `customersExport`, `opportunitiesExport`, `warningsExport` with the list's
filter and ordering; the payload carries the xlsx file (base64) or userErrors."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.access.policy import Resource
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.errors import DomainError
from partnercenter.core.export import ExportFile
from partnercenter.core.types import OrderDirection, UserError
from partnercenter.customers import service as customers
from partnercenter.customers.graphql.schema import CustomerFilter, CustomerOrder
from partnercenter.customers.graphql.schema import to_query as customer_query
from partnercenter.customers.graphql.types import customer_from_row
from partnercenter.exports.labels import EN, label
from partnercenter.exports.service import ExportSpec, run_export
from partnercenter.opportunities import service as opportunities
from partnercenter.opportunities.graphql.inputs import OpportunityFilter, OpportunityOrder
from partnercenter.opportunities.graphql.inputs import to_query as opportunity_query
from partnercenter.opportunities.graphql.types import opportunity_from_row
from partnercenter.warnings import service as warnings
from partnercenter.warnings.graphql.inputs import WarningFilter, WarningOrder, sort_of
from partnercenter.warnings.graphql.inputs import to_query as warning_query
from partnercenter.warnings.graphql.types import WarningSignal, WarningSignalType, warning_from_row

Ctx = Info[RequestContext, Any]


@strawberry.enum(description="Language of the sheet's headers and labels.")
class ExportLanguage(Enum):
    ZH_CN = "zh-CN"
    EN = "en"


@strawberry.type(description="An export: the file, or why there is none.")
class ExportPayload:
    file: ExportFile | None
    user_errors: list[UserError]


def _payload(result: ExportFile | list[DomainError]) -> ExportPayload:
    if isinstance(result, list):
        return ExportPayload(file=None, user_errors=[UserError.of(e) for e in result])
    return ExportPayload(file=result, user_errors=[])


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
    resource=Resource.CUSTOMER,
    columns=customers.CUSTOMER_COLUMNS + customers.MANAGER_COLUMNS,
    kinds=customers.CUSTOMER_KINDS,
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
    prepare=customers.hide_managers_out_of_scope,
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
    resource=Resource.OPPORTUNITY,
    columns=opportunities.ALL_COLUMNS,
    kinds=opportunities.COLUMN_KINDS,
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


def _prepare_warnings(viewer: Viewer, rows: list[dict[str, Any]]) -> None:
    warnings.hide_managers_out_of_scope(viewer, warnings.decode_rows(rows))


WARNINGS = ExportSpec(
    name="warnings",
    resource=Resource.WARNING,
    columns=warnings.ALL_COLUMNS,
    kinds=warnings.COLUMN_KINDS,
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
    prepare=_prepare_warnings,
)


# --------------------------------------------------------------------------- mutations


@strawberry.input
class CustomersExportInput:
    filter: CustomerFilter | None = None
    order_by: CustomerOrder | None = None
    language: ExportLanguage = ExportLanguage.ZH_CN


@strawberry.input
class OpportunitiesExportInput:
    filter: OpportunityFilter | None = None
    order_by: OpportunityOrder | None = None
    language: ExportLanguage = ExportLanguage.ZH_CN


@strawberry.input
class WarningsExportInput:
    filter: WarningFilter | None = None
    order_by: WarningOrder | None = None
    language: ExportLanguage = ExportLanguage.ZH_CN


@strawberry.type
class ExportMutations:
    @strawberry.mutation(description="The customer list as xlsx: same filters, scope and masking (audited).")
    async def customers_export(self, info: Ctx, input: CustomersExportInput) -> ExportPayload:
        viewer = policy.require_read(info.context.viewer, Resource.CUSTOMER)
        order = input.order_by or CustomerOrder()
        sort = customers.CUSTOMER_SORTS[(order.field.value, order.direction is OrderDirection.DESC)]
        query = customer_query(input.filter)
        qs = customers.filtered_customers(viewer, query)
        return _payload(await run_export(info.context, CUSTOMERS, qs, query, sort, input.language.value))

    @strawberry.mutation(
        description="The opportunity list as xlsx: same filters, scope and masking (audited)."
    )
    async def opportunities_export(self, info: Ctx, input: OpportunitiesExportInput) -> ExportPayload:
        viewer = policy.require_read(info.context.viewer, Resource.OPPORTUNITY)
        order = input.order_by or OpportunityOrder()
        sort = opportunities.OPPORTUNITY_SORTS[(order.field.value, order.direction is OrderDirection.DESC)]
        query = opportunity_query(input.filter)
        qs = opportunities.filtered_opportunities(viewer, query)
        return _payload(await run_export(info.context, OPPORTUNITIES, qs, query, sort, input.language.value))

    @strawberry.mutation(description="The warning list as xlsx: same filters, scope and masking (audited).")
    async def warnings_export(self, info: Ctx, input: WarningsExportInput) -> ExportPayload:
        viewer = policy.require_read(info.context.viewer, Resource.WARNING)
        query = warning_query(input.filter)
        qs = warnings.filtered_warnings(viewer, query)
        return _payload(
            await run_export(info.context, WARNINGS, qs, query, sort_of(input.order_by), input.language.value)
        )
