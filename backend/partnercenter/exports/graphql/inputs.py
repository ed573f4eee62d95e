"""GraphQL inputs of the export mutations: the list's own filter and order, and the language."""

from __future__ import annotations

from enum import Enum

import strawberry

from partnercenter.customers.graphql.schema import CustomerFilter, CustomerOrder
from partnercenter.opportunities.graphql.inputs import OpportunityFilter, OpportunityOrder
from partnercenter.warnings.graphql.inputs import WarningFilter, WarningOrder

__all__ = ["CustomersExportInput", "ExportLanguage", "OpportunitiesExportInput", "WarningsExportInput"]


@strawberry.enum(description="Language of the sheet's headers and labels.")
class ExportLanguage(Enum):
    ZH_CN = "zh-CN"
    EN = "en"


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
