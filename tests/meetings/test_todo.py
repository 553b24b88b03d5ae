"""The joint meeting's to-dos on `/todo/` and `GET /api/v1/todo`: the chair approves agendas and
signs minutes, the office prepares meetings, members answer notices and written procedures."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm.meetings.decisions import meeting_record_decision, meeting_submit_opinion
from egovpm.meetings.models import Attendance, MeetingKind
from egovpm.meetings.services import (
    meeting_approve_agenda,
    meeting_create,
    meeting_open,
    meeting_record_attendance,
    meeting_request_leave,
    meeting_set_agenda,
)
from egovpm.meetings.todo_provider import meetings_todo
from egovpm.review.selectors import todo_for
from tests.meetings.conftest import units

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 10)  # the fixture meeting is on 2026-05-20


def titles(user, today=TODAY) -> list[str]:
    return [i.title for i in meetings_todo(user, today)]


def representative(meeting, n=0):
    return meeting.members.select_related("representative").order_by("seat__number")[n].representative


def test_the_chair_approves_a_drafted_agenda_then_signs_decided_minutes(
        meeting, office_clerk, chair, make_ready):
    assert titles(chair) == []  # an empty draft is not ready for approval
    app = make_ready()
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[app.pk])
    [item] = meetings_todo(chair, TODAY)
    assert item.title.startswith("审定议题") and item.link == f"/meetings/{meeting.pk}/"
    assert item.application is None and item.due_date == meeting.date and not item.overdue
    assert meetings_todo(chair, dt.date(2026, 5, 21))[0].overdue

    meeting_approve_agenda(meeting=meeting, actor=chair)
    meeting_open(meeting=meeting, actor=office_clerk)
    assert titles(chair) == []  # nothing decided, no quorum yet
    meeting_record_attendance(meeting=meeting, actor=office_clerk, present_units=units(8))
    meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=app.pk,
                            outcome="approve")
    [item] = meetings_todo(chair, TODAY)
    assert item.title.startswith("签发纪要") and item.actions == ["签发纪要"]


def test_the_office_prepares_drafts_ready_applications_and_open_meetings(
        meeting, office_clerk, chair, make_ready):
    waiting, listed = make_ready(name="区教育城域网项目"), make_ready()
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[listed.pk])
    items = meetings_todo(office_clerk, TODAY)
    assert [i.title.split("：")[0] for i in items] == ["拟定议题", "列入联席会议议题"]
    assert items[1].application == waiting and "区教育城域网项目" in items[1].title

    meeting_approve_agenda(meeting=meeting, actor=chair)
    assert titles(office_clerk, TODAY)[:1] != ["拟定议题"]
    assert any(t.startswith("开始会议") for t in titles(office_clerk, meeting.date))
    meeting_open(meeting=meeting, actor=office_clerk)
    assert any(t.startswith("记录会议决定") and "1 项未决定" in t for t in titles(office_clerk))
    meeting_record_attendance(meeting=meeting, actor=office_clerk, present_units=units(8))
    meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=listed.pk,
                            outcome="approve")
    assert not any(t.startswith("记录会议决定") for t in titles(office_clerk))


def test_a_member_is_asked_to_attend_until_leave_is_filed(meeting, office_clerk, chair,
                                                         make_ready):
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[make_ready().pk])
    member = representative(meeting)
    assert titles(member) == []  # no notice yet while the agenda is a draft
    meeting_approve_agenda(meeting=meeting, actor=chair)
    [item] = meetings_todo(member, TODAY)
    assert item.title.startswith("参加会议") and item.link == f"/meetings/{meeting.pk}/"
    assert titles(representative(meeting, 1)) != []  # every seat is notified
    assert titles(member, dt.date(2026, 5, 21)) == []  # past meetings are not "upcoming"
    meeting_request_leave(meeting=meeting, actor=member, opinion="同意")
    assert meeting.members.get(representative=member).attendance == Attendance.LEAVE
    assert titles(member) == []


def test_a_member_gives_a_written_opinion_per_item(seats, office_clerk, chair, make_ready):
    written = meeting_create(actor=chair, date=dt.date(2026, 5, 20), kind=MeetingKind.WRITTEN)
    first, second = make_ready(), make_ready()
    meeting_set_agenda(meeting=written, actor=office_clerk, application_ids=[first.pk, second.pk])
    meeting_approve_agenda(meeting=written, actor=chair)
    member = representative(written)
    assert titles(member) == []  # written procedure: no leave to ask, opinions once circulated
    meeting_open(meeting=written, actor=office_clerk)
    assert [i.application for i in meetings_todo(member, TODAY)] == [first, second]
    meeting_submit_opinion(meeting=written, actor=member, application_id=first.pk, stance="agree")
    assert [i.application for i in meetings_todo(member, TODAY)] == [second]


def test_other_roles_get_nothing_from_the_meetings(meeting, office_clerk, make_ready,
                                                   applicant_kewei):
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[make_ready().pk])
    assert titles(applicant_kewei) == []


def test_the_items_reach_todo_and_the_api(meeting, office_clerk, chair, make_ready, login_client):
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[make_ready().pk])
    assert any(i.source == "meetings" for i in todo_for(chair))
    rows = login_client(chair).get("/api/v1/todo").json()["todo"]
    [row] = [r for r in rows if r["source"] == "meetings"]
    assert row["application_id"] is None and row["link"] == f"/meetings/{meeting.pk}/"
    assert row["name"].startswith("审定议题") and row["due_date"] == "2026-05-20"
    page = login_client(chair).get("/todo/").content.decode()
    assert f'<a href="/meetings/{meeting.pk}/">审定议题' in page
