"""Sessions: expiry and deactivation end access on the next request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from partnercenter.accounts.models import Session, User
from tests.factories import World, gql, login

VIEWER = "{ viewer { role } }"


async def test_expired_session_is_anonymous(client, world: World) -> None:
    await login(client, "a_m1")
    assert (await gql(client, VIEWER))["data"]["viewer"] == {"role": "ACCOUNT_MANAGER"}
    await Session.filter(user_id=world.users["a_m1"]).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    assert (await gql(client, VIEWER))["data"]["viewer"] is None


async def test_deactivated_user_loses_session(client, world: World) -> None:
    await login(client, "a_m1")
    await User.filter(id=world.users["a_m1"]).update(is_active=False)
    assert (await gql(client, VIEWER))["data"]["viewer"] is None


async def test_session_lookup_is_one_statement(client, world: World) -> None:
    from tests.factories import count_statements

    await login(client, "a_m1")
    with count_statements() as counter:
        await gql(client, VIEWER)
    assert len(counter.statements) == 1, counter.statements
