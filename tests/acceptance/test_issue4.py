"""Acceptance of issue 4 (joint meetings), through the REST API under /api/v1/ only.

Each test is one requirement of the issue text, worded as the issue words it. The only setup not
done through the API is the seats of 规则 二 (and, for the replacement case, the membership
service `seat_replace_unit`): the issue gives membership no REST contract.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from egovpm.accounts.models import Unit, UnitKind
from egovpm.meetings.membership import seat_replace_unit
from egovpm.meetings.models import MemberSeat
from tests.acceptance.journey45 import (
    MEMBER_UNITS,
    Api,
    frozen,
    held_meeting,
    ready_application,
    state_of,
)
from tests.factories import PASSWORD
from tests.meetings.conftest import seats  # noqa: F401 — the 14 seats of 规则 二

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 11)


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with frozen(DAY):
        yield


@pytest.fixture
def office(office_clerk, seats) -> Api:  # noqa: F811
    return Api(office_clerk)


@pytest.fixture
def boss(chair) -> Api:
    return Api(chair)


@pytest.fixture
def unit(applicant_kewei) -> Api:
    return Api(applicant_kewei)


@pytest.fixture
def assessors(third_party_agency, expert_wang) -> dict[str, Api]:
    return {"third_party": Api(third_party_agency), "expert": Api(expert_wang)}


def test_office_creates_a_meeting_201_with_id_and_state(office, boss, unit):
    for kind in ("regular", "ad_hoc", "written"):
        response = office.post("/meetings", {"date": "2026-05-20", "kind": kind})
        assert response.status_code == 201, response.content
        body = response.json()
        assert set(body) >= {"id", "state"} and body["state"] == "draft"
    assert unit.post("/meetings", {"date": "2026-05-20", "kind": "regular"}).status_code == 403


def test_agenda_takes_only_ready_for_meeting_applications(office, unit):
    ready = ready_application(unit, office)
    draft = unit.post("/applications", ready_body_draft()).json()["id"]
    mid = office.post("/meetings", {"date": "2026-05-20", "kind": "regular"}).json()["id"]
    refused = office.post(f"/meetings/{mid}/agenda", {"application_ids": [ready, draft]})
    assert refused.status_code in (400, 409)
    assert "application_ids" in refused.json()["field"]
    assert office.get(f"/meetings/{mid}").json()["items"] == []  # nothing changed
    accepted = office.post(f"/meetings/{mid}/agenda", {"application_ids": [ready]})
    assert accepted.status_code == 200, accepted.content
    assert [i["application_id"] for i in office.get(f"/meetings/{mid}").json()["items"]] == [ready]


def ready_body_draft() -> dict:
    from tests.declarations.fixtures import direct_body

    return direct_body(name="区教育局智慧校园建设项目（草稿）")


def test_states_and_who_takes_each_action(office, boss, unit):
    app = ready_application(unit, office)
    mid = office.post("/meetings", {"date": "2026-05-20", "kind": "regular"}).json()["id"]
    office.post(f"/meetings/{mid}/agenda", {"application_ids": [app]})
    assert office.post(f"/meetings/{mid}/actions/approve_agenda").status_code == 403
    assert office.post(f"/meetings/{mid}/actions/open").status_code == 409  # agenda not approved
    steps = [(boss, "approve_agenda", "agenda_approved"), (office, "open", "open")]
    for who, action, state in steps:
        response = who.post(f"/meetings/{mid}/actions/{action}")
        assert response.status_code == 200, (action, response.content)
        assert response.json()["state"] == state
        assert office.get(f"/meetings/{mid}").json()["state"] == state
    office.post(f"/meetings/{mid}/attendance", {"present_units": list(MEMBER_UNITS[:7])})
    office.post(f"/meetings/{mid}/decisions", {"application_id": app, "outcome": "file"})
    assert office.post(f"/meetings/{mid}/actions/sign_minutes").status_code == 403
    signed = boss.post(f"/meetings/{mid}/actions/sign_minutes")
    assert signed.status_code == 200 and signed.json()["state"] == "signed"
    assert office.post(f"/meetings/{mid}/actions/cancel", {"reason": "x"}).status_code == 409

    other = office.post("/meetings", {"date": "2026-06-20", "kind": "regular"}).json()["id"]
    cancelled = office.post(f"/meetings/{other}/actions/cancel", {"reason": "改期"})
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"


def test_leave_until_the_meeting_opens_then_refused(office, boss, unit):
    app = ready_application(unit, office)
    mid = office.post("/meetings", {"date": "2026-05-20", "kind": "regular"}).json()["id"]
    office.post(f"/meetings/{mid}/agenda", {"application_ids": [app]})
    leave = office.post(f"/meetings/{mid}/attendance",
                        {"leave": [{"unit": "区司法局", "opinion": "同意列入计划"}]})
    assert leave.status_code == 200, leave.content
    boss.post(f"/meetings/{mid}/actions/approve_agenda")
    leave = office.post(f"/meetings/{mid}/attendance", {"leave": [{"unit": "区档案局"}]})
    assert leave.status_code == 200, leave.content  # still before the meeting
    office.post(f"/meetings/{mid}/actions/open")
    late = office.post(f"/meetings/{mid}/attendance", {"leave": [{"unit": "区财政局", "opinion": "同意"}]})
    assert late.status_code == 409
    rows = {r["unit"]: r for r in office.get(f"/meetings/{mid}").json()["attendance"]}
    assert rows["区司法局"]["leave_opinion"] == "同意列入计划"
    assert rows["区财政局"]["attendance"] != rows["区司法局"]["attendance"]  # late leave not kept


def test_present_units_once_open_each_call_replacing_the_list(office, boss, unit):
    app = ready_application(unit, office)
    mid = office.post("/meetings", {"date": "2026-05-20", "kind": "regular"}).json()["id"]
    office.post(f"/meetings/{mid}/agenda", {"application_ids": [app]})
    early = office.post(f"/meetings/{mid}/attendance", {"present_units": list(MEMBER_UNITS[:8])})
    assert early.status_code == 409  # not open yet
    boss.post(f"/meetings/{mid}/actions/approve_agenda")
    office.post(f"/meetings/{mid}/actions/open")
    office.post(f"/meetings/{mid}/attendance", {"present_units": list(MEMBER_UNITS[:9])})
    second = office.post(f"/meetings/{mid}/attendance", {"present_units": list(MEMBER_UNITS[3:9])})
    assert second.status_code == 200
    quorum = office.get(f"/meetings/{mid}").json()["quorum"]
    assert quorum["present"] == 6 and quorum["total"] == 14 and quorum["met"] is False


def test_quorum_six_of_fourteen_refused_seven_accepted(office, boss, unit, assessors):
    app = ready_application(unit, office, assessors)
    mid = held_meeting(office, boss, [app], present=6)
    refused = office.post(f"/meetings/{mid}/decisions", {"application_id": app, "outcome": "approve"})
    assert refused.status_code == 409
    assert "法定人数" in refused.json()["detail"] or "quorum" in refused.json()["detail"].lower()
    assert office.get(f"/meetings/{mid}").json()["items"][0]["decision"] is None
    office.post(f"/meetings/{mid}/attendance", {"present_units": list(MEMBER_UNITS[:7])})
    accepted = office.post(f"/meetings/{mid}/decisions", {"application_id": app, "outcome": "approve"})
    assert accepted.status_code == 201, accepted.content
    detail = office.get(f"/meetings/{mid}").json()
    assert detail["quorum"]["present"] == 7 and detail["quorum"]["met"] is True


def test_a_replaced_member_unit_counts_once(office, boss, unit, assessors, office_clerk):
    seat = MemberSeat.objects.get(number=6)
    successor = Unit.objects.create(name="区发展改革委（机构改革后）", kind=UnitKind.DEPARTMENT)
    seat_replace_unit(actor=office_clerk, seat=seat, unit=successor, on=dt.date(2026, 1, 1))
    app = ready_application(unit, office, assessors)
    mid = held_meeting(office, boss, [app], present=0)
    names = [*MEMBER_UNITS[:5], MEMBER_UNITS[5], successor.name]  # seat 6 under both names
    assert office.post(f"/meetings/{mid}/attendance", {"present_units": names}).status_code == 200
    assert office.get(f"/meetings/{mid}").json()["quorum"]["present"] == 6
    refused = office.post(f"/meetings/{mid}/decisions", {"application_id": app, "outcome": "approve"})
    assert refused.status_code == 409


def test_meeting_detail_shows_decisions_attendance_quorum_state(office, boss, unit, assessors):
    app = ready_application(unit, office, assessors)
    mid = held_meeting(office, boss, [app], present=8)
    decided = office.post(f"/meetings/{mid}/decisions", {
        "application_id": app, "outcome": "approve", "approved_amount": "1100000.00",
        "conditions": "分两期实施"})
    assert decided.status_code == 201, decided.content
    detail = office.get(f"/meetings/{mid}").json()
    assert detail["state"] == "open"
    assert detail["quorum"] == {"present": 8, "total": 14, "required": 7, "met": True}
    assert len(detail["attendance"]) == 14
    assert sum(r["attendance"] == "present" for r in detail["attendance"]) == 8
    decision = detail["items"][0]["decision"]
    assert decision["outcome"] == "approve"
    assert Decimal(decision["approved_amount"]) == Decimal("1100000.00")
    assert decision["conditions"] == "分两期实施"


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_minutes_draft_then_signed_with_attendees_decisions_signature(office, boss, unit):
    first = ready_application(unit, office, name="区科委数据共享交换平台升级项目")
    second = ready_application(unit, office, name="区科委视频会议系统升级项目")
    mid = held_meeting(office, boss, [first, second], present=7)
    office.post(f"/meetings/{mid}/decisions", {"application_id": first, "outcome": "file"})
    office.post(f"/meetings/{mid}/decisions",
                {"application_id": second, "outcome": "defer", "conditions": "补充需求论证"})
    draft = boss.get(f"/meetings/{mid}/minutes.docx")  # the chair reads the draft before signing
    assert draft.status_code == 200
    assert "草稿" in _docx_text(draft.content)
    assert "签发：________" in _docx_text(draft.content)  # the signature block, still empty
    draft_pdf = office.get(f"/meetings/{mid}/minutes.pdf")
    assert draft_pdf.status_code == 200 and draft_pdf.content.startswith(b"%PDF")
    assert "草稿" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(draft_pdf.content)).pages)

    assert boss.post(f"/meetings/{mid}/actions/sign_minutes").status_code == 200
    text = _docx_text(office.get(f"/meetings/{mid}/minutes.docx").content)
    assert "草稿" not in text
    for name in MEMBER_UNITS[:7]:
        assert name in text  # attendees
    assert "区科委数据共享交换平台升级项目" in text and "区科委视频会议系统升级项目" in text
    assert "备案" in text and "暂缓" in text and "补充需求论证" in text
    assert "签发：分管副区长" in text and "尚未签发" not in text  # the chair's signature block
    pdf = office.get(f"/meetings/{mid}/minutes.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "联席会议" in pdf_text and "草稿" not in pdf_text


def test_decisions_take_effect_only_when_the_chair_signs(office, boss, unit, assessors):
    outcomes = {"approve": "approved", "file": "filed", "defer": "deferred", "reserve": "reserve",
                "reject": "rejected"}
    apps = {o: ready_application(unit, office, None if o == "file" else assessors,
                                 name=f"区科委{o}测试项目") for o in outcomes}
    mid = held_meeting(office, boss, list(apps.values()), present=7)
    for outcome, app in apps.items():
        body = {"application_id": app, "outcome": outcome, "conditions": "理由：按会议意见"}
        response = office.post(f"/meetings/{mid}/decisions", body)
        assert response.status_code == 201, (outcome, response.content)
    for app in apps.values():
        assert state_of(unit, app) == "ready_for_meeting"
    assert boss.post(f"/meetings/{mid}/actions/sign_minutes").status_code == 200
    for outcome, app in apps.items():
        assert state_of(unit, app) == outcomes[outcome], outcome


def test_signing_is_all_or_nothing(office, boss, unit, assessors):
    first = ready_application(unit, office, assessors, name="区科委甲项目")
    second = ready_application(unit, office, assessors, name="区科委乙项目")
    mid = held_meeting(office, boss, [first, second], present=7)
    office.post(f"/meetings/{mid}/decisions", {"application_id": first, "outcome": "approve"})
    office.post(f"/meetings/{mid}/decisions", {"application_id": second, "outcome": "approve"})
    # The second item can no longer move: the office deferred it outside the meeting.
    moved = office.post(f"/applications/{second}/actions/defer", {"reason": "补充材料"})
    assert moved.status_code == 200, moved.content
    refused = boss.post(f"/meetings/{mid}/actions/sign_minutes")
    assert refused.status_code == 409
    assert state_of(unit, first) == "ready_for_meeting"
    assert office.get(f"/meetings/{mid}").json()["state"] == "open"
    assert not Api(unit.user).get("/projects").json()


def test_members_and_applicants_are_notified_of_the_signed_decisions(
        office, boss, unit, assessors, seats):  # noqa: F811
    app = ready_application(unit, office, assessors, name="区科委通知测试项目")
    mid = held_meeting(office, boss, [app], present=7)
    office.post(f"/meetings/{mid}/decisions", {"application_id": app, "outcome": "approve"})
    member = seats[0].representatives.first().user
    member.set_password(PASSWORD)  # the demo representative's password, to log in here
    member.save()
    before = len(Api(member).get("/notifications").json())
    assert not [n for n in unit.get("/notifications").json() if "区科委通知测试项目" in n["title"] + n["body"]]
    boss.post(f"/meetings/{mid}/actions/sign_minutes")
    mine = unit.get("/notifications").json()
    assert any("区科委通知测试项目" in n["title"] + n["body"] for n in mine)
    assert len(Api(member).get("/notifications").json()) > before


def test_annual_plan_excel_lists_the_approved_projects(office, boss, unit, assessors):
    approved = ready_application(unit, office, assessors, name="区科委年度计划内项目")
    rejected = ready_application(unit, office, assessors, name="区科委未通过项目")
    mid = held_meeting(office, boss, [approved, rejected], present=7)
    office.post(f"/meetings/{mid}/decisions",
                {"application_id": approved, "outcome": "approve", "approved_amount": "1000000"})
    office.post(f"/meetings/{mid}/decisions",
                {"application_id": rejected, "outcome": "reject", "conditions": "不符合规划"})
    boss.post(f"/meetings/{mid}/actions/sign_minutes")
    response = office.get("/plans/2027.xlsx")
    assert response.status_code == 200
    values = [v for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
              for v in row if v is not None]
    assert "区科委年度计划内项目" in values and "区科委未通过项目" not in values


def test_every_meetings_endpoint_is_in_the_openapi_document(office):
    paths = office.get("/openapi.json").json()["paths"]
    meeting_paths = [p for p in paths if p.startswith("/api/v1/meetings")]
    for suffix in ("", "/{meeting_id}", "/{meeting_id}/agenda", "/{meeting_id}/actions/{action}",
                   "/{meeting_id}/attendance", "/{meeting_id}/decisions",
                   "/{meeting_id}/minutes.docx", "/{meeting_id}/minutes.pdf"):
        assert f"/api/v1/meetings{suffix}" in meeting_paths, suffix
    assert "post" in paths["/api/v1/meetings"] and "get" in paths["/api/v1/meetings/{meeting_id}"]


def test_anonymous_callers_are_refused(seats):  # noqa: F811
    from django.test import Client

    assert Client().get("/api/v1/meetings").status_code == 401
    assert Client().post("/api/v1/meetings", {"date": "2026-05-20", "kind": "regular"},
                         content_type="application/json").status_code == 401
