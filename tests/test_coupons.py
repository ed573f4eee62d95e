"""Coupon quotas, sub-quotas, issuing, reclaim, expiry, signing entity change and the unbind hook.
Every test ends with the whole ledger verified, and each quota's ledger account equal to its
`remaining`, each coupon's to its `remaining`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest
import pytest_asyncio

from partnercenter.catalogue.enums import CloudService
from partnercenter.core import clock
from partnercenter.core.errors import ErrorCode
from partnercenter.coupons import money
from partnercenter.coupons import service as coupons
from partnercenter.coupons.enums import CouponKind, CouponOperationKind, CouponState, IssueFailure, QuotaState
from partnercenter.coupons.models import Coupon, CouponOperation, CouponQuota
from partnercenter.customers.hooks import run_unbind_hooks
from partnercenter.customers.models import Customer
from partnercenter.jobs import run_job
from partnercenter.ledger.enums import AccountPurpose, OwnerType
from partnercenter.ledger.models import LedgerAccount
from tests.coupons_factories import T0, assert_ledger_ok, grant, issue, outcome, viewer_of
from tests.factories import World

D = Decimal


async def assert_accounts_match() -> None:
    """Each quota's and coupon's ledger account equals its row (the rows are derived state)."""
    for q in await CouponQuota.all().values("id", "kind", "remaining"):
        assert await money.account_balance(money.quota(q["id"], q["kind"])) == q["remaining"], q
    for c in await Coupon.all().values("id", "remaining"):
        assert await money.account_balance(money.coupon(c["id"])) == c["remaining"], c


@pytest_asyncio.fixture(autouse=True)
async def frozen_clock_and_ledger_check(world: World) -> AsyncIterator[list]:
    with clock.frozen(T0) as cell:
        yield cell
        await assert_ledger_ok()
        await assert_accounts_match()


@pytest.fixture
def now_cell(frozen_clock_and_ledger_check: list) -> list:
    return frozen_clock_and_ledger_check


async def _quota(qid: int) -> dict:
    return await CouponQuota.get(id=qid).values()


async def _coupon(cid: int) -> dict:
    return await Coupon.get(id=cid).values()


# --------------------------------------------------------------------------- quotas


async def test_only_vendor_finance_grants_quota(world: World) -> None:
    for who in ("a_admin", "a_fin", "pdm"):
        v = await viewer_of(world, who)
        result = await outcome(
            coupons.grant_quota(
                v,
                coupons.QuotaDraft(world.orgs["a"], CouponKind.CASH, D("10"), None, T0 + timedelta(days=5)),
            )
        )
        assert isinstance(result, list) and result[0].code is ErrorCode.FORBIDDEN
    assert await CouponQuota.all().count() == 0
    qid = await grant(world, amount="500.00")
    q = await _quota(qid)
    assert (q["amount"], q["remaining"], q["state"]) == (D("500.00"), D("500.00"), QuotaState.NORMAL)
    src = await LedgerAccount.get(
        owner_type=OwnerType.ORG, owner_id=world.orgs["a"], purpose=AccountPurpose.QUOTA_SOURCE
    )
    assert src.balance == D("-500.00")
    ops = await CouponOperation.filter(quota_id=qid).values_list("kind", flat=True)
    assert ops == [CouponOperationKind.QUOTA_GRANT]


async def test_grant_validates_amount_and_validity(world: World) -> None:
    v = await viewer_of(world, "vfin")
    cases = [
        (D("0"), T0 + timedelta(days=1), ErrorCode.NOT_POSITIVE),
        # The one amount rule (core.money): below 0 where a positive amount is due is NOT_POSITIVE.
        (D("-1"), T0 + timedelta(days=1), ErrorCode.NOT_POSITIVE),
        (D("1.005"), T0 + timedelta(days=1), ErrorCode.TOO_MANY_DECIMALS),
        (D("10"), T0 - timedelta(days=1), ErrorCode.INVALID_VALIDITY),
    ]
    for amount, until, code in cases:
        result = await outcome(
            coupons.grant_quota(v, coupons.QuotaDraft(world.orgs["a"], CouponKind.CASH, amount, None, until))
        )
        assert isinstance(result, list) and result[0].code is code, (amount, result)
    assert await CouponQuota.all().count() == 0


async def test_issuing_consumes_quota_and_reclaim_gives_it_back(world: World) -> None:
    qid = await grant(world, amount="300.00")
    [cid] = await issue(world, qid, ["a_m1"], face="120.00")
    assert (await _quota(qid))["remaining"] == D("180.00")
    c = await _coupon(cid)
    assert (c["state"], c["remaining"], c["kind"]) == (CouponState.USABLE, D("120.00"), CouponKind.CASH)
    admin = await viewer_of(world, "a_admin")
    assert await outcome(coupons.reclaim_coupon(admin, cid)) == cid
    assert (await _coupon(cid))["state"] == CouponState.RECLAIMED
    assert (await _quota(qid))["remaining"] == D("300.00")
    again = await outcome(coupons.reclaim_coupon(admin, cid))
    assert isinstance(again, list) and again[0].code is ErrorCode.INVALID_STATE
    assert (await _quota(qid))["remaining"] == D("300.00")
    kinds = await CouponOperation.filter(coupon_id=cid).order_by("id").values_list("kind", flat=True)
    assert kinds == [CouponOperationKind.ISSUE, CouponOperationKind.RECLAIM]


async def test_issue_reports_each_customer(world: World) -> None:
    await Customer.filter(id=world.customers["a_m2"]).update(association_type="CONSULTING")
    qid = await grant(world, amount="250.00")
    v = await viewer_of(world, "a_admin")
    ids = [
        world.customers["a_m1"],  # ok
        world.customers["b_m1"],  # another partner's customer: unknown to the issuer
        world.customers["a_m2"],  # consulting sale
        world.customers["a_m1"],  # twice
        world.customers["a_m3"],  # ok
        world.customers["r_m1"],  # the reseller's customer: not the issuer's
        999_999,  # unknown
    ]
    result = await outcome(
        coupons.issue_coupons(v, coupons.CouponDraft(quota_id=qid, customer_ids=ids, face_value=D("100")))
    )
    assert isinstance(result, list)
    got = [(r.coupon_id is not None, r.failure) for r in result]
    assert got == [
        (True, None),
        (False, IssueFailure.NOT_FOUND),
        (False, IssueFailure.WRONG_ASSOCIATION_TYPE),
        (False, IssueFailure.DUPLICATE),
        (True, None),
        (False, IssueFailure.NOT_FOUND),
        (False, IssueFailure.NOT_FOUND),
    ]
    # 250 left 50 after two coupons: a third customer fails on quota, the first two stay issued.
    third = await outcome(
        coupons.issue_coupons(
            v, coupons.CouponDraft(quota_id=qid, customer_ids=[world.customers["a_m1"]], face_value=D("100"))
        )
    )
    assert [r.failure for r in third] == [IssueFailure.QUOTA_INSUFFICIENT]  # type: ignore[union-attr]
    assert (await _quota(qid))["remaining"] == D("50.00")
    assert await Coupon.all().count() == 2


async def test_issue_rules(world: World) -> None:
    qid = await grant(world, amount="1000.00", days=30, scope=[CloudService.ECS, CloudService.EVS])
    v = await viewer_of(world, "a_fin")
    cust = [world.customers["a_m1"]]

    async def code(**kw) -> ErrorCode:  # type: ignore[no-untyped-def]
        base = {"quota_id": qid, "customer_ids": cust, "face_value": D("10")}
        base.update(kw)
        result = await outcome(coupons.issue_coupons(v, coupons.CouponDraft(**base)))
        assert isinstance(result, list) and hasattr(result[0], "code"), result
        return result[0].code  # type: ignore[union-attr]

    assert await code(face_value=D("0")) is ErrorCode.NOT_POSITIVE
    assert await code(valid_until=T0 + timedelta(days=31)) is ErrorCode.INVALID_VALIDITY
    assert await code(product_scope=[CloudService.EIP]) is ErrorCode.PRODUCT_SCOPE_NOT_ALLOWED
    assert await code(product_scope=[]) is ErrorCode.PRODUCT_SCOPE_NOT_ALLOWED  # "every product" is wider
    assert await code(memo="x" * 201) is ErrorCode.TOO_LONG
    assert await code(customer_ids=[]) is ErrorCode.BLANK
    # Account managers and other partners cannot issue from it.
    for who in ("a_m1", "b_admin", "r_admin"):
        other = await viewer_of(world, who)
        result = await outcome(
            coupons.issue_coupons(
                other, coupons.CouponDraft(quota_id=qid, customer_ids=cust, face_value=D("10"))
            )
        )
        assert isinstance(result, list) and result[0].code in (ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN)
    assert await Coupon.all().count() == 0
    # A coupon starting later is not activated yet.
    [cid] = await issue(world, qid, ["a_m1"], face="10.00", valid_from=T0 + timedelta(days=2))
    assert (await _coupon(cid))["state"] == CouponState.NOT_ACTIVATED
    assert (await _coupon(cid))["product_scope"] == ",ECS,EVS,"


async def test_frozen_and_adjusting_quotas(world: World) -> None:
    qid = await grant(world, amount="200.00")
    vfin = await viewer_of(world, "vfin")
    admin = await viewer_of(world, "a_admin")
    assert await outcome(coupons.set_quota_frozen(vfin, qid, True)) == qid
    result = await outcome(
        coupons.issue_coupons(
            admin,
            coupons.CouponDraft(quota_id=qid, customer_ids=[world.customers["a_m1"]], face_value=D("10")),
        )
    )
    assert isinstance(result, list) and result[0].code is ErrorCode.QUOTA_NOT_USABLE  # type: ignore[union-attr]
    assert (await outcome(coupons.set_quota_frozen(admin, qid, False)))[0].code is ErrorCode.FORBIDDEN  # type: ignore[index]
    assert await outcome(coupons.set_quota_frozen(vfin, qid, False)) == qid
    await issue(world, qid, ["a_m1"], face="150.00")
    below = await outcome(coupons.adjust_quota(vfin, qid, D("100.00")))
    assert isinstance(below, list) and below[0].code is ErrorCode.QUOTA_BELOW_USED
    q = await _quota(qid)
    assert (q["amount"], q["remaining"], q["state"]) == (D("200.00"), D("50.00"), QuotaState.NORMAL)
    assert await outcome(coupons.adjust_quota(vfin, qid, D("400.00"))) == qid
    assert (await _quota(qid))["remaining"] == D("250.00")
    assert await outcome(coupons.adjust_quota(vfin, qid, D("150.00"))) == qid
    q = await _quota(qid)
    assert (q["amount"], q["remaining"]) == (D("150.00"), D("0.00"))


async def test_sub_quota_and_its_reclaim(world: World) -> None:
    parent = await grant(world, kind=CouponKind.VOUCHER, amount="1000.00")
    admin = await viewer_of(world, "a_admin")
    sub = await outcome(coupons.grant_sub_quota(admin, parent, world.orgs["r"], D("400.00")))
    assert isinstance(sub, int)
    assert (await _quota(parent))["remaining"] == D("600.00")
    s = await _quota(sub)
    assert (s["partner_id"], s["parent_id"], s["kind"], s["remaining"]) == (
        world.orgs["r"], parent, CouponKind.VOUCHER, D("400.00"),
    )  # fmt: skip
    # Not a reseller of the distributor, more than is left, somebody else's quota.
    not_mine = await outcome(coupons.grant_sub_quota(admin, parent, world.orgs["b"], D("1")))
    assert isinstance(not_mine, list) and not_mine[0].code is ErrorCode.NOT_YOUR_RESELLER
    too_much = await outcome(coupons.grant_sub_quota(admin, parent, world.orgs["r"], D("600.01")))
    assert isinstance(too_much, list) and too_much[0].code is ErrorCode.QUOTA_INSUFFICIENT
    r_admin = await viewer_of(world, "r_admin")
    not_holder = await outcome(coupons.grant_sub_quota(r_admin, parent, world.orgs["r"], D("1")))
    assert isinstance(not_holder, list) and not_holder[0].code is ErrorCode.NOT_FOUND
    # The reseller issues from its sub-quota to its own customer.
    [cid] = await issue(world, sub, ["r_m1"], face="100.00", issuer="r_admin")
    assert (await _quota(sub))["remaining"] == D("300.00")
    # Only the distributor reclaims; the remaining 300 goes back to the parent.
    refused = await outcome(coupons.reclaim_sub_quota(r_admin, sub))
    assert isinstance(refused, list) and refused[0].code is ErrorCode.FORBIDDEN
    assert await outcome(coupons.reclaim_sub_quota(admin, sub)) == sub
    s = await _quota(sub)
    assert (s["state"], s["remaining"]) == (QuotaState.RECLAIMED, D("0.00"))
    assert (await _quota(parent))["remaining"] == D("900.00")
    # The coupon issued from it stays; reclaiming it later returns through to the parent.
    assert (await _coupon(cid))["state"] == CouponState.USABLE
    assert await outcome(coupons.reclaim_coupon(r_admin, cid)) == cid
    assert (await _quota(parent))["remaining"] == D("1000.00")
    assert (await _quota(sub))["remaining"] == D("0.00")


async def test_expiry_job_is_idempotent(world: World, now_cell: list) -> None:
    cash_q = await grant(world, kind=CouponKind.CASH, amount="500.00", days=60)
    voucher_q = await grant(world, kind=CouponKind.VOUCHER, amount="300.00", days=60)
    admin = await viewer_of(world, "a_admin")
    sub = await outcome(coupons.grant_sub_quota(admin, cash_q, world.orgs["r"], D("100.00")))
    assert isinstance(sub, int)
    [early] = await issue(world, cash_q, ["a_m1"], face="50.00", valid_until=T0 + timedelta(days=10))
    [late] = await issue(world, cash_q, ["a_m1"], face="70.00", valid_from=T0 + timedelta(days=5))
    await issue(world, voucher_q, ["a_m1"], face="30.00", valid_until=T0 + timedelta(days=10))
    await Coupon.filter(id=early).update(remaining=D("20.00"), spent=D("30.00"))  # as if spent 30
    await _spend_in_ledger(early, D("30.00"), world.orgs["a"])
    # Day 6: the late coupon becomes usable, nothing expires.
    clock.advance(now_cell, timedelta(days=6))
    assert await run_job("coupons-expiry") == {"activated": 1, "coupons_expired": 0, "quotas_expired": 0}
    assert (await _coupon(late))["state"] == CouponState.USABLE
    # Day 11: both short coupons expire; unused value returns to the quotas.
    clock.advance(now_cell, timedelta(days=5))
    assert await run_job("coupons-expiry") == {"activated": 0, "coupons_expired": 2, "quotas_expired": 0}
    assert await run_job("coupons-expiry") == {"activated": 0, "coupons_expired": 0, "quotas_expired": 0}
    assert (await _coupon(early))["state"] == CouponState.EXPIRED
    assert (await _quota(cash_q))["remaining"] == D("500.00") - D("100.00") - D("50.00") - D("70.00") + D(
        "20.00"
    )
    assert (await _quota(voucher_q))["remaining"] == D("300.00")
    # Day 61: the quotas and the live coupon expire; sub-quota back to the parent, all back to the vendor.
    clock.advance(now_cell, timedelta(days=50))
    first = await run_job("coupons-expiry")
    assert first == {"activated": 0, "coupons_expired": 1, "quotas_expired": 3}
    assert await run_job("coupons-expiry") == {"activated": 0, "coupons_expired": 0, "quotas_expired": 0}
    for qid in (cash_q, voucher_q, sub):
        q = await _quota(qid)
        assert (q["state"], q["remaining"]) == (QuotaState.INVALID, D("0.00"))
    src = await money.account_balance(money.quota_source(world.orgs["a"]))
    assert src == D("-30.00")  # only what the customer really spent left the vendor's quota source


async def _spend_in_ledger(coupon_id: int, amount: Decimal, partner_id: int) -> None:
    """What a payment does to a coupon's account (used to set up a partly spent coupon)."""
    from tortoise.transactions import in_transaction

    from partnercenter.ledger.enums import TransactionKind

    async with in_transaction():
        await money.post(
            TransactionKind.COUPON_REDEEM,
            [(money.coupon(coupon_id), -amount), (money.revenue(partner_id), amount)],
            actor_user_id=None,
            idempotency_key=f"test-spend:{coupon_id}",
            reference=("Coupon", coupon_id),
        )


async def test_signing_entity_change_returns_cash_coupons_only(world: World) -> None:
    cash_q = await grant(world, kind=CouponKind.CASH, amount="300.00")
    voucher_q = await grant(world, kind=CouponKind.VOUCHER, amount="300.00")
    [cash] = await issue(world, cash_q, ["a_m1"], face="80.00")
    [other_customer] = await issue(world, cash_q, ["a_m2"], face="40.00")
    [voucher] = await issue(world, voucher_q, ["a_m1"], face="60.00")
    customer = world.customers["a_m1"]
    assert await coupons.change_signing_entity(customer, coupons.DEFAULT_SIGNING_ENTITY) == 0  # no change
    assert await coupons.change_signing_entity(customer, "华为云计算技术(香港)有限公司") == 1
    assert await coupons.current_signing_entity(customer) == "华为云计算技术(香港)有限公司"
    assert (await _coupon(cash))["state"] == CouponState.RECLAIMED
    assert (await _coupon(voucher))["state"] == CouponState.USABLE
    assert (await _coupon(other_customer))["state"] == CouponState.USABLE
    assert (await _quota(cash_q))["remaining"] == D("260.00")
    ops = await CouponOperation.filter(coupon_id=cash).order_by("id").values_list("kind", flat=True)
    assert ops[-1] == CouponOperationKind.SIGNING_ENTITY_RETURN
    assert await coupons.change_signing_entity(customer, "华为云计算技术(香港)有限公司") == 0


async def test_unbinding_reclaims_the_partners_vouchers(world: World) -> None:
    cash_q = await grant(world, kind=CouponKind.CASH, amount="300.00")
    voucher_q = await grant(world, kind=CouponKind.VOUCHER, amount="300.00")
    [cash] = await issue(world, cash_q, ["a_m1"], face="80.00")
    [voucher] = await issue(world, voucher_q, ["a_m1"], face="60.00")
    [elsewhere] = await issue(world, voucher_q, ["a_m2"], face="60.00")
    from tortoise.transactions import in_transaction

    async with in_transaction():  # the association slice runs the hooks inside its unbind transaction
        await run_unbind_hooks(world.customers["a_m1"], world.orgs["a"], world.users["a_admin"])
    assert (await _coupon(voucher))["state"] == CouponState.RECLAIMED
    assert (await _coupon(cash))["state"] == CouponState.USABLE
    assert (await _coupon(elsewhere))["state"] == CouponState.USABLE
    assert (await _quota(voucher_q))["remaining"] == D("240.00")


async def test_grant_and_issue_notify_without_personal_data(world: World) -> None:
    from partnercenter.messages.enums import MessageKind
    from partnercenter.messages.models import Message

    qid = await grant(world, amount="100.00")
    granted = await Message.filter(kind=MessageKind.QUOTA_GRANTED).values(
        "recipient_id", "record_type", "params"
    )
    assert {m["recipient_id"] for m in granted} == {world.users["a_admin"], world.users["a_fin"]}
    assert granted[0]["record_type"] == "CouponQuota"
    [cid] = await issue(world, qid, ["a_m1"], face="10.00", memo="内部")
    issued = await Message.filter(kind=MessageKind.COUPON_ISSUED).values(
        "recipient_id", "record_pk", "params"
    )
    assert issued == [
        {
            "recipient_id": world.users["cust_user"],
            "record_pk": cid,
            "params": {"kind": "CASH", "amount": "10.00", "currency": "CNY"},
        }
    ]


async def test_concurrent_issues_never_overdraw_a_quota(world: World) -> None:
    """30 issues at once from a quota that holds 10: exactly 10 coupons, the quota at 0, ledger whole."""
    import asyncio

    qid = await grant(world, amount="100.00")
    admin = await viewer_of(world, "a_admin")
    customers = [world.customers[k] for k in ("a_m1", "a_m2", "a_m3")]

    async def one(i: int) -> list:
        return await outcome(
            coupons.issue_coupons(  # type: ignore[return-value]
                admin,
                coupons.CouponDraft(quota_id=qid, customer_ids=[customers[i % 3]], face_value=D("10.00")),
            )
        )

    results = await asyncio.gather(*(one(i) for i in range(30)))
    issued = [r[0].coupon_id for r in results if r[0].coupon_id]
    assert len(issued) == 10
    assert sum(1 for r in results if r[0].failure is IssueFailure.QUOTA_INSUFFICIENT) == 20
    assert (await _quota(qid))["remaining"] == D("0.00")
    assert await Coupon.all().count() == 10
