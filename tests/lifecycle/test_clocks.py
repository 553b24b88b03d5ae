"""The pure clock arithmetic: months to the same day, statutory working days, overdue day."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm import workdays
from egovpm.lifecycle import clocks

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (D(2026, 3, 1), 3, D(2026, 6, 1)),  # POLICY.md: that day included
        (D(2026, 3, 1), 6, D(2026, 9, 1)),  # "half a year after 2026-03-01"
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # no 30 February: month end
        (D(2023, 11, 30), 3, D(2024, 2, 29)),  # leap year month end
        (D(2026, 8, 31), 6, D(2027, 2, 28)),  # across the year end
        (D(2025, 12, 31), 3, D(2026, 3, 31)),
        (D(2026, 10, 1), 3, D(2027, 1, 1)),  # starts on a holiday: months ignore the calendar
    ],
)
def test_months_after_runs_to_the_same_day(start: dt.date, months: int, due: dt.date) -> None:
    result = clocks.months_after(start, months)
    assert result.date == due
    assert result.provisional is False


def test_months_after_refuses_zero() -> None:
    with pytest.raises(ValueError):
        clocks.months_after(D(2026, 1, 1), 0)


# Expected days counted by hand on the State Council notices (and cross-checked once against
# chinese-calendar); the comment names what each row exercises.
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2024, 2, 8), 10, D(2024, 2, 28)),  # Spring Festival 2024, make-up Sunday 2-18
        (D(2024, 4, 27), 10, D(2024, 5, 13)),  # starts on a Saturday; make-up Sunday 4-28
        (D(2024, 4, 28), 10, D(2024, 5, 14)),  # starts on a make-up Sunday; make-up Sat 5-11
        (D(2024, 9, 28), 10, D(2024, 10, 16)),  # National Day 2024, make-up Sun 9-29, Sat 10-12
        (D(2024, 9, 29), 15, D(2024, 10, 24)),  # acceptance filing across National Day
        (D(2024, 12, 31), 10, D(2025, 1, 15)),  # year end into New Year's Day 2025
        (D(2025, 1, 25), 10, D(2025, 2, 13)),  # Spring Festival 2025, make-up Sun 1-26, Sat 2-8
        (D(2025, 1, 26), 1, D(2025, 1, 27)),  # day 1 is the next working day
        (D(2025, 4, 26), 10, D(2025, 5, 13)),  # Labour Day 2025, make-up Sun 4-27
        (D(2025, 9, 27), 15, D(2025, 10, 23)),  # National Day 2025 (8 days), make-up Sat 10-11
        (D(2025, 12, 24), 10, D(2026, 1, 8)),  # year end into 2026, make-up Sun 2026-01-04
        (D(2026, 2, 13), 10, D(2026, 3, 5)),  # Spring Festival 2026, make-up Sat 2-14, 2-28
        (D(2026, 2, 14), 10, D(2026, 3, 6)),  # starts on a make-up Saturday: not day 1
        (D(2026, 4, 30), 10, D(2026, 5, 18)),  # Labour Day 2026, make-up Sat 5-9
        (D(2026, 9, 30), 10, D(2026, 10, 20)),  # National Day 2026, make-up Sat 10-10
        (D(2026, 10, 9), 1, D(2026, 10, 10)),  # the make-up Saturday is day 1
    ],
)
def test_working_days_after_follows_the_statutory_calendar(
    start: dt.date, days: int, due: dt.date
) -> None:
    result = clocks.working_days_after(start, days)
    assert result.date == due
    assert result.provisional is False


def test_a_deadline_in_an_unloaded_year_is_provisional() -> None:
    assert not workdays.is_loaded(2027)
    result = clocks.working_days_after(D(2026, 12, 25), 10)
    assert result.provisional is True
    assert result.date == D(2027, 1, 8)  # weekends alone
    assert result.label == "2027-01-08(暂定)"


def test_a_deadline_recomputed_when_the_year_is_loaded() -> None:
    snapshot = workdays.default_calendar.snapshot()
    try:
        workdays.load_year(
            workdays.parse_arrangement(
                {
                    "year": 2027,
                    "notice": "测试",
                    "title": "测试安排",
                    "holidays": [
                        {"name": "元旦", "first": D(2027, 1, 1), "last": D(2027, 1, 3),
                         "makeup_days": []},
                        {"name": "试验假", "first": D(2027, 1, 4), "last": D(2027, 1, 5),
                         "makeup_days": []},
                    ],
                }
            )
        )
        result = clocks.working_days_after(D(2026, 12, 25), 10)
        assert result.provisional is False
        assert result.date == D(2027, 1, 13)  # 12-28…31, 01-06…08, 01-11…13
    finally:
        workdays.default_calendar.restore(snapshot)


def test_overdue_starts_the_day_after_the_due_day() -> None:
    due = D(2026, 3, 5)
    assert not clocks.is_overdue(due, D(2026, 3, 4))
    assert not clocks.is_overdue(due, due)
    assert clocks.is_overdue(due, D(2026, 3, 6))


def test_reminder_opens_working_days_before_the_due_day() -> None:
    # Due 2026-10-09 (Fri): 10-08, then over the National Day holiday to 09-30 and 09-29.
    assert clocks.reminder_opens(D(2026, 10, 9), 3).date == D(2026, 9, 29)


@pytest.mark.parametrize(
    ("day", "quarter", "end"),
    [
        (D(2026, 1, 1), (2026, 1), D(2026, 3, 31)),
        (D(2026, 6, 30), (2026, 2), D(2026, 6, 30)),
        (D(2026, 9, 1), (2026, 3), D(2026, 9, 30)),
        (D(2026, 12, 31), (2026, 4), D(2026, 12, 31)),
    ],
)
def test_quarters(day: dt.date, quarter: tuple[int, int], end: dt.date) -> None:
    assert clocks.quarter_of(day) == quarter
    assert clocks.quarter_end(*quarter) == end
    assert clocks.next_quarter(2026, 4) == (2027, 1)
