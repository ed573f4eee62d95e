"""Queries and mutations of sign-in, the viewer and API tokens."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.accounts import service
from partnercenter.accounts.enums import TokenScope
from partnercenter.accounts.graphql.types import (
    ApiTokenType,
    TokenScopeEnum,
    UserType,
    ViewerType,
    api_token_type,
    user_loader,
    viewer_type,
)
from partnercenter.core.context import CookieOp, RequestContext
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.core.ids import pk_of
from partnercenter.core.types import UserError
from partnercenter.opportunities.service import assignable_managers
from partnercenter.settings import get_settings

Ctx = Info[RequestContext, Any]


@strawberry.input
class LoginInput:
    username: str
    password: str


@strawberry.type
class LoginPayload:
    viewer: ViewerType | None
    user_errors: list[UserError]


@strawberry.input
class LogoutInput:
    client_mutation_id: str | None = None


@strawberry.type
class LogoutPayload:
    ok: bool
    user_errors: list[UserError]


@strawberry.input
class ApiTokenCreateInput:
    name: str
    scopes: list[TokenScopeEnum]  # type: ignore[valid-type]
    expires_in_days: int = strawberry.field(
        default=90, description="How long the token works, 1 to 365 days (default 90)."
    )


@strawberry.type
class ApiTokenCreatePayload:
    api_token: ApiTokenType | None
    secret: str | None = strawberry.field(description="Shown once; only its hash is kept.")
    user_errors: list[UserError]


@strawberry.input
class ApiTokenRevokeInput:
    id: strawberry.ID


@strawberry.type
class ApiTokenRevokePayload:
    api_token: ApiTokenType | None
    user_errors: list[UserError]


@strawberry.type
class AccountQueries:
    @strawberry.field(description="The signed-in person or API token; null when signed out.")
    def viewer(self, info: Ctx) -> ViewerType | None:
        v = info.context.viewer
        return viewer_type(v) if v is not None else None

    @strawberry.field(description="People the viewer may filter opportunities by or reassign them to.")
    async def assignable_managers(self, info: Ctx) -> list[UserType]:
        viewer = policy.require_viewer(info.context.viewer)
        ids = await assignable_managers(viewer)
        users = await user_loader(info.context).load_many(ids)
        return [u for u in users if u is not None]

    @strawberry.field(description="The partner's API tokens (partner admins only).")
    async def api_tokens(self, info: Ctx) -> list[ApiTokenType]:
        viewer = policy.require_viewer(info.context.viewer)
        return [api_token_type(t) for t in await service.list_api_tokens(viewer)]


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Sign in with a password; sets the session and CSRF cookies.")
    async def login(self, info: Ctx, input: LoginInput) -> LoginPayload:
        ctx, settings = info.context, get_settings()
        try:
            token, csrf = await service.login(input.username, input.password, ctx.client_ip, ctx.user_agent)
        except DomainError as err:
            return LoginPayload(viewer=None, user_errors=[UserError.of(err)])
        max_age = settings.session_hours * 3600
        ctx.cookie_ops += [
            CookieOp(settings.session_cookie, token, http_only=True, max_age=max_age),
            CookieOp(settings.csrf_cookie, csrf, http_only=False, max_age=max_age),
        ]
        found = await service.viewer_for_session(token)
        assert found is not None
        ctx.viewer = found[0]
        return LoginPayload(viewer=viewer_type(found[0]), user_errors=[])

    @strawberry.mutation(description="Sign out: ends the session and clears the cookies.")
    async def logout(self, info: Ctx, input: LogoutInput | None = None) -> LogoutPayload:
        ctx, settings = info.context, get_settings()
        if ctx.auth_method != "cookie":
            return LogoutPayload(
                ok=False,
                user_errors=[
                    UserError(code=ErrorCode.INVALID, field=None, message="Not signed in with a session.")
                ],
            )
        raw = ctx.raw_session_token
        if raw:
            await service.logout(raw)
        ctx.cookie_ops += [CookieOp(settings.session_cookie, None), CookieOp(settings.csrf_cookie, None)]
        return LogoutPayload(ok=True, user_errors=[])

    @strawberry.mutation(description="Create a scoped API token for an integrator (partner admin).")
    async def api_token_create(self, info: Ctx, input: ApiTokenCreateInput) -> ApiTokenCreatePayload:
        viewer = policy.require_viewer(info.context.viewer)
        try:
            token, secret = await service.create_api_token(
                viewer, input.name, [TokenScope(s) for s in input.scopes], input.expires_in_days
            )
        except DomainError as err:
            return ApiTokenCreatePayload(api_token=None, secret=None, user_errors=[UserError.of(err)])
        return ApiTokenCreatePayload(api_token=api_token_type(token), secret=secret, user_errors=[])

    @strawberry.mutation(description="Revoke an API token at once (partner admin).")
    async def api_token_revoke(self, info: Ctx, input: ApiTokenRevokeInput) -> ApiTokenRevokePayload:
        viewer = policy.require_viewer(info.context.viewer)
        try:
            token = await service.revoke_api_token(viewer, pk_of(input.id, "ApiToken") or 0)
        except DomainError as err:
            return ApiTokenRevokePayload(api_token=None, user_errors=[UserError.of(err)])
        return ApiTokenRevokePayload(api_token=api_token_type(token), user_errors=[])
