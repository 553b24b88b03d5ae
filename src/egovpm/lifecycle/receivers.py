"""Signal wiring: a newly loaded year makes provisional (暂定) deadlines final (POLICY.md §6)."""

from __future__ import annotations

from typing import Any


def on_year_loaded(sender: Any, year: int | None = None, **kwargs: Any) -> None:
    from egovpm.lifecycle.deadlines import deadlines_recompute_provisional

    deadlines_recompute_provisional()


def connect() -> None:
    from egovpm.calendars.signals import year_loaded

    year_loaded.connect(on_year_loaded, dispatch_uid="lifecycle.recompute_provisional")
