"""Change requests and stop reviews go onto the joint meeting's agenda, are decided there, and
take effect through the lifecycle when the chair signs (规则 五(五)1, 五(五)5)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from egovpm.lifecycle.models import ChangeState, ProjectLifecycle, Stage
from egovpm.lifecycle.services import (
    lifecycle_apply_meeting_decision,
    lifecycle_open,
    lifecycle_transition,
)
from egovpm.meetings.decisions import meeting_sign_minutes
from egovpm.meetings.errors import MeetingInputError, MeetingStateError
from egovpm.meetings.lifecycle_items import (
    meeting_record_lifecycle_decision,
    meeting_set_lifecycle_items,
)
from egovpm.meetings.models import MeetingState
from egovpm.meetings.services import meeting_set_agenda
from tests.lifecycle.conftest import make_application

pytestmark = pytest.mark.django_db
API = "/api/v1"
RELEASED = dt.date(2026, 1, 5)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, path: str, body: dict):
    return client.post(API + path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def projects(applicant_kewei, finance, office_clerk):
    """Two budgeted projects: one asks to change its amount, one waited half a year."""
    def budgeted(name: str) -> ProjectLifecycle:
        lc = lifecycle_open(application=make_application(applicant_kewei, name=name))
        return lifecycle_transition(lifecycle=lc, action="release_budget", actor=finance,
                                    payload={"released_on": RELEASED}, today=RELEASED)

    changing = lifecycle_transition(
        lifecycle=budgeted("区城运中心平台升级项目"), action="request_change", actor=applicant_kewei,
        payload={"kind": "amount", "description": "压减硬件", "new_amount": "1000000"},
        today=dt.date(2026, 3, 1))
    idle = lifecycle_transition(lifecycle=budgeted("区档案数字化项目"), action="place_on_stop_agenda",
                                actor=office_clerk, today=dt.date(2026, 7, 10))
    assert idle.stop_review_since == dt.date(2026, 7, 10)
    return {"change": changing.change_requests.get(), "changing": changing, "idle": idle}


def test_the_whole_path_through_the_api(meeting, office_clerk, chair, make_ready, projects, hold):
    office, boss = client_for(office_clerk), client_for(chair)
    app = make_ready("REVIEW", "2000000.00")
    items = [{"kind": "change", "ref": projects["change"].pk},
             {"kind": "stop_review", "ref": projects["idle"].pk}]
    response = post(office, f"/meetings/{meeting.pk}/agenda",
                    {"application_ids": [app.pk], "items": items})
    assert response.status_code == 200, response.content
    listed = response.json()["items"]
    assert [i["kind"] for i in listed] == ["application", "change", "stop_review"]
    assert listed[1]["change_id"] == projects["change"].pk
    assert listed[2]["project_id"] == projects["idle"].pk
    # application_ids alone keeps working and keeps the other items.
    again = post(office, f"/meetings/{meeting.pk}/agenda", {"application_ids": [app.pk]})
    assert [i["kind"] for i in again.json()["items"]] == ["application", "change", "stop_review"]

    hold(meeting)
    assert post(boss, f"/meetings/{meeting.pk}/decisions",
                {"application_id": app.pk, "outcome": "approve"}).status_code == 201
    wrong = post(office, f"/meetings/{meeting.pk}/lifecycle-decisions",
                 {"kind": "change", "ref": projects["change"].pk, "outcome": "stop"})
    assert wrong.status_code == 400 and wrong.json()["field"] == "outcome"
    for body in ({"kind": "change", "ref": projects["change"].pk, "outcome": "consent",
                  "conditions": "同意压减至100万元"},
                 {"kind": "stop_review", "ref": projects["idle"].pk, "outcome": "stop"}):
        assert post(office, f"/meetings/{meeting.pk}/lifecycle-decisions", body).status_code == 201
    # Recorded, not yet in force.
    assert ProjectLifecycle.objects.get(pk=projects["idle"].pk).stage == Stage.BUDGETED

    signed = post(boss, f"/meetings/{meeting.pk}/actions/sign_minutes", {})
    assert signed.status_code == 200, signed.content
    changing = ProjectLifecycle.objects.get(pk=projects["changing"].pk)
    change = changing.change_requests.get()
    assert change.state == ChangeState.APPROVED and change.decision_note == "同意压减至100万元"
    assert changing.approved_amount == Decimal("1000000.00")
    idle = ProjectLifecycle.objects.get(pk=projects["idle"].pk)
    assert idle.stage == Stage.STOPPED and idle.stopped_on is not None
    assert not idle.deadlines.filter(met_on__isnull=True, waived_reason="").exists()
    assert ProjectLifecycle.objects.filter(application=app).exists()  # seam 1, same signature
    decided = client_for(chair).get(f"{API}/meetings/{meeting.pk}").json()["items"]
    assert all(i["decision"]["effective"] for i in decided)


def test_refused_change_and_continued_project(meeting, office_clerk, chair, projects, hold):
    meeting_set_lifecycle_items(meeting=meeting, actor=office_clerk, items=[
        {"kind": "change", "ref": projects["change"].pk},
        {"kind": "stop_review", "ref": projects["idle"].pk}])
    hold(meeting)
    meeting_record_lifecycle_decision(meeting=meeting, actor=chair, kind="change",
                                      ref=projects["change"].pk, outcome="refuse")
    meeting_record_lifecycle_decision(meeting=meeting, actor=chair, kind="stop_review",
                                      ref=projects["idle"].pk, outcome="continue",
                                      conditions="已落实采购计划,继续实施")
    meeting_sign_minutes(meeting=meeting, actor=chair)
    changing = ProjectLifecycle.objects.get(pk=projects["changing"].pk)
    assert changing.change_requests.get().state == ChangeState.REJECTED
    assert changing.approved_amount == Decimal("1200000.00")
    idle = ProjectLifecycle.objects.get(pk=projects["idle"].pk)
    assert idle.stage == Stage.BUDGETED and idle.stop_review_since is None
    assert idle.late_reason == "已落实采购计划,继续实施"


def test_an_item_decided_elsewhere_aborts_the_whole_signature(
        meeting, office_clerk, chair, make_ready, projects, hold):
    app = make_ready("REVIEW")
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[app.pk])
    meeting_set_lifecycle_items(meeting=meeting, actor=office_clerk, items=[
        {"kind": "change", "ref": projects["change"].pk},
        {"kind": "stop_review", "ref": projects["idle"].pk}])
    hold(meeting)
    from egovpm.meetings.decisions import meeting_record_decision

    meeting_record_decision(meeting=meeting, actor=chair, application_id=app.pk, outcome="approve")
    with pytest.raises(MeetingStateError) as undecided:
        meeting_sign_minutes(meeting=meeting, actor=chair)
    assert "项目变更" in undecided.value.reason
    meeting_record_lifecycle_decision(meeting=meeting, actor=chair, kind="change",
                                      ref=projects["change"].pk, outcome="consent")
    meeting_record_lifecycle_decision(meeting=meeting, actor=chair, kind="stop_review",
                                      ref=projects["idle"].pk, outcome="stop")
    # An earlier signature (another meeting) let the project continue: this stop cannot apply.
    lifecycle_apply_meeting_decision(lifecycle=projects["idle"], action="record_stop_decision",
                                     actor=chair, payload={"decision": "continue", "note": "已启动"})
    with pytest.raises(MeetingStateError):
        meeting_sign_minutes(meeting=meeting, actor=chair)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.OPEN
    assert projects["change"].__class__.objects.get(pk=projects["change"].pk).state == (
        ChangeState.PENDING)
    assert not ProjectLifecycle.objects.filter(application=app).exists()


def test_only_pending_items_and_not_twice(seats, meeting, office_clerk, projects, applicant_kewei):
    with pytest.raises(MeetingInputError) as caught:
        meeting_set_lifecycle_items(meeting=meeting, actor=office_clerk,
                                    items=[{"kind": "stop_review", "ref": projects["changing"].pk}])
    assert caught.value.field == "items[0].ref"
    with pytest.raises(MeetingInputError) as caught:
        meeting_set_lifecycle_items(meeting=meeting, actor=office_clerk,
                                    items=[{"kind": "plan", "ref": 1}])
    assert caught.value.field == "items[0].kind"
    item = {"kind": "change", "ref": projects["change"].pk}
    with pytest.raises(MeetingInputError):
        meeting_set_lifecycle_items(meeting=meeting, actor=office_clerk, items=[item, item])
    meeting_set_lifecycle_items(meeting=meeting, actor=office_clerk, items=[item])
    from egovpm.meetings.services import meeting_create

    other = meeting_create(actor=office_clerk, date=dt.date(2026, 6, 1), kind="regular")
    with pytest.raises(MeetingInputError) as caught:
        meeting_set_lifecycle_items(meeting=other, actor=office_clerk, items=[item])
    assert "已列入" in caught.value.reason
    with pytest.raises(PermissionDenied):
        meeting_set_lifecycle_items(meeting=other, actor=applicant_kewei, items=[])


def test_change_title_does_not_double_and_leaves_the_office_todo_once_on_an_agenda(
        meeting, office_clerk, projects):
    from egovpm.meetings.services import meeting_cancel
    from egovpm.review.selectors import todo_for

    def waiting() -> list[str]:
        return [i.title for i in todo_for(office_clerk)
                if i.source == "lifecycle" and "变更申请待上联席会议" in i.title]

    assert waiting() == ["区城运中心平台升级项目：变更申请待上联席会议"]
    meeting_set_lifecycle_items(meeting=meeting, actor=office_clerk,
                                items=[{"kind": "change", "ref": projects["change"].pk}])
    [item] = meeting.items.filter(kind="change")
    assert item.title.startswith("区城运中心平台升级项目变更（") and "项目项目" not in item.title
    assert waiting() == []
    meeting_cancel(meeting=meeting, actor=office_clerk, reason="改期")
    assert len(waiting()) == 1  # back in the queue once no live agenda holds it


def test_the_agenda_page_offers_changes_without_doubled_titles(meeting, office_clerk, projects):
    page = client_for(office_clerk).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "区城运中心平台升级项目变更（" in page and "项目项目变更" not in page


def test_the_lifecycle_todo_and_its_api_leave_out_a_change_on_a_live_agenda(
        meeting, office_clerk, chair, projects, hold):
    """One filter, in `egovpm.lifecycle.selectors.todo_for`: `GET /api/v1/projects/todo` and
    the one to-do list agree while a draft, approved or open agenda holds the change."""
    from egovpm.lifecycle.selectors import todo_for as lifecycle_todo_for

    office = client_for(office_clerk)
    today = dt.date(2026, 7, 20)

    def waiting() -> tuple[list[str], list[str]]:
        own = [i.title for i in lifecycle_todo_for(office_clerk, today=today)
               if "变更申请待上联席会议" in i.title]
        listed = [i["title"] for i in office.get(f"{API}/projects/todo").json()
                  if "变更申请待上联席会议" in i["title"]]
        return own, listed

    expected = ["区城运中心平台升级项目：变更申请待上联席会议"]
    assert waiting() == (expected, expected)
    meeting_set_lifecycle_items(meeting=meeting, actor=office_clerk,
                                items=[{"kind": "change", "ref": projects["change"].pk}])
    assert waiting() == ([], [])  # draft agenda
    hold(meeting)
    assert waiting() == ([], [])  # approved, then open
    from egovpm.meetings.services import meeting_cancel

    meeting_cancel(meeting=meeting, actor=office_clerk, reason="改期")
    assert waiting() == (expected, expected)


@pytest.mark.parametrize("action,body", [("decide_change", {"approved": True}),
                                         ("record_stop_decision", {"decision": "stop",
                                                                   "note": "停止"})])
def test_the_office_cannot_decide_in_place_of_the_meeting(office_clerk, projects, action, body):
    """规则 五(五)1、5: a change or a stop is the joint meeting's decision; neither the API nor the
    page takes it from the office, and neither offers it."""
    office = client_for(office_clerk)
    for key in ("changing", "idle"):
        pk = projects[key].pk
        refused = post(office, f"/projects/{pk}/actions/{action}", body)
        assert refused.status_code == 409, refused.content
        assert "联席会议" in refused.json()["detail"]
        assert action not in office.get(f"{API}/projects/{pk}").json()["allowed_actions"]
        page = office.post(f"/lifecycle/{pk}/actions/{action}/", {"approved": "true"},
                           follow=True)
        assert "联席会议审议" in page.content.decode()
        detail = office.get(f"/lifecycle/{pk}/").content.decode()
        assert f'data-action="{action}"' not in detail
    changing = ProjectLifecycle.objects.get(pk=projects["changing"].pk)
    assert changing.approved_amount == Decimal("1200000.00")
    assert changing.change_requests.get().state == ChangeState.PENDING
    idle = ProjectLifecycle.objects.get(pk=projects["idle"].pk)
    assert idle.stage == Stage.BUDGETED and idle.stop_review_since is not None
