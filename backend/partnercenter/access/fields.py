"""Field masking and reveal: which identifying fields of a row are masked, revealable or withheld
for a viewer, why not, and the values as shown. Declarations come from access.registry."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from partnercenter.access.registry import (
    NO_RIGHTS,
    FieldRights,
    MaskedField,
    RevealDenialReason,
    resource_policy,
)
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode, PublicError

# Row attribute (as selected by the services) for each masked field.
FIELD_COLUMNS = {
    MaskedField.NAME: "name",
    MaskedField.ACCOUNT_NAME: "account_name",
    MaskedField.PHONE: "phone",
    MaskedField.EMAIL: "email",
}


def masked_fields(resource: str) -> frozenset[MaskedField]:
    return resource_policy(resource).maskable


def revealable_by_role(viewer: Viewer, resource: str) -> frozenset[MaskedField]:
    """The fields the viewer's role may reveal on this resource (tokens: none)."""
    if viewer.is_token:
        return frozenset()
    return resource_policy(resource).reveal_rights.get(viewer.role, frozenset())


def field_rights(viewer: Viewer, resource: str, row: Any) -> FieldRights:
    """Which fields of this row are masked, which the viewer may reveal, which are withheld."""
    policy = resource_policy(resource)
    maskable = policy.maskable
    if not maskable:
        return NO_RIGHTS
    rights = FieldRights(maskable, revealable_by_role(viewer, resource) & maskable, frozenset())
    if policy.row_rights is not None:
        rights = policy.row_rights(viewer, row, rights)
    return rights


def withhold(rights: FieldRights, hidden: frozenset[MaskedField]) -> FieldRights:
    """The rights with `hidden` fields withheld (null) instead of masked, and not revealable."""
    return FieldRights(rights.masked - hidden, rights.revealable - hidden, rights.hidden | hidden)


def denial_reason(rights: FieldRights, is_token: bool, field: MaskedField) -> RevealDenialReason | None:
    """The one decision of why a field may not be revealed (None: it may, or it is not masked)."""
    if rights.summary_only and (field in rights.hidden or field in rights.masked):
        return RevealDenialReason.SUMMARY_ONLY
    if field in rights.hidden:
        return RevealDenialReason.BASIC_DATA_ONLY
    if field not in rights.masked or field in rights.revealable:
        return None
    if is_token:
        return RevealDenialReason.API_TOKEN
    return RevealDenialReason.ROLE


@lru_cache(maxsize=128)
def reveal_denials(rights: FieldRights, is_token: bool) -> tuple[tuple[MaskedField, RevealDenialReason], ...]:
    """Every masked or withheld field the viewer may not reveal, with the reason, in MaskedField
    order. Depends only on (rights, is_token): computed once per distinct pair, not per row."""
    return tuple(
        (field, reason)
        for field in MaskedField
        if (reason := denial_reason(rights, is_token, field)) is not None
    )


def reveal_denial(viewer: Viewer, resource: str, row: Any, field: MaskedField) -> RevealDenialReason | None:
    """Why this viewer may not reveal `field` of this row; None when they may (or it is not masked)."""
    return denial_reason(field_rights(viewer, resource, row), viewer.is_token, field)


def denial_message(reason: RevealDenialReason, resource: str, field: MaskedField) -> str:
    """The English text of a denial (the reveal mutation's FORBIDDEN message)."""
    if reason is RevealDenialReason.BASIC_DATA_ONLY:
        return "Only basic data of a secondary reseller's customer is shared with the distributor."
    if reason is RevealDenialReason.API_TOKEN:
        return "API tokens receive masked values only."
    if reason is RevealDenialReason.SUMMARY_ONLY:
        return "Only the summary of a shared opportunity is visible until it is accepted."
    return f"Your role may not reveal {field.value} of a {resource}."


def show(resource: str, field: MaskedField, rights: FieldRights, value: Any) -> Any:
    """The value of one maskable field as this viewer sees it (masked, withheld, or as is)."""
    if field in rights.hidden:
        return None
    if value and field in rights.masked:
        return resource_policy(resource).masked_fields[field](value)
    return value


def present(viewer: Viewer, resource: str, row: dict[str, Any]) -> tuple[dict[str, Any], FieldRights]:
    """Masks a row once (per object, not per field): the shown values of its maskable columns
    (masked, or None where withheld) and the rights."""
    rights = field_rights(viewer, resource, row)
    maskers = resource_policy(resource).masked_fields
    shown: dict[str, Any] = {}
    for field, masker in maskers.items():
        col = FIELD_COLUMNS[field]
        if col not in row:
            continue
        value = row[col]
        if field in rights.hidden:
            value = None
        elif value and field in rights.masked:
            value = masker(value)
        shown[col] = value
    return shown, rights


def check_filter_allowed(viewer: Viewer, resource: str, field: MaskedField) -> None:
    """Filtering by a masked value would confirm it: only those who may reveal it may filter by it."""
    if field not in revealable_by_role(viewer, resource):
        raise PublicError(ErrorCode.FORBIDDEN, f"Filtering by {field.value} needs the right to reveal it.")
