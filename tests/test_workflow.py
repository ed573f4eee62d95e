"""Workflows (core/workflow.py): transitions as data applied with a compare-and-set, refused from the
wrong state or by the wrong actor without changing anything, history and event in the same
transaction, deadlines (hours and working days across the year end) fired once by the sweeper.
The subject is the association request table (state + nullable expires_at as its due column)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
import pytest_asyncio
from tortoise.transactions import in_transaction

from partnercenter.accounts.enums import Role
from partnercenter.association.enums import RequestInitiator, RequestKind, RequestState
from partnercenter.association.models import AssociationRequest
from partnercenter.core import clock
from partnercenter.core import workflow as wf
from partnercenter.core.calendar import business_date
from partnercenter.core.context import Viewer
from partnercenter.core.errors import DomainErrors, ErrorCode
from partnercenter.core.models import OutboxEvent, WorkflowHistory
from partnercenter.customers.enums import AssociationType
from partnercenter.jobs import run_job
from partnercenter.seed.sharing import seed_calendar
from tests.factories import World

S = RequestState
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in China


def _customer_answers(actor: Viewer, row: object) -> bool:
    return actor.role == Role.CUSTOMER_USER and actor.customer_id == getattr(row, "customer_id", None)


REQUESTS = wf.Workflow(
    "test_request",
    AssociationRequest,
    RequestState,
    [
        wf.Transition("CONFIRM", {S.PENDING}, S.CONFIRMED, by=_customer_answers),
        wf.Transition("DECLINE", {S.PENDING}, S.DECLINED, by=_customer_answers, reason_required=True),
        wf.Transition("APPROVE", {S.PENDING}, S.APPROVED, by={Role.PARTNER_ADMIN}),
        wf.Transition("EXPIRE", {S.PENDING}, S.EXPIRED, system=True),
    ],
    {S.PENDING: wf.Deadline(hours=72, fire="EXPIRE")},
    due_field="expires_at",
)
WORKING = wf.Workflow(
    "test_request_wd",
    AssociationRequest,
    RequestState,
    [
        wf.Transition("REOPEN", {S.DECLINED}, S.PENDING, by={Role.PARTNER_ADMIN}),
        wf.Transition("EXPIRE", {S.PENDING}, S.EXPIRED, system=True),
    ],
    {S.PENDING: wf.Deadline(working_days=10, fire="EXPIRE")},
    due_field="expires_at",
)


@pytest.fixture(autouse=True)
def only_test_workflows() -> Iterator[None]:
    """The subject table has its own registered workflow (association requests): the sweeper sees
    only the workflows these tests register."""
    saved = wf.registered_workflows()
    for name in saved:
        wf.unregister(name)
    yield
    for workflow in saved.values():
        wf.register(workflow)


@pytest_asyncio.fixture
async def registered() -> AsyncIterator[None]:
    wf.register(REQUESTS)
    yield
    wf.unregister(REQUESTS.name)


async def _request(w: World, state: S = S.PENDING, expires_at: datetime | None = None) -> int:
    r = await AssociationRequest.create(
        customer_id=w.customers["a_m1"],
        partner_id=w.orgs["a"],
        kind=RequestKind.UNBIND,
        initiator=RequestInitiator.PARTNER,
        state=state,
        from_type=AssociationType.RESALE,
        requested_by_id=w.users["a_admin"],
        requested_at=NOW,
        expires_at=expires_at,
    )
    return int(r.id)


def _customer(w: World) -> Viewer:
    return Viewer(
        org_id=w.orgs["a"],
        role=Role.CUSTOMER_USER,
        user_id=w.users["cust_user"],
        customer_id=w.customers["a_m1"],
    )


def _admin(w: World) -> Viewer:
    return Viewer(org_id=w.orgs["a"], role=Role.PARTNER_ADMIN, user_id=w.users["a_admin"])


def _codes(exc: pytest.ExceptionInfo[DomainErrors]) -> list[str]:
    return [e.code.value for e in exc.value.errors]


def test_definition_is_checked() -> None:
    with pytest.raises(ValueError):
        wf.Deadline(fire="EXPIRE")
    with pytest.raises(ValueError):  # the timeout transition must be a system transition
        wf.Workflow(
            "bad",
            AssociationRequest,
            RequestState,
            [wf.Transition("EXPIRE", {S.PENDING}, S.EXPIRED)],
            {S.PENDING: wf.Deadline(hours=1, fire="EXPIRE")},
        )


def test_available_actions_is_pure_and_per_actor() -> None:
    row = SimpleNamespace(customer_id=7, state=S.PENDING)  # any row-like object: no query
    customer = Viewer(org_id=1, role=Role.CUSTOMER_USER, user_id=3, customer_id=7)
    other = Viewer(org_id=1, role=Role.CUSTOMER_USER, user_id=4, customer_id=8)
    admin = Viewer(org_id=1, role=Role.PARTNER_ADMIN, user_id=5)
    assert wf.available_actions(REQUESTS, S.PENDING, customer, row) == ["CONFIRM", "DECLINE"]
    assert wf.available_actions(REQUESTS, S.PENDING, other, row) == []
    assert wf.available_actions(REQUESTS, S.PENDING, admin, row) == ["APPROVE"]
    assert wf.available_actions(REQUESTS, S.PENDING, wf.SYSTEM, row) == ["EXPIRE"]
    assert wf.available_actions(REQUESTS, S.CONFIRMED, customer, row) == []


async def test_fire_moves_the_state_and_writes_history_and_event(world: World) -> None:
    rid = await _request(world)
    with clock.frozen(NOW):
        fired = await wf.fire(REQUESTS, rid, "CONFIRM", _customer(world), payload={"note": "ok"})
    assert (fired.from_state, fired.to_state, fired.due_at) == ("PENDING", "CONFIRMED", None)
    row = await AssociationRequest.get(id=rid)
    assert row.state == S.CONFIRMED and row.expires_at is None
    h = await WorkflowHistory.get(id=fired.history_id)
    assert (h.workflow, h.record_id, h.transition, h.from_state, h.to_state) == (
        "test_request",
        rid,
        "CONFIRM",
        "PENDING",
        "CONFIRMED",
    )
    assert h.actor_id == world.users["cust_user"] and h.payload == {"note": "ok"} and h.at == NOW
    ev = await OutboxEvent.get(id=fired.event_id)
    assert (ev.kind, ev.aggregate_type, ev.aggregate_id) == ("test_request.confirm", "test_request", str(rid))
    assert ev.payload["from"] == "PENDING" and ev.payload["to"] == "CONFIRMED"


async def test_extra_updates_go_in_the_same_statement(world: World) -> None:
    rid = await _request(world)
    with clock.frozen(NOW):
        await wf.fire(
            REQUESTS,
            rid,
            "APPROVE",
            _admin(world),
            extra_updates={"decided_at": NOW, "decided_by_id": world.users["a_admin"]},
        )
    row = await AssociationRequest.get(id=rid)
    assert row.state == S.APPROVED and row.decided_at == NOW and row.decided_by_id == world.users["a_admin"]


async def test_wrong_state_wrong_actor_and_missing_reason_change_nothing(world: World) -> None:
    rid = await _request(world, state=S.CONFIRMED)
    with pytest.raises(DomainErrors) as exc:
        await wf.fire(REQUESTS, rid, "APPROVE", _admin(world))
    assert _codes(exc) == [ErrorCode.INVALID_STATE]
    pending = await _request(world)
    with pytest.raises(DomainErrors) as exc:  # a partner admin cannot answer for the customer
        await wf.fire(REQUESTS, pending, "CONFIRM", _admin(world))
    assert _codes(exc) == [ErrorCode.FORBIDDEN]
    with pytest.raises(DomainErrors) as exc:  # only the system expires
        await wf.fire(REQUESTS, pending, "EXPIRE", _admin(world))
    assert _codes(exc) == [ErrorCode.FORBIDDEN]
    with pytest.raises(DomainErrors) as exc:
        await wf.fire(REQUESTS, pending, "DECLINE", _customer(world), reason="  ")
    assert _codes(exc) == [ErrorCode.BLANK] and exc.value.errors[0].field == "reason"
    with pytest.raises(DomainErrors) as exc:
        await wf.fire(REQUESTS, 999999, "APPROVE", _admin(world))
    assert _codes(exc) == [ErrorCode.NOT_FOUND]
    states = await AssociationRequest.all().order_by("id").values_list("state", flat=True)
    assert list(states) == [S.CONFIRMED, S.PENDING]
    assert await WorkflowHistory.all().count() == 0 and await OutboxEvent.all().count() == 0


async def test_a_stale_row_loses_the_compare_and_set(world: World) -> None:
    rid = await _request(world)
    stale = await AssociationRequest.get(id=rid)  # read while PENDING
    await wf.fire(REQUESTS, rid, "APPROVE", _admin(world))
    with pytest.raises(DomainErrors) as exc:  # the caller's copy says PENDING; the row does not
        await wf.fire(REQUESTS, rid, "CONFIRM", _customer(world), row=stale)
    assert _codes(exc) == [ErrorCode.INVALID_STATE]
    assert (await AssociationRequest.get(id=rid)).state == S.APPROVED
    assert await WorkflowHistory.filter(record_id=rid).count() == 1


async def test_concurrent_transitions_exactly_one_wins(world: World) -> None:
    rid = await _request(world)

    async def attempt(name: str, actor: Viewer) -> str:
        try:
            await wf.fire(REQUESTS, rid, name, actor, reason="because")
            return "won"
        except DomainErrors as e:
            return e.errors[0].code.value

    results = await asyncio.gather(
        *(attempt(n, a) for n, a in [("CONFIRM", _customer(world)), ("APPROVE", _admin(world))] * 4)
    )
    assert results.count("won") == 1
    assert set(results) == {"won", ErrorCode.INVALID_STATE.value}
    assert await WorkflowHistory.filter(record_id=rid).count() == 1
    assert await OutboxEvent.filter(aggregate_id=str(rid)).count() == 1


async def test_history_and_event_roll_back_with_the_business_transaction(world: World) -> None:
    rid = await _request(world)
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await wf.fire(REQUESTS, rid, "APPROVE", _admin(world))
            assert await WorkflowHistory.all().count() == 1  # written in the caller's transaction
            raise RuntimeError("the caller fails after the transition")
    assert (await AssociationRequest.get(id=rid)).state == S.PENDING
    assert await WorkflowHistory.all().count() == 0 and await OutboxEvent.all().count() == 0


async def test_deadline_set_on_entry_and_fired_once_by_the_sweeper(world: World, registered: None) -> None:
    with clock.frozen(NOW) as cell:
        declined = await _request(world, state=S.DECLINED)
        rid = await _request(world, expires_at=NOW + timedelta(hours=72))
        clock.advance(cell, timedelta(hours=72))  # due, not yet past
        assert await run_job("workflow-deadlines") == {"expired": 0, "skipped": 0}
        clock.advance(cell, timedelta(seconds=1))
        assert await run_job("workflow-deadlines") == {"expired": 1, "skipped": 0}
        assert await run_job("workflow-deadlines") == {"expired": 0, "skipped": 0}  # a second run: nothing
    row = await AssociationRequest.get(id=rid)
    assert row.state == S.EXPIRED and row.expires_at is None
    h = await WorkflowHistory.get(record_id=rid)
    assert (h.transition, h.actor_id, h.at) == ("EXPIRE", None, NOW + timedelta(hours=72, seconds=1))
    assert (await AssociationRequest.get(id=declined)).state == S.DECLINED


async def test_concurrent_sweeps_fire_each_row_once(world: World, registered: None) -> None:
    ids = [await _request(world, expires_at=NOW) for _ in range(5)]
    with clock.frozen(NOW + timedelta(minutes=1)):
        results = await asyncio.gather(wf.sweep_deadlines(), wf.sweep_deadlines(), wf.sweep_deadlines())
    assert sum(r["expired"] for r in results) == 5
    assert await WorkflowHistory.filter(transition="EXPIRE").count() == 5
    assert await OutboxEvent.filter(kind="test_request.expire").count() == 5
    assert set(await AssociationRequest.filter(id__in=ids).values_list("state", flat=True)) == {S.EXPIRED}


async def test_entering_a_state_with_an_hours_deadline_sets_due_at(world: World) -> None:
    hours = wf.Workflow(
        "test_request_h",
        AssociationRequest,
        RequestState,
        [
            wf.Transition("REOPEN", {S.DECLINED}, S.PENDING, by={Role.PARTNER_ADMIN}),
            wf.Transition("EXPIRE", {S.PENDING}, S.EXPIRED, system=True),
        ],
        {S.PENDING: wf.Deadline(hours=72, fire="EXPIRE")},
        due_field="expires_at",
    )
    rid = await _request(world, state=S.DECLINED)
    with clock.frozen(NOW):
        fired = await wf.fire(hours, rid, "REOPEN", _admin(world))
    assert fired.due_at == NOW + timedelta(hours=72)
    assert (await AssociationRequest.get(id=rid)).expires_at == NOW + timedelta(hours=72)


async def test_ten_working_days_across_the_year_end(world: World) -> None:
    await seed_calendar()  # 2027 New Year: Fri 1 Jan to Sun 3 Jan off
    rid = await _request(world, state=S.DECLINED)
    monday = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)  # Mon 28 Dec 2026, 10:00 in China
    with clock.frozen(monday):
        fired = await wf.fire(WORKING, rid, "REOPEN", _admin(world))
    # 29, 30, 31 Dec (3), [1-3 Jan off], 4, 5, 6, 7, 8 Jan (8), 11, 12 Jan (10)
    assert fired.due_at is not None and business_date(fired.due_at) == date(2027, 1, 12)
    assert fired.due_at.isoformat() == "2027-01-12T15:59:59+00:00"
    assert (await AssociationRequest.get(id=rid)).expires_at == fired.due_at
    wf.register(WORKING)
    try:
        with clock.frozen(fired.due_at):
            assert await wf.sweep_deadlines() == {"expired": 0, "skipped": 0}  # still the 12th
        with clock.frozen(fired.due_at + timedelta(seconds=1)):
            assert await wf.sweep_deadlines() == {"expired": 1, "skipped": 0}
    finally:
        wf.unregister(WORKING.name)
    assert (await AssociationRequest.get(id=rid)).state == S.EXPIRED


async def test_a_transitions_updates_and_effect_apply_when_the_sweeper_fires_it(world: World) -> None:
    """A timeout fired by the sweeper does what the slice's own code does, in one transaction."""
    seen: list[tuple[int, str, str]] = []

    async def effect(record_id: int, row: object, fired: wf.Fired) -> None:
        seen.append((record_id, fired.from_state, fired.to_state))

    expiring = wf.Workflow(
        "test_request_fx",
        AssociationRequest,
        RequestState,
        [
            wf.Transition(
                "EXPIRE",
                {S.PENDING},
                S.EXPIRED,
                system=True,
                updates=lambda now: {"decided_at": now, "reason": "expired by the sweeper"},
                effect=effect,
            )
        ],
        {S.PENDING: wf.Deadline(hours=1, fire="EXPIRE")},
        due_field="expires_at",
    )
    wf.register(expiring)
    try:
        with clock.frozen(NOW) as cell:
            pk = await _request(world, expires_at=NOW + timedelta(hours=1))
            clock.advance(cell, timedelta(hours=2))
            assert (await wf.sweep_deadlines())["expired"] == 1
            assert (await wf.sweep_deadlines())["expired"] == 0
        row = await AssociationRequest.get(id=pk)
        assert row.state == S.EXPIRED and row.reason == "expired by the sweeper"
        assert row.decided_at == NOW + timedelta(hours=2)
        assert seen == [(pk, "PENDING", "EXPIRED")]
    finally:
        wf.unregister(expiring.name)


async def test_a_failing_effect_rolls_the_transition_back(world: World) -> None:
    async def effect(record_id: int, row: object, fired: wf.Fired) -> None:
        raise DomainErrors([])

    failing = wf.Workflow(
        "test_request_fail",
        AssociationRequest,
        RequestState,
        [wf.Transition("APPROVE", {S.PENDING}, S.APPROVED, by={Role.PARTNER_ADMIN}, effect=effect)],
    )
    admin = Viewer(org_id=world.orgs["a"], role=Role.PARTNER_ADMIN, user_id=world.users["a_admin"])
    with clock.frozen(NOW):
        pk = await _request(world)
        history = await WorkflowHistory.all().count()
        with pytest.raises(DomainErrors):
            await wf.fire(failing, pk, "APPROVE", admin)
    assert (await AssociationRequest.get(id=pk)).state == S.PENDING
    assert await WorkflowHistory.all().count() == history
