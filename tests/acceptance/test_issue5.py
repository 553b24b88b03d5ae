"""Acceptance of issue 5 (lifecycle after approval, on the statutory working-day calendar).

The calendar through its Python API (`egovpm.workdays`) and `egovpm workdays load FILE`; the
clocks and gates through the REST API under /api/v1/ (a project approved by a joint meeting held
through the API), `egovpm remind`, and a clock frozen with time_machine.

Every expected date below was counted by hand from the State Council notices
(国办发明电〔2023〕7号 for 2024, 〔2024〕12号 for 2025, 〔2025〕7号 for 2026).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from egovpm import workdays
from egovpm.calendars.selectors import forget_installed
from tests.acceptance.journey45 import Api, frozen, held_meeting, ready_application, state_of
from tests.declarations.fixtures import filing_body, review_body
from tests.meetings.conftest import seats  # noqa: F401 — the 14 seats of 规则 二

D = dt.date


@pytest.fixture(autouse=True)
def pristine_calendar() -> Iterator[None]:
    """Loading a year changes the process-wide calendar: put it back after each test."""
    saved = workdays.default_calendar.snapshot()
    forget_installed()
    yield
    workdays.default_calendar.restore(saved)
    forget_installed()


# -- the working-day calendar ------------------------------------------------------------------

ADD_CASES = [
    # Starts on a rest day before a make-up working Sunday: that Sunday is day 1 (POLICY.md §6).
    (D(2024, 2, 3), 1, D(2024, 2, 4)),
    (D(2025, 9, 27), 1, D(2025, 9, 28)),
    # Spring Festival 2024: off 10–17 Feb, 4 Feb (Sun) and 18 Feb (Sun) worked; 9 Feb worked.
    (D(2024, 2, 8), 1, D(2024, 2, 9)),
    (D(2024, 2, 8), 2, D(2024, 2, 18)),
    (D(2024, 2, 8), 3, D(2024, 2, 19)),
    # Spring Festival 2025: off 28 Jan–4 Feb, 26 Jan (Sun) and 8 Feb (Sat) worked.
    (D(2025, 1, 24), 1, D(2025, 1, 26)),
    (D(2025, 1, 24), 3, D(2025, 2, 5)),
    (D(2025, 2, 4), 4, D(2025, 2, 8)),
    # Spring Festival 2026: off 15–23 Feb, 14 Feb (Sat) and 28 Feb (Sat) worked.
    (D(2026, 2, 13), 1, D(2026, 2, 14)),
    (D(2026, 2, 13), 2, D(2026, 2, 24)),
    (D(2026, 2, 24), 4, D(2026, 2, 28)),
    # Labour Day 2024: off 1–5 May, 28 Apr (Sun) and 11 May (Sat) worked.
    (D(2024, 4, 26), 1, D(2024, 4, 28)),
    (D(2024, 4, 26), 4, D(2024, 5, 6)),
    (D(2024, 5, 10), 1, D(2024, 5, 11)),
    # Labour Day 2025: off 1–5 May, 27 Apr (Sun) worked.
    (D(2025, 4, 25), 1, D(2025, 4, 27)),
    (D(2025, 4, 30), 1, D(2025, 5, 6)),
    # Labour Day 2026: off 1–5 May, 9 May (Sat) worked.
    (D(2026, 4, 30), 1, D(2026, 5, 6)),
    (D(2026, 4, 30), 4, D(2026, 5, 9)),
    # National Day 2024: off 1–7 Oct, 29 Sep (Sun) and 12 Oct (Sat) worked.
    (D(2024, 9, 27), 1, D(2024, 9, 29)),
    (D(2024, 9, 27), 3, D(2024, 10, 8)),
    (D(2024, 9, 26), 10, D(2024, 10, 15)),
    # National Day and Mid-Autumn 2025: off 1–8 Oct, 28 Sep (Sun) and 11 Oct (Sat) worked.
    (D(2025, 9, 30), 1, D(2025, 10, 9)),
    (D(2025, 9, 30), 3, D(2025, 10, 11)),
    # National Day 2026: off 1–7 Oct, 20 Sep (Sun) and 10 Oct (Sat) worked; Mid-Autumn 25–27 Sep.
    (D(2026, 9, 18), 1, D(2026, 9, 20)),
    (D(2026, 9, 24), 1, D(2026, 9, 28)),
    (D(2026, 9, 30), 3, D(2026, 10, 10)),
    # Year end: 2026 New Year off 1–3 Jan, 4 Jan (Sun) worked.
    (D(2025, 12, 31), 1, D(2026, 1, 4)),
    (D(2024, 12, 31), 1, D(2025, 1, 2)),
]


@pytest.mark.parametrize(("start", "n", "expected"), ADD_CASES)
def test_add_working_days_counts_strictly_after_the_start(start, n, expected):
    result = workdays.add_working_days(start, n)
    assert result.date == expected
    assert result.provisional is False


@pytest.mark.parametrize(("day", "working"), [
    (D(2024, 2, 4), True), (D(2024, 2, 9), True), (D(2024, 2, 12), False),
    (D(2025, 1, 1), False), (D(2025, 2, 8), True), (D(2025, 10, 8), False),
    (D(2026, 1, 3), False), (D(2026, 1, 4), True), (D(2026, 10, 10), True),
    (D(2026, 9, 25), False), (D(2026, 6, 15), True), (D(2026, 6, 13), False),
])
def test_is_working_day(day, working):
    assert workdays.is_working_day(day) is working


ARRANGEMENT_2027 = """\
year = 2027
notice = "测试用通知"
title = "2027年部分节假日安排（验收测试用）"
issued_on = 2026-11-10

[[holidays]]
name = "元旦"
first = 2027-01-01
last = 2027-01-03
makeup_days = []
text = "一、元旦：1月1日至3日放假，共3天。"
"""


@pytest.mark.django_db
def test_a_2027_deadline_is_provisional_until_the_year_is_loaded(
        tmp_path, django_capture_on_commit_callbacks):
    before = workdays.add_working_days(D(2026, 12, 30), 5)
    # Weekends only: 31 Dec, 1 Jan (a Friday), 4, 5, 6 Jan.
    assert (before.date, before.provisional) == (D(2027, 1, 6), True)
    path = tmp_path / "2027.toml"
    path.write_text(ARRANGEMENT_2027, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):  # the command's transaction commits
        call_command("workdays", "load", str(path))
    after = workdays.add_working_days(D(2026, 12, 30), 5)
    assert (after.date, after.provisional) == (D(2027, 1, 7), False)


# -- an approved project, through the API ------------------------------------------------------

APPROVED_ON = D(2025, 10, 20)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(seats, office_clerk, chair, applicant_kewei, finance, third_party_agency,  # noqa: F811
           expert_wang) -> dict[str, Api]:
    return {"office": Api(office_clerk), "chair": Api(chair), "unit": Api(applicant_kewei),
            "finance": Api(finance),
            "assessors": {"third_party": Api(third_party_agency), "expert": Api(expert_wang)}}


def approve(people: dict[str, Any], **changes: Any) -> int:
    """A REVIEW application (POLICY.md §1 example, budget year 2026, a key project) approved by
    a joint meeting through the API; returns the id of its project under /api/v1/projects."""
    unit, office = people["unit"], people["office"]
    changes.setdefault("budget_year", 2026)
    with frozen(APPROVED_ON - dt.timedelta(days=10)):
        app = ready_application(unit, office, people["assessors"], **changes)
    with frozen(APPROVED_ON):
        mid = held_meeting(office, people["chair"], [app], date=APPROVED_ON.isoformat())
        assert office.post(f"/meetings/{mid}/decisions",
                           {"application_id": app, "outcome": "approve"}).status_code == 201
        assert people["chair"].post(f"/meetings/{mid}/actions/sign_minutes").status_code == 200
        assert state_of(unit, app) == "approved"
        projects = [p for p in unit.get("/projects").json() if p["application_id"] == app]
    assert len(projects) == 1 and projects[0]["stage"] == "awaiting_budget"
    return projects[0]["id"]


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test\n", content_type="application/pdf")


class Project:
    """Steps and reads on one project, each on a given (frozen) day."""

    def __init__(self, people: dict[str, Any], pid: int) -> None:
        self.people, self.pid = people, pid

    def act(self, action: str, day: dt.date, who: str = "unit", **body: Any) -> Any:
        api = self.people[who]
        with frozen(day):
            if any(isinstance(v, SimpleUploadedFile) for v in body.values()):
                return api.upload(f"/projects/{self.pid}/actions/{action}", body)
            return api.post(f"/projects/{self.pid}/actions/{action}", body)

    def ok(self, action: str, day: dt.date, who: str = "unit", **body: Any) -> dict[str, Any]:
        response = self.act(action, day, who, **body)
        assert response.status_code == 200, (action, response.content.decode())
        return response.json()

    def detail(self, day: dt.date, who: str = "unit") -> dict[str, Any]:
        with frozen(day):
            return self.people[who].get(f"/projects/{self.pid}").json()

    def deadline(self, kind: str, day: dt.date) -> dict[str, Any]:
        return next(d for d in self.detail(day)["deadlines"] if d["kind"] == kind)

    def overdue(self, day: dt.date) -> list[dict[str, Any]]:
        with frozen(day):
            response = self.people["office"].get("/overdue")
        assert response.status_code == 200
        return [r for r in response.json() if r["project_id"] == self.pid]

    def to_contract(self, released: dt.date, effective: dt.date) -> None:
        self.ok("release_budget", released, "finance", released_on=released.isoformat())
        self.ok("start_procurement", released, started_on=released.isoformat(),
                method="public_tender")
        self.ok("record_contract", effective, effective_date=effective.isoformat())

    def to_executing(self, day: dt.date) -> None:
        self.to_contract(day, day)
        self.ok("file_contract", day, **{f"files.{k}": pdf(f"{k}.pdf") for k in (
            "contract_copy", "construction_plan", "schedule")})
        self.ok("assign_leader", day, leader_name="李强", leader_title="副主任", staff_name="张敏")
        for kind in ("engineering", "investment"):
            self.ok("record_supervision", day, kind=kind, firm="上海某监理公司",
                    contracted_on=day.isoformat())
        self.ok("start_execution", day)


@pytest.fixture
def project(db, people) -> Project:
    return Project(people, approve(people))


PREREQUISITES = ("self_check", "software_testing", "security_testing", "crypto_testing", "summary")


@pytest.mark.django_db
def test_budget_release_by_finance_starts_the_three_month_procurement_clock(project):
    refused = project.act("release_budget", D(2026, 3, 2), "unit", released_on="2026-03-02")
    assert refused.status_code == 403
    assert project.ok("release_budget", D(2026, 3, 2), "finance",
                      released_on="2026-03-02")["stage"] == "budgeted"
    clock = project.deadline("procurement_start", D(2026, 6, 2))
    assert clock["due_date"] == "2026-06-02" and clock["status"] != "overdue"
    assert project.overdue(D(2026, 6, 2)) == []
    assert project.deadline("procurement_start", D(2026, 6, 3))["status"] == "overdue"
    assert [r["kind"] for r in project.overdue(D(2026, 6, 3))] == ["procurement_start"]
    # Late: a reason must be filed first.
    late = project.act("start_procurement", D(2026, 6, 10), started_on="2026-06-10",
                       method="public_tender")
    assert late.status_code == 409 and "原因" in late.json()["detail"]
    project.ok("file_late_reason", D(2026, 6, 10), reason="需求调整")
    assert project.ok("start_procurement", D(2026, 6, 10), started_on="2026-06-10",
                      method="public_tender")["stage"] == "procurement"


@pytest.mark.django_db
def test_contract_filing_due_ten_working_days_after_effect_overdue_the_day_after(project):
    # Effective Thu 24 Sep 2026: Mid-Autumn 25–27 Sep, National Day 1–7 Oct, 10 Oct (Sat)
    # worked → 28, 29, 30 Sep, 8, 9, 10, 12, 13, 14, 15 Oct.
    project.to_contract(D(2026, 9, 1), D(2026, 9, 24))
    clock = project.deadline("contract_filing", D(2026, 10, 15))
    assert (clock["due_date"], clock["provisional"]) == ("2026-10-15", False)
    assert clock["status"] != "overdue"
    assert project.overdue(D(2026, 10, 15)) == []
    assert project.deadline("contract_filing", D(2026, 10, 16))["status"] == "overdue"
    assert [r["kind"] for r in project.overdue(D(2026, 10, 16))] == ["contract_filing"]
    with frozen(D(2026, 10, 16)):
        assert project.people["unit"].get("/overdue").status_code == 403  # the office's view


@pytest.mark.django_db
def test_leader_and_supervision_required_before_execution(project):
    day = D(2026, 4, 1)
    project.to_contract(day, day)
    refused = project.act("start_execution", day)
    assert refused.status_code == 409 and "项目负责人" in refused.json()["detail"]
    project.ok("assign_leader", day, leader_name="李强", leader_title="副主任", staff_name="张敏")
    refused = project.act("start_execution", day)
    assert refused.status_code == 409 and "监理" in refused.json()["detail"]
    for kind in ("engineering", "investment"):
        project.ok("record_supervision", day, kind=kind, firm="上海某监理公司",
                   contracted_on=day.isoformat())
    assert project.ok("start_execution", day)["stage"] == "executing"


@pytest.mark.django_db
def test_key_project_reports_each_quarter(project):
    project.to_executing(D(2026, 4, 1))
    project.ok("submit_quarterly_report", D(2026, 7, 3), year=2026, quarter=2,
               planned_progress=50, actual_progress=45, amount_spent="300000.50", problems="无")
    again = project.act("submit_quarterly_report", D(2026, 7, 6), year=2026, quarter=2,
                        planned_progress=50, actual_progress=45, amount_spent="1", problems="")
    assert again.status_code == 409
    future = project.act("submit_quarterly_report", D(2026, 7, 6), year=2026, quarter=4,
                         planned_progress=50, actual_progress=45, amount_spent="1", problems="")
    assert future.status_code == 409 and future.json()["field"] == "quarter"
    with frozen(D(2026, 7, 6)):
        export = project.people["office"].get("/reports/quarterly/2026/2.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"


@pytest.mark.django_db
def test_acceptance_needs_the_five_prerequisites_and_is_filed_in_fifteen_working_days(project):
    project.to_executing(D(2026, 4, 1))
    project.ok("request_acceptance", D(2026, 9, 1))
    for kind in PREREQUISITES[:4]:
        project.ok("upload_acceptance_prerequisite", D(2026, 9, 1), kind=kind, file=pdf(f"{kind}.pdf"))
    refused = project.act("record_acceptance", D(2026, 9, 10), held_on="2026-09-10", passed=True)
    assert refused.status_code == 409 and "总结" in refused.json()["detail"]
    project.ok("upload_acceptance_prerequisite", D(2026, 9, 2), kind="summary", file=pdf("s.pdf"))
    assert project.ok("record_acceptance", D(2026, 9, 10), held_on="2026-09-10",
                      passed=True)["stage"] == "accepted"
    # Thu 10 Sep 2026 + 15: 11, 14–18, 20 (Sun, worked), 21–24, 28–30 Sep, 8 Oct.
    clock = project.deadline("acceptance_filing", D(2026, 10, 8))
    assert clock["due_date"] == "2026-10-08" and clock["status"] != "overdue"
    assert project.deadline("acceptance_filing", D(2026, 10, 9))["status"] == "overdue"
    assert project.ok("file_acceptance", D(2026, 10, 8),
                      **{"files.acceptance_report": pdf("验收意见.pdf")})["stage"] == "operating"
    assert project.deadline("acceptance_filing", D(2026, 10, 9))["status"] != "overdue"


def _declare(unit: Api, body: dict[str, Any], day: dt.date) -> Any:
    with frozen(day):
        created = unit.post("/applications", body)
        assert created.status_code == 201, created.content
        return created.json()["id"], unit.post(f"/applications/{created.json()['id']}/actions/submit")


@pytest.mark.django_db
def test_a_failed_unrectified_acceptance_blocks_that_projects_om_declaration(project, people):
    unit = people["unit"]
    project.to_executing(D(2026, 4, 1))
    project.ok("request_acceptance", D(2026, 9, 1))
    for kind in PREREQUISITES:
        project.ok("upload_acceptance_prerequisite", D(2026, 9, 1), kind=kind, file=pdf(f"{kind}.pdf"))
    assert project.ok("record_acceptance", D(2026, 9, 10), held_on="2026-09-10", passed=False,
                      rectify_by="2026-11-30", opinion="功能未达标")["stage"] == "acceptance_failed"
    app_id = project.detail(D(2026, 9, 10))["application_id"]
    with frozen(D(2026, 9, 10)):
        project_id = unit.get(f"/applications/{app_id}").json()["project_id"]
    _, refused = _declare(unit, dict(filing_body(budget_year=2027), project_id=project_id),
                          D(2026, 9, 11))
    assert refused.status_code == 409
    assert "FAILED_ACCEPTANCE_BLOCKS" in [f["code"] for f in refused.json()["findings"]]


@pytest.mark.django_db
def test_unrectified_performance_blocks_the_units_next_declaration(project, people):
    unit = people["unit"]
    project.ok("release_budget", D(2026, 3, 2), "finance", released_on="2026-03-02")
    project.ok("submit_self_evaluation", D(2027, 2, 1), year=2026, goals_met=False,
               summary="绩效目标未完成", rectify_by="2027-05-31")
    body = review_body(name="区科委另一个新项目", budget_year=2028)
    app_id, refused = _declare(unit, body, D(2027, 3, 1))
    assert refused.status_code == 409
    assert "PERFORMANCE_UNRECTIFIED" in [f["code"] for f in refused.json()["findings"]]
    project.ok("complete_performance_rectification", D(2027, 4, 1), year=2026, note="已整改")
    with frozen(D(2027, 4, 2)):
        resubmitted = unit.post(f"/applications/{app_id}/actions/submit")
    assert resubmitted.status_code == 200, resubmitted.content


def _reminders(unit: Api, day: dt.date) -> list[str]:
    with frozen(day):
        return [n["verb"] for n in unit.get("/notifications").json()
                if n["verb"].startswith("deadline_")]


@pytest.mark.django_db
def test_remind_notifies_before_and_when_a_deadline_passes_once(project, people):
    unit = people["unit"]
    project.ok("release_budget", D(2026, 3, 2), "finance", released_on="2026-03-02")
    # Procurement start due Tue 2 Jun 2026; three working days before it: 28 May.
    call_command("remind", date="2026-05-20")
    assert _reminders(unit, D(2026, 5, 20)) == []
    call_command("remind", date="2026-05-29")
    soon = _reminders(unit, D(2026, 5, 29))
    assert soon and all(v == "deadline_due_soon" for v in soon)
    call_command("remind", date="2026-05-29")
    call_command("remind", date="2026-06-02")
    assert _reminders(unit, D(2026, 6, 2)) == soon  # idempotent, and not overdue on the day
    call_command("remind", date="2026-06-03")
    call_command("remind", date="2026-06-03")
    after = _reminders(unit, D(2026, 6, 3))
    assert after.count("deadline_overdue") == len(soon)


@pytest.mark.django_db
def test_provisional_deadlines_are_recomputed_when_the_year_is_loaded(
        project, tmp_path, django_capture_on_commit_callbacks):
    # Contract effective Wed 23 Dec 2026 + 10 working days runs into 2027 (not loaded):
    # weekends only → 24, 25, 28–31 Dec, 1 (Fri), 4, 5, 6 Jan.
    project.to_contract(D(2026, 12, 1), D(2026, 12, 23))
    clock = project.deadline("contract_filing", D(2026, 12, 23))
    assert (clock["due_date"], clock["provisional"]) == ("2027-01-06", True)
    assert "暂定" in clock["due_label"]
    path = tmp_path / "2027.toml"
    path.write_text(ARRANGEMENT_2027, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):  # the command's transaction commits
        call_command("workdays", "load", str(path))
    clock = project.deadline("contract_filing", D(2026, 12, 23))
    assert (clock["due_date"], clock["provisional"]) == ("2027-01-07", False)
    assert "暂定" not in clock["due_label"]


@pytest.mark.django_db
def test_six_months_without_procurement_puts_the_project_before_the_meeting(project, people):
    office = people["office"]
    project.ok("release_budget", D(2026, 3, 2), "finance", released_on="2026-03-02")

    def stop_reviews(day: dt.date) -> list[dict[str, Any]]:
        with frozen(day):
            return [n for n in office.get("/notifications").json() if n["verb"] == "stop_review"]

    call_command("remind", date="2026-09-02")  # six months to the day: not yet
    assert stop_reviews(D(2026, 9, 2)) == []
    call_command("remind", date="2026-09-03")
    call_command("remind", date="2026-09-04")
    assert len(stop_reviews(D(2026, 9, 4))) == 1
    with frozen(D(2026, 9, 4)):
        mid = office.post("/meetings", {"date": "2026-09-20", "kind": "regular"}).json()["id"]
        agenda = office.post(f"/meetings/{mid}/agenda", {
            "application_ids": [], "items": [{"kind": "stop_review", "ref": project.pid}]})
    assert agenda.status_code == 200, agenda.content
    assert [i["kind"] for i in agenda.json()["items"]] == ["stop_review"]


@pytest.mark.django_db
def test_a_lagging_quarter_reaches_the_office_which_issues_advice(project, people):
    project.to_executing(D(2026, 4, 1))
    project.ok("submit_quarterly_report", D(2026, 7, 3), year=2026, quarter=2,
               planned_progress=60, actual_progress=20, amount_spent="100000", problems="机房搬迁延误")
    with frozen(D(2026, 7, 3)):
        seen = [n["verb"] for n in people["office"].get("/notifications").json()]
    assert "quarterly_lagging" in seen
    project.ok("issue_rectification_advice", D(2026, 7, 6), "office", year=2026, quarter=2,
               advice="请于月底前追回进度")
    with frozen(D(2026, 7, 6)):
        told = [n["title"] for n in people["unit"].get("/notifications").json()]
    assert any("整改" in t for t in told)
