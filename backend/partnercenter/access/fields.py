"""Field masking and reveal: which identifying fields of a row are masked, revealable or withheld
for a viewer, why not, and the values as shown. Declarations come from access.registry."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from partnercenter.access.masking import mask_free_text
from partnercenter.access.registry import (
    NO_RIGHTS,
    FieldRights,
    MaskedField,
    RevealDenialReason,
    resource_policy,
)
from partnercenter.access.scopes import get
from partnercenter.core.context import Viewer
from partnercenter.core.errors import ErrorCode, PublicError

# Row attribute (as selected by the services) for each masked field.
FIELD_COLUMNS = {
    MaskedField.NAME: "name",
    MaskedField.ACCOUNT_NAME: "account_name",
    MaskedField.PHONE: "phone",
    MaskedField.EMAIL: "email",
    # The reveal source of a resource with free text puts them, clear, under "texts" (a dict).
    MaskedField.TEXT: "texts",
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
    fields = maskable - _TEXT
    rights = FieldRights(fields, revealable_by_role(viewer, resource) & fields, frozenset())
    if policy.row_rights is not None:
        rights = policy.row_rights(viewer, row, rights)
    if policy.free_text is not None:
        owner_row = policy.free_text.owner_row(row)
        rights = _with_text_rights(viewer, policy.free_text.owner, owner_row, rights, policy.reveal_source)
    return rights


_TEXT = frozenset({MaskedField.TEXT})


def _with_text_rights(
    viewer: Viewer, owner: str, owner_row: Any, rights: FieldRights, reveal_source: str | None
) -> FieldRights:
    """TEXT is masked while the viewer sees the owner's NAME masked (or withheld), revealable when
    they may reveal that NAME (the one decision the owner's own record makes) and the resource
    has a reveal source."""
    if owner_row is None:
        return rights
    named = field_rights(viewer, owner, owner_row)
    if MaskedField.NAME not in named.masked and MaskedField.NAME not in named.hidden:
        return rights
    may_reveal = MaskedField.NAME in named.revealable and reveal_source is not None
    revealable = rights.revealable | _TEXT if may_reveal else rights.revealable
    return FieldRights(rights.masked | _TEXT, revealable, rights.hidden, rights.summary_only)


def text_secrets(
    viewer: Viewer, resource: str, row: Any, rights: FieldRights | None = None
) -> tuple[str, ...]:
    """The company names the row's free text must not disclose to this viewer (() when it may
    show them clear): the name of the record's owner while its NAME is masked for the viewer."""
    free_text = resource_policy(resource).free_text
    if free_text is None:
        return ()
    if rights is None:
        rights = field_rights(viewer, resource, row)
    if MaskedField.TEXT not in rights.masked:
        return ()
    owner_row = free_text.owner_row(row)
    name = get(owner_row, "name") if owner_row is not None else None
    return (name,) if name else ()


def show_text(secrets: tuple[str, ...], text: str) -> str:
    """A free text as shown with `secrets` (from `text_secrets`) masked."""
    return mask_free_text(text, list(secrets)) if secrets and text else text


def kept_text(viewer: Viewer, resource: str, row: Any, column: str, submitted: str | None) -> str | None:
    """The value to store for a free-text column a viewer submits back: the stored one when the
    submission is exactly the masked rendering this viewer was shown of it (so saving a form
    never overwrites the clear text with its mask), else the submission (None: unchanged)."""
    if submitted is None:
        return None
    stored = get(row, column)
    secrets = text_secrets(viewer, resource, row)
    if secrets and stored and submitted != stored and submitted == show_text(secrets, stored):
        return str(stored)
    return submitted


def present_texts(
    viewer: Viewer, resource: str, row: Any, rights: FieldRights | None = None
) -> dict[str, Any]:
    """The declared free-text columns of a row as this viewer sees them."""
    free_text = resource_policy(resource).free_text
    if free_text is None:
        return {}
    secrets = text_secrets(viewer, resource, row, rights)
    return {col: show_text(secrets, get(row, col)) for col in free_text.fields}


def clear_texts(resource: str, row: Any) -> dict[str, Any]:
    """The declared free-text columns of a row, clear (the reveal source's "texts")."""
    free_text = resource_policy(resource).free_text
    return {} if free_text is None else {col: get(row, col) for col in free_text.fields}


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
