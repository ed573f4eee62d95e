"""Resolved credentials kept for a couple of seconds per process.

Resolving a session or API token is a database round trip on every request (a fifth of a
small list request's cost). Entries live `AUTH_CACHE_SECONDS` (default 2; 0 turns the cache
off); logout and token revocation drop them at once in the process that handles them, and a
session's own expiry is checked on every hit. Another worker may honour a logged-out session
or a deactivated user for at most that many seconds.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from time import monotonic
from typing import Any

from partnercenter.settings import get_settings

MAX_ENTRIES = 10_000


class AuthCache:
    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()

    def get(self, key: str) -> Any | None:
        if get_settings().auth_cache_seconds <= 0:
            return None
        found = self._entries.get(key)
        if found is None:
            return None
        if found[0] <= monotonic():
            self._entries.pop(key, None)
            return None
        return found[1]

    def put(self, key: str, value: Any) -> None:
        ttl = get_settings().auth_cache_seconds
        if ttl <= 0:
            return
        self._entries[key] = (monotonic() + ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > MAX_ENTRIES:
            self._entries.popitem(last=False)

    def drop(self, key: str) -> None:
        self._entries.pop(key, None)

    def drop_where(self, predicate: Callable[[Any], bool]) -> None:
        for key in [k for k, (_, v) in self._entries.items() if predicate(v)]:
            self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()


auth_cache = AuthCache()
