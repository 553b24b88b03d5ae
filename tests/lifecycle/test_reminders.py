"""The reminder job and provisional deadlines recomputed when a year is loaded."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from egovpm.calendars.services import arrangement_load
from egovpm.lifecycle.models import ReminderSent
from egovpm.lifecycle.reminders import reminders_run
from egovpm.lifecycle.selectors import todo_for
from egovpm.lifecycle.services import lifecycle_open
from egovpm.meetings.models import Notification
from tests.lifecycle.conftest import make_application
from tests.workdays.samples import fictitious_2027

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def contracted(drive):
    drive("release_budget", D(2026, 3, 2), who="finance", released_on="2026-03-02")
    drive("start_procurement", D(2026, 4, 1), started_on="2026-04-01", method="gov_procurement")
    # effective Fri 24 Apr 2026: 27–30 Apr are days 1–4, Labour Day 1–5 May, 6–8 May days 5–7,
    # make-up Sat 9 May day 8, Mon 11 day 9, Tue 12 May day 10.
    drive("record_contract", D(2026, 4, 24), effective_date="2026-04-24")
    assert drive.deadline("contract_filing").due_date == D(2026, 5, 12)
    return drive


def _contract_notices(user, verb: str) -> int:
    return Notification.objects.filter(recipient=user, verb=verb, title__contains="合同备案").count()


def test_reminded_three_working_days_before_and_once_when_overdue(
    contracted, applicant_kewei, unit_leader_kewei,
) -> None:
    # 3 working days before Tue 12 May: Mon 11, Sat 9 (make-up), Fri 8 May.
    reminders_run(today=D(2026, 5, 7))
    assert _contract_notices(applicant_kewei, "deadline_due_soon") == 0
    reminders_run(today=D(2026, 5, 8))
    reminders_run(today=D(2026, 5, 8))
    reminders_run(today=D(2026, 5, 11))
    assert _contract_notices(applicant_kewei, "deadline_due_soon") == 1
    assert _contract_notices(unit_leader_kewei, "deadline_due_soon") == 1
    reminders_run(today=D(2026, 5, 12))
    assert _contract_notices(applicant_kewei, "deadline_overdue") == 0
    reminders_run(today=D(2026, 5, 13))
    reminders_run(today=D(2026, 5, 14))
    assert _contract_notices(applicant_kewei, "deadline_overdue") == 1
    assert ReminderSent.objects.filter(kind="overdue").count() == 1


def test_todo_lists_what_is_due(contracted, applicant_kewei, finance) -> None:
    assert not any("合同备案" in i.title for i in todo_for(applicant_kewei, today=D(2026, 5, 7)))
    assert any("合同备案" in i.title for i in todo_for(applicant_kewei, today=D(2026, 5, 8)))


def test_finance_todo_lists_budgets_to_release(applicant_kewei, finance) -> None:
    lifecycle_open(application=make_application(applicant_kewei, name="区教育城域网升级项目"))
    assert [i.title for i in todo_for(finance, today=D(2026, 3, 1))] == [
        "区教育城域网升级项目：待登记预算下达"]


def test_the_command_runs_the_job_for_a_given_day(contracted, applicant_kewei) -> None:
    out = StringIO()
    call_command("remind", "--date", "2026-05-13", stdout=out)
    assert "逾期提醒 1" in out.getvalue()
    assert _contract_notices(applicant_kewei, "deadline_overdue") == 1


def test_the_job_opens_lifecycles_of_newly_approved_applications(applicant_kewei) -> None:
    application = make_application(applicant_kewei)
    assert reminders_run(today=D(2026, 3, 1)).opened == 1
    assert application.lifecycle.stage == "awaiting_budget"
    assert reminders_run(today=D(2026, 3, 1)).opened == 0


def test_a_provisional_deadline_is_recomputed_when_its_year_is_loaded(
    contracted, django_capture_on_commit_callbacks,
) -> None:
    # A contract effective Fri 25 Dec 2026: the 10th working day lies in 2027, not loaded yet.
    lifecycle = contracted.lifecycle
    lifecycle.deadlines.filter(kind="contract_filing").delete()
    from egovpm.lifecycle.deadlines import deadline_open

    deadline = deadline_open(lifecycle=lifecycle, kind="contract_filing",
                             start=D(2026, 12, 25), working_days=10)
    assert (deadline.due_date, deadline.provisional) == (D(2027, 1, 8), True)
    assert deadline.due_label == "2027-01-08(暂定)"
    with django_capture_on_commit_callbacks(execute=True):
        arrangement_load(data=fictitious_2027())
    deadline.refresh_from_db()
    # 元旦 1–3 Jan 2027 (fictitious): 28–31 Dec, 4–8 Jan, then Mon 11 Jan is day 10.
    assert (deadline.due_date, deadline.provisional) == (D(2027, 1, 11), False)
