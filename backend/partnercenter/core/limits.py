"""Query limits beyond Strawberry's built-ins: directives per document and a computed cost."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
)
from graphql.language import DirectiveNode

from partnercenter.settings import get_settings


class MaxDirectivesRule(ValidationRule):
    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.count = 0
        self.reported = False

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        self.count += 1
        limit = get_settings().max_directives
        if self.count > limit and not self.reported:
            self.reported = True
            self.report_error(GraphQLError(f"The document has more than {limit} directives.", node))


class MaxAliasesRule(ValidationRule):
    """Aliases per document, `__typename` exempt (GraphQL Armor's rule: clients alias it freely)."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.count = 0

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        if node.alias is not None and node.name.value != "__typename":
            self.count += 1

    def leave_document(self, node: Any, *_: Any) -> None:
        limit = get_settings().max_aliases
        if self.count > limit:
            self.report_error(GraphQLError(f"{self.count} aliases found. Allowed: {limit}", node))


class QueryCostRule(ValidationRule):
    """Cost = fields weighted by the page sizes above them (a variable page size counts as the max)."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        settings = get_settings()
        fragments = {
            d.name.value: d
            for d in self.context.document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        cost = _selection_cost(node.selection_set, 1, fragments, settings.max_page_size, 0)
        if cost > settings.max_cost:
            self.report_error(
                GraphQLError(
                    f"The query's computed cost {cost} exceeds the limit of {settings.max_cost}.", node
                )
            )


def _page_multiplier(field: FieldNode, max_page: int) -> int:
    for arg in field.arguments or ():
        if arg.name.value in ("first", "last"):
            if isinstance(arg.value, IntValueNode):
                return max(1, int(arg.value.value))
            if isinstance(arg.value, VariableNode):
                return max_page
    return 1


def _selection_cost(
    selection_set: SelectionSetNode | None,
    multiplier: int,
    fragments: dict[str, FragmentDefinitionNode],
    max_page: int,
    depth: int,
) -> int:
    if selection_set is None or depth > 50:
        return 0
    total = 0
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            if sel.name.value.startswith("__"):
                continue
            total += multiplier
            inner = multiplier * _page_multiplier(sel, max_page)
            total += _selection_cost(sel.selection_set, inner, fragments, max_page, depth + 1)
        elif isinstance(sel, InlineFragmentNode):
            total += _selection_cost(sel.selection_set, multiplier, fragments, max_page, depth + 1)
        elif isinstance(sel, FragmentSpreadNode):
            frag = fragments.get(sel.name.value)
            if frag is not None:
                total += _selection_cost(frag.selection_set, multiplier, fragments, max_page, depth + 1)
    return total
