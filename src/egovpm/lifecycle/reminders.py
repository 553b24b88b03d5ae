"""The scheduled job: keep clocks running and remind people before and after each due day.

Run daily by `egovpm remind` (cron or a systemd timer). Every part is idempotent: run twice on
one day, it sends nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from egovpm.lifecycle import clocks
from egovpm.lifecycle.deadlines import deadline_open
from egovpm.lifecycle.models import (
    Deadline,
    DeadlineKind,
    ProjectLifecycle,
    ReminderKind,
    ReminderSent,
)
from egovpm.lifecycle.notify import notify, office_people, unit_people
from egovpm.lifecycle.parameters import clock_parameters
from egovpm.lifecycle.selectors import deadline_status, open_deadlines
from egovpm.lifecycle.services import lifecycle_transition, lifecycles_open_missing
from egovpm.lifecycle.transitions import REPORTING, Action


@dataclass
class RunResult:
    opened: int = 0
    quarters: int = 0
    due_soon: int = 0
    overdue: int = 0
    stop_reviews: int = 0


def _open_quarters(today: dt.date) -> int:
    """Key projects report every quarter they execute in (规则 五(五)4)."""
    params, count = clock_parameters(today), 0
    for lc in ProjectLifecycle.objects.filter(
        key_project=True, stage__in=REPORTING, execution_started_on__isnull=False,
    ):
        if lc.execution_started_on is None:  # excluded by the query; narrows the type
            continue
        year, quarter = clocks.quarter_of(lc.execution_started_on)
        while (year, quarter) <= clocks.quarter_of(today):
            key = f"{year}Q{quarter}"
            if not lc.deadlines.filter(kind=DeadlineKind.QUARTERLY_REPORT, key=key).exists():
                deadline_open(lifecycle=lc, kind=DeadlineKind.QUARTERLY_REPORT, key=key,
                              start=clocks.quarter_end(year, quarter),
                              working_days=params.quarterly_report_working_days)
                count += 1
            year, quarter = clocks.next_quarter(year, quarter)
    return count


def _remind_once(deadline: Deadline, kind: ReminderKind, today: dt.date) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(deadline=deadline, kind=kind,
                                        due_date=deadline.due_date, sent_on=today)
    except IntegrityError:
        return False
    lc = deadline.lifecycle
    what = deadline.get_kind_display()
    if kind == ReminderKind.OVERDUE:
        title = _("%(name)s：%(what)s已逾期(截止 %(due)s)")
    else:
        title = _("%(name)s：%(what)s将于 %(due)s 到期")
    notify(recipients=unit_people(lc), lifecycle=lc, verb=f"deadline_{kind}",
           title=title % {"name": lc.name, "what": what, "due": deadline.due_label})
    return True


def reminders_run(*, today: dt.date) -> RunResult:
    """One day's run of the job."""
    result = RunResult(opened=lifecycles_open_missing())
    result.quarters = _open_quarters(today)
    for deadline in open_deadlines():
        status = deadline_status(deadline, today=today)
        if status.code == "overdue":
            result.overdue += _remind_once(deadline, ReminderKind.OVERDUE, today)
        elif status.code == "due_soon":
            result.due_soon += _remind_once(deadline, ReminderKind.DUE_SOON, today)
    # 规则 五(五)1: 超过半年未启动,且未备案说明原因的 → the joint meeting's agenda.
    for deadline in open_deadlines().filter(
        kind=DeadlineKind.PROCUREMENT_STOP_REVIEW, due_date__lt=today,
        lifecycle__stop_review_since__isnull=True,
    ):
        lc = lifecycle_transition(lifecycle=deadline.lifecycle,
                                  action=Action.PLACE_ON_STOP_AGENDA, actor=None, today=today)
        notify(recipients=office_people(), lifecycle=lc, verb="stop_review",
               title=_("%(name)s 超过半年未启动政府采购且未备案原因,请提请联席会议审议")
               % {"name": lc.name})
        result.stop_reviews += 1
    return result
