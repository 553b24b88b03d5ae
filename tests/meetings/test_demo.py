"""The demo: `load_demo` on a fresh database leaves one past signed meeting, a draft for the next
date and ready applications a newcomer can decide; a second run changes nothing."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from egovpm.accounts.models import User
from egovpm.audit.models import AuditEntry
from egovpm.declarations.models import Application, State
from egovpm.meetings import demo
from egovpm.meetings.decisions import meeting_record_decision, meeting_sign_minutes
from egovpm.meetings.demo_meeting import KEEP_READY, NEXT_TITLE, PAST_TITLE, ready_for_newcomer
from egovpm.meetings.models import (
    Attendance,
    Decision,
    Meeting,
    MeetingMember,
    MeetingState,
    MemberSeat,
    Notification,
    Outcome,
    SeatRepresentative,
)
from egovpm.meetings.services import (
    meeting_approve_agenda,
    meeting_open,
    meeting_record_attendance,
    meeting_set_agenda,
)
from egovpm.review.transitions import FILING_ROUTES

pytestmark = pytest.mark.django_db


def _load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _snapshot() -> tuple:
    return (
        sorted(Application.objects.values_list("name", "state")),
        Meeting.objects.count(), MeetingMember.objects.count(), Decision.objects.count(),
        Notification.objects.count(), AuditEntry.objects.count(), User.objects.count(),
        MemberSeat.objects.count(), SeatRepresentative.objects.count(),
    )


@pytest.fixture
def loaded(db) -> str:
    return _load_demo()


def test_load_demo_holds_a_past_meeting_signed_by_the_chair(loaded):
    past = Meeting.objects.get(title=PAST_TITLE)
    assert past.state == MeetingState.SIGNED
    assert past.signed_by.role == "chair"
    assert (past.date - past.signed_at.date()).days < -7  # held weeks ago
    attendance = Counter(past.members.values_list("attendance", flat=True))
    assert past.members.count() == 14
    assert attendance[Attendance.PRESENT] >= 7
    assert 1 <= attendance[Attendance.LEAVE] <= 2
    assert all(m.leave_opinion for m in past.members.filter(attendance=Attendance.LEAVE))
    decisions = Decision.objects.filter(item__meeting=past).select_related("item__application")
    assert {d.outcome for d in decisions} >= {Outcome.APPROVE, Outcome.FILE}
    for decision in decisions:
        assert decision.effective_at is not None
        app = decision.item.application
        # 审核同意 on review routes, 备案同意 on filing routes (规则 五(三)).
        assert (app.effective_route in FILING_ROUTES) == (decision.outcome == Outcome.FILE)
        expected = {Outcome.APPROVE: State.APPROVED, Outcome.FILE: State.FILED,
                    Outcome.DEFER: State.DEFERRED}[decision.outcome]
        assert app.state == expected


def test_the_past_meeting_left_audit_rows_and_notices(loaded):
    past = Meeting.objects.get(title=PAST_TITLE)
    actions = set(AuditEntry.objects.filter(object_type__icontains="meeting", object_id=str(past.pk))
                  .values_list("action", flat=True))
    assert {"meeting_create", "meeting_approve_agenda", "meeting_request_leave", "meeting_open",
            "meeting_record_attendance", "meeting_record_decision",
            "meeting_sign_minutes"} <= actions
    assert Notification.objects.filter(verb="approved_list", link=f"/meetings/{past.pk}/").exists()


def test_load_demo_leaves_a_meeting_for_a_newcomer_to_hold(loaded):
    draft = Meeting.objects.get(title=NEXT_TITLE)
    assert draft.state == MeetingState.DRAFT
    assert draft.date > Meeting.objects.get(title=PAST_TITLE).date
    ready = ready_for_newcomer()
    assert len(ready) >= KEEP_READY
    office = User.objects.get(username="office")
    chair = User.objects.get(username="chair")
    # The newcomer holds it end to end, as office and chair.
    meeting_set_agenda(meeting=draft, actor=office, application_ids=[a.pk for a in ready])
    meeting_approve_agenda(meeting=draft, actor=chair)
    meeting_open(meeting=draft, actor=office)
    meeting_record_attendance(meeting=draft, actor=office,
                              present_units=[m.unit_name for m in draft.members.all()][:8])
    for app in ready:
        outcome = Outcome.FILE if app.effective_route in FILING_ROUTES else Outcome.APPROVE
        meeting_record_decision(meeting=draft, actor=office, application_id=app.pk, outcome=outcome)
    assert meeting_sign_minutes(meeting=draft, actor=chair).state == MeetingState.SIGNED
    assert {Application.objects.get(pk=a.pk).state for a in ready} <= {State.APPROVED, State.FILED}


def test_the_meetings_page_shows_both_meetings(loaded, client):
    client.force_login(User.objects.get(username="office"))
    page = client.get("/meetings/").content.decode()
    assert PAST_TITLE in page and NEXT_TITLE in page


def test_a_second_load_demo_changes_nothing(loaded):
    before = _snapshot()
    _load_demo()
    assert _snapshot() == before


def test_without_demo_users_only_the_seats_are_made(db):
    assert "缺少演示用户" in demo.load()
    assert MemberSeat.objects.count() == SeatRepresentative.objects.count() == 14
    assert not Meeting.objects.exists()
