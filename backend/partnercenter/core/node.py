"""Global object resolution: every type registers one scoped batch loader.

`node`/`nodes` and nested references go through the same loaders as lists, so an
out-of-scope ID resolves exactly like an unknown one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from partnercenter.core.context import RequestContext
from partnercenter.core.ids import from_global_id

NodeLoader = Callable[[RequestContext, list[int]], Awaitable[dict[int, Any]]]
_LOADERS: dict[str, NodeLoader] = {}


def register_node_type(type_name: str, loader: NodeLoader) -> None:
    _LOADERS[type_name] = loader


async def resolve_nodes(ctx: RequestContext, global_ids: list[str]) -> list[Any | None]:
    wanted: dict[str, set[int]] = {}
    decoded = [from_global_id(g) for g in global_ids]
    for d in decoded:
        if d is not None and d[0] in _LOADERS:
            wanted.setdefault(d[0], set()).add(d[1])
    found: dict[str, dict[int, Any]] = {}
    for type_name, pks in wanted.items():
        found[type_name] = await _LOADERS[type_name](ctx, sorted(pks))
    return [None if d is None else found.get(d[0], {}).get(d[1]) for d in decoded]
