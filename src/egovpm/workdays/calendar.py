"""Deadline arithmetic on China's statutory working-day calendar (POLICY.md §6).

A day is a working day when it is a make-up working day (调休上班) of its year, or a Monday to
Friday outside the year's holiday periods. For a year whose arrangement is not loaded yet the
calendar falls back to weekends alone and every result that relied on such a day says so
(`provisional`, shown as 暂定): a deadline is never a silent guess.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from egovpm.workdays.arrangement import Arrangement

PROVISIONAL_MARK = "暂定"
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A date found by counting working days, and whether it rests on an unloaded year."""

    date: dt.date
    provisional: bool
    # The years crossed whose arrangement was not loaded (so weekends alone were assumed).
    assumed_years: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """`2026-10-12`, or `2027-01-15(暂定)` when provisional."""
        text = self.date.isoformat()
        return f"{text}({PROVISIONAL_MARK})" if self.provisional else text

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True)
class _Year:
    arrangement: Arrangement
    rest_days: frozenset[dt.date]
    makeup_days: frozenset[dt.date]
    names: Mapping[dt.date, str]


def _compile(arrangement: Arrangement) -> _Year:
    names = {day: p.name for p in arrangement.holidays for day in p.days()}
    names.update({day: p.name for p in arrangement.holidays for day in p.makeup_days})
    return _Year(arrangement, arrangement.rest_days, arrangement.makeup_days, names)


def _is_working(day: dt.date, year: _Year | None) -> bool:
    if year is not None:
        if day in year.makeup_days:
            return True
        if day in year.rest_days:
            return False
    return day.weekday() < 5


def _check_day(value: object, name: str) -> dt.date:
    # A datetime would compare unequal to every date in the tables and its day depends on the
    # time zone; the caller must decide which calendar day it means.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


def _check_count(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, not {type(n).__name__}")
    if n < 1:
        raise ValueError(f"n must be at least 1 working day, got {n}")
    return n


class WorkdayCalendar:
    """The loaded years' arrangements and the arithmetic on them.

    Readers take one reference to the (immutable) year table and never lock; writers build a new
    table under a lock and swap it in, so a computation never sees half a year.
    """

    def __init__(self, arrangements: Iterable[Arrangement] = ()) -> None:
        self._lock = threading.Lock()
        self._years: Mapping[int, _Year] = {a.year: _compile(a) for a in arrangements}

    # -- the loaded years -------------------------------------------------------------------

    def load_year(self, arrangement: Arrangement) -> None:
        """Install (or replace) one year's arrangement."""
        compiled = _compile(arrangement)
        with self._lock:
            self._years = {**self._years, arrangement.year: compiled}

    def unload_year(self, year: int) -> None:
        with self._lock:
            self._years = {y: v for y, v in self._years.items() if y != year}

    def snapshot(self) -> Mapping[int, object]:
        """An opaque copy of the loaded years, for `restore` (tests, rollbacks)."""
        return dict(self._years)

    def restore(self, snapshot: Mapping[int, object]) -> None:
        with self._lock:
            self._years = {y: v for y, v in snapshot.items() if isinstance(v, _Year)}

    def is_loaded(self, year: int) -> bool:
        return year in self._years

    def loaded_years(self) -> list[int]:
        return sorted(self._years)

    def arrangement(self, year: int) -> Arrangement | None:
        compiled = self._years.get(year)
        return compiled.arrangement if compiled else None

    # -- single days ------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        day = _check_day(day, "day")
        return _is_working(day, self._years.get(day.year))

    def holiday_name(self, day: dt.date) -> str | None:
        """The holiday a rest day or make-up working day belongs to, if any."""
        compiled = self._years.get(_check_day(day, "day").year)
        return compiled.names.get(day) if compiled else None

    # -- counting ---------------------------------------------------------------------------

    def add_working_days(self, start: dt.date, n: int) -> Deadline:
        """The n-th working day strictly after `start`, whatever kind of day `start` is.

        POLICY.md §6: a contract signed on the Saturday before a make-up working Sunday has that
        Sunday as its day 1.
        """
        return self._walk(_check_day(start, "start"), _check_count(n), _ONE_DAY)

    def subtract_working_days(self, end: dt.date, n: int) -> Deadline:
        """The n-th working day strictly before `end` (for "remind N working days before")."""
        return self._walk(_check_day(end, "end"), _check_count(n), -_ONE_DAY)

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days d with a < d <= b; negative (the count in (b, a]) when b is before a.

        Consistent with `add_working_days`: if `add_working_days(a, n).date == b` then this is n.
        """
        a, b = _check_day(a, "a"), _check_day(b, "b")
        if b < a:
            return -self.working_days_between(b, a)
        years = self._years
        count, day = 0, a
        while day < b:
            day += _ONE_DAY
            count += _is_working(day, years.get(day.year))
        return count

    def _walk(self, origin: dt.date, n: int, step: dt.timedelta) -> Deadline:
        years = self._years  # one consistent table for the whole count
        assumed: set[int] = set()
        day, counted = origin, 0
        while counted < n:
            day += step
            compiled = years.get(day.year)
            if compiled is None:
                assumed.add(day.year)
            counted += _is_working(day, compiled)
        return Deadline(date=day, provisional=bool(assumed), assumed_years=tuple(sorted(assumed)))
