"""Rules shared by the sharing services: text limits, the text check, working-day deadlines."""

from __future__ import annotations

from datetime import datetime

from partnercenter.core.errors import DomainError, ErrorCode
from partnercenter.sharing import calendar
from partnercenter.sharing.permissions import PARTNER_SHARED_OPPORTUNITY, VENDOR_SHARED_OPPORTUNITY

__all__ = ["HO", "NOTE_MAX", "PO", "TEXT_MAX", "TITLE_MAX", "VERSION_MAX", "deadline_after", "text_errors"]

HO = VENDOR_SHARED_OPPORTUNITY
PO = PARTNER_SHARED_OPPORTUNITY

VERSION_MAX, TITLE_MAX, TEXT_MAX, NOTE_MAX = 32, 200, 5000, 1000


def text_errors(value: str, name: str, maximum: int, label: str) -> list[DomainError]:
    """Required text: not blank, at most `maximum` characters once trimmed."""
    if not value.strip():
        return [DomainError(ErrorCode.BLANK, f"Enter {label}.", name)]
    if len(value.strip()) > maximum:
        return [DomainError(ErrorCode.TOO_LONG, f"{label.capitalize()} is over {maximum} characters.", name)]
    return []


async def deadline_after(moment: datetime, working_days: int) -> datetime:
    """The end (China time) of the n-th working day after the day of `moment`."""
    day = await calendar.working_days_after(calendar.business_date(moment), working_days)
    return calendar.end_of_business_day(day)
