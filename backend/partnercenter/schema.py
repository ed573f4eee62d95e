"""The GraphQL schema: every domain's queries and mutations, with limits. Built once per process."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import Info

import partnercenter.permissions  # noqa: F401  (registers every slice's access declarations)
from partnercenter.accounts.graphql.schema import AccountMutations, AccountQueries
from partnercenter.association.graphql.schema import AssociationMutations, AssociationQueries
from partnercenter.audit.graphql.schema import AccessMutations
from partnercenter.catalogue.graphql.schema import CatalogueQueries
from partnercenter.core.context import RequestContext
from partnercenter.core.execution import FastExecutionContext
from partnercenter.core.limits import MaxAliasesRule, MaxDirectivesRule, QueryCostRule
from partnercenter.core.node import resolve_nodes
from partnercenter.core.types import Node
from partnercenter.coupons.graphql.schema import CouponMutations, CouponQueries
from partnercenter.customers.graphql.schema import CustomerQueries
from partnercenter.exports.graphql.schema import ExportMutations
from partnercenter.funds.graphql.schema import FundsMutations, FundsQueries
from partnercenter.messages.graphql.schema import MessageMutations, MessageQueries
from partnercenter.opportunities.graphql.schema import OpportunityMutations, OpportunityQueries
from partnercenter.orders.graphql.schema import OrderMutations, OrderQueries
from partnercenter.settings import get_settings
from partnercenter.sharing.graphql.schema import SharingMutations, SharingQueries
from partnercenter.warnings.graphql.schema import WarningMutations, WarningQueries


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object by global ID; null when unknown or outside your scope.")
    async def node(self, info: Info[RequestContext, Any], id: strawberry.ID) -> Node | None:
        return (await resolve_nodes(info.context, [id]))[0]  # type: ignore[no-any-return]

    @strawberry.field(description="Objects by global IDs (at most 100), null where unknown or out of scope.")
    async def nodes(self, info: Info[RequestContext, Any], ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > get_settings().max_page_size:
            from partnercenter.core.errors import ErrorCode, PublicError

            raise PublicError(ErrorCode.PAGE_SIZE, f"Ask for at most {get_settings().max_page_size} IDs.")
        return await resolve_nodes(info.context, list(ids))


@strawberry.type
class Query(
    NodeQueries,
    AccountQueries,
    CustomerQueries,
    OpportunityQueries,
    FundsQueries,
    MessageQueries,
    WarningQueries,
    CatalogueQueries,
    CouponQueries,
    OrderQueries,
    AssociationQueries,
    SharingQueries,
):
    pass


@strawberry.type
class Mutation(
    AccountMutations,
    AccessMutations,
    OpportunityMutations,
    FundsMutations,
    MessageMutations,
    WarningMutations,
    ExportMutations,
    CouponMutations,
    OrderMutations,
    AssociationMutations,
    SharingMutations,
):
    pass


class PartnerCenterSchema(strawberry.Schema):
    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        """The endpoint logs unexpected errors once, with the request id; nothing here."""


def limit_rules() -> tuple[Any, ...]:
    """Validation rule classes built once, so the validation cache (keyed by them) hits."""
    s = get_settings()
    rules: list[Any] = [
        *QueryDepthLimiter(max_depth=s.max_depth).validation_rules,
        MaxAliasesRule,
        MaxDirectivesRule,
        QueryCostRule,
    ]
    if not s.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return tuple(rules)


def build_schema(*, fast_execution: bool = True) -> strawberry.Schema:
    """`fast_execution=False` gives Strawberry's standard execution (tests compare the two)."""
    s = get_settings()
    rules = list(limit_rules())
    return PartnerCenterSchema(
        query=Query,
        mutation=Mutation,
        execution_context_class=FastExecutionContext if fast_execution else None,
        extensions=[
            lambda: MaxTokensLimiter(max_token_count=s.max_tokens),
            lambda: AddValidationRules(rules),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
        ],
    )


schema = build_schema()
