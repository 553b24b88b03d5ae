"""Deadline arithmetic of the post-approval clocks (规则 五(五), 五(六)); pure, no Django.

Two kinds of period exist in the seed:
- periods in months ("3个月内", "超过半年"), which run to the same day of the month, the month
  end where that day does not exist, that day included (POLICY.md conventions, 民法典
  第二百零一、二百零二条): released 2026-03-01 → three months last through 2026-06-01;
- periods in statutory working days ("10个工作日内", "15个工作日内"), counted on the days
  strictly after the start (POLICY.md §6) by `egovpm.workdays`, provisional (暂定) when they
  cross a year whose holiday arrangement is not loaded yet.

A deadline's due day itself is never overdue; the day after it is.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from egovpm import workdays
from egovpm.policy import add_months


@dataclass(frozen=True, slots=True)
class Due:
    """The last day on which an obligation is met in time."""

    date: dt.date
    provisional: bool = False

    @property
    def label(self) -> str:
        text = self.date.isoformat()
        return f"{text}(暂定)" if self.provisional else text


def months_after(start: dt.date, months: int) -> Due:
    """The last day of a period of `months` months starting on `start` (never provisional)."""
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    # 民法典 第二百零一、二百零二条: the same convention as the policy engine's periods.
    return Due(add_months(start, months))


def working_days_after(start: dt.date, days: int) -> Due:
    """The `days`-th statutory working day strictly after `start`."""
    found = workdays.add_working_days(start, days)
    return Due(found.date, found.provisional)


def is_overdue(due: dt.date, today: dt.date) -> bool:
    """True from the day after the due day on."""
    return today > due


def reminder_opens(due: dt.date, lead_working_days: int) -> Due:
    """The first day on which a reminder for a deadline due on `due` is sent."""
    found = workdays.subtract_working_days(due, lead_working_days)
    return Due(found.date, found.provisional)


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(year, quarter) of a day."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> dt.date:
    """The last day of a calendar quarter."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1 to 4, got {quarter}")
    month = quarter * 3
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    """The quarter after (year, quarter)."""
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)
