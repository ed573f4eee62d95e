"""The daily refresh: rules from data, idempotency, the injected clock, messages."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from partnercenter.core import clock
from partnercenter.jobs import registered_jobs, run_job
from partnercenter.messages.enums import MessageKind
from partnercenter.messages.models import Message
from partnercenter.warnings import service
from partnercenter.warnings.enums import WarningKind, WarningLevel, WarningResult, WarningState
from partnercenter.warnings.models import CustomerWarning, WarningProcessing
from partnercenter.warnings.rules import ChurnRule, load_rules, parse_rules
from tests.factories import World
from tests.warnings_factories import NOW, RULES, resource, spend


async def refresh(now=NOW, rules=RULES):  # type: ignore[no-untyped-def]
    return await service.refresh_warnings(rules, now)


async def test_spend_falling_30_percent_two_months_raises_a_churn_warning(world: World) -> None:
    c = world.customers["a_m1"]
    await spend(c, [10000, 6900, 4800])  # -31 %, -30.4 %
    counts = await refresh()
    assert counts["created"] == 1
    w = await CustomerWarning.get(customer_id=c)
    assert (w.kind, w.level, w.state, w.period) == (
        WarningKind.CHURN,
        WarningLevel.MEDIUM,
        WarningState.PENDING,
        "2026-10",
    )
    assert w.rules == ["DROP_30_2M"]
    assert [s["month"] for s in w.signals] == ["2026-07", "2026-08", "2026-09", "2026-10"]
    assert w.signals[-1]["amount"] == "4800.00" and w.signals[-1]["previousAmount"] == "6900.00"
    assert w.signals[-1]["changePercent"] == pytest.approx(-30.4)


@pytest.mark.parametrize(
    "amounts",
    [
        [10000, 7100, 4900],  # first fall only 29 %
        [10000, 6900, 6900],  # second month flat
        [900, 600, 400],  # below the baseline
        [0, 0, 0],
        [10000, 6900],  # only one month of fall... the month before is 0 (no spend row)
    ],
)
async def test_no_churn_warning_when_the_rule_does_not_match(world: World, amounts: list[int]) -> None:
    await spend(world.customers["a_m1"], amounts)
    await refresh()
    assert await CustomerWarning.all().count() == 0


async def test_the_highest_matching_rule_sets_the_level(world: World) -> None:
    await spend(world.customers["a_m1"], [20000, 9000, 4000, 1900])  # three falls of >50 %
    await refresh()
    w = await CustomerWarning.get()
    assert w.level == WarningLevel.HIGH
    assert sorted(w.rules) == ["DROP_30_2M", "DROP_50_3M"]


async def test_rules_are_data(world: World) -> None:
    await spend(world.customers["a_m1"], [10000, 8000, 6400])  # -20 %, -20 %
    await refresh()
    assert await CustomerWarning.all().count() == 0
    looser = replace(RULES, churn=(ChurnRule("DROP_20_2M", WarningLevel.LOW, 20, 2, Decimal(1)),))
    await refresh(rules=looser)
    w = await CustomerWarning.get()
    assert (w.rules, w.level) == (["DROP_20_2M"], WarningLevel.LOW)


def test_the_rules_file_parses_and_is_validated() -> None:
    rules = load_rules()
    assert rules.churn and rules.resource
    assert any(r.drop_percent == 30 and r.consecutive_months == 2 for r in rules.churn)
    with pytest.raises(ValueError, match="level"):
        parse_rules(
            {"churn": [{"code": "X", "level": "URGENT", "drop_percent": 30, "consecutive_months": 2}]}
        )
    with pytest.raises(ValueError, match="within_days"):
        parse_rules({"resource": [{"code": "X", "level": "LOW", "within_days": 0}]})
    with pytest.raises(ValueError, match="unique"):
        parse_rules(
            {
                "resource": [
                    {"code": "X", "level": "LOW", "within_days": 3},
                    {"code": "X", "level": "LOW", "within_days": 4},
                ]
            }
        )


async def test_resources_expiring_within_n_days(world: World) -> None:
    c = world.customers["a_m1"]
    soon = await resource(c, 5, "db-01", "EVS")
    later = await resource(c, 20, "web-01")
    await resource(c, 45, "far-01")  # beyond every rule
    await resource(c, -1, "gone-01")  # already expired
    await refresh()
    rows = {w.subject: w for w in await CustomerWarning.filter(kind=WarningKind.RESOURCE)}
    assert set(rows) == {f"R{soon}", f"R{later}"}
    assert rows[f"R{soon}"].level == WarningLevel.HIGH and rows[f"R{later}"].level == WarningLevel.LOW
    sig = rows[f"R{soon}"].signals[0]
    assert (sig["product"], sig["resourceName"], sig["daysLeft"]) == ("EVS", "db-01", 5)


async def test_running_twice_creates_no_duplicates(world: World) -> None:
    await spend(world.customers["a_m1"], [10000, 6900, 4800])
    await resource(world.customers["a_m2"], 5)
    first = await refresh()
    second = await refresh()
    assert first["created"] == 2 and second["created"] == 0
    assert await CustomerWarning.all().count() == 2
    assert await Message.filter(kind=MessageKind.WARNING_ASSIGNED).count() == 2


async def test_an_open_warning_is_updated_as_time_passes(world: World) -> None:
    """Injected clock: the resource comes closer to expiry, the same pending warning escalates."""
    rid = await resource(world.customers["a_m1"], 20)
    with clock.frozen(NOW) as cell:
        await service.refresh_warnings(RULES)
        w = await CustomerWarning.get()
        assert w.level == WarningLevel.LOW and w.signals[0]["daysLeft"] == 20
        clock.advance(cell, timedelta(days=14))
        counts = await service.refresh_warnings(RULES)
    assert counts == {"created": 0, "updated": 1, "unchanged": 0, "skipped": 0}
    again = await CustomerWarning.get()
    assert again.id == w.id and again.subject == f"R{rid}"
    assert again.level == WarningLevel.HIGH and again.signals[0]["daysLeft"] == 6
    assert again.evaluated_at == NOW + timedelta(days=14)


async def test_a_processed_episode_is_not_raised_again_but_a_new_month_is(world: World) -> None:
    c = world.customers["a_m1"]
    await spend(c, [10000, 6900, 4800])
    await refresh()
    w = await CustomerWarning.get()
    await WarningProcessing.create(
        warning_id=w.id,
        actor_id=world.users["a_m1"],
        result=WarningResult.NOT_CHURNED,
        measures="拜访",
        created_at=NOW,
    )
    await CustomerWarning.filter(id=w.id).update(
        state=WarningState.PROCESSED, result=WarningResult.NOT_CHURNED
    )
    assert (await refresh())["created"] == 0
    # A month later spend fell again: a new episode.
    from datetime import date

    from partnercenter.warnings.models import CustomerMonthlySpend

    await CustomerMonthlySpend.create(customer_id=c, month=date(2026, 11, 1), amount=Decimal("3000"))
    counts = await refresh(now=NOW + timedelta(days=30))
    assert counts["created"] == 1
    assert await CustomerWarning.filter(customer_id=c).order_by("id").values_list("period", flat=True) == [
        "2026-10",
        "2026-11",
    ]


async def test_a_churned_customer_gets_no_new_churn_warning(world: World) -> None:
    c = world.customers["a_m1"]
    await spend(c, [10000, 6900, 4800])
    await refresh()
    w = await CustomerWarning.get()
    await CustomerWarning.filter(id=w.id).update(state=WarningState.PROCESSED, result=WarningResult.CHURNED)
    from datetime import date

    from partnercenter.warnings.models import CustomerMonthlySpend

    await CustomerMonthlySpend.create(customer_id=c, month=date(2026, 11, 1), amount=Decimal("3000"))
    assert (await refresh(now=NOW + timedelta(days=30)))["created"] == 0


async def test_the_responsible_manager_is_messaged_once_per_new_warning(world: World) -> None:
    await spend(world.customers["a_m1"], [10000, 6900, 4800])
    await refresh()
    w = await CustomerWarning.get()
    msgs = await Message.filter(kind=MessageKind.WARNING_ASSIGNED).values(
        "recipient_id", "record_type", "record_pk", "params"
    )
    assert msgs == [
        {
            "recipient_id": world.users["a_m1"],
            "record_type": "CustomerWarning",
            "record_pk": w.id,
            "params": {"warningKind": "CHURN", "level": "MEDIUM", "period": "2026-10"},
        }
    ]
    assert world.customer_names["a_m1"] not in str(msgs)


async def test_the_job_is_registered_and_runs_with_the_clock(world: World) -> None:
    assert "warnings-refresh" in registered_jobs()
    await resource(world.customers["a_m1"], 3)
    with clock.frozen(NOW):
        counts = await run_job("warnings-refresh")  # rules.toml: EXPIRING_7D matches
        assert counts["created"] == 1
        assert (await run_job("warnings-refresh"))["created"] == 0
