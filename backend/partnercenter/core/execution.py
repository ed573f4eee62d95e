"""A faster execution path for plain data fields.

Most fields of a list page are attributes of objects the converters already built (masked
once per object). graphql-core resolves each through a resolver wrapper, a resolve-info
object and several type checks (about 5 µs a field). Here a field that is plain data — no
resolver, no arguments, a leaf, an object, or a list of non-null leaves/objects — is read with
one getattr and coerced directly; every other field (resolvers, interfaces, nullable-item
lists) takes graphql-core's ordinary path. Results, null propagation and error paths are
the same as graphql-core's: tests run queries through both and compare.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    is_leaf_type,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

LEAF, OBJECT, LEAF_LIST, OBJECT_LIST = range(4)
_UNSET: Any = object()


@dataclass(frozen=True, slots=True)
class FieldPlan:
    attr: str
    kind: int
    non_null: bool
    gql_type: Any  # the field's full output type, for error handling
    named: Any  # leaf or object type
    coerce: Callable[[Any], Any] | None


def _leaf_coercer(leaf: Any) -> Callable[[Any], Any]:
    if leaf is GraphQLString or leaf is GraphQLID:
        slow = leaf.coerce_output_value
        return lambda v: v if type(v) is str else slow(v)
    if leaf is GraphQLInt:
        slow = leaf.coerce_output_value
        return lambda v: v if type(v) is int and -2147483648 <= v <= 2147483647 else slow(v)
    if leaf is GraphQLBoolean:
        slow = leaf.coerce_output_value
        return lambda v: v if type(v) is bool else slow(v)
    if isinstance(leaf, GraphQLEnumType):
        names: dict[Any, str] = {value.value: name for name, value in leaf.values.items()}
        wrapped = getattr(leaf, "wrapped_cls", None)
        if wrapped is not None:  # the Python enum's members map to the same names
            names.update({m: names[m.value] for m in wrapped if m.value in names})
        slow = leaf.coerce_output_value

        def enum(v: Any) -> Any:
            found = names.get(v)
            return found if found is not None else slow(v)

        return enum
    return leaf.coerce_output_value  # type: ignore[no-any-return]


def _plan_field(gql_field: Any) -> FieldPlan | None:
    definition = (gql_field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if definition is None or gql_field.args:
        return None
    if definition.base_resolver is not None or definition.permission_classes or definition.extensions:
        return None
    t = gql_field.type
    non_null = isinstance(t, GraphQLNonNull)
    inner = t.of_type if non_null else t
    if isinstance(inner, GraphQLList):
        item = inner.of_type
        if not isinstance(item, GraphQLNonNull):
            return None  # nullable items: per-item null handling stays with graphql-core
        named = item.of_type
        if is_leaf_type(named):
            return FieldPlan(definition.python_name, LEAF_LIST, non_null, t, named, _leaf_coercer(named))
        if isinstance(named, GraphQLObjectType):
            return FieldPlan(definition.python_name, OBJECT_LIST, non_null, t, named, None)
        return None
    if is_leaf_type(inner):
        return FieldPlan(definition.python_name, LEAF, non_null, t, inner, _leaf_coercer(inner))
    if isinstance(inner, GraphQLObjectType):
        return FieldPlan(definition.python_name, OBJECT, non_null, t, inner, None)
    return None


_PLANS: dict[int, dict[GraphQLObjectType, dict[str, FieldPlan]]] = {}


def plans_for(schema: GraphQLSchema) -> dict[GraphQLObjectType, dict[str, FieldPlan]]:
    found = _PLANS.get(id(schema))
    if found is None:
        found = {}
        for name, gql_type in schema.type_map.items():
            if name.startswith("__") or not isinstance(gql_type, GraphQLObjectType):
                continue
            fields = {fname: p for fname, f in gql_type.fields.items() if (p := _plan_field(f)) is not None}
            if fields:
                found[gql_type] = fields
        _PLANS[id(schema)] = found
    return found


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans = plans_for(self.schema)
        self._programs: dict[tuple[Any, int], Any] = {}
        self._keepalive: list[Any] = []

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        fields = self._plans.get(parent_type)
        if fields is not None:
            node = field_details_list[0].node
            plan = fields.get(node.name.value)
            if plan is not None and not node.arguments:
                try:
                    completed = self._complete(
                        plan,
                        parent_type,
                        node.name.value,
                        getattr(source, plan.attr),
                        field_details_list,
                        path,
                        position_context,
                    )
                except Exception as raw_error:
                    self.handle_field_error(raw_error, plan.gql_type, field_details_list, path)
                    return None
                if self.is_awaitable(completed):
                    return self._await_field(completed, plan, field_details_list, path)
                return completed
        return super().execute_field(parent_type, source, field_details_list, path, position_context)

    async def _await_field(self, completed: Any, plan: FieldPlan, field_details_list: Any, path: Path) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, plan.gql_type, field_details_list, path)
            return None

    def _complete(
        self,
        plan: FieldPlan,
        parent: GraphQLObjectType,
        name: str,
        value: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        if value is None:
            if plan.non_null:
                raise TypeError(f"Cannot return null for non-nullable field {parent.name}.{name}.")
            return None
        kind = plan.kind
        if kind == LEAF:
            coerced = plan.coerce(value)  # type: ignore[misc]
            if coerced is None:
                raise TypeError(f"Expected a value for {parent.name}.{name}, got {value!r}.")
            return coerced
        if kind == OBJECT:
            return self._object(plan.named, field_details_list, path, value, position_context)
        if kind == LEAF_LIST:
            coerce = plan.coerce
            out = [coerce(v) for v in value]  # type: ignore[misc]
            if None in out:
                raise TypeError(f"Cannot return null for non-nullable list items of {parent.name}.{name}.")
            return out
        items: list[Any] = []
        pending: list[int] = []
        execute = self._object
        named = plan.named
        program = self._program(named, field_details_list)  # once for the whole list
        for index, item in enumerate(value):
            if item is None:
                raise TypeError(f"Cannot return null for non-nullable list items of {parent.name}.{name}.")
            result = execute(
                named, field_details_list, path.add_key(index, None), item, position_context, program
            )
            if self.is_awaitable(result):
                pending.append(index)
            items.append(result)
        if not pending:
            return items

        async def gather() -> list[Any]:
            done = await asyncio.gather(*(items[i] for i in pending))
            for i, v in zip(pending, done, strict=True):
                items[i] = v
            return items

        return gather()

    # Whole objects whose selected fields are all plain: one tight loop, no per-field dispatch.

    def _program(
        self, obj_type: GraphQLObjectType, field_details_list: Any
    ) -> list[tuple[str, Any, Any]] | None:
        key = (obj_type, id(field_details_list))
        found = self._programs.get(key, _MISSING)
        if found is _MISSING:
            grouped = self.collect_subfields(obj_type, field_details_list)[0]
            fields = self._plans.get(obj_type, {})
            program: list[tuple[str, Any, Any]] | None = []
            for response_name, sub in grouped.items():
                node = sub[0].node
                name = node.name.value
                if name == "__typename":
                    program.append((response_name, None, obj_type.name))  # type: ignore[union-attr]
                    continue
                plan = fields.get(name)
                if plan is None or node.arguments:
                    program = None
                    break
                if plan.kind in (OBJECT, OBJECT_LIST) and self._program(plan.named, sub) is None:
                    program = None  # a subtree with resolvers keeps graphql-core's path
                    break
                program.append((response_name, plan, sub))  # type: ignore[union-attr]
            # keep field_details_list alive so its id is not reused while cached
            self._programs[key] = found = program
            self._keepalive.append(field_details_list)
        return found  # type: ignore[return-value]

    def _object(
        self,
        obj_type: GraphQLObjectType,
        field_details_list: Any,
        path: Path,
        value: Any,
        position_context: Any,
        program: Any = _UNSET,
    ) -> Any:
        if program is _UNSET:
            program = self._program(obj_type, field_details_list)
        if program is not None:
            out: dict[str, Any] = {}
            for response_name, plan, extra in program:
                if plan is None:
                    out[response_name] = extra
                    continue
                v = getattr(value, plan.attr)
                kind = plan.kind
                if v is None:
                    if plan.non_null:
                        break  # let the ordinary path raise the located error
                    out[response_name] = None
                elif kind == LEAF:
                    c = plan.coerce(v)
                    if c is None:
                        break
                    out[response_name] = c
                elif kind == LEAF_LIST:
                    coerce = plan.coerce
                    items = [coerce(i) for i in v]
                    if None in items:
                        break
                    out[response_name] = items
                elif kind == OBJECT:
                    out[response_name] = self._object(
                        plan.named, extra, Path(path, response_name, obj_type.name), v, position_context
                    )
                else:
                    if None in v:
                        break
                    named = plan.named
                    sub_program = self._program(named, extra)  # once for the whole list
                    sub_path = Path(path, response_name, obj_type.name)
                    run = self._object
                    out[response_name] = [
                        run(named, extra, sub_path.add_key(i, None), item, position_context, sub_program)
                        for i, item in enumerate(v)
                    ]
            else:
                return out
        return self.collect_and_execute_subfields(obj_type, field_details_list, path, value, position_context)


_MISSING = object()
