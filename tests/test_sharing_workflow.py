"""HO handling and PO validation on the workflow engine (`sharing/service/workflows.py`): the due column
equals the deadline shown, one of a concurrent accept and expiry wins, the generic sweeper does what
the sharing job does and fires once, history rows and outbox events are written, each row's
available actions, and migration 0007's data step."""

from __future__ import annotations

import asyncio
import importlib
from datetime import timedelta
from typing import Any

import pytest
from tortoise import connections
from tortoise.migrations import operations as ops

from partnercenter.core import clock
from partnercenter.core import workflow as wf
from partnercenter.core.errors import DomainErrors
from partnercenter.core.models import OutboxEvent, WorkflowHistory
from partnercenter.jobs import run_job
from partnercenter.messages.models import Message
from partnercenter.opportunities.models import Opportunity
from partnercenter.sharing import service
from partnercenter.sharing.enums import HoRejectReason, PoDecision
from partnercenter.sharing.models import PartnerSharedOpportunity, VendorSharedOpportunity
from partnercenter.sharing.service import ho as ho_module
from tests.factories import World
from tests.sharing_factories import FRIDAY, pce_setup, share_ho, share_po, viewer_of

HO_DEADLINE = FRIDAY.replace(day=14, hour=15, minute=59, second=59)  # Wed 14 Jan 23:59:59 China
PO_DEADLINE = FRIDAY.replace(day=23, hour=15, minute=59, second=59)  # Fri 23 Jan 23:59:59 China


async def test_due_at_is_the_deadline_the_engine_would_compute(world: World) -> None:
    await pce_setup(world)
    for at in (FRIDAY, FRIDAY.replace(month=2, day=12)):  # a plain week, and across Spring Festival
        ho = await VendorSharedOpportunity.get(id=await share_ho(world, at=at))
        po = await PartnerSharedOpportunity.get(id=await share_po(world, at=at, need=f"需求 {at.day}"))
        assert ho.due_at == ho.deadline_at == await service.HO_WORKFLOW.deadlines["PENDING"].due_at(at)  # type: ignore[index]
        assert po.due_at == po.deadline_at == await service.PO_WORKFLOW.deadlines["PENDING"].due_at(at)  # type: ignore[index]
        assert ho.deadline_at == await service.deadline_after(at, 3)


async def test_concurrent_accept_and_expire_exactly_one_wins(world: World) -> None:
    await pce_setup(world)
    ho = await share_ho(world)
    admin = await viewer_of(world, "a_admin")

    async def accept() -> str:
        try:
            await service.accept_ho(admin, ho, world.users["a_m1"])
            return "accepted"
        except DomainErrors as e:
            return e.errors[0].code.value

    async def expire() -> str:
        try:
            await wf.fire(service.HO_WORKFLOW, ho, "EXPIRE", wf.SYSTEM)
            return "expired"
        except DomainErrors as e:
            return e.errors[0].code.value

    with clock.frozen(HO_DEADLINE - timedelta(seconds=1)):
        results = await asyncio.gather(*(f() for f in (accept, expire) * 3))
    won = [r for r in results if r in ("accepted", "expired")]
    assert len(won) == 1
    assert set(results) - set(won) <= {"ALREADY_HANDLED", "INVALID_STATE"}
    row = await VendorSharedOpportunity.get(id=ho)
    assert row.state == ("ACCEPTED" if won == ["accepted"] else "REJECTED") and row.due_at is None
    assert await WorkflowHistory.filter(workflow="vendor_shared_opportunity", record_id=ho).count() == 1
    assert await Opportunity.filter(name="园区视频云").count() == (1 if won == ["accepted"] else 0)


async def test_an_accept_overtaken_by_the_sweeper_is_already_handled(world: World, monkeypatch) -> None:
    """The admin's accept read the HO in time; the sweeper expires it before the accept's write: the
    accept loses the compare-and-set, says ALREADY_HANDLED and leaves nothing behind."""
    await pce_setup(world)
    ho = await share_ho(world)
    admin = await viewer_of(world, "a_admin")
    original = ho_module._handleable

    with clock.frozen(HO_DEADLINE) as cell:

        async def read_then_sweep(viewer: Any, ho_id: int) -> dict[str, Any]:
            row = await original(viewer, ho_id)
            clock.advance(cell, timedelta(seconds=1))
            assert (await run_job("sharing-deadlines"))["hos_expired"] == 1
            return row

        monkeypatch.setattr(ho_module, "_handleable", read_then_sweep)
        with pytest.raises(DomainErrors) as refused:
            await service.accept_ho(admin, ho, world.users["a_m1"])
    assert [(e.code.value, e.field) for e in refused.value.errors] == [("ALREADY_HANDLED", "id")]
    row = await VendorSharedOpportunity.get(id=ho)
    assert (row.state, row.reject_reason, row.opportunity_id) == ("REJECTED", "EXPIRED", None)
    assert await Opportunity.filter(name="园区视频云").count() == 0
    kinds = await Message.filter(record_pk=ho).values_list("kind", flat=True)
    assert "HO_ACCEPTED" not in kinds and "HO_EXPIRED" in kinds


async def test_the_generic_sweeper_does_what_the_sharing_job_does_once(world: World) -> None:
    await pce_setup(world)
    ho = await share_ho(world)
    po = await share_po(world)
    with clock.frozen(PO_DEADLINE + timedelta(seconds=1)):
        assert await run_job("workflow-deadlines") == {"expired": 2, "skipped": 0}
        assert await run_job("workflow-deadlines") == {"expired": 0, "skipped": 0}
        assert await run_job("sharing-deadlines") == {
            "hos_expired": 0,
            "hos_expiring_notified": 0,
            "pos_rejected": 0,
        }
    now = PO_DEADLINE + timedelta(seconds=1)
    h = await VendorSharedOpportunity.get(id=ho)
    assert (h.state, h.reject_reason, h.handled_at, h.handled_by_id, h.due_at) == (  # type: ignore[attr-defined]
        "REJECTED",
        "EXPIRED",
        now,
        None,
        None,
    )
    assert h.deadline_at == HO_DEADLINE  # still shown as deadlineAt
    p = await PartnerSharedOpportunity.get(id=po)
    assert (p.state, p.rejection, p.validated_at, p.due_at) == ("REJECTED", "EXPIRED", now, None)
    expired_to = await Message.filter(record_pk=ho, kind="HO_EXPIRED").values_list("recipient_id", flat=True)
    assert sorted(expired_to) == sorted([world.users["a_admin"], world.users["pdm"]])
    rejected = await Message.filter(record_pk=po, kind="PO_REJECTED").values("recipient_id", "params")
    recipients = sorted(m["recipient_id"] for m in rejected)
    assert recipients == sorted([world.users["a_m1"], world.users["a_admin"]])
    assert {m["params"]["rejection"] for m in rejected} == {"EXPIRED"}
    history = await WorkflowHistory.all().order_by("id").values_list("workflow", "transition", "actor_id")
    assert history == [
        ("vendor_shared_opportunity", "EXPIRE", None),
        ("partner_shared_opportunity", "EXPIRE", None),
    ]
    kinds = set(await OutboxEvent.all().values_list("kind", flat=True))
    assert {"vendor_shared_opportunity.expire", "partner_shared_opportunity.expire"} <= kinds


async def test_the_sharing_job_run_twice_fires_once(world: World) -> None:
    await pce_setup(world)
    ho = await share_ho(world)
    with clock.frozen(HO_DEADLINE + timedelta(seconds=1)):
        runs = await asyncio.gather(run_job("sharing-deadlines"), run_job("sharing-deadlines"))
        assert sum(r["hos_expired"] for r in runs) == 1
        assert (await run_job("sharing-deadlines"))["hos_expired"] == 0
    assert await WorkflowHistory.filter(record_id=ho, transition="EXPIRE").count() == 1
    assert await Message.filter(record_pk=ho, kind="HO_EXPIRED").count() == 2  # admin and PDM, once


async def test_handling_and_validation_write_history_and_events(world: World) -> None:
    await pce_setup(world)
    accepted, rejected = await share_ho(world), await share_ho(world, title="第二个")
    approved, refused = await share_po(world), await share_po(world, opportunity="a_m2", username="a_admin")
    admin, pdm = await viewer_of(world, "a_admin"), await viewer_of(world, "pdm")
    with clock.frozen(FRIDAY + timedelta(days=1)):
        await service.accept_ho(admin, accepted, world.users["a_m1"])
        await service.reject_ho(admin, rejected, HoRejectReason.OTHER, "  预算取消 ")
        await service.validate_po(pdm, approved, PoDecision.APPROVE, "")
        await service.validate_po(pdm, refused, PoDecision.REJECT, "信息不全")
    rows = await WorkflowHistory.all().order_by("id").values()
    keys = ("workflow", "record_id", "transition", "from_state", "to_state")
    assert [tuple(r[k] for k in keys) for r in rows] == [
        ("vendor_shared_opportunity", accepted, "ACCEPT", "PENDING", "ACCEPTED"),
        ("vendor_shared_opportunity", rejected, "REJECT", "PENDING", "REJECTED"),
        ("partner_shared_opportunity", approved, "APPROVE", "PENDING", "APPROVED"),
        ("partner_shared_opportunity", refused, "REJECT", "PENDING", "REJECTED"),
    ]
    assert [r["actor_id"] for r in rows] == [admin.user_id, admin.user_id, pdm.user_id, pdm.user_id]
    assert [r["reason"] for r in rows] == ["", "OTHER", "", "信息不全"]
    assert rows[1]["payload"] == {"note": "预算取消"}
    assert all(r["at"] == FRIDAY + timedelta(days=1) for r in rows)
    events = await OutboxEvent.all().order_by("id").values_list("kind", "aggregate_id")
    assert [e for e in events if e[0].startswith(("vendor_shared", "partner_shared"))] == [
        ("vendor_shared_opportunity.accept", str(accepted)),
        ("vendor_shared_opportunity.reject", str(rejected)),
        ("partner_shared_opportunity.approve", str(approved)),
        ("partner_shared_opportunity.reject", str(refused)),
    ]
    ho = await VendorSharedOpportunity.get(id=rejected)
    assert (ho.reject_reason, ho.reject_note, ho.handled_by_id, ho.due_at) == (  # type: ignore[attr-defined]
        "OTHER",
        "预算取消",
        admin.user_id,
        None,
    )
    po = await PartnerSharedOpportunity.get(id=refused)
    assert (po.rejection, po.reject_reason, po.validated_by_id) == ("BY_VENDOR", "信息不全", pdm.user_id)  # type: ignore[attr-defined]


async def test_available_actions_per_viewer_and_deadline(world: World) -> None:
    await pce_setup(world)
    ho = (await service.hos_by_ids(await viewer_of(world, "pdm"), [await share_ho(world)])).values()
    row = next(iter(ho))
    admin, pdm = await viewer_of(world, "a_admin"), await viewer_of(world, "pdm")
    other_admin = await viewer_of(world, "b_admin")
    assert service.ho_actions(admin, row, HO_DEADLINE) == ["ACCEPT", "REJECT"]
    assert service.ho_actions(admin, row, HO_DEADLINE + timedelta(seconds=1)) == []
    assert service.ho_actions(pdm, row, HO_DEADLINE) == []
    assert service.ho_actions(other_admin, row, HO_DEADLINE) == []
    po_id = await share_po(world)
    po = (await service.pos_by_ids(pdm, [po_id]))[po_id]
    assert service.po_actions(pdm, po, PO_DEADLINE) == ["APPROVE", "REJECT"]
    assert service.po_actions(admin, po, PO_DEADLINE) == []
    assert service.po_actions(pdm, {**po, "state": "APPROVED"}, PO_DEADLINE) == []


async def test_migration_0007_fills_due_at_of_pending_rows(world: World) -> None:
    await pce_setup(world)
    pending, handled = await share_ho(world), await share_ho(world, title="第二个")
    with clock.frozen(FRIDAY):
        await service.reject_ho(await viewer_of(world, "a_admin"), handled, HoRejectReason.NO_CAPACITY, "")
    po = await share_po(world)
    await VendorSharedOpportunity.all().update(due_at=None)  # as the rows were before 0007
    await PartnerSharedOpportunity.all().update(due_at=None)
    migration = importlib.import_module("partnercenter.migrations.0008_sharing_workflow").Migration
    (data_step,) = [op for op in migration.operations if isinstance(op, ops.RunSQL)]
    for sql in data_step.sql:
        await connections.get("default").execute_script(sql)
    assert (await VendorSharedOpportunity.get(id=pending)).due_at == HO_DEADLINE
    assert (await VendorSharedOpportunity.get(id=handled)).due_at is None
    assert (await PartnerSharedOpportunity.get(id=po)).due_at == PO_DEADLINE
