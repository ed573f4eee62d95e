"""Who is asking (Viewer) and the per-request context handed to resolvers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partnercenter.core.roles import Role, TokenScope


@dataclass(frozen=True, slots=True)
class Viewer:
    org_id: int
    role: Role
    user_id: int | None = None
    token_id: int | None = None
    scopes: frozenset[TokenScope] = frozenset()
    is_vendor: bool = False
    # Managers under a supervisor, transitively, the supervisor included.
    subtree_user_ids: tuple[int, ...] = ()
    # For a distributor: its secondary resellers' organisations.
    reseller_org_ids: tuple[int, ...] = ()
    customer_id: int | None = None

    @property
    def is_token(self) -> bool:
        return self.token_id is not None


@dataclass(slots=True)
class CookieOp:
    name: str
    value: str | None  # None deletes
    http_only: bool = True
    max_age: int | None = None


@dataclass(slots=True)
class RequestContext:
    request_id: str
    client_ip: str = ""
    user_agent: str = ""
    viewer: Viewer | None = None
    auth_method: str | None = None  # "cookie" | "token" | None
    csrf_ok: bool = False
    raw_session_token: str | None = None
    cookie_ops: list[CookieOp] = field(default_factory=list)
    loaders: dict[str, Any] = field(default_factory=dict)
