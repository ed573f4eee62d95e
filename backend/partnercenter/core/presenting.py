"""Turns policy field rights into the lists the API shows (computed once per distinct rights)."""

from __future__ import annotations

from functools import lru_cache

from partnercenter.access.policy import FieldRights, MaskedField


@lru_cache(maxsize=64)
def rights_lists(
    rights: FieldRights,
) -> tuple[list[MaskedField], list[MaskedField], list[MaskedField]]:
    order = list(MaskedField)
    return (
        [f for f in order if f in rights.masked],
        [f for f in order if f in rights.revealable],
        [f for f in order if f in rights.hidden],
    )
