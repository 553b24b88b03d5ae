"""Contract filing, project leader, supervision, quarterly reports, changes (规则 五(五)2–6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from egovpm.lifecycle.models import ChangeState, Stage
from egovpm.lifecycle.reminders import reminders_run
from egovpm.lifecycle.selectors import (
    deadline_status,
    deadlines_overdue,
    pending_for_meeting,
    todo_for,
)
from egovpm.lifecycle.transitions import InvalidStep
from egovpm.meetings.models import Notification
from tests.lifecycle.conftest import contract_files, pdf, to_executing

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def procuring(drive):
    drive("release_budget", D(2026, 3, 2), who="finance", released_on="2026-03-02")
    drive("start_procurement", D(2026, 4, 1), started_on="2026-04-01", method="gov_procurement")
    return drive


def test_contract_filing_needs_the_three_documents(procuring) -> None:
    files = contract_files()
    del files["schedule"]
    with pytest.raises(InvalidStep, match="实施进度计划"):
        procuring("file_contract", D(2026, 9, 30), effective_date="2026-09-30", files=files)
    assert procuring.lifecycle.stage == Stage.PROCUREMENT
    assert not procuring.lifecycle.deadlines.filter(kind="contract_filing").exists()


def test_contract_needs_procurement_first_above_the_threshold(drive) -> None:
    drive("release_budget", D(2026, 3, 2), who="finance", released_on="2026-03-02")
    with pytest.raises(InvalidStep, match="先启动政府采购"):
        drive("file_contract", D(2026, 4, 1), effective_date="2026-04-01",
              files=contract_files())


def test_contract_filed_on_the_tenth_working_day_across_national_day(procuring) -> None:
    # effective Wed 30 Sep 2026; 1–7 Oct off; Thu 8, Fri 9, make-up Sat 10 Oct … → Tue 20 Oct
    lifecycle = procuring("file_contract", D(2026, 10, 20), effective_date="2026-09-30",
                          files=contract_files())
    assert lifecycle.stage == Stage.CONTRACTED
    deadline = procuring.deadline("contract_filing")
    assert deadline.due_date == D(2026, 10, 20)
    assert deadline_status(deadline, today=D(2026, 10, 21)).code == "met"


def test_contract_filed_a_day_late_is_flagged(procuring) -> None:
    procuring("file_contract", D(2026, 10, 21), effective_date="2026-09-30",
              files=contract_files())
    deadline = procuring.deadline("contract_filing")
    assert deadline_status(deadline, today=D(2026, 10, 21)).code == "met_late"


def test_an_unfiled_contract_is_overdue_for_unit_and_office_the_day_after(
    procuring, applicant_kewei, office_clerk, outsider,
) -> None:
    procuring("record_contract", D(2026, 10, 1), effective_date="2026-09-30")
    assert not deadlines_overdue(today=D(2026, 10, 20)).exists()
    assert [d.kind for d in deadlines_overdue(today=D(2026, 10, 21))] == ["contract_filing"]
    assert deadlines_overdue(today=D(2026, 10, 21), user=office_clerk).count() == 1
    assert deadlines_overdue(today=D(2026, 10, 21), user=applicant_kewei).count() == 1
    assert deadlines_overdue(today=D(2026, 10, 21), user=outsider).count() == 0
    todo = todo_for(applicant_kewei, today=D(2026, 10, 21))
    assert any(item.overdue and "合同备案" in item.title for item in todo)


def test_execution_waits_for_leader_and_supervision(procuring) -> None:
    procuring("file_contract", D(2026, 5, 6), effective_date="2026-05-06",
              files=contract_files())
    with pytest.raises(InvalidStep) as refused:
        procuring("start_execution", D(2026, 5, 7))
    assert "项目负责人" in refused.value.reason
    assert "工程监理" in refused.value.reason and "投资监理" in refused.value.reason
    procuring("assign_leader", D(2026, 5, 7), leader_name="李强", leader_title="副主任",
              staff_name="张敏")
    procuring("record_supervision", D(2026, 5, 7), kind="engineering", firm="甲监理",
              contracted_on="2026-05-06")
    with pytest.raises(InvalidStep, match="投资监理") as refused:
        procuring("start_execution", D(2026, 5, 7))
    assert "工程监理" not in refused.value.reason
    procuring("record_supervision", D(2026, 5, 7), kind="investment", firm="乙监理",
              contracted_on="2026-05-06")
    assert procuring("start_execution", D(2026, 5, 7)).stage == Stage.EXECUTING


def test_below_the_thresholds_no_supervision_is_asked(make_lifecycle, drive) -> None:
    drive.lifecycle = make_lifecycle(total="600000", key_project=False, obligations=[
        "CONTRACT_FILING_10_WORKING_DAYS", "PROJECT_LEADER_REQUIRED"])
    drive("release_budget", D(2026, 3, 2), who="finance", released_on="2026-03-02")
    drive("file_contract", D(2026, 3, 20), effective_date="2026-03-20", files=contract_files())
    drive("assign_leader", D(2026, 3, 20), leader_name="李强", leader_title="副主任",
          staff_name="张敏")
    assert drive("start_execution", D(2026, 3, 20)).stage == Stage.EXECUTING


@pytest.fixture
def executing(drive):
    to_executing(drive, released=D(2026, 3, 2), started=D(2026, 3, 20),
                 effective=D(2026, 5, 6), filed=D(2026, 5, 8))
    return drive


def test_quarterly_report_clock_and_lag_detection(executing, office_clerk) -> None:
    # 2026Q2 ends Tue 30 Jun; 10 working days → Tue 14 Jul.
    assert executing.deadline("quarterly_report", "2026Q2").due_date == D(2026, 7, 14)
    with pytest.raises(InvalidStep, match="尚未开始"):
        executing("submit_quarterly_report", D(2026, 6, 30), year=2026, quarter=3,
                  planned_progress=40, actual_progress=40, amount_spent="0")
    executing("submit_quarterly_report", D(2026, 7, 3), year=2026, quarter=2,
              planned_progress=40, actual_progress=15, amount_spent="180000.00",
              problems="接口联调延误")
    assert executing.deadline("quarterly_report", "2026Q2").met_on == D(2026, 7, 3)
    assert executing.deadline("quarterly_report", "2026Q3").due_date == D(2026, 10, 20)
    report = executing.lifecycle.quarterly_reports.get()
    assert report.lagging is True
    assert Notification.objects.filter(recipient=office_clerk, verb="quarterly_lagging").exists()
    assert any("待督办" in item.title for item in todo_for(office_clerk, today=D(2026, 7, 3)))
    executing("issue_rectification_advice", D(2026, 7, 6), who="office", year=2026, quarter=2,
              advice="请于7月底前完成接口联调并报送进度")
    report.refresh_from_db()
    assert report.advice_on == D(2026, 7, 6)
    with pytest.raises(InvalidStep, match="已填报"):
        executing("submit_quarterly_report", D(2026, 7, 7), year=2026, quarter=2,
                  planned_progress=40, actual_progress=40, amount_spent="0")


def test_a_report_19_points_behind_is_not_lagging(executing) -> None:
    executing("submit_quarterly_report", D(2026, 7, 3), year=2026, quarter=2,
              planned_progress=40, actual_progress=21, amount_spent="0")
    assert executing.lifecycle.quarterly_reports.get().lagging is False


def test_the_job_opens_every_quarter_a_key_project_executes_in(executing) -> None:
    reminders_run(today=D(2027, 1, 5))
    keys = set(executing.lifecycle.deadlines.filter(kind="quarterly_report")
               .values_list("key", flat=True))
    assert keys == {"2026Q2", "2026Q3", "2026Q4", "2027Q1"}
    q4 = executing.deadline("quarterly_report", "2026Q4")
    assert q4.provisional is True  # runs into 2027, whose arrangement is not loaded


def test_only_key_projects_report_quarterly(make_lifecycle, drive) -> None:
    drive.lifecycle = make_lifecycle(key_project=False)
    to_executing(drive, released=D(2026, 3, 2), started=D(2026, 3, 20),
                 effective=D(2026, 5, 6), filed=D(2026, 5, 8))
    assert not drive.lifecycle.deadlines.filter(kind="quarterly_report").exists()
    with pytest.raises(InvalidStep, match="重点"):
        drive("submit_quarterly_report", D(2026, 7, 3), year=2026, quarter=2,
              planned_progress=40, actual_progress=40, amount_spent="0")


def test_nothing_changes_before_the_meeting_consents(executing) -> None:
    executing("request_change", D(2026, 8, 3), kind="amount", new_amount="1300000",
              description="增加一个区级部门接入")
    assert executing.lifecycle.approved_amount == Decimal("1200000")
    assert [item["kind"] for item in pending_for_meeting()] == ["change"]
    with pytest.raises(InvalidStep, match="待联席会议审议"):
        executing("request_change", D(2026, 8, 4), kind="schedule", description="延期一个月")
    with pytest.raises(InvalidStep) as refused:
        executing("request_change", D(2026, 8, 4), kind="amount", description="x")
    assert refused.value.field == "new_amount"
    with pytest.raises(InvalidStep, match="联席会议") as direct:
        executing("decide_change", D(2026, 9, 10), who="office", approved=True)
    assert direct.value.field == "action"
    assert executing.lifecycle.approved_amount == Decimal("1200000")
    assert executing.lifecycle.change_requests.get().state == ChangeState.PENDING
    lifecycle = executing.meeting_decides("decide_change", D(2026, 9, 10), approved=True,
                                          note="联席会议同意")
    assert lifecycle.approved_amount == Decimal("1300000")
    assert lifecycle.change_requests.get().state == ChangeState.APPROVED
    assert pending_for_meeting() == []


def test_a_refused_change_changes_nothing(executing) -> None:
    executing("request_change", D(2026, 8, 3), kind="amount", new_amount="1500000",
              description="扩容")
    lifecycle = executing.meeting_decides("decide_change", D(2026, 9, 10), approved=False)
    assert lifecycle.approved_amount == Decimal("1200000")


def test_an_upload_of_the_wrong_type_is_refused(executing) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("self_check.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(InvalidStep, match="不符"):
        executing("upload_acceptance_prerequisite", D(2026, 11, 2), kind="self_check",
                  file=fake)
    executing("upload_acceptance_prerequisite", D(2026, 11, 2), kind="self_check", file=pdf())
    assert executing.lifecycle.documents.filter(kind="self_check").count() == 1
