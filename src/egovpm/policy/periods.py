"""Periods in months, per 民法典 第二百零一、二百零二条.

A period of n months that starts on a date ends on the same day of the n-th following month
(the month's last day where it has no such day), and that day is included.
"""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the month end; past year 9999 -> date.max."""
    index = day.month - 1 + months
    year = day.year + index // 12
    month = index % 12 + 1
    if year > datetime.MAXYEAR:
        return datetime.date.max
    if year < datetime.MINYEAR:
        return datetime.date.min
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))
