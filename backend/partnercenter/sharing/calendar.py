"""The working calendar moved to `partnercenter.core.calendar` (every slice's deadlines use it);
this module keeps the sharing slice's imports working."""

from partnercenter.core.calendar import (
    BUSINESS_TZ,
    add_working_days,
    business_date,
    end_of_business_day,
    is_working_day,
    start_of_business_day,
    working_days_after,
    working_days_deadline,
)

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
