"""The bundled years against the State Council notices and two independent packages."""

from __future__ import annotations

import datetime as dt
import json

import chinese_calendar
import holidays
import pytest

from egovpm.workdays import bundled_arrangements, default_calendar, parse_arrangement

FIRST, LAST = dt.date(2024, 1, 1), dt.date(2026, 12, 31)


def _every_day():
    day = FIRST
    while day <= LAST:
        yield day
        day += dt.timedelta(days=1)


def test_bundled_years_are_2024_to_2026():
    assert [a.year for a in bundled_arrangements()] == [2024, 2025, 2026]
    assert default_calendar.loaded_years()[:3] == [2024, 2025, 2026]


@pytest.mark.parametrize(
    ("year", "notice", "issued_on"),
    [
        (2024, "国办发明电〔2023〕7号", dt.date(2023, 10, 25)),
        (2025, "国办发明电〔2024〕12号", dt.date(2024, 11, 12)),
        (2026, "国办发明电〔2025〕7号", dt.date(2025, 11, 4)),
    ],
)
def test_each_year_names_its_notice(year, notice, issued_on):
    arrangement = default_calendar.arrangement(year)
    assert arrangement is not None
    assert arrangement.notice == notice
    assert arrangement.issued_on == issued_on
    assert arrangement.title == f"国务院办公厅关于{year}年部分节假日安排的通知"
    assert all(p.text for p in arrangement.holidays)


def test_every_day_agrees_with_chinese_calendar():
    disagreements = [
        d for d in _every_day() if default_calendar.is_working_day(d) != chinese_calendar.is_workday(d)
    ]
    assert disagreements == []


def test_every_day_agrees_with_holidays_package():
    cn = holidays.country_holidays("CN", years=range(2024, 2027))
    disagreements = [d for d in _every_day() if default_calendar.is_working_day(d) != cn.is_working_day(d)]
    assert disagreements == []


def test_rest_weekdays_are_exactly_the_packages_holidays():
    ours = {d for d in _every_day() if d.weekday() < 5 and not default_calendar.is_working_day(d)}
    theirs = {d for d in _every_day() if d.weekday() < 5 and chinese_calendar.is_holiday(d)}
    assert ours == theirs


def _net_days_off(year: int, name: str) -> int:
    """Weekdays off in the period minus the make-up working days it costs."""
    period = next(p for p in default_calendar.arrangement(year).holidays if p.name == name)
    return sum(d.weekday() < 5 for d in period.days()) - len(period.makeup_days)


def test_2025_revision_added_a_day_to_spring_festival_and_labour_day():
    # 国务院令第795号 (2024-11): 春节、劳动节各增加1天, effective 2025.
    assert _net_days_off(2024, "春节") == 3
    assert _net_days_off(2025, "春节") == 4
    assert _net_days_off(2024, "劳动节") == 1
    assert _net_days_off(2025, "劳动节") == 2
    assert not default_calendar.is_working_day(dt.date(2025, 1, 28))  # 除夕 is now a day off
    assert default_calendar.is_working_day(dt.date(2024, 2, 9))  # in 2024 it was a working day


@pytest.mark.parametrize("arrangement", bundled_arrangements(), ids=lambda a: str(a.year))
def test_bundled_year_survives_a_json_round_trip(arrangement):
    assert parse_arrangement(json.loads(json.dumps(arrangement.to_dict()))) == arrangement
