"""LAPOR! deadlines counted in Indonesian working days (weekends and public holidays excluded)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

VERIFY_DAYS = 3  # verify and forward within 3 working days of receipt
FOLLOWUP_DAYS = 5  # the OPD follows up within 5 working days of forwarding
AUTO_CLOSE_DAYS = 10  # closes 10 working days after the follow-up without a reply


@lru_cache(maxsize=16)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=[year, year + 1])


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an Indonesian public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself is not counted)."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current
