"""The second factor's GraphQL fields (status, enrolment, removal) over accounts.totp; composed
into the funds root types where the schema has always had them."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from partnercenter.access import policy
from partnercenter.accounts import totp
from partnercenter.core.context import RequestContext
from partnercenter.core.mutations import attempt
from partnercenter.core.types import UserError
from partnercenter.funds import service as funds

Ctx = Info[RequestContext, Any]


@strawberry.type(description="Whether the viewer has a second factor and whether their partner requires it.")
class TotpStatus:
    enrolled: bool
    required: bool


@strawberry.input
class TotpEnrolStartInput:
    confirm_replace: bool = False
    password: str | None = strawberry.field(
        default=None, description="Your password: needed for a first factor while your partner requires one."
    )


@strawberry.type(
    description="The secret is shown once: scan the otpauth URI, then confirm with a first code."
)
class TotpEnrolStartPayload:
    otpauth_uri: str | None
    secret: str | None
    user_errors: list[UserError]


@strawberry.input
class TotpCodeInput:
    code: str


@strawberry.type
class TotpStatusPayload:
    status: TotpStatus | None
    user_errors: list[UserError]


async def status_of(info: Ctx) -> TotpStatus:
    viewer = policy.require_viewer(info.context.viewer)
    return TotpStatus(
        enrolled=await totp.is_enrolled(viewer.user_id),
        required=await totp.second_factor_required(viewer.org_id) if not viewer.is_vendor else False,
    )


async def _status_payload(info: Ctx, enrolled: bool, errors: list[UserError]) -> TotpStatusPayload:
    if errors:
        return TotpStatusPayload(status=None, user_errors=errors)
    viewer = policy.require_viewer(info.context.viewer)
    required = await totp.second_factor_required(viewer.org_id)
    return TotpStatusPayload(status=TotpStatus(enrolled=enrolled, required=required), user_errors=[])


@strawberry.type
class TotpQueries:
    @strawberry.field(description="The viewer's second-factor status.")
    async def totp_status(self, info: Ctx) -> TotpStatus:
        return await status_of(info)


@strawberry.type
class TotpMutations:
    @strawberry.mutation(description="Start TOTP enrolment: a new secret, shown once.")
    async def totp_enrol_start(
        self, info: Ctx, input: TotpEnrolStartInput | None = None
    ) -> TotpEnrolStartPayload:
        viewer = policy.require_viewer(info.context.viewer)
        result, errors = await attempt(totp.start_enrolment(viewer, input.password if input else None))
        if result is None:
            return TotpEnrolStartPayload(otpauth_uri=None, secret=None, user_errors=errors)
        return TotpEnrolStartPayload(otpauth_uri=result.otpauth_uri, secret=result.secret, user_errors=[])

    @strawberry.mutation(description="Confirm TOTP enrolment with a first code from the authenticator app.")
    async def totp_enrol_confirm(self, info: Ctx, input: TotpCodeInput) -> TotpStatusPayload:
        viewer = policy.require_viewer(info.context.viewer)
        _, errors = await attempt(totp.confirm_enrolment(viewer, input.code))
        return await _status_payload(info, True, errors)

    @strawberry.mutation(description="Remove your second factor (needs a valid code).")
    async def totp_disable(self, info: Ctx, input: TotpCodeInput) -> TotpStatusPayload:
        policy.require_viewer(info.context.viewer)
        _, errors = await attempt(funds.disable_second_factor(info.context, input.code))
        return await _status_payload(info, False, errors)
