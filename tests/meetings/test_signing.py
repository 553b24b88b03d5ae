"""Decisions take effect only when the chair signs the minutes, all together or not at all."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from egovpm.audit.models import AuditEntry
from egovpm.declarations.models import State
from egovpm.meetings.decisions import meeting_record_decision, meeting_sign_minutes
from egovpm.meetings.errors import MeetingInputError, MeetingStateError
from egovpm.meetings.models import MeetingState, Notification
from egovpm.meetings.services import (
    meeting_approve_agenda,
    meeting_open,
    meeting_record_attendance,
    meeting_set_agenda,
)
from tests.meetings.conftest import units

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(meeting, office_clerk, chair, make_ready):
    """An open meeting with a quorum and four applications on the agenda."""
    apps = {
        "review": make_ready("REVIEW", "3000000.00"),
        "filing": make_ready("FILING", "500000.00"),
        "defer": make_ready("REVIEW"),
        "gov": make_ready("GOV_INVESTMENT", "9000000.00"),
    }
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[a.pk for a in apps.values()])
    meeting_approve_agenda(meeting=meeting, actor=chair)
    meeting_open(meeting=meeting, actor=office_clerk)
    meeting_record_attendance(meeting=meeting, actor=office_clerk, present_units=units(8))
    meeting.refresh_from_db()
    return meeting, apps


def _decide_all(meeting, office_clerk, apps):
    meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=apps["review"].pk,
                            outcome="approve", approved_amount="2800000.00", conditions="分期实施")
    meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=apps["filing"].pk,
                            outcome="file")
    meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=apps["defer"].pk,
                            outcome="defer", conditions="补充需求论证")
    meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=apps["gov"].pk,
                            outcome="approve")


def _states(apps):
    return {k: type(a).objects.get(pk=a.pk).state for k, a in apps.items()}


def test_decisions_wait_for_the_signature_then_take_effect(held, office_clerk, chair, applicant_kewei):
    meeting, apps = held
    _decide_all(meeting, office_clerk, apps)
    assert set(_states(apps).values()) == {State.READY_FOR_MEETING}
    meeting_sign_minutes(meeting=meeting, actor=chair)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SIGNED and meeting.signed_by == chair
    assert _states(apps) == {"review": State.APPROVED, "filing": State.FILED,
                             "defer": State.DEFERRED, "gov": State.HANDED_OVER}
    review = type(apps["review"]).objects.get(pk=apps["review"].pk)
    assert review.approved_amount == Decimal("2800000.00")
    # 规则 五(四)1 抄送: every member unit's representative and each applicant.
    assert Notification.objects.filter(verb="approved_list").count() == 14
    assert Notification.objects.filter(verb="meeting_decision", recipient=applicant_kewei).count() == 4
    assert AuditEntry.objects.filter(action="meeting_sign_minutes").count() == 1


def test_signing_is_all_or_nothing(held, office_clerk, chair):
    meeting, apps = held
    _decide_all(meeting, office_clerk, apps)
    # Someone moves one application away behind the meeting's back: its transition must fail.
    apps["defer"].state = State.WITHDRAWN
    apps["defer"].save()
    with pytest.raises(MeetingStateError) as exc:
        meeting_sign_minutes(meeting=meeting, actor=chair)
    assert apps["defer"].name in exc.value.reason
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.OPEN and meeting.signed_at is None
    states = _states(apps)
    assert states.pop("defer") == State.WITHDRAWN
    assert set(states.values()) == {State.READY_FOR_MEETING}
    assert not Notification.objects.filter(verb="approved_list").exists()
    assert not meeting.items.filter(decision__effective_at__isnull=False).exists()


def test_only_the_chair_signs_and_every_item_needs_a_decision(held, office_clerk, chair):
    meeting, apps = held
    with pytest.raises(PermissionDenied):
        meeting_sign_minutes(meeting=meeting, actor=office_clerk)
    with pytest.raises(MeetingStateError) as exc:
        meeting_sign_minutes(meeting=meeting, actor=chair)
    assert apps["review"].name in exc.value.reason


@pytest.mark.parametrize(
    ("key", "outcome", "kwargs", "field"),
    [("review", "file", {}, "outcome"),  # 审核 route cannot be 备案
     ("filing", "approve", {}, "outcome"),  # 备案 route cannot be 审核同意
     ("review", "approve", {"approved_amount": "3000000.01"}, "approved_amount"),
     ("review", "approve", {"approved_amount": "abc"}, "approved_amount"),
     ("review", "reject", {"approved_amount": "1"}, "approved_amount"),
     ("defer", "defer", {}, "conditions"),  # 暂缓 must say what to supplement
     ("review", "maybe", {}, "outcome")],
)
def test_bad_decisions_name_the_field(held, office_clerk, key, outcome, kwargs, field):
    meeting, apps = held
    with pytest.raises(MeetingInputError) as exc:
        meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=apps[key].pk,
                                outcome=outcome, **kwargs)
    assert exc.value.field == field
    assert not meeting.items.filter(decision__isnull=False).exists()


@pytest.mark.parametrize("raw", ["abc", "-1", "1.001", "NaN", "1,000,000", "1e16"])
def test_the_approved_amount_follows_the_declarations_money_rule(held, office_clerk, raw):
    """One money validator (`parse_amount`): a meeting refuses what a declaration refuses, with
    the same message naming the field."""
    from egovpm.declarations.inputs import ApplicationInputError, parse_amount

    meeting, apps = held
    with pytest.raises(ApplicationInputError) as declared:
        parse_amount(raw, "approved_amount", required=False)
    with pytest.raises(MeetingInputError) as exc:
        meeting_record_decision(meeting=meeting, actor=office_clerk,
                                application_id=apps["review"].pk, outcome="approve",
                                approved_amount=raw)
    assert exc.value.field == "approved_amount"
    assert exc.value.reason == str(declared.value)
    assert not meeting.items.filter(decision__isnull=False).exists()


def test_application_not_on_agenda_refused(held, office_clerk, make_ready):
    meeting, _apps = held
    with pytest.raises(MeetingInputError) as exc:
        meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=make_ready().pk,
                                outcome="reject")
    assert exc.value.field == "application_id"
