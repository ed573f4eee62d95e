"""The working calendar: Monday to Friday are working days, Saturday and Sunday are not, except for
the days listed in the `working_calendar_day` table (public holidays off, make-up working days
调休上班 on). Deadlines count working days in China time (UTC+8); the day an item starts does not
count. Shared by every slice with a working-day deadline (workflows' `Deadline(working_days=N)`).

Public API:
    await working_days_after(start_date, n) -> date      the n-th working day after a date
    await working_days_deadline(moment, n) -> datetime    end of that day (China time) in UTC
    add_working_days / is_working_day                       the same on given exception sets (pure)
    business_date(moment), start_of_business_day(day), end_of_business_day(day)"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta, timezone

from partnercenter.core.models import CalendarDayKind, WorkingCalendarDay

__all__ = [
    "BUSINESS_TZ",
    "add_working_days",
    "business_date",
    "end_of_business_day",
    "is_working_day",
    "start_of_business_day",
    "working_days_after",
    "working_days_deadline",
]

BUSINESS_TZ = timezone(timedelta(hours=8), "UTC+08:00")


def is_working_day(day: date, holidays: Collection[date], workdays: Collection[date]) -> bool:
    if day in workdays:
        return True
    if day in holidays:
        return False
    return day.weekday() < 5


def add_working_days(start: date, n: int, holidays: Collection[date], workdays: Collection[date]) -> date:
    """The n-th working day after `start` (start itself not counted), n >= 0 (0: start itself)."""
    if n < 0:
        raise ValueError("n must be 0 or more")
    day = start
    left = n
    while left:
        day += timedelta(days=1)
        if is_working_day(day, holidays, workdays):
            left -= 1
    return day


async def working_days_after(start: date, n: int) -> date:
    """`add_working_days` with the calendar exceptions read from the database (one query per window)."""
    window = max(31, n * 3 + 21)
    while True:
        rows = await WorkingCalendarDay.filter(
            day__gt=start, day__lte=start + timedelta(days=window)
        ).values_list("day", "kind")
        holidays = {d for d, k in rows if k == CalendarDayKind.HOLIDAY}
        workdays = {d for d, k in rows if k == CalendarDayKind.WORKDAY}
        result = add_working_days(start, n, holidays, workdays)
        if result <= start + timedelta(days=window):
            return result
        window *= 2  # a calendar with long holidays: read a wider window


def business_date(moment: datetime) -> date:
    """The calendar day of `moment` in China time."""
    return moment.astimezone(BUSINESS_TZ).date()


def start_of_business_day(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), BUSINESS_TZ).astimezone(UTC)


def end_of_business_day(day: date) -> datetime:
    """The last second of `day` in China time, in UTC: a deadline that day is met until then."""
    return datetime.combine(day, time(23, 59, 59), BUSINESS_TZ).astimezone(UTC)


async def working_days_deadline(moment: datetime, n: int) -> datetime:
    """The end (China time) of the n-th working day after the business day of `moment`."""
    return end_of_business_day(await working_days_after(business_date(moment), n))
