"""Association requests on the platform workflow (core/workflow): each answer is a compare-and-set
transition with a history row and an outbox event, and the one deadline sweeper
(`workflow-deadlines`) expires an unanswered request exactly like the `association-expire` job."""

from __future__ import annotations

from datetime import timedelta

from partnercenter.association.models import AssociationLogEntry, AssociationRequest
from partnercenter.core import clock
from partnercenter.core.models import OutboxEvent, WorkflowHistory
from partnercenter.jobs import run_job
from partnercenter.messages.models import Message
from tests.association_factories import APPROVE, CONFIRM, CREATE, UNBIND_ASK, at, payload, run
from tests.factories import World


def _cust(w: World) -> str:
    return w.gid("Customer", w.customers["a_m1"])


async def _history(request_pk: int) -> list[tuple[str, str, str, int | None]]:
    rows = await WorkflowHistory.filter(workflow="association_request", record_id=request_pk).order_by("id")
    return [(h.transition, h.from_state, h.to_state, h.actor_id) for h in rows]


async def test_an_answer_is_a_workflow_transition_with_history_and_event(client, world: World) -> None:
    created = payload(await run(client, world, "a_admin", CREATE, {"c": _cust(world), "k": "SWITCH_TYPE"}))
    answered = payload(await run(client, world, "cust_user", CONFIRM, {"r": created["request"]["id"]}))
    assert answered["userErrors"] == [] and answered["request"]["state"] == "CONFIRMED"
    # The confirmation window stays shown once answered.
    assert answered["request"]["expiresAt"] == created["request"]["expiresAt"]
    stored = await AssociationRequest.get()
    assert await _history(stored.id) == [("CONFIRM", "PENDING", "CONFIRMED", world.users["cust_user"])]
    events = await OutboxEvent.filter(aggregate_type="association_request").values_list("kind", flat=True)
    assert events == ["association_request.confirm"]


async def test_the_deadline_sweeper_expires_like_the_association_job_once(client, world: World) -> None:
    with clock.frozen(at(2026, 3, 1)) as cell:
        created = payload(
            await run(client, world, "a_admin", CREATE, {"c": _cust(world), "k": "SWITCH_TYPE"})
        )
        assert created["userErrors"] == []
        clock.advance(cell, timedelta(days=7, seconds=1))
        first = await run_job("workflow-deadlines")
        second = await run_job("workflow-deadlines")
        assert await run_job("association-expire") == {"expired": 0}
    assert first["expired"] >= 1 and second["expired"] == 0
    stored = await AssociationRequest.get(initiator="PARTNER")
    assert (stored.state, stored.decided_by_id) == ("EXPIRED", None)
    assert stored.expires_at is not None  # the window is still shown
    assert await _history(stored.id) == [("EXPIRE", "PENDING", "EXPIRED", None)]
    actions = (
        await AssociationLogEntry.filter(request_id=stored.id).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["SWITCH_REQUESTED", "EXPIRED"]
    kinds = await Message.filter(recipient_id=world.users["a_admin"]).values_list("kind", flat=True)
    assert "ASSOCIATION_EXPIRED" in kinds


async def test_a_customer_unbind_request_has_no_deadline(client, world: World) -> None:
    with clock.frozen(at(2026, 3, 1)) as cell:
        asked = payload(await run(client, world, "cust_user", UNBIND_ASK, {"reason": "moving"}))
        assert asked["userErrors"] == [] and asked["request"]["expiresAt"] is None
        clock.advance(cell, timedelta(days=60))
        assert (await run_job("workflow-deadlines"))["expired"] == 0
        approved = payload(await run(client, world, "a_admin", APPROVE, {"r": asked["request"]["id"]}))
    assert approved["userErrors"] == [] and approved["request"]["state"] == "APPROVED"
    stored = await AssociationRequest.get()
    assert await _history(stored.id) == [("APPROVE", "PENDING", "APPROVED", world.users["a_admin"])]
