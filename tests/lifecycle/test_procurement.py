"""Budget release and the procurement clocks (规则 五(五)1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from egovpm.audit.models import AuditEntry
from egovpm.lifecycle.models import ProjectLifecycle, Stage
from egovpm.lifecycle.reminders import reminders_run
from egovpm.lifecycle.selectors import deadline_status, pending_for_meeting
from egovpm.lifecycle.transitions import InvalidStep
from egovpm.meetings.models import Notification
from tests.lifecycle.conftest import frozen

D = dt.date
pytestmark = pytest.mark.django_db


def test_only_finance_releases_the_budget(drive, applicant_kewei) -> None:
    with pytest.raises(PermissionDenied):
        drive("release_budget", D(2026, 3, 1), who="applicant", released_on="2026-03-01")
    lifecycle = ProjectLifecycle.objects.get()
    assert lifecycle.stage == Stage.AWAITING_BUDGET
    assert lifecycle.budget_released_on is None
    assert not lifecycle.deadlines.exists()


def test_a_step_out_of_stage_is_refused_with_the_stage_named(drive) -> None:
    with pytest.raises(InvalidStep, match="待下达预算"):
        drive("start_procurement", D(2026, 3, 1), started_on="2026-03-01",
              method="public_tender")


def test_release_opens_the_three_and_six_month_clocks(drive) -> None:
    lifecycle = drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-01")
    assert lifecycle.stage == Stage.BUDGETED
    assert drive.deadline("procurement_start").due_date == D(2026, 6, 1)
    assert drive.deadline("procurement_stop_review").due_date == D(2026, 9, 1)
    # self-evaluation within 3 months of the budget year's end (a Reading).
    assert drive.deadline("self_evaluation", "2026").due_date == D(2027, 3, 31)
    entry = AuditEntry.objects.filter(action="lifecycle.release_budget").get()
    assert (entry.from_state, entry.to_state) == ("awaiting_budget", "budgeted")


def test_release_date_in_the_future_is_refused_naming_the_field(drive) -> None:
    with pytest.raises(InvalidStep) as refused:
        drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-02")
    assert refused.value.field == "released_on"
    with pytest.raises(InvalidStep) as refused:
        drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-02-30")
    assert refused.value.field == "released_on"


def test_procurement_clock_is_overdue_the_day_after_its_due_day(drive) -> None:
    drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-01")
    deadline = drive.deadline("procurement_start")
    assert deadline_status(deadline, today=D(2026, 6, 1)).code == "due_soon"
    assert deadline_status(deadline, today=D(2026, 6, 2)).code == "overdue"


def test_a_late_start_needs_a_filed_reason_first(drive) -> None:
    drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-01")
    with pytest.raises(InvalidStep, match="备案说明原因"):
        drive("start_procurement", D(2026, 6, 2), started_on="2026-06-02",
              method="gov_procurement")
    drive("file_late_reason", D(2026, 6, 2), reason="需求调研延后,待市级平台接口确定")
    lifecycle = drive("start_procurement", D(2026, 6, 3), started_on="2026-06-03",
                      method="gov_procurement")
    assert lifecycle.stage == Stage.PROCUREMENT
    assert drive.deadline("procurement_stop_review").waived_reason


def test_a_start_on_the_due_day_needs_no_reason(drive) -> None:
    drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-01")
    drive("start_procurement", D(2026, 6, 1), started_on="2026-06-01", method="gov_procurement")
    deadline = drive.deadline("procurement_start")
    assert deadline.met_on == D(2026, 6, 1)
    assert deadline_status(deadline, today=D(2026, 7, 1)).code == "met"


def test_above_four_million_only_a_public_tender_will_do(make_lifecycle, drive) -> None:
    drive.lifecycle = make_lifecycle(
        total="4500000",
        obligations=["GOV_PROCUREMENT_REQUIRED", "PUBLIC_TENDER_REQUIRED",
                     "PROCUREMENT_START_3_MONTHS"],
    )
    drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-01")
    with pytest.raises(InvalidStep, match="公开招标") as refused:
        drive("start_procurement", D(2026, 3, 2), started_on="2026-03-02",
              method="gov_procurement")
    assert refused.value.field == "method"
    assert drive("start_procurement", D(2026, 3, 2), started_on="2026-03-02",
                 method="public_tender").procurement_method == "public_tender"


def test_six_months_without_start_or_filing_goes_to_the_meeting(drive, office_clerk) -> None:
    drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-01")
    assert reminders_run(today=D(2026, 9, 1)).stop_reviews == 0
    assert pending_for_meeting() == []
    result = reminders_run(today=D(2026, 9, 2))
    assert result.stop_reviews == 1
    assert reminders_run(today=D(2026, 9, 2)).stop_reviews == 0  # idempotent
    lifecycle = ProjectLifecycle.objects.get()
    assert lifecycle.stop_review_since == D(2026, 9, 2)
    assert [item["kind"] for item in pending_for_meeting()] == ["stop"]
    assert Notification.objects.filter(recipient=office_clerk, verb="stop_review").count() == 1
    with pytest.raises(InvalidStep, match="联席会议"):
        drive("record_stop_decision", D(2026, 9, 20), who="office", decision="stop", note="x")
    assert ProjectLifecycle.objects.get().stage == Stage.BUDGETED
    stopped = drive.meeting_decides("record_stop_decision", D(2026, 9, 20), decision="stop",
                                    note="联席会议决定停止实施")
    assert stopped.stage == Stage.STOPPED
    assert not stopped.deadlines.filter(met_on__isnull=True, waived_reason="").exists()


def test_a_filed_reason_keeps_the_project_off_the_stop_agenda(drive) -> None:
    drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-01")
    drive("file_late_reason", D(2026, 8, 31), reason="等待市级统一平台上线")
    assert reminders_run(today=D(2026, 9, 2)).stop_reviews == 0
    with pytest.raises(InvalidStep):
        drive("place_on_stop_agenda", D(2026, 9, 2), who="office")


def test_the_office_cannot_propose_a_stop_before_six_months(drive) -> None:
    drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-01")
    with pytest.raises(InvalidStep, match="半年"):
        drive("place_on_stop_agenda", D(2026, 9, 1), who="office")


def test_another_unit_cannot_act_on_the_project(drive, outsider) -> None:
    drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-01")
    drive.people["outsider"] = outsider
    with pytest.raises(PermissionDenied):
        drive("start_procurement", D(2026, 3, 2), who="outsider", started_on="2026-03-02",
              method="gov_procurement")


def test_today_is_the_shanghai_calendar_day(drive) -> None:
    from egovpm.lifecycle.services import lifecycle_transition

    # 07:00 in Shanghai on 2 March is still 1 March in UTC: 2 March is not "in the future".
    with frozen(D(2026, 3, 2), hour=7):
        lifecycle = lifecycle_transition(lifecycle=drive.lifecycle, action="release_budget",
                                         actor=drive.people["finance"],
                                         payload={"released_on": "2026-03-02"})
    assert lifecycle.budget_released_on == D(2026, 3, 2)
