"""Client idempotency keys on the coupon mutations that create or move value (couponsIssue,
couponQuotaGrant, couponSubQuotaGrant): a retry answers the first result and moves nothing,
concurrent duplicates create once, the same key with another input is refused, keys belong to
their sender. Every test ends with the whole ledger verified."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
import pytest_asyncio
from tortoise.transactions import in_transaction

from partnercenter.core import clock, idempotency
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.core.models import IdempotencyRecord
from partnercenter.core.roles import Role
from partnercenter.coupons import service as coupons
from partnercenter.coupons.enums import CouponKind, IssueFailure
from partnercenter.coupons.models import Coupon, CouponOperation, CouponQuota
from partnercenter.ledger.models import LedgerTransaction
from partnercenter.messages.models import Message
from tests.coupons_factories import T0, assert_ledger_ok, grant, outcome, viewer_of
from tests.factories import World, gql, sign_in

D = Decimal


@pytest_asyncio.fixture(autouse=True)
async def frozen_clock_and_ledger_check(world: World) -> AsyncIterator[None]:
    with clock.frozen(T0):
        yield
        await assert_ledger_ok()


async def _counts() -> tuple[int, ...]:
    return (
        await Coupon.all().count(),
        await CouponQuota.all().count(),
        await LedgerTransaction.all().count(),
        await CouponOperation.all().count(),
        await Message.all().count(),
    )


def _codes(result: Any) -> list[ErrorCode]:
    assert isinstance(result, list) and all(isinstance(e, DomainError) for e in result), result
    return [e.code for e in result]


def _draft(world: World, quota: int, key: str | None, face: str = "100.00", **extra: Any) -> Any:
    return coupons.CouponDraft(
        quota_id=quota,
        customer_ids=[world.customers["a_m1"], world.customers["a_m2"]],
        face_value=D(face),
        idempotency_key=key,
        **extra,
    )


# --------------------------------------------------------------------------- the mechanism


def test_keys_are_one_to_a_hundred_printable_characters() -> None:
    assert idempotency.key_errors("k") == [] and idempotency.key_errors("x" * 100) == []
    assert [e.code for e in idempotency.key_errors("")] == [ErrorCode.BLANK]
    assert [e.code for e in idempotency.key_errors("   ")] == [ErrorCode.BLANK]
    assert [e.code for e in idempotency.key_errors("x" * 101)] == [ErrorCode.TOO_LONG]
    assert [e.code for e in idempotency.key_errors("a\nb")] == [ErrorCode.INVALID]
    assert {e.field for e in idempotency.key_errors("")} == {"idempotencyKey"}


def test_senders_and_fingerprints() -> None:
    person = Viewer(org_id=1, role=Role.PARTNER_ADMIN, user_id=7)
    token = Viewer(org_id=1, role=Role.PARTNER_ADMIN, token_id=7)
    assert (idempotency.sender_scope(person), idempotency.sender_scope(token)) == ("user:7", "token:7")
    same = idempotency.fingerprint("op", {"a": D("10"), "b": [1]})
    assert same == idempotency.fingerprint("op", {"b": [1], "a": D("10.00")})
    assert same != idempotency.fingerprint("op", {"a": D("10.01"), "b": [1]})
    assert same != idempotency.fingerprint("other", {"a": D("10"), "b": [1]})


async def test_claim_needs_a_transaction_and_a_valid_key(world: World) -> None:
    v = await viewer_of(world, "a_admin")
    with pytest.raises(RuntimeError):
        await idempotency.claim(v, "op", "k", {})
    async with in_transaction():
        assert _codes(await outcome(idempotency.claim(v, "op", "x" * 101, {}))) == [ErrorCode.TOO_LONG]
    assert await IdempotencyRecord.all().count() == 0


# --------------------------------------------------------------------------- couponsIssue


async def test_a_retried_issue_creates_the_coupons_once(world: World) -> None:
    quota = await grant(world, "a", CouponKind.CASH, "1000.00")
    admin = await viewer_of(world, "a_admin")
    first = await outcome(coupons.issue_coupons(admin, _draft(world, quota, "issue-1")))
    assert isinstance(first, list) and all(r.coupon_id for r in first)
    before = await _counts()
    again = await outcome(coupons.issue_coupons(admin, _draft(world, quota, "issue-1")))
    assert again == first
    assert await _counts() == before
    assert (await CouponQuota.get(id=quota)).remaining == D("800.00")
    # Another key is another request.
    other = await outcome(coupons.issue_coupons(admin, _draft(world, quota, "issue-2")))
    assert isinstance(other, list) and {r.coupon_id for r in other}.isdisjoint({r.coupon_id for r in first})
    assert (await CouponQuota.get(id=quota)).remaining == D("600.00")


async def test_a_replayed_issue_keeps_its_per_customer_failures(world: World) -> None:
    quota = await grant(world, "a", CouponKind.CASH, "150.00")
    admin = await viewer_of(world, "a_admin")
    first = await outcome(coupons.issue_coupons(admin, _draft(world, quota, "k")))
    assert isinstance(first, list) and [r.failure for r in first] == [
        None,
        IssueFailure.QUOTA_INSUFFICIENT,
    ]
    assert await outcome(coupons.issue_coupons(admin, _draft(world, quota, "k"))) == first


async def test_concurrent_duplicate_issues_create_once(world: World) -> None:
    quota = await grant(world, "a", CouponKind.CASH, "1000.00")
    admin = await viewer_of(world, "a_admin")
    results = await asyncio.gather(
        *(outcome(coupons.issue_coupons(admin, _draft(world, quota, "same"))) for _ in range(3))
    )
    assert results[0] == results[1] == results[2], results
    assert await Coupon.all().count() == 2
    assert (await CouponQuota.get(id=quota)).remaining == D("800.00")


async def test_the_same_key_with_another_input_is_refused_and_changes_nothing(world: World) -> None:
    quota = await grant(world, "a", CouponKind.CASH, "1000.00")
    admin = await viewer_of(world, "a_admin")
    await outcome(coupons.issue_coupons(admin, _draft(world, quota, "k")))
    before = await _counts()
    for changed in (
        _draft(world, quota, "k", face="100.01"),
        _draft(world, quota, "k", memo="another"),
        coupons.CouponDraft(quota_id=quota, customer_ids=[world.customers["a_m1"]],
                            face_value=D("100.00"), idempotency_key="k"),
    ):  # fmt: skip
        assert _codes(await outcome(coupons.issue_coupons(admin, changed))) == [
            ErrorCode.IDEMPOTENCY_KEY_REUSED
        ]
    # Another operation under the same key is refused too.
    reused = await outcome(coupons.grant_sub_quota(admin, quota, world.orgs["r"], D("1.00"), None, "k"))
    assert _codes(reused) == [ErrorCode.IDEMPOTENCY_KEY_REUSED]
    assert await _counts() == before
    assert (await CouponQuota.get(id=quota)).remaining == D("800.00")


async def test_two_senders_may_use_the_same_key(world: World) -> None:
    quota = await grant(world, "a", CouponKind.CASH, "1000.00")
    admin, fin = await viewer_of(world, "a_admin"), await viewer_of(world, "a_fin")
    one = await outcome(coupons.issue_coupons(admin, _draft(world, quota, "k")))
    two = await outcome(coupons.issue_coupons(fin, _draft(world, quota, "k")))
    assert isinstance(one, list) and isinstance(two, list)
    assert {r.coupon_id for r in one}.isdisjoint({r.coupon_id for r in two})
    assert await Coupon.all().count() == 4
    scopes = set(await IdempotencyRecord.all().values_list("scope", flat=True))
    assert scopes == {f"user:{admin.user_id}", f"user:{fin.user_id}"}


async def test_a_refused_issue_leaves_the_key_free(world: World) -> None:
    quota = await grant(world, "a", CouponKind.CASH, "1000.00")
    admin = await viewer_of(world, "a_admin")
    refused = await outcome(coupons.issue_coupons(admin, _draft(world, quota, "k", face="0")))
    assert _codes(refused) == [ErrorCode.NOT_POSITIVE]
    assert await IdempotencyRecord.all().count() == 0
    fixed = await outcome(coupons.issue_coupons(admin, _draft(world, quota, "k", face="10.00")))
    assert isinstance(fixed, list) and all(r.coupon_id for r in fixed)


# --------------------------------------------------------------------------- quota grants


def _quota_draft(world: World, key: str | None, amount: str = "500.00") -> coupons.QuotaDraft:
    return coupons.QuotaDraft(
        partner_id=world.orgs["a"],
        kind=CouponKind.VOUCHER,
        amount=D(amount),
        valid_from=None,
        valid_until=T0 + timedelta(days=30),
        idempotency_key=key,
    )


async def test_quota_grant_retried_concurrent_and_reused(world: World) -> None:
    vfin = await viewer_of(world, "vfin")
    first = await outcome(coupons.grant_quota(vfin, _quota_draft(world, "g1")))
    assert isinstance(first, int)
    before = await _counts()
    assert await outcome(coupons.grant_quota(vfin, _quota_draft(world, "g1"))) == first
    assert await _counts() == before
    reused = await outcome(coupons.grant_quota(vfin, _quota_draft(world, "g1", amount="500.01")))
    assert _codes(reused) == [ErrorCode.IDEMPOTENCY_KEY_REUSED]
    assert await _counts() == before
    same = await asyncio.gather(
        *(outcome(coupons.grant_quota(vfin, _quota_draft(world, "g2"))) for _ in range(3))
    )
    assert len(set(same)) == 1 and isinstance(same[0], int)
    assert await CouponQuota.all().count() == 2


async def test_sub_quota_grant_retried_concurrent_and_reused(world: World) -> None:
    parent = await grant(world, "a", CouponKind.CASH, "1000.00")
    admin = await viewer_of(world, "a_admin")
    reseller = world.orgs["r"]
    sub = await outcome(coupons.grant_sub_quota(admin, parent, reseller, D("300.00"), None, "s1"))
    assert isinstance(sub, int)
    before = await _counts()
    assert await outcome(coupons.grant_sub_quota(admin, parent, reseller, D("300"), None, "s1")) == sub
    assert await _counts() == before
    reused = await outcome(coupons.grant_sub_quota(admin, parent, reseller, D("301.00"), None, "s1"))
    assert _codes(reused) == [ErrorCode.IDEMPOTENCY_KEY_REUSED]
    same = await asyncio.gather(
        *(
            outcome(coupons.grant_sub_quota(admin, parent, reseller, D("200.00"), None, "s2"))
            for _ in range(3)
        )
    )
    assert len(set(same)) == 1 and isinstance(same[0], int)
    assert (await CouponQuota.get(id=parent)).remaining == D("500.00")
    assert await CouponQuota.filter(parent_id=parent).count() == 2


# --------------------------------------------------------------------------- through GraphQL

ISSUE = """mutation($input: CouponsIssueInput!) { couponsIssue(input: $input) {
  issuedCount results { coupon { id } } userErrors { code field } } }"""
GRANT = """mutation($input: CouponQuotaGrantInput!) { couponQuotaGrant(input: $input) {
  quota { id } userErrors { code field } } }"""
SUB = """mutation($input: CouponSubQuotaGrantInput!) { couponSubQuotaGrant(input: $input) {
  quota { id } userErrors { code field } } }"""


async def test_the_mutations_take_a_key(client: httpx.AsyncClient, world: World) -> None:
    quota = await grant(world, "a", CouponKind.CASH, "1000.00")
    csrf = await sign_in(client, world, "a_admin")
    issue = {
        "quotaId": world.gid("CouponQuota", quota),
        "customerIds": [world.gid("Customer", world.customers["a_m1"])],
        "faceValue": {"amount": "10.00"},
    }
    missing = await gql(client, ISSUE, {"input": issue}, csrf=csrf)
    assert "errors" in missing and await Coupon.all().count() == 0
    body = await gql(client, ISSUE, {"input": {**issue, "idempotencyKey": " "}}, csrf=csrf)
    assert body["data"]["couponsIssue"]["userErrors"] == [{"code": "BLANK", "field": "idempotencyKey"}]
    first = await gql(client, ISSUE, {"input": {**issue, "idempotencyKey": "u-1"}}, csrf=csrf)
    again = await gql(client, ISSUE, {"input": {**issue, "idempotencyKey": "u-1"}}, csrf=csrf)
    assert first == again and first["data"]["couponsIssue"]["issuedCount"] == 1
    assert await Coupon.all().count() == 1
    other = {**issue, "faceValue": {"amount": "11.00"}, "idempotencyKey": "u-1"}
    body = await gql(client, ISSUE, {"input": other}, csrf=csrf)
    assert body["data"]["couponsIssue"]["userErrors"] == [
        {"code": "IDEMPOTENCY_KEY_REUSED", "field": "idempotencyKey"}
    ]

    sub = {
        "quotaId": world.gid("CouponQuota", quota),
        "resellerId": world.gid("Organization", world.orgs["r"]),
        "amount": {"amount": "50.00"},
        "idempotencyKey": "u-2",
    }
    one = await gql(client, SUB, {"input": sub}, csrf=csrf)
    assert (
        one == await gql(client, SUB, {"input": sub}, csrf=csrf)
        and one["data"]["couponSubQuotaGrant"]["quota"]
    )

    csrf = await sign_in(client, world, "vfin")
    grant_in = {"partnerId": world.gid("Organization", world.orgs["b"]), "kind": "VOUCHER",
                "amount": {"amount": "70.00"}, "validUntil": (T0 + timedelta(days=9)).isoformat(),
                "idempotencyKey": "u-1"}  # fmt: skip
    one = await gql(client, GRANT, {"input": grant_in}, csrf=csrf)
    assert (
        one == await gql(client, GRANT, {"input": grant_in}, csrf=csrf)
        and one["data"]["couponQuotaGrant"]["quota"]
    )
    assert await CouponQuota.filter(partner_id=world.orgs["b"]).count() == 1
