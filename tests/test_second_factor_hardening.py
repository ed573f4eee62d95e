"""The second factor can't be switched off, guessed or bypassed from a session alone (trust issue
findings 1-3): turning the requirement off needs a current code and tells the other admins; wrong
codes lock further checks; a first enrolment under an active requirement needs the password."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pyotp

from partnercenter.accounts.enums import Role
from partnercenter.accounts.models import User
from partnercenter.accounts.passwords import hash_password
from partnercenter.core import clock
from partnercenter.messages.models import Message
from tests.factories import PASSWORD, World, gql, sign_in
from tests.test_funds_totp import SETTING, enrol

T0 = datetime(2026, 5, 1, 8, 0, 0, tzinfo=UTC)
STATUS = "{ totpStatus { enrolled required } }"
DISABLE = """mutation($c: String!) { totpDisable(input: {code: $c}) {
  status { enrolled } userErrors { code field message } } }"""
START = (
    """mutation($p: String) { totpEnrolStart(input: {password: $p}) { secret userErrors { code field } } }"""
)


def codes(payload: dict) -> list[str]:  # type: ignore[type-arg]
    return [e["code"] for e in payload["userErrors"]]


def wrong(secret: str) -> str:
    right = pyotp.TOTP(secret).at(clock.now())
    return "000000" if right != "000000" else "111111"


async def setting(client: httpx.AsyncClient, csrf: str, on: bool, code: str | None = None) -> dict:  # type: ignore[type-arg]
    body = await gql(client, SETTING, {"r": on, "c": code}, csrf=csrf)
    return body["data"]["fundsSettingsUpdate"]  # type: ignore[no-any-return]


async def test_switching_the_requirement_off_needs_a_code_and_tells_the_other_admins(
    client: httpx.AsyncClient, world: World
) -> None:
    second = await User.create(
        org_id=world.orgs["a"], username="a_admin2", name="第二管理员", role=Role.PARTNER_ADMIN,
        password_hash=hash_password(PASSWORD),
    )  # fmt: skip
    with clock.frozen(T0) as cell:
        csrf = await sign_in(client, world, "a_admin")
        secret = await enrol(client, csrf, T0)
        clock.advance(cell, timedelta(seconds=30))
        assert codes(await setting(client, csrf, True)) == ["TOTP_REQUIRED"]  # enrolled: a code to switch
        assert (await setting(client, csrf, True, pyotp.TOTP(secret).at(clock.now())))["userErrors"] == []
        clock.advance(cell, timedelta(seconds=30))
        # The finding: switching it off with the session alone.
        assert codes(await setting(client, csrf, False)) == ["TOTP_REQUIRED"]
        assert codes(await setting(client, csrf, False, wrong(secret))) == ["TOTP_INVALID"]
        status = (await gql(client, STATUS, csrf=csrf))["data"]["totpStatus"]
        assert status["required"] is True
        assert (await setting(client, csrf, False, pyotp.TOTP(secret).at(clock.now())))["userErrors"] == []
    told = await Message.filter(recipient_id=second.id, kind="SECOND_FACTOR_CHANGED").values_list(
        "params", flat=True
    )
    assert [p["change"] for p in told] == ["REQUIREMENT_ON", "REQUIREMENT_OFF"]  # type: ignore[index]
    assert (
        await Message.filter(recipient_id=world.users["a_admin"], kind="SECOND_FACTOR_CHANGED").count() == 0
    )


async def test_wrong_codes_lock_the_checks_and_a_right_code_is_refused_meanwhile(
    client: httpx.AsyncClient, world: World
) -> None:
    with clock.frozen(T0) as cell:
        csrf = await sign_in(client, world, "a_admin")
        secret = await enrol(client, csrf, T0)  # (its right confirmation code cleared the count)
        clock.advance(cell, timedelta(seconds=30))
        for _ in range(5):
            body = await gql(client, DISABLE, {"c": wrong(secret)}, csrf=csrf)
            assert codes(body["data"]["totpDisable"]) == ["TOTP_INVALID"]
        body = await gql(client, DISABLE, {"c": pyotp.TOTP(secret).at(clock.now())}, csrf=csrf)
        assert codes(body["data"]["totpDisable"]) == ["RATE_LIMITED"]
        assert "minutes" in body["data"]["totpDisable"]["userErrors"][0]["message"]
        status = (await gql(client, STATUS, csrf=csrf))["data"]["totpStatus"]
        assert status["enrolled"] is True  # nothing was disabled


async def test_a_first_enrolment_under_an_active_requirement_needs_the_password(
    client: httpx.AsyncClient, world: World
) -> None:
    with clock.frozen(T0) as cell:
        csrf = await sign_in(client, world, "a_admin")
        secret = await enrol(client, csrf, T0)
        clock.advance(cell, timedelta(seconds=30))
        await setting(client, csrf, True, pyotp.TOTP(secret).at(clock.now()))
        csrf_f = await sign_in(client, world, "a_fin")  # not enrolled yet
        body = await gql(client, START, {"p": None}, csrf=csrf_f)
        assert [(e["code"], e["field"]) for e in body["data"]["totpEnrolStart"]["userErrors"]] == [
            ("PASSWORD_REQUIRED", "password")
        ]
        body = await gql(client, START, {"p": "not the password"}, csrf=csrf_f)
        assert codes(body["data"]["totpEnrolStart"]) == ["INVALID_CREDENTIALS"]
        body = await gql(client, START, {"p": PASSWORD}, csrf=csrf_f)
        assert body["data"]["totpEnrolStart"]["userErrors"] == [] and body["data"]["totpEnrolStart"]["secret"]
