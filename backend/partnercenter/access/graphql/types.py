"""GraphQL types of the access mechanism: masked fields, reveal denials and the viewer's capabilities."""

from __future__ import annotations

import strawberry

from partnercenter.access.registry import MaskedField as _MaskedField
from partnercenter.access.registry import RevealDenialReason as _RevealDenialReason

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
