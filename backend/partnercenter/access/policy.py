"""The access policy: the one place every path (lists, node/nodes, nested fields, filters,
sorting, counts, reveal, exports) asks who sees which rows and fields.

This module is the mechanism's entry point; it holds no table. Each slice declares its resources
(row scopes, token scopes, masked fields, reveal rights) and its action rights in its own
`permissions.py` and registers them with `access.registry`; `partnercenter.permissions` imports
them all.

Free text (a resource's `FreeText` declaration): the columns of a record tied to a customer that
may name it (an opportunity's name and description, its progress notes, a PO's need, a warning's
processing notes). The policy decides once per row, with the customer's own decision: while the
viewer sees the customer's NAME masked, the texts are shown with its name and trade name 字号
masked (`text_secrets`, `show_text`, `present_texts`) and the record lists MaskedField.TEXT as
masked; TEXT is revealable exactly when that NAME is (never by a token) and the resource has a
reveal source, which returns the clear texts under "texts". The SPA reveals a customer's name
and the record's texts in one audited call.
"""

from __future__ import annotations

from partnercenter.access.fields import FIELD_COLUMNS as FIELD_COLUMNS
from partnercenter.access.fields import check_filter_allowed as check_filter_allowed
from partnercenter.access.fields import clear_texts as clear_texts
from partnercenter.access.fields import denial_message as denial_message
from partnercenter.access.fields import denial_reason as denial_reason
from partnercenter.access.fields import field_rights as field_rights
from partnercenter.access.fields import kept_text as kept_text
from partnercenter.access.fields import masked_fields as masked_fields
from partnercenter.access.fields import present as present
from partnercenter.access.fields import present_texts as present_texts
from partnercenter.access.fields import reveal_denial as reveal_denial
from partnercenter.access.fields import reveal_denials as reveal_denials
from partnercenter.access.fields import revealable_by_role as revealable_by_role
from partnercenter.access.fields import show as show
from partnercenter.access.fields import show_text as show_text
from partnercenter.access.fields import text_secrets as text_secrets
from partnercenter.access.fields import withhold as withhold
from partnercenter.access.registry import FieldRights as FieldRights
from partnercenter.access.registry import MaskedField as MaskedField
from partnercenter.access.registry import ResourcePolicy as ResourcePolicy
from partnercenter.access.registry import RevealDenialReason as RevealDenialReason
from partnercenter.access.registry import RowScope as RowScope
from partnercenter.access.registry import register as register
from partnercenter.access.registry import register_action as register_action
from partnercenter.access.registry import resource_policy as resource_policy
from partnercenter.access.scopes import get as get
from partnercenter.access.scopes import in_scope as in_scope
from partnercenter.access.scopes import require_read as require_read
from partnercenter.access.scopes import require_viewer as require_viewer
from partnercenter.access.scopes import row_scope as row_scope
from partnercenter.access.scopes import scope_q as scope_q
from partnercenter.access.scopes import sees_others_rows as sees_others_rows
from partnercenter.access.scopes import sees_rows as sees_rows
