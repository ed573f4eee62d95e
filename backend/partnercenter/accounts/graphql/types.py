"""GraphQL types of organisations and people."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.access.graphql.types import Capability, MaskedField, RevealDenial, capabilities_of
from partnercenter.access.presenting import rights_lists
from partnercenter.accounts import service
from partnercenter.accounts.enums import PathStage, Role, TokenScope
from partnercenter.accounts.permissions import USER
from partnercenter.core.context import RequestContext, Viewer
from partnercenter.core.ids import to_global_id
from partnercenter.core.loaders import by_id_loader
from partnercenter.core.node import register_node_type
from partnercenter.core.types import Node

RoleEnum = strawberry.enum(Role, name="Role", description="What a person does in Partner Center.")
PathStageEnum = strawberry.enum(PathStage, name="PathStage", description="Development path 发展路径.")
TokenScopeEnum = strawberry.enum(TokenScope, name="TokenScope", description="What an API token may read.")


@strawberry.enum(description="Kinds a partner holds (several allowed).")
class PartnerKind(Enum):
    DISTRIBUTOR = "DISTRIBUTOR"
    RESELLER = "RESELLER"
    SERVICE_PROVIDER = "SERVICE_PROVIDER"
    SOLUTION_PARTNER = "SOLUTION_PARTNER"


@strawberry.type(name="User", description="A person. Name, phone and email are masked until revealed.")
class UserType(Node):
    id: strawberry.ID
    name: str
    email: str | None
    phone: str | None
    role: RoleEnum  # type: ignore[valid-type]
    masked_fields: list[MaskedField]  # type: ignore[valid-type]
    revealable_fields: list[MaskedField]  # type: ignore[valid-type]
    reveal_denials: list[RevealDenial] = strawberry.field(
        description="Each masked field the viewer may not reveal, with the reason."
    )


def user_from_row(viewer: Viewer, row: dict[str, Any]) -> UserType:
    shown, rights = policy.present(viewer, USER, row)
    masked, revealable, _, denials = rights_lists(rights, viewer.is_token)
    return UserType(
        id=strawberry.ID(to_global_id("User", row["id"])),
        name=shown["name"],
        email=shown.get("email"),
        phone=shown.get("phone"),
        role=Role(row["role"]),
        masked_fields=masked,
        revealable_fields=revealable,
        reveal_denials=denials,
    )


def user_from_prefixed(viewer: Viewer, row: dict[str, Any], prefix: str, pk: int) -> UserType:
    """A nested person from joined columns (`owner__name`, ...)."""
    sub = {"id": pk}
    for col in ("name", "role", "org_id", "phone", "email"):
        key = f"{prefix}__{col}"
        if key in row:
            sub[col] = row[key]
    return user_from_row(viewer, sub)


@strawberry.type(name="Organization", description="The vendor or a partner company.")
class OrganizationType(Node):
    id: strawberry.ID
    name: str
    kinds: list[PartnerKind]
    path_stage: PathStageEnum  # type: ignore[valid-type]
    core_map: bool
    is_vendor: bool
    distributor_id: strawberry.Private[int | None]

    @strawberry.field(description="The distributor of a secondary reseller.")
    async def distributor(self, info: Info[RequestContext, Any]) -> OrganizationType | None:
        if self.distributor_id is None:
            return None
        return await organization_loader(info.context).load(self.distributor_id)


def organization_from_row(row: dict[str, Any]) -> OrganizationType:
    kinds = [
        kind
        for kind, flag in (
            (PartnerKind.DISTRIBUTOR, "is_distributor"),
            (PartnerKind.RESELLER, "is_reseller"),
            (PartnerKind.SERVICE_PROVIDER, "is_service_provider"),
            (PartnerKind.SOLUTION_PARTNER, "is_solution_partner"),
        )
        if row[flag]
    ]
    return OrganizationType(
        id=strawberry.ID(to_global_id("Organization", row["id"])),
        name=row["name"],
        kinds=kinds,
        path_stage=PathStage(row["path_stage"]),
        core_map=bool(row["core_map"]),
        is_vendor=row["kind"] == "VENDOR",
        distributor_id=row["distributor_id"],
    )


def _viewer_of(ctx: RequestContext) -> Viewer:
    return policy.require_viewer(ctx.viewer)


def user_loader(ctx: RequestContext) -> Any:
    async def fetch(ids: list[int]) -> dict[int, UserType]:
        viewer = _viewer_of(ctx)
        return {k: user_from_row(viewer, r) for k, r in (await service.users_by_ids(viewer, ids)).items()}

    return by_id_loader(ctx, "user", fetch)


def organization_loader(ctx: RequestContext) -> Any:
    async def fetch(ids: list[int]) -> dict[int, OrganizationType]:
        rows = await service.organizations_by_ids(_viewer_of(ctx), ids)
        return {k: organization_from_row(r) for k, r in rows.items()}

    return by_id_loader(ctx, "organization", fetch)


@strawberry.type(name="Viewer", description="The signed-in person (or API token) and their organisation.")
class ViewerType:
    role: RoleEnum  # type: ignore[valid-type]
    scopes: list[TokenScopeEnum]  # type: ignore[valid-type]
    viewer: strawberry.Private[Viewer]

    @strawberry.field
    async def user(self, info: Info[RequestContext, Any]) -> UserType | None:
        if self.viewer.user_id is None:
            return None
        return await user_loader(info.context).load(self.viewer.user_id)

    @strawberry.field
    async def organization(self, info: Info[RequestContext, Any]) -> OrganizationType:
        return await organization_loader(info.context).load(self.viewer.org_id)

    @strawberry.field(
        description="What the viewer may do, per resource and action (the action rights the slices declare)."
    )
    def capabilities(self) -> list[Capability]:
        return capabilities_of(self.viewer)


def viewer_type(viewer: Viewer) -> ViewerType:
    return ViewerType(role=viewer.role, scopes=sorted(viewer.scopes), viewer=viewer)


@strawberry.type(name="ApiToken", description="An integrator credential; its secret is shown only once.")
class ApiTokenType(Node):
    id: strawberry.ID
    name: str
    prefix: str
    scopes: list[TokenScopeEnum]  # type: ignore[valid-type]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime = strawberry.field(description="After this the token no longer works.")


def api_token_type(token: Any) -> ApiTokenType:
    return ApiTokenType(
        id=strawberry.ID(to_global_id("ApiToken", token.id)),
        name=token.name,
        prefix=token.prefix,
        scopes=[TokenScope(s) for s in token.scopes],
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
        expires_at=service.token_expiry(token),
    )


async def _load_users(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    """`node`/`nodes` share the request's one person loader with nested references."""
    if ctx.viewer is None:
        return {}
    found = await user_loader(ctx).load_many(ids)
    return {pk: u for pk, u in zip(ids, found, strict=True) if u is not None}


async def _load_orgs(ctx: RequestContext, ids: list[int]) -> dict[int, Any]:
    if ctx.viewer is None:
        return {}
    found = await organization_loader(ctx).load_many(ids)
    return {pk: o for pk, o in zip(ids, found, strict=True) if o is not None}


register_node_type("User", _load_users)
register_node_type("Organization", _load_orgs)
