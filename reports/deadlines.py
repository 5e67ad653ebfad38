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


DUE_SOON_DAYS = 1  # a deadline this many working days away (or fewer) is "hampir jatuh tempo"
TERLAMBAT, HAMPIR, DALAM_TENGGAT, SELESAI = (
    "terlambat", "hampir jatuh tempo", "dalam tenggat", "selesai")


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when end < start)."""
    if end < start:
        return -working_days_between(end, start)
    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        days += is_working_day(current)
    return days


def deadline_status(due: date, today: date, *, done: bool = False) -> str:
    """``terlambat``, ``hampir jatuh tempo``, ``dalam tenggat`` or ``selesai``."""
    if done:
        return SELESAI
    if today > due:
        return TERLAMBAT
    return HAMPIR if working_days_between(today, due) <= DUE_SOON_DAYS else DALAM_TENGGAT
