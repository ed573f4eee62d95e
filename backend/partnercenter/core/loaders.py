"""Per-request DataLoaders, created on first use."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from strawberry.dataloader import DataLoader

from partnercenter.core.context import RequestContext


class SharedLoader(DataLoader[Any, Any]):
    """A loader whose futures survive one awaiting resolver being cancelled.

    graphql-core cancels sibling resolvers when a field fails; awaiting a shared future
    directly would cancel it for every other field waiting on the same key.
    """

    def load(self, key: Any) -> Awaitable[Any]:  # type: ignore[override]
        return asyncio.shield(super().load(key))


def loader(
    ctx: RequestContext, name: str, batch: Callable[[list[Any]], Awaitable[list[Any]]]
) -> SharedLoader:
    found = ctx.loaders.get(name)
    if found is None:
        found = ctx.loaders[name] = SharedLoader(load_fn=batch)
    return found  # type: ignore[no-any-return]


def by_id_loader(
    ctx: RequestContext, name: str, fetch: Callable[[list[int]], Awaitable[dict[int, Any]]]
) -> SharedLoader:
    async def batch(keys: list[int]) -> list[Any]:
        found = await fetch(list(keys))
        return [found.get(k) for k in keys]

    return loader(ctx, name, batch)
