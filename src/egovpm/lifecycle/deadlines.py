"""Opening, meeting and recomputing the clocks of a lifecycle (called inside services)."""

from __future__ import annotations

import datetime as dt

from egovpm.lifecycle import clocks
from egovpm.lifecycle.models import Deadline, DeadlineKind, ProjectLifecycle


def _calendar_ready() -> None:
    # Years an administrator loaded into the database must be in the pure calendar first.
    from egovpm.calendars.selectors import ensure_calendar_loaded

    ensure_calendar_loaded()


def deadline_open(
    *,
    lifecycle: ProjectLifecycle,
    kind: DeadlineKind,
    start: dt.date,
    key: str = "",
    working_days: int | None = None,
    months: int | None = None,
    due: dt.date | None = None,
) -> Deadline:
    """Start (or restart) one clock; exactly one of working_days, months, due is given."""
    if [working_days, months, due].count(None) != 2:
        raise ValueError("give exactly one of working_days, months, due")
    if working_days is not None:
        _calendar_ready()
        found = clocks.working_days_after(start, working_days)
    elif months is not None:
        found = clocks.months_after(start, months)
    else:
        assert due is not None
        found = clocks.Due(due)
    deadline, _created = Deadline.objects.update_or_create(
        lifecycle=lifecycle, kind=kind, key=key,
        defaults={
            "start_date": start, "working_days": working_days, "months": months,
            "due_date": found.date, "provisional": found.provisional,
            "met_on": None, "waived_reason": "",
        },
    )
    return deadline


def deadline_meet(
    *, lifecycle: ProjectLifecycle, kind: DeadlineKind, on: dt.date, key: str = "",
) -> Deadline | None:
    """Mark a clock met (the obligation was done on `on`); None when no such clock runs."""
    deadline = Deadline.objects.filter(lifecycle=lifecycle, kind=kind, key=key).first()
    if deadline is not None and deadline.met_on is None:
        deadline.met_on = on
        deadline.save(update_fields=["met_on"])
    return deadline


def deadline_waive(
    *, lifecycle: ProjectLifecycle, kinds: list[DeadlineKind], reason: str,
) -> int:
    """Close open clocks that no longer apply (e.g. procurement clocks once procurement ran)."""
    return Deadline.objects.filter(
        lifecycle=lifecycle, kind__in=kinds, met_on__isnull=True, waived_reason="",
    ).update(waived_reason=reason)


def deadlines_recompute_provisional() -> int:
    """Recompute every provisional working-day deadline (after a year's arrangement loads).

    Returns how many changed date or lost their provisional mark.
    """
    _calendar_ready()
    changed = 0
    for deadline in Deadline.objects.filter(provisional=True, working_days__isnull=False):
        if deadline.working_days is None:  # excluded by the query; narrows the type
            continue
        found = clocks.working_days_after(deadline.start_date, deadline.working_days)
        if (found.date, found.provisional) != (deadline.due_date, deadline.provisional):
            deadline.due_date, deadline.provisional = found.date, found.provisional
            deadline.save(update_fields=["due_date", "provisional"])
            changed += 1
    return changed
