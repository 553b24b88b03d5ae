"""Convening, agenda, attendance and quorum (规则 二, 四)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from egovpm.declarations.models import State
from egovpm.meetings.decisions import meeting_record_decision
from egovpm.meetings.errors import MeetingInputError, MeetingStateError, QuorumNotMet
from egovpm.meetings.membership import seat_replace_unit
from egovpm.meetings.models import (
    Attendance,
    Decision,
    MeetingKind,
    MeetingState,
    MemberSeat,
    Notification,
)
from egovpm.meetings.selectors import meeting_quorum
from egovpm.meetings.services import (
    meeting_approve_agenda,
    meeting_cancel,
    meeting_create,
    meeting_open,
    meeting_record_attendance,
    meeting_set_agenda,
)
from tests.meetings.conftest import units

pytestmark = pytest.mark.django_db


def _opened(meeting, office_clerk, chair, apps):
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[a.pk for a in apps])
    meeting_approve_agenda(meeting=meeting, actor=chair)
    meeting_open(meeting=meeting, actor=office_clerk)
    meeting.refresh_from_db()
    return meeting


def test_meeting_snapshots_the_fourteen_seats(meeting):
    assert meeting.members.count() == 14
    assert meeting.state == MeetingState.DRAFT
    assert [m.unit_name for m in meeting.members.order_by("seat__number")][:2] == units(2)


def test_meeting_keeps_the_quorum_rule_of_the_pack_in_force(meeting):
    assert (meeting.quorum_numerator, meeting.quorum_denominator, meeting.quorum_strict) == (1, 2, False)
    assert meeting.policy_pack == "yangpu-2023"


def test_only_the_office_convenes_a_regular_meeting(seats, chair, applicant_kewei):
    for person in (chair, applicant_kewei):
        with pytest.raises(PermissionDenied):
            meeting_create(actor=person, date=datetime.date(2026, 5, 1), kind=MeetingKind.REGULAR)
    # 规则 四(二): 也可根据需要由分管副区长临时决定召开会议.
    assert meeting_create(actor=chair, date=datetime.date(2026, 5, 1), kind=MeetingKind.AD_HOC).pk


def test_agenda_takes_only_ready_applications(meeting, office_clerk, make_ready):
    ready = make_ready()
    draft = make_ready()
    draft.state = State.ASSESSMENT
    draft.save()
    with pytest.raises(MeetingInputError) as exc:
        meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[ready.pk, draft.pk])
    assert exc.value.field == "application_ids[1]"
    assert not meeting.items.exists()
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[ready.pk],
                       opinions={ready.pk: "建议同意"})
    assert meeting.items.get().office_opinion == "建议同意"


def test_chair_approves_the_agenda_and_members_are_notified(meeting, office_clerk, chair, make_ready):
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[make_ready().pk])
    with pytest.raises(PermissionDenied):
        meeting_approve_agenda(meeting=meeting, actor=office_clerk)
    meeting_approve_agenda(meeting=meeting, actor=chair)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.AGENDA_APPROVED
    assert Notification.objects.filter(verb="meeting_notice").count() == 14


def test_quorum_six_refused_seven_accepted(meeting, office_clerk, chair, make_ready):
    app = make_ready()
    meeting = _opened(meeting, office_clerk, chair, [app])
    meeting_record_attendance(meeting=meeting, actor=office_clerk, present_units=units(6))
    with pytest.raises(QuorumNotMet) as exc:
        meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=app.pk,
                                outcome="approve")
    assert "法定人数" in exc.value.reason
    assert not Decision.objects.exists()
    meeting_record_attendance(meeting=meeting, actor=office_clerk, present_units=units(7))
    decision = meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=app.pk,
                                       outcome="approve")
    assert decision.approved_amount == app.total_amount


def test_written_leave_opinion_does_not_count(meeting, office_clerk, chair, make_ready):
    meeting_record_attendance(meeting=meeting, actor=office_clerk,
                              leave=[{"unit": units(14)[13], "opinion": "同意"}])
    meeting = _opened(meeting, office_clerk, chair, [make_ready()])
    meeting_record_attendance(meeting=meeting, actor=office_clerk, present_units=units(6))
    q = meeting_quorum(meeting)
    assert (q.present, q.required, q.met) == (6, 7, False)
    assert meeting.members.get(unit_name=units(14)[13]).leave_opinion == "同意"


def test_leave_after_the_meeting_started_is_refused(meeting, office_clerk, chair, make_ready):
    meeting = _opened(meeting, office_clerk, chair, [make_ready()])
    with pytest.raises(MeetingStateError):
        meeting_record_attendance(meeting=meeting, actor=office_clerk,
                                  leave=[{"unit": units(1)[0], "opinion": ""}])
    assert not meeting.members.filter(attendance=Attendance.LEAVE).exists()


def test_presence_recorded_only_once_open_and_each_call_replaces(meeting, office_clerk, chair, make_ready):
    with pytest.raises(MeetingStateError):
        meeting_record_attendance(meeting=meeting, actor=office_clerk, present_units=units(7))
    meeting = _opened(meeting, office_clerk, chair, [make_ready()])
    meeting_record_attendance(meeting=meeting, actor=office_clerk, present_units=units(9))
    meeting_record_attendance(meeting=meeting, actor=office_clerk, present_units=units(3))
    assert meeting_quorum(meeting).present == 3


def test_unknown_unit_named_by_field(meeting, office_clerk, chair, make_ready):
    meeting = _opened(meeting, office_clerk, chair, [make_ready()])
    with pytest.raises(MeetingInputError) as exc:
        meeting_record_attendance(meeting=meeting, actor=office_clerk,
                                  present_units=[*units(2), "区教育局"])
    assert exc.value.field == "present_units[2]"
    assert meeting_quorum(meeting).present == 0


def test_replaced_unit_counted_once_and_history_kept(seats, office_clerk, chair, make_ready):
    """规则 二 自然替补: the successor takes the seat; a past meeting keeps the unit it had."""
    from egovpm.accounts.models import Unit, UnitKind

    old = meeting_create(actor=office_clerk, date=datetime.date(2026, 3, 1), kind=MeetingKind.REGULAR)
    seat = MemberSeat.objects.get(number=14)
    successor = Unit.objects.create(name="区数据局", kind=UnitKind.DEPARTMENT)
    seat_replace_unit(actor=office_clerk, seat=seat, unit=successor, on=datetime.date(2026, 4, 1))
    new = meeting_create(actor=office_clerk, date=datetime.date(2026, 5, 1), kind=MeetingKind.REGULAR)
    assert old.members.get(seat=seat).unit_name == "区大数据中心"
    assert new.members.get(seat=seat).unit_name == "区数据局"
    new = _opened(new, office_clerk, chair, [make_ready()])
    # Both names of seat 14 plus five others: six seats, not seven.
    meeting_record_attendance(meeting=new, actor=office_clerk,
                              present_units=[*units(5), "区大数据中心", "区数据局"])
    assert meeting_quorum(new).present == 6
    assert not meeting_quorum(new).met


def test_cancel_releases_applications_for_another_meeting(meeting, office_clerk, make_ready):
    app = make_ready()
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[app.pk])
    other = meeting_create(actor=office_clerk, date=datetime.date(2026, 6, 1), kind=MeetingKind.REGULAR)
    with pytest.raises(MeetingInputError):
        meeting_set_agenda(meeting=other, actor=office_clerk, application_ids=[app.pk])
    meeting_cancel(meeting=meeting, actor=office_clerk, reason="改期")
    meeting_set_agenda(meeting=other, actor=office_clerk, application_ids=[app.pk])
    assert other.items.count() == 1
