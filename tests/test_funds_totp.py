"""Second factor for money operations: TOTP enrolment, the partner setting, codes required,
wrong and replayed codes refused."""

from __future__ import annotations

import urllib.parse
from datetime import UTC, datetime, timedelta

import httpx
import pyotp
import pytest

from partnercenter.core import clock
from partnercenter.core.ids import to_global_id
from partnercenter.funds.models import FundsAdjustment
from tests.factories import World, gql, sign_in
from tests.funds_factories import codes, fund, move

pytestmark = pytest.mark.asyncio

T0 = datetime(2026, 5, 1, 8, 0, 0, tzinfo=UTC)

START = "mutation { totpEnrolStart { otpauthUri secret userErrors { code } } }"
CONFIRM = (
    "mutation($c: String!) { totpEnrolConfirm(input: {code: $c}) "
    "{ status { enrolled } userErrors { code } } }"
)
SETTING = (
    "mutation($r: Boolean!, $c: String) { fundsSettingsUpdate("
    "input: {requireSecondFactor: $r, totpCode: $c}) "
    "{ account { requireSecondFactor } userErrors { code } } }"
)


def code_at(secret: str, at: datetime) -> str:
    return pyotp.TOTP(secret).at(at)


async def enrol(client: httpx.AsyncClient, csrf: str, at: datetime) -> str:
    body = await gql(client, START, csrf=csrf)
    start = body["data"]["totpEnrolStart"]
    uri = urllib.parse.urlparse(start["otpauthUri"])
    assert uri.scheme == "otpauth" and urllib.parse.parse_qs(uri.query)["secret"] == [start["secret"]]
    secret: str = start["secret"]
    wrong = "000000" if code_at(secret, at) != "000000" else "111111"
    body = await gql(client, CONFIRM, {"c": wrong}, csrf=csrf)
    assert codes(body["data"]["totpEnrolConfirm"]) == ["TOTP_INVALID"]
    body = await gql(client, CONFIRM, {"c": code_at(secret, at)}, csrf=csrf)
    assert body["data"]["totpEnrolConfirm"]["status"]["enrolled"] is True
    body = await gql(client, START, csrf=csrf)  # cannot silently replace an active factor
    assert codes(body["data"]["totpEnrolStart"]) == ["TOTP_ALREADY_ENROLLED"]
    return secret


async def test_money_operations_need_a_valid_fresh_code(client: httpx.AsyncClient, world: World) -> None:
    await fund(world, "a", "100.00")
    customer = to_global_id("Customer", world.customers["a_m1"])
    with clock.frozen(T0) as cell:
        csrf = await sign_in(client, world, "a_admin")
        secret = await enrol(client, csrf, T0)
        # nothing required yet
        p = await move(client, csrf, "DISBURSE", customer=customer, amount="1.00")
        assert p["userErrors"] == []
        clock.advance(cell, timedelta(seconds=30))  # an enrolled admin switches it with a fresh code
        body = await gql(client, SETTING, {"r": True, "c": code_at(secret, clock.now())}, csrf=csrf)
        assert body["data"]["fundsSettingsUpdate"]["account"]["requireSecondFactor"] is True

        clock.advance(cell, timedelta(seconds=60))
        assert codes(await move(client, csrf, "DISBURSE", customer=customer, amount="1.00")) == [
            "TOTP_REQUIRED"
        ]
        bad = await move(client, csrf, "DISBURSE", customer=customer, amount="1.00", totp="123456")
        if code_at(secret, clock.now()) != "123456":
            assert codes(bad) == ["TOTP_INVALID"]
        good = code_at(secret, clock.now())
        p = await move(client, csrf, "DISBURSE", customer=customer, amount="1.00", totp=good, key="k1")
        assert p["userErrors"] == []
        # the same code again (another operation) is a replay
        p = await move(client, csrf, "RECOVER", customer=customer, amount="1.00", totp=good)
        assert codes(p) == ["TOTP_INVALID"]
        # a retry of the done operation returns its first result without a new code
        p = await move(client, csrf, "DISBURSE", customer=customer, amount="1.00", key="k1")
        assert p["userErrors"] == [] and p["replayed"] is True
        # an old code (two steps back) is refused, the next step's code is accepted
        old = code_at(secret, clock.now() - timedelta(seconds=90))
        if old != code_at(secret, clock.now() + timedelta(seconds=30)):
            assert codes(await move(client, csrf, "RECOVER", customer=customer, amount="1.00", totp=old)) == [
                "TOTP_INVALID"
            ]
        clock.advance(cell, timedelta(seconds=30))
        p = await move(
            client, csrf, "RECOVER", customer=customer, amount="1.00", totp=code_at(secret, clock.now())
        )
        assert p["userErrors"] == []

        # finance of the same partner, not enrolled
        csrf_f = await sign_in(client, world, "a_fin")
        p = await move(client, csrf_f, "DISBURSE", customer=customer, amount="1.00", totp="123456")
        assert codes(p) == ["TOTP_NOT_ENROLLED"]
        # batch: one code for the whole batch
        batch = (
            "mutation($i: FundsBatchMoveInput!){ fundsBatchMove(input:$i){ userErrors{code} "
            "results{ userErrors{code} } } }"
        )
        items = [{"customerId": customer, "amount": {"amount": "1.00"}}]
        body = await gql(
            client,
            batch,
            {"i": {"operation": "DISBURSE", "items": items, "idempotencyKey": "b"}},
            csrf=csrf_f,
        )
        assert codes(body["data"]["fundsBatchMove"]) == ["TOTP_REQUIRED"]
    assert await FundsAdjustment.all().count() == 3


async def test_only_the_partner_admin_switches_the_setting(client: httpx.AsyncClient, world: World) -> None:
    for username in ("a_fin", "a_m1", "vfin"):
        csrf = await sign_in(client, world, username)
        body = await gql(client, SETTING, {"r": True}, csrf=csrf)
        assert codes(body["data"]["fundsSettingsUpdate"]) == ["FORBIDDEN"]
    csrf = await sign_in(client, world, "b_admin")
    body = await gql(client, SETTING, {"r": True}, csrf=csrf)
    assert body["data"]["fundsSettingsUpdate"]["userErrors"] == []
    # B's setting does not touch A
    await fund(world, "a", "10.00")
    csrf = await sign_in(client, world, "a_admin")
    p = await move(
        client, csrf, "DISBURSE", customer=to_global_id("Customer", world.customers["a_m1"]), amount="1"
    )
    assert p["userErrors"] == []


async def test_disable_needs_a_code(client: httpx.AsyncClient, world: World) -> None:
    with clock.frozen(T0) as cell:
        csrf = await sign_in(client, world, "a_fin")
        secret = await enrol(client, csrf, T0)
        q = "mutation($c:String!){ totpDisable(input:{code:$c}){ status { enrolled } userErrors { code } } }"
        body = await gql(client, q, {"c": code_at(secret, T0)}, csrf=csrf)  # already used at enrolment
        assert codes(body["data"]["totpDisable"]) == ["TOTP_INVALID"]
        clock.advance(cell, timedelta(seconds=30))
        body = await gql(client, q, {"c": code_at(secret, clock.now())}, csrf=csrf)
        assert body["data"]["totpDisable"]["status"]["enrolled"] is False


async def test_a_code_raced_twice_is_accepted_once(client: httpx.AsyncClient, world: World) -> None:
    import asyncio

    from partnercenter.accounts import totp as totp_service
    from partnercenter.accounts.enums import Role
    from partnercenter.core.context import Viewer

    with clock.frozen(T0) as cell:
        csrf = await sign_in(client, world, "a_admin")
        secret = await enrol(client, csrf, T0)
        clock.advance(cell, timedelta(seconds=30))
        viewer = Viewer(org_id=world.orgs["a"], role=Role.PARTNER_ADMIN, user_id=world.users["a_admin"])
        code = code_at(secret, clock.now())
        results = await asyncio.gather(*(totp_service.verify_code(viewer, code) for _ in range(8)))
    assert sum(1 for r in results if r == []) == 1
    assert all(r[0].code.value == "TOTP_INVALID" for r in results if r)
