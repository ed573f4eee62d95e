"""Rate limits shared by every process: counters in Redis when `REDIS_URL` is set (several
workers, several machines), in process memory otherwise (one process, tests).

Built on `limits` (moving windows, async storages). Rules are strings such as "10/second" or
"5 per 15 minutes"; callers name a rule and the keys it counts by:

    decision = await rate_limits().hit("10/second", "op", "token:7", "customers")
    if not decision.allowed: answer 429 with decision.headers()
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from partnercenter.core.errors import ErrorCode, PublicError
from partnercenter.settings import get_settings

__all__ = ["Decision", "RateLimited", "RateLimits", "rate_limits", "reset_rate_limits"]


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_after: int  # whole seconds until the window frees a hit (0 when allowed and not full)

    def headers(self) -> dict[str, str]:
        """`RateLimit-*` (IETF draft) and, when refused, `Retry-After`."""
        out = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_after),
        }
        if not self.allowed:
            out["Retry-After"] = str(max(1, self.reset_after))
        return out


class RateLimited(PublicError):
    """Refused by a rate limit: the endpoint answers HTTP 429 with the decision's headers."""

    def __init__(self, decision: Decision, what: str = "Too many requests") -> None:
        seconds = max(1, decision.reset_after)
        super().__init__(ErrorCode.RATE_LIMITED, f"{what}: try again in {seconds} seconds.")
        self.decision = decision
        self.retry_after = seconds


@lru_cache(maxsize=256)
def _rule(text: str) -> RateLimitItem:
    return parse(text)


class RateLimits:
    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._limiter = MovingWindowRateLimiter(storage)

    async def hit(self, rule: str, *key: str, cost: int = 1) -> Decision:
        """Count one attempt (refused attempts are not counted) and say whether it may go on."""
        item = _rule(rule)
        allowed = await self._limiter.hit(item, *key, cost=cost)
        return await self._decision(item, key, allowed)

    async def peek(self, rule: str, *key: str) -> Decision:
        """Whether one more attempt would be allowed, without counting one."""
        item = _rule(rule)
        allowed = await self._limiter.test(item, *key)
        return await self._decision(item, key, allowed)

    async def clear(self, rule: str, *key: str) -> None:
        await self._limiter.clear(_rule(rule), *key)

    async def _decision(self, item: RateLimitItem, key: tuple[str, ...], allowed: bool) -> Decision:
        stats = await self._limiter.get_window_stats(item, *key)
        full = stats.remaining == 0 or not allowed
        reset = max(0, math.ceil(stats.reset_time - time.time())) if full else 0
        return Decision(allowed, item.amount, max(0, stats.remaining), reset)

    async def reset(self) -> None:
        await self._storage.reset()


_INSTANCE: RateLimits | None = None


def rate_limits() -> RateLimits:
    """The process's limiter over the configured storage (created on first use)."""
    global _INSTANCE
    if _INSTANCE is None:
        url = get_settings().redis_url
        uri = ("async+" + url) if url.startswith(("redis://", "rediss://")) else "async+memory://"
        storage = storage_from_string(uri, key_prefix="pc") if "redis" in uri else storage_from_string(uri)
        assert isinstance(storage, Storage)
        _INSTANCE = RateLimits(storage)
    return _INSTANCE


async def reset_rate_limits() -> None:
    """Forget every counter (tests; an operator after a false alarm)."""
    await rate_limits().reset()
