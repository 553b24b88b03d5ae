"""Loading a year's holiday arrangement: validate, store, audit, then install and announce."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from egovpm import workdays
from egovpm.accounts.models import Role
from egovpm.audit.services import audit_record, field_changes
from egovpm.calendars.models import YearArrangement
from egovpm.calendars.selectors import ensure_calendar_loaded, install_row
from egovpm.calendars.signals import year_loaded


def _summary(data: dict[str, Any]) -> dict[str, Any]:
    """What the audit row records of an arrangement (enough to see what a reload changed)."""
    return {
        "notice": data.get("notice"),
        "title": data.get("title"),
        "holidays": [f"{h['name']} {h['first']}–{h['last']}" for h in data.get("holidays", [])],
        "makeup_days": sorted(d for h in data.get("holidays", []) for d in h["makeup_days"]),
    }


def arrangement_load(
    *, data: Any, actor: Any = None, client_ip: str | None = None
) -> YearArrangement:
    """Validate a year file's content and make it the calendar of its year.

    Raises `egovpm.workdays.InvalidArrangement` (nothing stored) for a bad file and
    `PermissionDenied` when `actor` is not a system administrator (`actor=None` is the operator
    at the console). A year loaded before is replaced. After the transaction commits, the year
    is installed into the pure calendar and `year_loaded(year=...)` is sent, so that provisional
    (暂定) deadlines get recomputed (POLICY.md §6).
    """
    if actor is not None and getattr(actor, "role", None) != Role.SYSADMIN:
        raise PermissionDenied("只有系统管理员可以载入年度放假安排")
    arrangement = workdays.parse_arrangement(data)
    stored = arrangement.to_dict()
    ensure_calendar_loaded()
    with transaction.atomic():
        previous = YearArrangement.objects.select_for_update().filter(year=arrangement.year).first()
        before = _summary(previous.data) if previous else {}
        row, _created = YearArrangement.objects.update_or_create(
            year=arrangement.year,
            defaults={
                "notice": arrangement.notice,
                "title": arrangement.title,
                "data": stored,
                "loaded_at": timezone.now(),
                "loaded_by": actor,
            },
        )
        audit_record(
            actor=actor,
            action="year_arrangement_load",
            obj=row,
            reason=f"{arrangement.title}（{arrangement.notice}）",
            changes=field_changes(before, _summary(stored)),
            client_ip=client_ip,
        )
        transaction.on_commit(lambda: _announce(row))
    return row


def _announce(row: YearArrangement) -> None:
    install_row(row)
    year_loaded.send(sender=YearArrangement, year=row.year)
