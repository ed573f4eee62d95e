"""Export mutations: `customersExport`, `opportunitiesExport`, `warningsExport` with the list's
filter and ordering; the payload carries the xlsx file (base64) or userErrors. Thin: the export
is built by `exports.service.export_list` from the sheets of `exports/graphql/sheets.py`."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.core.context import RequestContext
from partnercenter.core.export import ExportFile
from partnercenter.core.mutations import attempt
from partnercenter.core.types import OrderDirection, UserError
from partnercenter.customers import service as customers
from partnercenter.customers.graphql.schema import CustomerOrder
from partnercenter.customers.graphql.schema import to_query as customer_query
from partnercenter.exports import service
from partnercenter.exports.graphql.inputs import (
    CustomersExportInput,
    OpportunitiesExportInput,
    WarningsExportInput,
)
from partnercenter.exports.graphql.sheets import CUSTOMERS, OPPORTUNITIES, WARNINGS
from partnercenter.opportunities.graphql.inputs import sort_of as opportunity_sort
from partnercenter.opportunities.graphql.inputs import to_query as opportunity_query
from partnercenter.warnings.graphql.inputs import sort_of as warning_sort
from partnercenter.warnings.graphql.inputs import to_query as warning_query

Ctx = Info[RequestContext, Any]


@strawberry.type(description="An export: the file, or why there is none.")
class ExportPayload:
    file: ExportFile | None
    user_errors: list[UserError]


async def _payload(call: Awaitable[ExportFile]) -> ExportPayload:
    file, errors = await attempt(call)
    return ExportPayload(file=file, user_errors=errors)


# --------------------------------------------------------------------------- mutations


@strawberry.type
class ExportMutations:
    @strawberry.mutation(description="The customer list as xlsx: same filters, scope and masking (audited).")
    async def customers_export(self, info: Ctx, input: CustomersExportInput) -> ExportPayload:
        order = input.order_by or CustomerOrder()
        sort = customers.CUSTOMER_SORTS[(order.field.value, order.direction is OrderDirection.DESC)]
        query = customer_query(input.filter)
        return await _payload(service.export_list(info.context, CUSTOMERS, query, sort, input.language.value))

    @strawberry.mutation(
        description="The opportunity list as xlsx: same filters, scope and masking (audited)."
    )
    async def opportunities_export(self, info: Ctx, input: OpportunitiesExportInput) -> ExportPayload:
        query, sort = opportunity_query(input.filter), opportunity_sort(input.order_by)
        return await _payload(
            service.export_list(info.context, OPPORTUNITIES, query, sort, input.language.value)
        )

    @strawberry.mutation(description="The warning list as xlsx: same filters, scope and masking (audited).")
    async def warnings_export(self, info: Ctx, input: WarningsExportInput) -> ExportPayload:
        query, sort = warning_query(input.filter), warning_sort(input.order_by)
        return await _payload(service.export_list(info.context, WARNINGS, query, sort, input.language.value))
