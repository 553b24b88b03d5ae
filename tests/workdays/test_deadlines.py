"""Deadlines in statutory working days (POLICY.md §6), on the bundled 2024–2026 calendar.

Every test runs under two frozen clocks, one before and one after the years it uses: the
arithmetic must depend on the loaded arrangements alone, never on today's date.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from egovpm.workdays import (
    Deadline,
    WorkdayCalendar,
    add_working_days,
    bundled_arrangements,
    is_loaded,
    is_working_day,
    parse_arrangement,
    subtract_working_days,
    working_days_between,
)
from tests.workdays.samples import fictitious_2027

D = dt.date


@pytest.fixture(autouse=True, params=["2023-06-01 09:00 +0800", "2027-06-01 09:00 +0800"])
def frozen_clock(request):
    with time_machine.travel(request.param, tick=False):
        yield


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 2024 Spring Festival: 02-10..02-17 off, make-up Sundays 02-04 and 02-18; 除夕 02-09 works.
        (D(2024, 2, 8), 1, D(2024, 2, 9)),
        (D(2024, 2, 8), 2, D(2024, 2, 18)),
        (D(2024, 2, 8), 3, D(2024, 2, 19)),
        (D(2024, 2, 2), 1, D(2024, 2, 4)),
        (D(2024, 2, 12), 1, D(2024, 2, 18)),  # a start inside the holiday
        # 2025 Spring Festival, contract filing's 10 working days (规则 五(五)2)
        (D(2025, 1, 24), 10, D(2025, 2, 13)),
        # 2026 Spring Festival: 02-15..02-23, make-up Saturdays 02-14 and 02-28
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        (D(2026, 2, 13), 15, D(2026, 3, 12)),
        # Labour Day 2024: 05-01..05-05, make-up 04-28 (Sun) and 05-11 (Sat)
        (D(2024, 4, 30), 1, D(2024, 5, 6)),
        (D(2024, 5, 10), 1, D(2024, 5, 11)),
        # Labour Day 2025: 05-01..05-05, make-up 04-27 (Sun)
        (D(2025, 4, 30), 1, D(2025, 5, 6)),
        (D(2025, 4, 25), 2, D(2025, 4, 28)),
        # Labour Day 2026: 05-01..05-05, make-up 05-09 (Sat)
        (D(2026, 4, 30), 1, D(2026, 5, 6)),
        (D(2026, 5, 8), 1, D(2026, 5, 9)),
        # National Day 2024: 10-01..10-07, make-up 09-29 (Sun) and 10-12 (Sat)
        (D(2024, 9, 30), 1, D(2024, 10, 8)),
        (D(2024, 10, 11), 1, D(2024, 10, 12)),
        (D(2024, 9, 27), 1, D(2024, 9, 29)),
        # National Day + Mid-Autumn 2025: 10-01..10-08, make-up 09-28 (Sun) and 10-11 (Sat)
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),
        (D(2025, 9, 30), 3, D(2025, 10, 11)),
        (D(2025, 9, 30), 4, D(2025, 10, 13)),
        # National Day 2026: 10-01..10-07, make-up 09-20 (Sun) and 10-10 (Sat)
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Friday, rest Saturday, make-up Sunday
        (D(2026, 9, 19), 1, D(2026, 9, 20)),
    ],
)
def test_add_working_days(start, n, expected):
    deadline = add_working_days(start, n)
    assert deadline == Deadline(date=expected, provisional=False)
    assert working_days_between(start, expected) == n


@pytest.mark.parametrize(
    ("saturday", "makeup_sunday"),
    [
        (D(2024, 2, 3), D(2024, 2, 4)),
        (D(2024, 2, 17), D(2024, 2, 18)),
        (D(2024, 4, 27), D(2024, 4, 28)),
        (D(2024, 9, 28), D(2024, 9, 29)),
        (D(2025, 4, 26), D(2025, 4, 27)),
        (D(2025, 9, 27), D(2025, 9, 28)),
        (D(2026, 9, 19), D(2026, 9, 20)),
        (D(2026, 1, 3), D(2026, 1, 4)),
    ],
)
def test_a_saturday_start_makes_the_next_make_up_sunday_day_one(saturday, makeup_sunday):
    # POLICY.md §6: counting starts strictly after the start, whatever kind of day it is.
    # (chinese_calendar.find_workday(1, saturday) answers the Monday after instead.)
    assert not is_working_day(saturday)
    assert add_working_days(saturday, 1).date == makeup_sunday


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2024, 2, 4), D(2024, 2, 5)),  # a make-up Sunday as start: Monday is day 1
        (D(2024, 10, 6), D(2024, 10, 8)),  # a holiday Sunday
        (D(2025, 5, 31), D(2025, 6, 3)),  # Dragon Boat Saturday
        (D(2026, 10, 3), D(2026, 10, 8)),  # National Day Saturday
    ],
)
def test_starts_on_other_rest_and_make_up_days(start, expected):
    assert add_working_days(start, 1).date == expected


@pytest.mark.parametrize(
    ("start", "n", "expected", "assumed"),
    [
        (D(2023, 12, 29), 1, D(2024, 1, 2), (2023,)),  # crosses 12-30 and 12-31 of unloaded 2023
        (D(2023, 12, 31), 1, D(2024, 1, 2), ()),  # the start itself is not crossed
        (D(2024, 12, 31), 1, D(2025, 1, 2), ()),
        (D(2025, 12, 31), 1, D(2026, 1, 4), ()),  # 元旦 2026 with make-up Sunday 01-04
        (D(2026, 12, 24), 5, D(2026, 12, 31), ()),  # the boundary pair: stops on 12-31 ...
        (D(2026, 12, 25), 5, D(2027, 1, 1), (2027,)),  # ... one day more reaches unloaded 2027
        (D(2026, 12, 31), 1, D(2027, 1, 1), (2027,)),
        (D(2026, 12, 31), 10, D(2027, 1, 14), (2027,)),
    ],
)
def test_year_ends(start, n, expected, assumed):
    deadline = add_working_days(start, n)
    assert deadline.date == expected
    assert deadline.assumed_years == assumed
    assert deadline.provisional == bool(assumed)


def test_provisional_deadline_is_labelled():
    assert not is_loaded(2027)
    assert add_working_days(D(2026, 12, 31), 10).label == "2027-01-14(暂定)"
    assert str(add_working_days(D(2026, 9, 30), 4)) == "2026-10-12"


@pytest.mark.parametrize(
    ("end", "n", "expected", "provisional"),
    [
        (D(2024, 2, 19), 1, D(2024, 2, 18), False),
        (D(2024, 2, 18), 1, D(2024, 2, 9), False),
        (D(2025, 10, 9), 1, D(2025, 9, 30), False),
        (D(2026, 1, 5), 1, D(2026, 1, 4), False),
        (D(2024, 1, 2), 1, D(2023, 12, 29), True),  # 2023 is not loaded
    ],
)
def test_subtract_working_days(end, n, expected, provisional):
    deadline = subtract_working_days(end, n)
    assert (deadline.date, deadline.provisional) == (expected, provisional)


def test_working_days_between_is_signed_and_excludes_the_first_day():
    assert working_days_between(D(2024, 2, 9), D(2024, 2, 9)) == 0
    assert working_days_between(D(2024, 2, 9), D(2024, 2, 18)) == 1
    assert working_days_between(D(2024, 2, 18), D(2024, 2, 9)) == -1
    assert working_days_between(D(2024, 1, 1), D(2024, 12, 31)) == 251


def test_unloaded_years_count_weekends_only():
    assert not is_loaded(2027)
    assert is_working_day(D(2027, 1, 1))  # a Friday; surely 元旦, but only a notice may say so
    assert not is_working_day(D(2027, 1, 2))


@pytest.mark.parametrize("n", [0, -1, -10])
def test_n_must_be_at_least_one(n):
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 1), n)
    with pytest.raises(ValueError):
        subtract_working_days(D(2025, 1, 1), n)


@pytest.mark.parametrize("n", [True, 1.0, "1"])
def test_n_must_be_an_int(n):
    with pytest.raises(TypeError):
        add_working_days(D(2025, 1, 1), n)


def test_a_datetime_is_refused_rather_than_silently_mismatched():
    with pytest.raises(TypeError):
        is_working_day(dt.datetime(2024, 2, 4, 9, 0))
    with pytest.raises(TypeError):
        add_working_days(dt.datetime(2024, 2, 3, 9, 0), 1)


def test_provisional_deadline_is_recomputed_when_the_year_is_loaded():
    calendar = WorkdayCalendar(bundled_arrangements())
    before = calendar.add_working_days(D(2026, 12, 31), 10)
    assert before.label == "2027-01-14(暂定)"
    calendar.load_year(parse_arrangement(fictitious_2027()))
    after = calendar.add_working_days(D(2026, 12, 31), 10)
    assert after == Deadline(date=D(2027, 1, 15), provisional=False)
    assert after.label == "2027-01-15"
    # the fictitious make-up Saturday now counts, the fictitious Spring Festival does not
    assert calendar.add_working_days(D(2027, 2, 4), 1).date == D(2027, 2, 15)
    assert calendar.add_working_days(D(2027, 2, 19), 1).date == D(2027, 2, 20)


def test_holiday_names_cover_rest_and_make_up_days():
    calendar = WorkdayCalendar(bundled_arrangements())
    assert calendar.holiday_name(D(2024, 2, 4)) == "春节"
    assert calendar.holiday_name(D(2025, 10, 6)) == "国庆节、中秋节"
    assert calendar.holiday_name(D(2024, 3, 1)) is None
    assert calendar.holiday_name(D(2027, 1, 1)) is None


def test_load_replaces_a_year_and_restore_undoes_it():
    calendar = WorkdayCalendar(bundled_arrangements())
    saved = calendar.snapshot()
    calendar.load_year(parse_arrangement(fictitious_2027()))
    assert calendar.loaded_years() == [2024, 2025, 2026, 2027]
    calendar.restore(saved)
    assert calendar.loaded_years() == [2024, 2025, 2026]
    calendar.unload_year(2024)
    assert not calendar.is_loaded(2024)
    assert calendar.is_working_day(D(2024, 2, 12))  # now weekends only


def _reference(start: dt.date, n: int) -> dt.date:
    """The definition, walked with the independent package's day table."""
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        counted += chinese_calendar.is_workday(day)
    return day


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 10, 31)),
    n=st.integers(min_value=1, max_value=30),
)
def test_add_agrees_with_a_walk_over_chinese_calendar(start, n):
    deadline = add_working_days(start, n)
    assert deadline.date == _reference(start, n)
    assert not deadline.provisional
    assert working_days_between(start, deadline.date) == n
    if is_working_day(start):
        assert subtract_working_days(deadline.date, n).date == start
