"""The access declarations as tables, for tests that derive their role x field x path cells from them.

Everything here is read from the registry (`partnercenter.access.registry`) that every slice's
`permissions.py` fills; nothing is declared here. `Resource` is an enum of the registered names,
with the member names the slices give their constants (CUSTOMER = "Customer", WARNING =
"CustomerWarning", ...). The slices' action rights are re-exported under their own names, so a
test reads `policy.can_grant_quota` and `policy.require_read` from one namespace.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import partnercenter.permissions as composition
from partnercenter.access.fields import FIELD_COLUMNS as FIELD_COLUMNS
from partnercenter.access.policy import *  # noqa: F403  (the mechanism: scope_q, in_scope, field_rights...)
from partnercenter.access.registry import RowScope, resource_policies
from partnercenter.accounts.enums import Role

_NAMES = {policy.name for policy in resource_policies()}
_MEMBERS: dict[str, str] = {}
for _slice in composition.SLICES:
    for _key, _value in vars(_slice).items():
        if _key.isupper() and isinstance(_value, str) and _value in _NAMES:
            _MEMBERS.setdefault(_key, _value)
        elif not _key.startswith("_") and getattr(_value, "__module__", _slice.__name__) == _slice.__name__:
            globals()[_key] = _value  # the slice's action rights and constants
assert set(_MEMBERS.values()) == _NAMES, "every registered resource has a constant in its slice"

Resource = StrEnum("Resource", _MEMBERS)  # type: ignore[misc]

_BY_NAME = {policy.name: policy for policy in resource_policies()}

# The declared tables themselves (every role listed), so a test may monkeypatch one cell.
ROW_SCOPES: dict[Any, dict[Role, RowScope]] = {r: _BY_NAME[r].row_scopes for r in Resource}  # type: ignore[misc]
TOKEN_SCOPES = {r: _BY_NAME[r].token_scopes for r in Resource}
MASKED_FIELDS = {r: _BY_NAME[r].maskable for r in Resource}
REVEAL_RIGHTS = {r: dict(_BY_NAME[r].reveal_rights) for r in Resource if _BY_NAME[r].reveal_rights}
MASKERS = {(r, field): masker for r in Resource for field, masker in _BY_NAME[r].masked_fields.items()}
