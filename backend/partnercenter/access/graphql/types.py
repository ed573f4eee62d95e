"""GraphQL types of the access mechanism: masked fields, reveal denials and the viewer's capabilities."""

from __future__ import annotations

import strawberry

from partnercenter.access.registry import MaskedField as _MaskedField
from partnercenter.access.registry import RevealDenialReason as _RevealDenialReason
from partnercenter.access.registry import capabilities
from partnercenter.core.context import Viewer

MaskedField = strawberry.enum(
    _MaskedField, name="MaskedField", description="Identifiers shown masked until explicitly revealed."
)

RevealDenialReason = strawberry.enum(
    _RevealDenialReason,
    name="RevealDenialReason",
    description=(
        "Why a masked field cannot be revealed: ROLE (the viewer's role may not reveal it), "
        "API_TOKEN (API tokens get masked values only), BASIC_DATA_ONLY (a secondary reseller's "
        "customer seen by its distributor: only basic data is shared)."
    ),
)


@strawberry.type(description="A masked or withheld field the viewer may not reveal, and why.")
class RevealDenial:
    field: MaskedField  # type: ignore[valid-type]
    reason: RevealDenialReason  # type: ignore[valid-type]


@strawberry.type(
    name="Capability",
    description=(
        "An action right a slice declares, and whether the viewer has it: what the menus and buttons "
        "offer. The API decides again, record by record, on every call."
    ),
)
class Capability:
    resource: str = strawberry.field(description="The resource (a type name, or an area such as Workbench).")
    action: str
    allowed: bool


def capabilities_of(viewer: Viewer | None) -> list[Capability]:
    """Every declared action right, in (resource, action) order, and whether this viewer has it."""
    return [Capability(resource=a.resource, action=a.action, allowed=ok) for a, ok in capabilities(viewer)]
