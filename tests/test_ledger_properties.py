"""Property-based (hypothesis) tests of the ledger through the funds rules: any sequence of
recharges, credit-line changes, disbursements, recoveries (customers and resellers) and retries
never breaks "entries sum to zero", "no balance below zero" or "balance = ledger sum", and every
balance equals a plain model of the rules (an operation that does not fit is refused, typed)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Coroutine
from decimal import Decimal
from typing import Any

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnercenter.accounts.enums import Role
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainError, DomainErrors, ErrorCode
from partnercenter.funds import service as funds
from partnercenter.funds.enums import AdjustmentOperation
from partnercenter.ledger import service as ledger
from partnercenter.ledger.enums import AccountPurpose, OwnerType
from partnercenter.ledger.models import LedgerAccount, LedgerEntry
from tests.conftest import truncate_all
from tests.factories import World, build_world
from tests.funds_factories import vendor_ctx

D = Decimal
ORGS = ["a", "b", "r"]
CUSTOMERS = {"a_m1": "a", "a_m2": "a", "b_m1": "b", "r_m1": "r"}
ADMINS = {"a": "a_admin", "b": "b_admin", "r": "r_admin"}

cents = st.integers(min_value=1, max_value=40_000).map(lambda c: D(c).scaleb(-2))
ops = st.one_of(
    st.tuples(st.just("recharge"), st.sampled_from(ORGS), cents),
    st.tuples(
        st.just("credit"), st.sampled_from(ORGS), st.integers(0, 40_000).map(lambda c: D(c).scaleb(-2))
    ),
    st.tuples(st.just("disburse"), st.sampled_from(sorted(CUSTOMERS)), cents),
    st.tuples(st.just("recover"), st.sampled_from(sorted(CUSTOMERS)), cents),
    st.tuples(st.just("rdisburse"), st.just("r"), cents),
    st.tuples(st.just("rrecover"), st.just("r"), cents),
    st.tuples(st.just("retry"), st.integers(0, 40), st.just(D(0))),
)


@pytest_asyncio.fixture
async def loop(app: object) -> AsyncIterator[asyncio.AbstractEventLoop]:
    yield asyncio.get_running_loop()


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any]) -> Any:
    return loop.run_until_complete(coro)


def _viewer(world: World, org: str) -> Viewer:
    resellers = (world.orgs["r"],) if org == "a" else ()
    return Viewer(
        org_id=world.orgs[org],
        role=Role.PARTNER_ADMIN,
        user_id=world.users[ADMINS[org]],
        reseller_org_ids=resellers,
    )


async def _scenario(sequence: list[tuple[str, Any, Decimal]]) -> None:
    await truncate_all()
    world = await build_world()
    ctx = vendor_ctx(world)
    funds_of = {o: D(0) for o in ORGS}
    credit_of = {o: D(0) for o in ORGS}
    cust_of = {c: D(0) for c in CUSTOMERS}
    sent: list[tuple[str, Any, Decimal, str, bool]] = []  # (kind, who, amount, key, succeeded)

    async def apply(kind: str, who: Any, amount: Decimal, key: str) -> bool:
        """Send one operation; check it against the model; update the model; True if it moved money."""
        if kind == "recharge":
            result = await _recharge(ctx, world.orgs[who], amount, key)
            assert not isinstance(result, list)
            funds_of[who] += amount
            return True
        if kind == "credit":
            result = await _credit(ctx, world.orgs[who], amount, key)
            delta = amount - credit_of[who]
            if funds_of[who] + delta < 0:
                assert isinstance(result, list) and result[0].code is ErrorCode.CREDIT_IN_USE
                return False
            assert not isinstance(result, list), result
            credit_of[who] = amount
            funds_of[who] += delta
            return True
        if kind in ("disburse", "recover"):
            org = CUSTOMERS[who]
            op = AdjustmentOperation.DISBURSE if kind == "disburse" else AdjustmentOperation.RECOVER
            result = await _move(_viewer(world, org), op, world.customers[who], None, amount, key)
            source = funds_of[org] if kind == "disburse" else cust_of[who]
            if amount > source:
                code = (
                    ErrorCode.INSUFFICIENT_DISBURSABLE
                    if kind == "disburse"
                    else ErrorCode.INSUFFICIENT_BALANCE
                )
                assert isinstance(result, list) and [e.code for e in result] == [code]
                return False
            assert not isinstance(result, list), result
            sign = 1 if kind == "disburse" else -1
            funds_of[org] -= sign * amount
            cust_of[who] += sign * amount
            return True
        # a reseller adjustment by the distributor
        op = AdjustmentOperation.DISBURSE if kind == "rdisburse" else AdjustmentOperation.RECOVER
        result = await _move(_viewer(world, "a"), op, None, world.orgs["r"], amount, key)
        source = funds_of["a"] if kind == "rdisburse" else funds_of["r"]
        if amount > source:
            code = (
                ErrorCode.INSUFFICIENT_DISBURSABLE if kind == "rdisburse" else ErrorCode.INSUFFICIENT_BALANCE
            )
            assert isinstance(result, list) and [e.code for e in result] == [code]
            return False
        assert not isinstance(result, list), result
        sign = 1 if kind == "rdisburse" else -1
        funds_of["a"] -= sign * amount
        funds_of["r"] += sign * amount
        return True

    for step, (kind, who, amount) in enumerate(sequence):
        if kind != "retry":
            key = f"k{step}"
            sent.append((kind, who, amount, key, await apply(kind, who, amount, key)))
            continue
        if not sent:
            continue
        i = who % len(sent)
        r_kind, r_who, r_amount, r_key, succeeded = sent[i]
        if not succeeded:  # a refused operation moved nothing: its retry is a fresh attempt
            sent[i] = (r_kind, r_who, r_amount, r_key, await apply(r_kind, r_who, r_amount, r_key))
            continue
        before = (dict(funds_of), dict(credit_of), dict(cust_of))
        if r_kind == "recharge":
            replay: Any = await _recharge(ctx, world.orgs[r_who], r_amount, r_key)
        elif r_kind == "credit":
            replay = await _credit(ctx, world.orgs[r_who], r_amount, r_key)
        elif r_kind in ("disburse", "recover"):
            op = AdjustmentOperation.DISBURSE if r_kind == "disburse" else AdjustmentOperation.RECOVER
            replay = await _move(
                _viewer(world, CUSTOMERS[r_who]), op, world.customers[r_who], None, r_amount, r_key
            )
        else:
            op = AdjustmentOperation.DISBURSE if r_kind == "rdisburse" else AdjustmentOperation.RECOVER
            replay = await _move(_viewer(world, "a"), op, None, world.orgs["r"], r_amount, r_key)
        assert not isinstance(replay, list) and replay.replayed, replay
        assert (funds_of, credit_of, cust_of) == before
    # the three invariants, and the model
    assert await ledger.verify_ledger() == []
    for acc in await LedgerAccount.all():
        assert acc.allow_negative or acc.balance >= 0
        total = sum(
            (e for e in await LedgerEntry.filter(account_id=acc.id).values_list("amount", flat=True)), D(0)
        )
        assert acc.balance == total
    for o in ORGS:
        assert await ledger.balance(OwnerType.ORG, world.orgs[o], AccountPurpose.PARTNER_FUNDS) == funds_of[o]
        figures = (await funds.accounts_overview([world.orgs[o]]))[world.orgs[o]]
        assert (
            figures.account_balance
            == figures.recharge_balance + figures.credit_balance - figures.disbursed_amount
        )
        assert figures.credit_balance == credit_of[o]
    for c in CUSTOMERS:
        assert await funds.customer_balances([world.customers[c]]) == {world.customers[c]: cust_of[c]}
    # money is never created or lost: everything in the partner world came from the sources
    sources = sum(
        (a.balance for a in await LedgerAccount.filter(allow_negative=True)),
        D(0),
    )
    assert -sources == sum(funds_of.values(), D(0)) + sum(cust_of.values(), D(0))


async def _errors_as_list(call: Awaitable[Any]) -> Any:
    """The service raises DomainErrors; the model compares its errors as a list."""
    try:
        return await call
    except DomainErrors as exc:
        return exc.errors


async def _recharge(ctx: Any, org_id: int, amount: Decimal, key: str) -> Any:
    return await _errors_as_list(funds.recharge(ctx, org_id, amount, idempotency_key=key))


async def _credit(ctx: Any, org_id: int, amount: Decimal, key: str) -> Any:
    return await _errors_as_list(funds.set_credit_line(ctx, org_id, amount, idempotency_key=key))


async def _move(
    viewer: Viewer,
    op: AdjustmentOperation,
    customer: int | None,
    reseller: int | None,
    amount: Decimal,
    key: str,
) -> funds.MoveResult | list[DomainError]:
    return await _errors_as_list(  # type: ignore[no-any-return]
        funds.move(viewer, op, customer_id=customer, reseller_id=reseller, amount=amount, idempotency_key=key)
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=st.lists(ops, min_size=1, max_size=30))
def test_random_operation_sequences_keep_the_ledger_sound(
    loop: asyncio.AbstractEventLoop, sequence: list[tuple[str, Any, Decimal]]
) -> None:
    run(loop, _scenario(sequence))


@pytest.mark.asyncio
async def test_a_known_tricky_sequence(app: object) -> None:
    """Credit cut exactly to what is used, recover everything, retries of refused operations."""
    await _scenario(
        [
            ("credit", "a", D("100.00")),
            ("disburse", "a_m1", D("100.00")),
            ("credit", "a", D("0.00")),  # refused: all used
            ("recover", "a_m1", D("100.00")),
            ("credit", "a", D("0.00")),
            ("disburse", "a_m1", D("0.01")),  # refused: nothing left
            ("retry", 5, D(0)),
            ("recharge", "a", D("5.00")),
            ("rdisburse", "r", D("5.00")),
            ("rrecover", "r", D("5.01")),
            ("disburse", "r_m1", D("5.00")),
            ("rrecover", "r", D("0.01")),
            ("retry", 8, D(0)),
        ]
    )
