"""Why a viewer sees a record (`explainAccess`): the row scope that admits it, the basis of that
rule for this row (own, a supervised person's, the partner's, a reseller's...), and for each
maskable field whether it is shown clear, masked, revealable or withheld, and why.

Computed from the registry, like every read: the resource's row scope (`scopes`), its field
rights (`fields.field_rights`) and the one denial decision (`fields.denial_reason`). It knows no
slice: the row comes from the resource's model of the same name, within the viewer's scope (None
otherwise, as for an unknown id). A slice may register where an owner's start date comes from
(`register_owner_since`, e.g. the customer assignment history).

    explanation = await explain(viewer, "Customer", 42)   # None: unknown or out of scope
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from tortoise import Tortoise

from partnercenter.access.fields import denial_reason, field_rights
from partnercenter.access.registry import (
    MaskedField,
    RevealDenialReason,
    RowScope,
    is_registered,
    resource_policy,
)
from partnercenter.access.scopes import get, in_scope, row_scope, scope_q
from partnercenter.core.context import Viewer

__all__ = [
    "Basis",
    "Explanation",
    "FieldExplanation",
    "FieldState",
    "explain",
    "explain_row",
    "register_owner_since",
]


class FieldState(StrEnum):
    CLEAR = "CLEAR"  # shown as stored
    MASKED = "MASKED"  # masked, and the viewer may not reveal it
    REVEALABLE = "REVEALABLE"  # masked until the viewer reveals it (audited)
    WITHHELD = "WITHHELD"  # not shown at all (null)


class Basis(StrEnum):
    """Why the rule admits this row for this viewer."""

    VENDOR_STAFF = "VENDOR_STAFF"  # ALL: vendor staff see every row
    OWN = "OWN"  # the viewer owns the row
    SUBTREE = "SUBTREE"  # a person the viewer supervises (transitively) owns it
    PARTNER = "PARTNER"  # the viewer's own partner's row
    RESELLER = "RESELLER"  # a secondary reseller's row, seen by its distributor
    OWN_COMPANY = "OWN_COMPANY"  # a customer user's own company


@dataclass(frozen=True, slots=True)
class FieldExplanation:
    field: MaskedField
    state: FieldState
    reason: RevealDenialReason | None  # why it may not be revealed (None: clear or revealable)


@dataclass(frozen=True, slots=True)
class Explanation:
    resource: str
    pk: int
    rule: RowScope
    basis: Basis
    owner_id: int | None
    partner_id: int | None
    owner_since: datetime | None
    fields: list[FieldExplanation]


OwnerSince = Callable[[int, int], Awaitable[datetime | None]]  # (record pk, owner id) -> since
_OWNER_SINCE: dict[str, OwnerSince] = {}


def register_owner_since(resource: str, since: OwnerSince) -> None:
    """Declares where the date a record's current owner got it comes from."""
    _OWNER_SINCE[resource] = since


def _basis(viewer: Viewer, rule: RowScope, owner: Any, partner: Any) -> Basis:
    if rule is RowScope.ALL:
        return Basis.VENDOR_STAFF
    if rule is RowScope.CUSTOMER_SELF:
        return Basis.OWN_COMPANY
    if rule in (RowScope.OWN, RowScope.SUBTREE):
        return Basis.OWN if owner is not None and owner == viewer.user_id else Basis.SUBTREE
    if rule is RowScope.PARTNER_TREE and partner != viewer.org_id:
        return Basis.RESELLER
    return Basis.PARTNER


def field_explanations(viewer: Viewer, resource: str, row: Any) -> list[FieldExplanation]:
    """Each maskable field of the resource, in MaskedField order, as this viewer gets it."""
    maskable = resource_policy(resource).maskable
    rights = field_rights(viewer, resource, row)
    out = []
    for field in MaskedField:
        if field not in maskable:
            continue
        if field in rights.hidden:
            state = FieldState.WITHHELD
        elif field not in rights.masked:
            state = FieldState.CLEAR
        elif field in rights.revealable:
            state = FieldState.REVEALABLE
        else:
            state = FieldState.MASKED
        out.append(FieldExplanation(field, state, denial_reason(rights, viewer.is_token, field)))
    return out


def explain_row(viewer: Viewer, resource: str, pk: int, row: Any) -> Explanation | None:
    """The explanation of a row already fetched (None when it is outside the viewer's scope)."""
    if not in_scope(viewer, resource, row):
        return None
    policy = resource_policy(resource)
    rule = row_scope(viewer, resource)
    owner, partner = get(row, policy.owner_column), get(row, policy.partner_column)
    return Explanation(
        resource=resource,
        pk=pk,
        rule=rule,
        basis=_basis(viewer, rule, owner, partner),
        owner_id=owner,
        partner_id=partner,
        owner_since=None,
        fields=field_explanations(viewer, resource, row),
    )


async def _row(viewer: Viewer, resource: str, pk: int) -> dict[str, Any] | None:
    model = Tortoise.apps["models"].get(resource) if "models" in Tortoise.apps.keys() else None
    q = scope_q(viewer, resource)
    if model is None or q is None:
        return None
    policy = resource_policy(resource)
    columns = set(model._meta.fields_db_projection) | {policy.owner_column, policy.partner_column}
    if policy.customer_column:
        columns.add(policy.customer_column)
    rows = await model.filter(q, id=pk).values(*sorted(columns))
    return rows[0] if rows else None


async def explain(viewer: Viewer | None, resource: str, pk: int) -> Explanation | None:
    """Why the viewer sees this record; None for an unknown record and one outside the scope."""
    if viewer is None or not is_registered(resource):
        return None
    row = await _row(viewer, resource, pk)
    if row is None:
        return None
    found = explain_row(viewer, resource, pk, row)
    if found is None or found.owner_id is None or resource not in _OWNER_SINCE:
        return found
    since = await _OWNER_SINCE[resource](pk, found.owner_id)
    return replace(found, owner_since=since)
