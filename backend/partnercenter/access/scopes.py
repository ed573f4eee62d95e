"""Row scopes: which rows of a resource a viewer sees, as a filter (`scope_q`) or on a row already
fetched (`in_scope`). The columns compared come from the resource's declaration (access.registry)."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q

from partnercenter.access.registry import RowScope, resource_policy
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode, PublicError


def get(row: Any, key: str) -> Any:
    """A column of a row, whether a dict (services' selected values) or an object."""
    return row.get(key) if isinstance(row, dict) else getattr(row, key, None)


def require_viewer(viewer: Viewer | None) -> Viewer:
    if viewer is None:
        raise PublicError(ErrorCode.UNAUTHENTICATED, "Sign in first.")
    return viewer


def require_read(viewer: Viewer | None, resource: str) -> Viewer:
    """Entry check of a list: anonymous and under-scoped tokens get a typed error."""
    v = require_viewer(viewer)
    needed_scopes = resource_policy(resource).token_scopes
    if v.is_token and not (v.scopes & needed_scopes):
        if not needed_scopes:
            raise PublicError(ErrorCode.FORBIDDEN, f"API tokens cannot read {resource} records.")
        needed = " or ".join(sorted(s.value for s in needed_scopes))
        raise PublicError(ErrorCode.FORBIDDEN, f"This API token lacks the scope {needed}.")
    return v


def row_scope(viewer: Viewer | None, resource: str) -> RowScope:
    if viewer is None:
        return RowScope.NONE
    policy = resource_policy(resource)
    if viewer.is_token and not (viewer.scopes & policy.token_scopes):
        return RowScope.NONE
    return policy.scope_of(viewer.role)


def scope_q(viewer: Viewer | None, resource: str) -> Q | None:
    """The row scope as a filter; None means the viewer sees no row at all."""
    scope = row_scope(viewer, resource)
    if scope is RowScope.NONE or viewer is None:
        return None
    policy = resource_policy(resource)
    owner, partner = policy.owner_column, policy.partner_column
    if scope is RowScope.ALL:
        return Q()
    if scope is RowScope.OWN:
        return _q(owner, viewer.user_id) if viewer.user_id else None
    if scope is RowScope.SUBTREE:
        return _q(f"{owner}__in", list(viewer.subtree_user_ids or (viewer.user_id,)))
    if scope is RowScope.ORG:
        return _q(partner, viewer.org_id)
    if scope is RowScope.PARTNER_TREE:
        return _q(f"{partner}__in", [viewer.org_id, *viewer.reseller_org_ids])
    if scope is RowScope.CUSTOMER_SELF:
        column = policy.customer_column
        if column and viewer.customer_id:
            return _q(column, viewer.customer_id)
        return None
    raise AssertionError(scope)


def _q(lookup: str, value: Any) -> Q:
    return Q(**{lookup: value})  # type: ignore[arg-type]


def in_scope(viewer: Viewer | None, resource: str, row: Any) -> bool:
    """The same scope as `scope_q`, evaluated on a row already fetched (nested objects)."""
    scope = row_scope(viewer, resource)
    if scope is RowScope.NONE or viewer is None:
        return False
    policy = resource_policy(resource)
    owner = get(row, policy.owner_column)
    partner = get(row, policy.partner_column)
    if scope is RowScope.ALL:
        return True
    if scope is RowScope.OWN:
        return viewer.user_id is not None and owner == viewer.user_id
    if scope is RowScope.SUBTREE:
        return owner in (viewer.subtree_user_ids or (viewer.user_id,))
    if scope is RowScope.ORG:
        return partner == viewer.org_id
    if scope is RowScope.PARTNER_TREE:
        return partner == viewer.org_id or partner in viewer.reseller_org_ids
    if scope is RowScope.CUSTOMER_SELF:
        column = policy.customer_column
        if column is None or viewer.customer_id is None:
            return False
        return bool(get(row, column) == viewer.customer_id)
    raise AssertionError(scope)


def sees_rows(viewer: Viewer, resource: str) -> bool:
    """The viewer sees some rows of the resource (a list page is worth offering)."""
    return row_scope(viewer, resource) is not RowScope.NONE


def sees_others_rows(viewer: Viewer, resource: str) -> bool:
    """The viewer sees rows beyond their own company's (a customer user's scope does not count)."""
    return row_scope(viewer, resource) not in (RowScope.NONE, RowScope.CUSTOMER_SELF)
