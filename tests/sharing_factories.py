"""Helpers for the opportunity sharing tests: calendar, terms, membership, HOs and POs through the
service (as the app makes them), and viewers of the small world of tests/factories.py."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from partnercenter.accounts import service as accounts
from partnercenter.accounts.models import User
from partnercenter.core import clock
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, DomainErrors
from partnercenter.customers.enums import Industry
from partnercenter.seed.sharing import seed_calendar
from partnercenter.sharing import service
from partnercenter.sharing.enums import SupportKind
from tests.factories import World


async def outcome(call: Awaitable[int]) -> int | list[DomainError]:
    """A service call's id, or the errors it refused with (services raise `DomainErrors`)."""
    try:
        return await call
    except DomainErrors as exc:
        return exc.errors


# Friday 9 January 2026, 10:00 in China (02:00 UTC).
FRIDAY = datetime(2026, 1, 9, 2, 0, tzinfo=UTC)


async def viewer_of(world: World, username: str) -> Viewer:
    """The Viewer the app builds for this person's session (supervisor subtree, resellers...)."""
    from partnercenter.accounts.models import Organization

    user = await User.get(id=world.users[username])
    org = await Organization.get(id=user.org_id)  # type: ignore[attr-defined]
    return await accounts._build_viewer(
        user_id=user.id,
        org_id=org.id,
        role=user.role,
        is_vendor=org.kind == "VENDOR",
        is_distributor=org.is_distributor,
        customer_id=user.customer_id,
    )


async def pce_setup(world: World, members: tuple[str, ...] = ("a",)) -> int:
    """Calendar, terms v1 by the PDM, and the given partners (by world org key) as PCE members."""
    await seed_calendar()
    pdm = await viewer_of(world, "pdm")
    terms = await service.publish_terms(pdm, "v1", "PCE 条款", "条款正文")
    assert isinstance(terms, int), terms
    admins = {"a": "a_admin", "r": "r_admin", "b": "b_admin"}
    for org in members:
        joined = await service.join_pce(await viewer_of(world, admins[org]), terms)
        assert isinstance(joined, int), joined
    return terms


def ho_draft(world: World, org: str = "a", **overrides: Any) -> service.HoDraft:
    values: dict[str, Any] = {
        "partner_id": world.orgs[org],
        "title": "园区视频云",
        "customer_name": "苏州智联园区科技有限公司",
        "industry": Industry.MANUFACTURING,
        "region": "华东",
        "need": "视频监控统一上云",
        "expected_monthly_revenue": Decimal("86000.00"),
        "contact_phone": "13912345678",
        "contact_email": "li.lei@szpark-demo.cn",
        "description": "预算已立项",
    }
    values.update(overrides)
    return service.HoDraft(**values)


async def share_ho(world: World, at: datetime = FRIDAY, org: str = "a", **overrides: Any) -> int:
    with clock.frozen(at):
        result = await service.share_ho(await viewer_of(world, "pdm"), ho_draft(world, org, **overrides))
    assert isinstance(result, int), result
    return result


async def share_po(
    world: World,
    username: str = "a_m1",
    opportunity: str = "a_m1",
    need: str = "架构评审",
    kind: SupportKind = SupportKind.ARCHITECTURE_VALIDATION,
    at: datetime = FRIDAY,
) -> int:
    with clock.frozen(at):
        result = await service.share_po(
            await viewer_of(world, username), world.opportunities[opportunity], kind, need
        )
    assert isinstance(result, int), result
    return result
