"""Acceptance, filings after it, renewals and evaluation (规则 五(三), 五(五)7, 五(六))."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm.declarations.models import Project
from egovpm.lifecycle.models import Stage
from egovpm.lifecycle.selectors import deadline_status, unit_performance_unrectified
from egovpm.lifecycle.transitions import InvalidStep
from egovpm.meetings.models import Notification
from tests.lifecycle.conftest import pdf, to_executing

D = dt.date
pytestmark = pytest.mark.django_db
PREREQUISITES = ["self_check", "software_testing", "security_testing", "crypto_testing",
                 "summary"]


@pytest.fixture
def in_acceptance(drive):
    to_executing(drive, released=D(2026, 3, 2), started=D(2026, 3, 20),
                 effective=D(2026, 5, 6), filed=D(2026, 5, 8))
    drive("request_acceptance", D(2026, 9, 1))
    return drive


def upload_all(drive, day: dt.date, kinds=PREREQUISITES) -> None:
    for kind in kinds:
        drive("upload_acceptance_prerequisite", day, kind=kind, file=pdf(f"{kind}.pdf"))


def test_acceptance_waits_for_the_five_prerequisites(in_acceptance) -> None:
    upload_all(in_acceptance, D(2026, 9, 2), PREREQUISITES[:4])
    with pytest.raises(InvalidStep, match="项目总结") as refused:
        in_acceptance("record_acceptance", D(2026, 9, 3), held_on="2026-09-03", passed=True)
    assert "软件测评" not in refused.value.reason
    assert not in_acceptance.lifecycle.acceptances.exists()
    upload_all(in_acceptance, D(2026, 9, 3), ["summary"])
    lifecycle = in_acceptance("record_acceptance", D(2026, 9, 3), held_on="2026-09-03",
                              passed=True)
    assert lifecycle.stage == Stage.ACCEPTED


def test_acceptance_filing_due_in_fifteen_working_days_across_national_day(
    in_acceptance, applicant_kewei,
) -> None:
    upload_all(in_acceptance, D(2026, 9, 20))
    # held Sun 20 Sep 2026 (a make-up working day, not day 1): 21–24 Sep days 1–4, Fri 25 Sep
    # 中秋节, 28–30 Sep days 5–7, 1–7 Oct off, Thu 8 day 8, Fri 9 day 9, Sat 10 (make-up)
    # day 10, 12–16 Oct days 11–15.
    in_acceptance("record_acceptance", D(2026, 9, 20), held_on="2026-09-20", passed=True)
    deadline = in_acceptance.deadline("acceptance_filing")
    assert deadline.due_date == D(2026, 10, 16)
    assert deadline_status(deadline, today=D(2026, 10, 16)).code != "overdue"
    assert deadline_status(deadline, today=D(2026, 10, 17)).code == "overdue"
    with pytest.raises(InvalidStep, match="验收意见"):
        in_acceptance("file_acceptance", D(2026, 10, 15))
    lifecycle = in_acceptance("file_acceptance", D(2026, 10, 15),
                              files={"acceptance_report": pdf("验收意见.pdf")})
    assert lifecycle.stage == Stage.OPERATING
    assert in_acceptance.deadline("acceptance_filing").met_on == D(2026, 10, 15)
    # 规则 五(三): 等保、密评 fees are offered for filing after acceptance.
    assert Notification.objects.filter(recipient=applicant_kewei,
                                       verb="security_fees_filing").exists()


def test_a_failed_acceptance_blocks_until_a_passing_one(in_acceptance) -> None:
    upload_all(in_acceptance, D(2026, 9, 2))
    with pytest.raises(InvalidStep) as refused:
        in_acceptance("record_acceptance", D(2026, 9, 3), held_on="2026-09-03", passed=False)
    assert refused.value.field == "rectify_by"
    lifecycle = in_acceptance("record_acceptance", D(2026, 9, 3), held_on="2026-09-03",
                              passed=False, rectify_by="2026-11-30", opinion="安全测评高危项未整改")
    assert lifecycle.stage == Stage.ACCEPTANCE_FAILED
    project = Project.objects.get()
    assert project.failed_acceptance_unrectified is True
    rectification = lifecycle.deadlines.get(kind="rectification")
    assert rectification.due_date == D(2026, 11, 30)
    with pytest.raises(InvalidStep):
        in_acceptance("file_acceptance", D(2026, 9, 4))
    in_acceptance("start_rectification", D(2026, 9, 4), plan="修复高危漏洞后复测")
    assert in_acceptance("complete_rectification", D(2026, 11, 20)).stage == Stage.ACCEPTANCE
    project.refresh_from_db()
    assert project.failed_acceptance_unrectified is True  # only a passing acceptance clears it
    in_acceptance("record_acceptance", D(2026, 11, 25), held_on="2026-11-25", passed=True)
    project.refresh_from_db()
    assert project.failed_acceptance_unrectified is False
    assert lifecycle.deadlines.get(kind="rectification").met_on == D(2026, 11, 20)


def test_self_evaluation_only_after_the_budget_year(in_acceptance) -> None:
    with pytest.raises(InvalidStep, match="年度预算执行完成后") as refused:
        in_acceptance("submit_self_evaluation", D(2026, 12, 31), year=2026, goals_met=True,
                      summary="目标完成")
    assert refused.value.field == "year"


def test_unmet_goals_block_the_unit_until_rectified(in_acceptance, applicant_kewei) -> None:
    upload_all(in_acceptance, D(2026, 10, 12))
    in_acceptance("record_acceptance", D(2026, 10, 12), held_on="2026-10-12", passed=True)
    in_acceptance("file_acceptance", D(2026, 10, 13),
                  files={"acceptance_report": pdf("验收意见.pdf")})
    lifecycle = in_acceptance("submit_self_evaluation", D(2027, 2, 1), year=2026,
                              goals_met=False, summary="接入部门数未达标", rectify_by="2027-05-31")
    assert lifecycle.stage == Stage.OPERATING
    assert in_acceptance.deadline("self_evaluation", "2026").met_on == D(2027, 2, 1)
    assert unit_performance_unrectified(applicant_kewei.unit) is True
    # One source of truth: the evaluations; the deprecated Project flag is no longer written.
    assert Project.objects.get().performance_unrectified is False
    lifecycle = in_acceptance("complete_performance_rectification", D(2027, 4, 1), year=2026)
    assert unit_performance_unrectified(applicant_kewei.unit) is False
    assert lifecycle.stage == Stage.EVALUATED


def test_met_goals_make_an_operating_project_evaluated_and_office_samples_it(in_acceptance
                                                                              ) -> None:
    upload_all(in_acceptance, D(2026, 10, 12))
    in_acceptance("record_acceptance", D(2026, 10, 12), held_on="2026-10-12", passed=True)
    in_acceptance("file_acceptance", D(2026, 10, 13),
                  files={"acceptance_report": pdf("验收意见.pdf")})
    lifecycle = in_acceptance("submit_self_evaluation", D(2027, 2, 1), year=2026,
                              goals_met=True, summary="目标全部实现")
    assert lifecycle.stage == Stage.EVALUATED
    with pytest.raises(InvalidStep, match="未被抽取"):
        in_acceptance("record_post_evaluation", D(2027, 3, 1), who="office", opinion="良好")
    in_acceptance("sample_post_evaluation", D(2027, 3, 1), who="office")
    lifecycle = in_acceptance("record_post_evaluation", D(2027, 6, 1), who="office",
                              opinion="应用效果良好")
    assert lifecycle.post_evaluation_opinion == "应用效果良好"


def test_one_plus_two_contracts_get_year_two_and_three_filings(make_lifecycle, drive) -> None:
    drive.lifecycle = make_lifecycle(kind="om", one_plus_two=True, key_project=False,
                                     obligations=["CONTRACT_FILING_10_WORKING_DAYS"])
    drive("release_budget", D(2026, 1, 5), who="finance", released_on="2026-01-05")
    drive("file_contract", D(2026, 2, 2), effective_date="2026-02-01",
          files={k: pdf() for k in ("contract_copy", "construction_plan", "schedule")})
    assert drive.deadline("renewal_filing", "2").due_date == D(2027, 1, 31)
    assert drive.deadline("renewal_filing", "3").due_date == D(2028, 1, 31)
    drive("file_renewal", D(2027, 1, 10), contract_year=2)
    assert drive.deadline("renewal_filing", "2").met_on == D(2027, 1, 10)
    with pytest.raises(InvalidStep) as refused:
        drive("file_renewal", D(2027, 1, 10), contract_year=4)
    assert refused.value.field == "contract_year"


def test_quarterly_reports_end_with_a_passed_acceptance(in_acceptance) -> None:
    from egovpm.lifecycle.reminders import reminders_run

    reminders_run(today=D(2026, 9, 2))  # opens 2026Q3
    upload_all(in_acceptance, D(2026, 9, 2))
    in_acceptance("record_acceptance", D(2026, 9, 3), held_on="2026-09-03", passed=True)
    q2 = in_acceptance.deadline("quarterly_report", "2026Q2")
    q3 = in_acceptance.deadline("quarterly_report", "2026Q3")
    assert q2.is_open  # missed before acceptance: still owed
    assert q3.waived_reason  # the quarter had not ended when the project was accepted
