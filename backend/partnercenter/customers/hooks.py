"""Extension points other slices fill without the customers slice importing them
(coupons reclaim the partner's unused vouchers when a customer is unbound)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

__all__ = ["on_customer_unbound", "run_unbind_hooks"]

# hook(customer_id, partner_org_id, actor_user_id) -> runs inside the unbind transaction
UnbindHook = Callable[[int, int, int | None], Awaitable[None]]
_UNBIND_HOOKS: list[UnbindHook] = []


def on_customer_unbound(hook: UnbindHook) -> UnbindHook:
    """Decorator: call `hook` in the same transaction whenever a customer is unbound from a partner."""
    if hook not in _UNBIND_HOOKS:
        _UNBIND_HOOKS.append(hook)
    return hook


async def run_unbind_hooks(customer_id: int, partner_org_id: int, actor_user_id: int | None) -> None:
    for hook in _UNBIND_HOOKS:
        await hook(customer_id, partner_org_id, actor_user_id)
