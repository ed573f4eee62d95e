"""Opaque global IDs: base64url("Type:pk") without padding.

Only the canonical form is accepted: the one `to_global_id` makes. `Customer:+400`,
`Customer:0400`, `Customer: 400`, padding, other alphabets or trailing junk all decode to
something else or nothing, and are treated like an unknown ID, so one record has exactly one
ID on every path (and in the audit trail, which records `record_key`: `Customer:400`).
"""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache


@lru_cache(maxsize=65536)
def to_global_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def from_global_id(global_id: str) -> tuple[str, int] | None:
    """Decode, or None for anything malformed (treated exactly like an unknown ID)."""
    if not isinstance(global_id, str) or len(global_id) > 100:
        return None
    try:
        raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
        type_name, _, pk = raw.partition(":")
        value = int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    plain_name = type_name.isascii() and type_name.isalnum() and type_name[0:1].isalpha()
    if not plain_name or value <= 0 or value > 2**31:
        return None
    if to_global_id(type_name, value) != global_id:  # not the canonical spelling of that record
        return None
    return type_name, value


def record_key(type_name: str, pk: int) -> str:
    """The canonical `Type:pk` an audit trail stores for a record."""
    return f"{type_name}:{pk}"


def pk_of(global_id: str, type_name: str) -> int | None:
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        return None
    return decoded[1]
