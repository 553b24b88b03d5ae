"""`/api/v1/projects…`, `/api/v1/overdue`, the quarterly Excel export."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from egovpm.accounts.tokens import token_issue
from tests.factories import PASSWORD
from tests.lifecycle.conftest import frozen, pdf, to_executing

D = dt.date
API = "/api/v1"
pytestmark = pytest.mark.django_db


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_issue(username=user.username, password=PASSWORD)}")


def test_each_sees_only_visible_projects(lifecycle, applicant_kewei, outsider, finance) -> None:
    with frozen(D(2026, 3, 1)):
        mine = bearer(applicant_kewei).get(f"{API}/projects")
        theirs = bearer(outsider).get(f"{API}/projects")
        detail = bearer(outsider).get(f"{API}/projects/{lifecycle.pk}")
        all_of_them = bearer(finance).get(f"{API}/projects")
    assert [p["id"] for p in mine.json()] == [lifecycle.pk]
    assert theirs.json() == []
    assert detail.status_code == 404
    assert all_of_them.json()[0]["stage"] == "awaiting_budget"


def test_actions_answer_200_409_403_404(lifecycle, applicant_kewei, finance) -> None:
    url = f"{API}/projects/{lifecycle.pk}/actions"
    with frozen(D(2026, 3, 2)):
        refused = bearer(applicant_kewei).post(f"{url}/release_budget", {"released_on": "2026-03-02"},
                                               content_type="application/json")
        out_of_stage = bearer(applicant_kewei).post(
            f"{url}/start_procurement", {"started_on": "2026-03-02", "method": "public_tender"},
            content_type="application/json")
        unknown = bearer(finance).post(f"{url}/fly", {}, content_type="application/json")
        done = bearer(finance).post(f"{url}/release_budget", {"released_on": "2026-03-02"},
                                    content_type="application/json")
        detail = bearer(applicant_kewei).get(f"{API}/projects/{lifecycle.pk}")
    assert refused.status_code == 403
    assert out_of_stage.status_code == 409
    assert "待下达预算" in out_of_stage.json()["detail"]
    assert unknown.status_code == 404
    assert done.status_code == 200 and done.json()["stage"] == "budgeted"
    body = detail.json()
    assert "start_procurement" in body["allowed_actions"]
    procurement = next(d for d in body["deadlines"] if d["kind"] == "procurement_start")
    assert procurement["due_date"] == "2026-06-02"
    assert procurement["status"] == "open"


def test_bad_input_names_the_field(lifecycle, finance) -> None:
    with frozen(D(2026, 3, 2)):
        response = bearer(finance).post(
            f"{API}/projects/{lifecycle.pk}/actions/release_budget",
            {"released_on": "2026-03-02", "amount": "12,0.0.0"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["field"] == "amount"


def test_contract_filed_by_multipart_upload(drive, applicant_kewei) -> None:
    drive("release_budget", D(2026, 3, 2), who="finance", released_on="2026-03-02")
    drive("start_procurement", D(2026, 3, 20), started_on="2026-03-20", method="gov_procurement")
    client = bearer(applicant_kewei)
    with frozen(D(2026, 4, 30)):
        response = client.post(
            f"{API}/projects/{drive.lifecycle.pk}/actions/file_contract",
            {"effective_date": "2026-04-01", "files.contract_copy": pdf("合同.pdf"),
             "files.construction_plan": pdf("方案.pdf"), "files.schedule": pdf("进度.pdf")},
        )
        detail = client.get(f"{API}/projects/{drive.lifecycle.pk}").json()
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "contracted"
    contract = next(d for d in detail["deadlines"] if d["kind"] == "contract_filing")
    assert contract["due_date"] == "2026-04-16"  # 清明 4–6 Apr 2026
    assert contract["status"] == "met_late"


def test_overdue_is_the_office_view(drive, office_clerk, applicant_kewei) -> None:
    drive("release_budget", D(2026, 3, 2), who="finance", released_on="2026-03-02")
    with frozen(D(2026, 6, 3)):
        office = bearer(office_clerk).get(f"{API}/overdue")
        unit = bearer(applicant_kewei).get(f"{API}/overdue")
    assert unit.status_code == 403
    assert [(r["kind"], r["days_overdue"]) for r in office.json()] == [("procurement_start", 1)]


def test_quarterly_export_lists_every_key_project_of_the_quarter(drive, office_clerk) -> None:
    to_executing(drive, released=D(2026, 3, 2), started=D(2026, 3, 20),
                 effective=D(2026, 5, 6), filed=D(2026, 5, 8))
    drive("submit_quarterly_report", D(2026, 7, 3), year=2026, quarter=2,
          planned_progress=50, actual_progress=20, amount_spent="300000.50",
          problems="机房搬迁延误")
    with frozen(D(2026, 7, 3)):
        response = bearer(office_clerk).get(f"{API}/reports/quarterly/2026/2.xlsx")
        empty = bearer(office_clerk).get(f"{API}/reports/quarterly/2025/4.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 1
    assert rows[0][2] == drive.lifecycle.name
    assert rows[0][5:11] == ("已填报", 50, 20, 300000.5, "机房搬迁延误", "是")
    assert list(load_workbook(BytesIO(empty.content)).active.iter_rows(min_row=3)) == []


def test_todo_of_the_caller(lifecycle, finance) -> None:
    with frozen(D(2026, 3, 1)):
        items = bearer(finance).get(f"{API}/projects/todo").json()
    assert [i["link"] for i in items] == [f"/lifecycle/{lifecycle.pk}/"]
