"""The registry of access declarations: one `ResourcePolicy` per resource, and the viewer-level
action rights (capabilities), each declared by the slice that owns it in `<slice>/permissions.py`.

The mechanism (`access.scopes`, `access.fields`) looks resources up here by name; it knows no
slice, no table and no column. `partnercenter.permissions` imports every slice's declarations,
so whoever serves requests (app, cli, schema, tests) imports that module once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from partnercenter.access.masking import Masker
from partnercenter.core.context import Viewer
from partnercenter.core.roles import Role, TokenScope


class RowScope(StrEnum):
    NONE = "NONE"
    OWN = "OWN"  # rows whose manager/owner is the viewer
    SUBTREE = "SUBTREE"  # rows of every manager under the viewer, transitively
    ORG = "ORG"  # the viewer's partner
    PARTNER_TREE = "PARTNER_TREE"  # the partner and, for a distributor, its secondary resellers
    CUSTOMER_SELF = "CUSTOMER_SELF"  # a customer user's own company
    ALL = "ALL"  # vendor staff


class MaskedField(StrEnum):
    NAME = "NAME"
    ACCOUNT_NAME = "ACCOUNT_NAME"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    # Free text of a record tied to a customer (an opportunity's name and description, its
    # progress notes, a PO's need, a warning's processing notes): the customer's name and trade
    # name 字号 in it are masked while the viewer sees the customer's name masked.
    TEXT = "TEXT"


class RevealDenialReason(StrEnum):
    """Why the viewer may not reveal a masked (or withheld) field."""

    ROLE = "ROLE"  # the viewer's role may not reveal it
    API_TOKEN = "API_TOKEN"  # API tokens get masked values only
    BASIC_DATA_ONLY = "BASIC_DATA_ONLY"  # a secondary reseller's customer seen by its distributor
    SUMMARY_ONLY = "SUMMARY_ONLY"  # an HO not accepted (yet): the partner sees its summary only


@dataclass(frozen=True, slots=True)
class FieldRights:
    masked: frozenset[MaskedField]
    revealable: frozenset[MaskedField]
    hidden: frozenset[MaskedField]
    summary_only: bool = False  # an HO seen by the partner before acceptance


NO_RIGHTS = FieldRights(frozenset(), frozenset(), frozenset())

RowRights = Callable[[Viewer, Any, FieldRights], FieldRights]
"""A resource's own adjustment of the field rights of one row (e.g. one's own name, a summary)."""


@dataclass(frozen=True, slots=True)
class FreeText:
    """A resource's free-text columns that may name the company it is tied to.

    `owner` is the resource whose NAME the texts would disclose (e.g. "Customer"), `owner_row`
    returns that record's row from the resource's row (with the columns the owner's policy reads,
    and "name"; None: tied to none). While the viewer sees the owner's NAME masked, the texts are
    shown with its name and trade name masked (`masking.mask_free_text`), and they may be revealed
    (MaskedField.TEXT) by whoever may reveal that NAME."""

    owner: str
    fields: tuple[str, ...]
    owner_row: Callable[[Any], Mapping[str, Any] | None]


@dataclass(frozen=True, eq=False)
class ResourcePolicy:
    """Who sees which rows of a resource, and how its identifying fields are masked.

    `owner_column`, `partner_column` and `customer_column` name the row attributes (ORM lookups,
    e.g. "customer__manager_id") the row scopes compare with the viewer: OWN and SUBTREE use the
    owner, ORG and PARTNER_TREE the partner, CUSTOMER_SELF the customer (None: that scope sees
    nothing). A role missing from `row_scopes` sees no row. An API token sees rows only if it
    holds one of `token_scopes` (empty: never)."""

    name: str
    owner_column: str
    partner_column: str
    row_scopes: Mapping[Role, RowScope]
    customer_column: str | None = None
    token_scopes: frozenset[TokenScope] = frozenset()
    # Each maskable field of the resource and how it is shown masked.
    masked_fields: Mapping[MaskedField, Masker] = field(default_factory=dict)
    # Which masked fields each role may reveal (tokens never).
    reveal_rights: Mapping[Role, frozenset[MaskedField]] = field(default_factory=dict)
    row_rights: RowRights | None = None
    # "module:function" loading rows by primary key for the reveal mutation, as
    # `async (viewer, ids) -> {id: row}` within the viewer's scope (None: not revealable).
    reveal_source: str | None = None
    # Free text naming the customer the row is tied to (masked with the customer's NAME).
    free_text: FreeText | None = None

    def __post_init__(self) -> None:
        # Every role listed, so no role is left undecided (the matrix tests read one cell per role).
        object.__setattr__(self, "row_scopes", {r: self.row_scopes.get(r, RowScope.NONE) for r in Role})
        unknown = {f for rights in self.reveal_rights.values() for f in rights} - set(self.masked_fields)
        if unknown:
            raise ValueError(f"{self.name}: reveal rights name fields that are not masked: {unknown}")

    @property
    def maskable(self) -> frozenset[MaskedField]:
        if self.free_text is not None:
            return frozenset(self.masked_fields) | {MaskedField.TEXT}
        return frozenset(self.masked_fields)

    def scope_of(self, role: Role) -> RowScope:
        return self.row_scopes.get(role, RowScope.NONE)


@dataclass(frozen=True, slots=True)
class ActionRight:
    """A viewer-level right (no row needed): what the menus and buttons may offer this viewer.
    The services decide again, row by row, on every call."""

    resource: str
    action: str
    check: Callable[[Viewer], bool]
    description: str = ""


_RESOURCES: dict[str, ResourcePolicy] = {}
_ACTIONS: dict[tuple[str, str], ActionRight] = {}


def register(policy: ResourcePolicy) -> str:
    """Declares a resource; returns its name (the constant the slice uses)."""
    known = _RESOURCES.get(policy.name)
    if known is not None and known is not policy:
        raise ValueError(f"Resource {policy.name!r} is declared twice.")
    _RESOURCES[policy.name] = policy
    return policy.name


def register_action(
    resource: str, action: str, check: Callable[[Viewer], bool], description: str = ""
) -> None:
    key = (resource, action)
    if key in _ACTIONS and _ACTIONS[key].check is not check:
        raise ValueError(f"Action right {resource}.{action} is declared twice.")
    _ACTIONS[key] = ActionRight(resource, action, check, description)


def resource_policy(name: str) -> ResourcePolicy:
    try:
        return _RESOURCES[name]
    except KeyError:
        raise LookupError(
            f"No access policy for {name!r}: is its slice's permissions module imported by "
            "partnercenter.permissions?"
        ) from None


def is_registered(name: str) -> bool:
    return name in _RESOURCES


def resource_policies() -> tuple[ResourcePolicy, ...]:
    return tuple(_RESOURCES.values())


def action_rights() -> tuple[ActionRight, ...]:
    return tuple(sorted(_ACTIONS.values(), key=lambda a: (a.resource, a.action)))


def capabilities(viewer: Viewer | None) -> list[tuple[ActionRight, bool]]:
    """Every declared action right and whether this viewer has it (anonymous: none)."""
    return [(a, viewer is not None and a.check(viewer)) for a in action_rights()]
