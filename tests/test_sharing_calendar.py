"""The working calendar: weekends off, holidays off, make-up working days on (data, not code)."""

from __future__ import annotations

from datetime import date

import pytest

from partnercenter.seed.sharing import CN_CALENDAR, seed_calendar
from partnercenter.sharing.calendar import add_working_days, end_of_business_day, working_days_after
from partnercenter.sharing.enums import CalendarDayKind
from partnercenter.sharing.models import WorkingCalendarDay


def test_weekend_is_skipped_without_any_calendar_data() -> None:
    # Friday + 1 working day = Monday; Friday + 3 = Wednesday.
    assert add_working_days(date(2026, 1, 9), 1, (), ()) == date(2026, 1, 12)
    assert add_working_days(date(2026, 1, 9), 3, (), ()) == date(2026, 1, 14)
    # Saturday + 1 = Monday (the day of sharing never counts).
    assert add_working_days(date(2026, 1, 10), 1, (), ()) == date(2026, 1, 12)
    assert add_working_days(date(2026, 1, 9), 0, (), ()) == date(2026, 1, 9)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 9), -1, (), ())


async def test_holidays_are_skipped(db: None) -> None:
    await seed_calendar()
    # Thursday 12 Feb 2026: Fri 13 (1), Sat 14 make-up working day (2), 15-23 Spring Festival, Tue 24 (3).
    assert await working_days_after(date(2026, 2, 12), 3) == date(2026, 2, 24)
    # New Year: Wed 31 Dec 2025 + 1 = Sunday 4 Jan 2026 (a make-up working day), + 2 = Mon 5 Jan.
    assert await working_days_after(date(2025, 12, 31), 1) == date(2026, 1, 4)
    assert await working_days_after(date(2025, 12, 31), 2) == date(2026, 1, 5)
    # National Day: Tue 29 Sep + 3 = Fri 9 Oct... 30 Sep (1), 1-7 Oct off, Thu 8 (2), Fri 9 (3).
    assert await working_days_after(date(2026, 9, 29), 3) == date(2026, 10, 9)


async def test_make_up_saturday_counts(db: None) -> None:
    await seed_calendar()
    # Thursday 26 Feb 2026: Fri 27 (1), Sat 28 make-up working day (2), Mon 2 Mar (3).
    assert await working_days_after(date(2026, 2, 26), 2) == date(2026, 2, 28)
    assert await working_days_after(date(2026, 2, 26), 3) == date(2026, 3, 2)
    # Without the data row, Saturday is a weekend day again: the calendar is data.
    await WorkingCalendarDay.filter(day=date(2026, 2, 28)).delete()
    assert await working_days_after(date(2026, 2, 26), 2) == date(2026, 3, 2)


async def test_ten_working_days_across_a_long_holiday(db: None) -> None:
    await seed_calendar()
    # Fri 25 Sep 2026 is a holiday (Mid-Autumn), so is 1-7 Oct; Sun 20 Sep and Sat 10 Oct are worked.
    # From Thu 24 Sep: 28, 29, 30 Sep (3), 8, 9, 10 (Sat), 12, 13, 14, 15 Oct (10).
    assert await working_days_after(date(2026, 9, 24), 10) == date(2026, 10, 15)


def test_deadline_is_the_end_of_the_day_in_china_time() -> None:
    assert end_of_business_day(date(2026, 1, 14)).isoformat() == "2026-01-14T15:59:59+00:00"


def test_calendar_data_covers_2026_and_2027() -> None:
    years = {d.year for d, _, _ in CN_CALENDAR}
    assert years == {2026, 2027}
    kinds = {k for _, k, _ in CN_CALENDAR}
    assert kinds == {CalendarDayKind.HOLIDAY, CalendarDayKind.WORKDAY}
    assert len({d for d, _, _ in CN_CALENDAR}) == len(CN_CALENDAR)
