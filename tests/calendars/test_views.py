"""The /calendar/ page: anyone logged in reads it; only a system administrator loads a year."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from egovpm.accounts.models import Role, User
from egovpm.calendars.models import YearArrangement
from tests.workdays.samples import FICTITIOUS_2027_TOML

pytestmark = pytest.mark.django_db
URL = "/calendar/"


def upload(text: str = FICTITIOUS_2027_TOML, name: str = "2027.toml") -> dict:
    return {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/toml")}


def test_login_is_required(client):
    assert client.get(URL)["Location"] == "/accounts/login/?next=/calendar/"
    response = client.post(URL, upload())
    assert response.status_code == 302
    assert not YearArrangement.objects.exists()


def test_a_user_sees_the_loaded_years_and_their_notices(client, applicant_kewei):
    client.force_login(applicant_kewei)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for notice in ("国办发明电〔2023〕7号", "国办发明电〔2024〕12号", "国办发明电〔2025〕7号"):
        assert notice in page
    assert "随软件内置" in page
    assert 'enctype="multipart/form-data"' not in page  # no upload form for an applicant


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSADMIN])
def test_only_the_system_administrator_may_upload(client, role):
    user = User.objects.create_user(username=f"u_{role}", password="x-secret-123", role=role)
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert client.post(URL, upload()).status_code == 403
    assert not YearArrangement.objects.exists()


def test_the_system_administrator_loads_a_year(client, sysadmin, django_capture_on_commit_callbacks):
    client.force_login(sysadmin)
    assert 'enctype="multipart/form-data"' in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, upload())
    assert response.status_code == 302
    assert YearArrangement.objects.get().loaded_by == sysadmin
    page = client.get(URL).content.decode()
    assert "已载入 2027 年放假安排" in page
    assert "测试〔2026〕1号" in page
    assert "由 周管理 于" in page


@pytest.mark.parametrize(
    ("text", "name", "field"),
    [
        (FICTITIOUS_2027_TOML.replace("2027-02-20", "2027-02-19"), "2027.toml", "holidays[1].makeup_days[0]"),
        (FICTITIOUS_2027_TOML.replace('notice = "测试〔2026〕1号"', ""), "2027.toml", "notice"),
        (FICTITIOUS_2027_TOML, "2027.txt", "file"),
        ("year = = 1", "2027.toml", "file"),
    ],
)
def test_a_bad_upload_is_explained_and_changes_nothing(client, sysadmin, text, name, field):
    client.force_login(sysadmin)
    response = client.post(URL, upload(text, name))
    assert response.status_code == 400
    assert field in response.content.decode()
    assert not YearArrangement.objects.exists()


def test_the_deadline_calculator_marks_provisional_deadlines(client, applicant_kewei):
    client.force_login(applicant_kewei)
    page = client.get(URL, {"start": "2026-12-31", "n": "10"}).content.decode()
    assert "2027-01-14(暂定)" in page
    page = client.get(URL, {"start": "2026-09-30", "n": "4"}).content.decode()
    assert "<strong>2026-10-12</strong>" in page


@pytest.mark.parametrize(
    ("today", "kind", "warns"),
    [("2026-10-03 10:00 +0800", "休息日", True), ("2026-09-20 10:00 +0800", "工作日", True),
     ("2025-12-01 10:00 +0800", "工作日", False)],
)
def test_the_page_knows_what_today_is(client, applicant_kewei, today, kind, warns):
    client.force_login(applicant_kewei)
    with time_machine.travel(today, tick=False):
        page = client.get(URL).content.decode()
    assert f"）是{kind}。" in page
    assert ('data-testid="next-year-missing"' in page) is warns
