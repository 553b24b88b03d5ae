"""Reads of the working-day calendar, with the database-stored years installed first."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from egovpm import workdays
from egovpm.calendars.models import YearArrangement
from egovpm.workdays import Arrangement, Deadline

_lock = threading.RLock()
# year -> loaded_at of the row installed into the pure calendar by this process
_installed: dict[int, dt.datetime] = {}


def ensure_calendar_loaded() -> None:
    """Install into `egovpm.workdays.default_calendar` every stored year this process lacks.

    Cheap when nothing changed (one query of years and timestamps), and it also picks up a year
    loaded by another process since. Called by the service, the selectors and the command, never
    at start-up (no database query in AppConfig.ready).
    """
    stamps = dict(YearArrangement.objects.values_list("year", "loaded_at"))
    stale = [year for year, at in stamps.items() if _installed.get(year) != at]
    if not stale:
        return
    with _lock:
        for row in YearArrangement.objects.filter(year__in=stale):
            install_row(row)


def install_row(row: YearArrangement) -> Arrangement:
    """Install one stored row into the pure calendar (its data was validated when stored)."""
    arrangement = workdays.parse_arrangement(row.data)
    with _lock:
        workdays.load_year(arrangement)
        _installed[row.year] = row.loaded_at
    return arrangement


def forget_installed() -> None:
    """Forget what this process installed (tests restore the pure calendar around each test)."""
    _installed.clear()


@dataclass(frozen=True, slots=True)
class LoadedYear:
    """A year of the calendar as the page shows it."""

    arrangement: Arrangement
    row: YearArrangement | None  # None: bundled with the software

    @property
    def year(self) -> int:
        return self.arrangement.year


def loaded_years() -> list[LoadedYear]:
    """Every year the calendar knows, newest first, with who loaded it (if anyone)."""
    ensure_calendar_loaded()
    rows = {r.year: r for r in YearArrangement.objects.select_related("loaded_by")}
    calendar = workdays.default_calendar
    years = []
    for year in sorted(calendar.loaded_years(), reverse=True):
        arrangement = calendar.arrangement(year)
        if arrangement is not None:
            years.append(LoadedYear(arrangement, rows.get(year)))
    return years


def deadline_after(start: dt.date, n: int) -> Deadline:
    """The n-th working day strictly after `start`, on every loaded year."""
    ensure_calendar_loaded()
    return workdays.add_working_days(start, n)


def deadline_before(end: dt.date, n: int) -> Deadline:
    """The n-th working day strictly before `end`, on every loaded year."""
    ensure_calendar_loaded()
    return workdays.subtract_working_days(end, n)
