"""Turns policy field rights into the lists the API shows (computed once per distinct rights)."""

from __future__ import annotations

from functools import lru_cache

from partnercenter.access.fields import reveal_denials
from partnercenter.access.graphql.types import RevealDenial
from partnercenter.access.registry import FieldRights, MaskedField


@lru_cache(maxsize=128)
def rights_lists(
    rights: FieldRights, is_token: bool
) -> tuple[list[MaskedField], list[MaskedField], list[MaskedField], list[RevealDenial]]:
    """(maskedFields, revealableFields, hiddenFields, revealDenials) of a record: they depend
    only on the rights and on whether the viewer is an API token, so rows share the lists."""
    order = list(MaskedField)
    return (
        [f for f in order if f in rights.masked],
        [f for f in order if f in rights.revealable],
        [f for f in order if f in rights.hidden],
        [RevealDenial(field=f, reason=r) for f, r in reveal_denials(rights, is_token)],
    )
