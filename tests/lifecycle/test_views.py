"""The pages: list, detail with 暂定 marks, action forms, overdue view, 待办, export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from egovpm.lifecycle.deadlines import deadline_open
from tests.lifecycle.conftest import frozen, pdf

D = dt.date
pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_and_detail_show_stage_and_deadlines(lifecycle, drive, applicant_kewei) -> None:
    drive("release_budget", D(2026, 3, 2), who="finance", released_on="2026-03-02")
    deadline_open(lifecycle=lifecycle, kind="contract_filing", start=D(2026, 12, 25),
                  working_days=10)
    client = logged_in(applicant_kewei)
    with frozen(D(2026, 3, 3)):
        listing = client.get("/lifecycle/").content.decode()
        detail = client.get(f"/lifecycle/{lifecycle.pk}/").content.decode()
    assert lifecycle.name in listing and "预算已下达" in listing
    assert "120.00" in listing  # 万元
    assert "2026-06-02" in detail  # procurement start, 3 months
    assert "暂定" in detail  # the 2027 contract deadline
    assert 'data-action="start_procurement"' in detail
    assert 'data-action="release_budget"' not in detail  # finance's step, not the unit's


def test_a_refused_step_says_why_and_changes_nothing(lifecycle, finance) -> None:
    client = logged_in(finance)
    with frozen(D(2026, 3, 2)):
        response = client.post(f"/lifecycle/{lifecycle.pk}/actions/release_budget/",
                               {"released_on": "2026-13-01"}, follow=True)
    page = response.content.decode()
    assert "预算下达日期" in page and "YYYY-MM-DD" in page
    assert 'data-action="release_budget" open' in page
    lifecycle.refresh_from_db()
    assert lifecycle.stage == "awaiting_budget"


def test_a_step_through_the_page(lifecycle, finance) -> None:
    with frozen(D(2026, 3, 2)):
        response = logged_in(finance).post(
            f"/lifecycle/{lifecycle.pk}/actions/release_budget/", {"released_on": "2026-03-02"},
            follow=True)
    assert "当前阶段:预算已下达" in response.content.decode()


def test_other_units_get_404_and_wrong_roles_403(lifecycle, outsider, applicant_kewei) -> None:
    assert logged_in(outsider).get(f"/lifecycle/{lifecycle.pk}/").status_code == 404
    assert logged_in(applicant_kewei).get("/lifecycle/overdue/").status_code == 403
    assert Client().get("/lifecycle/").status_code == 302


def test_office_overdue_view_and_todo(drive, office_clerk, applicant_kewei) -> None:
    drive("release_budget", D(2026, 3, 2), who="finance", released_on="2026-03-02")
    with frozen(D(2026, 6, 2)):
        on_due_day = logged_in(office_clerk).get("/lifecycle/overdue/").content.decode()
    with frozen(D(2026, 6, 3)):
        day_after = logged_in(office_clerk).get("/lifecycle/overdue/").content.decode()
        todo = logged_in(applicant_kewei).get("/lifecycle/todo/").content.decode()
    assert "没有逾期事项" in on_due_day
    assert "启动政府采购" in day_after and drive.lifecycle.name in day_after
    assert "已逾期" in todo


def test_uploads_through_the_page(drive, applicant_kewei) -> None:
    drive("release_budget", D(2026, 3, 2), who="finance", released_on="2026-03-02")
    drive("start_procurement", D(2026, 3, 20), started_on="2026-03-20", method="gov_procurement")
    with frozen(D(2026, 4, 3)):
        logged_in(applicant_kewei).post(
            f"/lifecycle/{drive.lifecycle.pk}/actions/file_contract/",
            {"effective_date": "2026-04-01", "files.contract_copy": pdf("合同.pdf"),
             "files.construction_plan": pdf("方案.pdf"), "files.schedule": pdf("进度.pdf")})
    drive.lifecycle.refresh_from_db()
    assert drive.lifecycle.stage == "contracted"
    assert drive.lifecycle.documents.count() == 3


def test_quarterly_export_page(lifecycle, office_clerk) -> None:
    response = logged_in(office_clerk).get("/lifecycle/reports/quarterly.xlsx?year=2026&quarter=2")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_list_page_writes_nothing_and_the_remind_job_is_the_safety_net(
        applicant_kewei, finance) -> None:
    # Signing the minutes opens lifecycles (tests/integration); an application approved some
    # other way is picked up by `egovpm remind`, never by a GET.
    from egovpm.lifecycle.services import lifecycles_open_missing
    from tests.lifecycle.conftest import make_application

    make_application(applicant_kewei, name="区科委新批准项目")
    assert "区科委新批准项目" not in logged_in(finance).get("/lifecycle/").content.decode()
    assert lifecycles_open_missing() == 1
    assert "区科委新批准项目" in logged_in(finance).get("/lifecycle/").content.decode()
