"""China's statutory working-day calendar and deadline arithmetic (pure Python, no Django).

POLICY.md §6: working days are the statutory calendar (法定节假日 and 调休 make-up working days as
published each year by the State Council). The module-level functions use `default_calendar`,
which starts with the bundled years (`data/<year>.toml`); the `egovpm.calendars` app installs the
years an administrator loads later.
"""

from __future__ import annotations

import datetime as dt

from egovpm.workdays.arrangement import (
    Arrangement,
    FieldError,
    HolidayPeriod,
    InvalidArrangement,
    bundled_arrangements,
    decode_arrangement_file,
    parse_arrangement,
    read_arrangement_file,
)
from egovpm.workdays.calendar import PROVISIONAL_MARK, Deadline, WorkdayCalendar

__all__ = [
    "PROVISIONAL_MARK",
    "Arrangement",
    "Deadline",
    "FieldError",
    "HolidayPeriod",
    "InvalidArrangement",
    "WorkdayCalendar",
    "add_working_days",
    "bundled_arrangements",
    "decode_arrangement_file",
    "default_calendar",
    "is_loaded",
    "is_working_day",
    "load_year",
    "parse_arrangement",
    "read_arrangement_file",
    "subtract_working_days",
    "working_days_between",
]

default_calendar = WorkdayCalendar(bundled_arrangements())


def is_working_day(d: dt.date) -> bool:
    return default_calendar.is_working_day(d)


def add_working_days(start: dt.date, n: int) -> Deadline:
    """The n-th working day strictly after `start` (n >= 1); see `WorkdayCalendar`."""
    return default_calendar.add_working_days(start, n)


def subtract_working_days(end: dt.date, n: int) -> Deadline:
    """The n-th working day strictly before `end` (n >= 1)."""
    return default_calendar.subtract_working_days(end, n)


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days d with a < d <= b (negative when b is before a)."""
    return default_calendar.working_days_between(a, b)


def is_loaded(year: int) -> bool:
    return default_calendar.is_loaded(year)


def load_year(arrangement: Arrangement) -> None:
    """Install one year's arrangement into the default calendar."""
    default_calendar.load_year(arrangement)
