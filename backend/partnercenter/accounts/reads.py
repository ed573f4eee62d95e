"""Scoped reads of people: the one `ScopedRead` of users (lists, node/nodes, nested people).

Kept apart from `accounts.service` (sign-in and sessions, imported by the endpoint) so that the
session code does not import the access layer at load time.
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Subquery

from partnercenter.access.reads import ScopedRead
from partnercenter.accounts.models import User
from partnercenter.accounts.permissions import USER

__all__ = ["USER_COLUMNS", "USER_READ", "visible_people"]

USER_COLUMNS = ("id", "org_id", "name", "email", "phone", "role")

USER_READ = ScopedRead(resource=USER, model=User, columns=USER_COLUMNS)
"""Every read of a person goes through it; the GraphQL `user_loader` is the request's one loader."""


def visible_people(viewer: Any, ids: list[int]) -> Any:
    """The value of a `<person>_id__in` filter: those of `ids` the viewer may see (a subquery), so a
    person outside the people scope filters like an unknown ID."""
    qs = USER_READ.scoped(viewer)
    if qs is None or not ids:
        return [0]
    return Subquery(qs.filter(id__in=ids).values("id"))
