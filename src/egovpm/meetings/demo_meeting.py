"""One past, signed joint meeting in the demo data (so the minutes and the plan show something),
leaving other ready applications for a newcomer to put on a meeting of their own."""

from __future__ import annotations

import datetime

from egovpm.accounts.models import Role, User
from egovpm.declarations.models import State
from egovpm.meetings.decisions import meeting_record_decision, meeting_sign_minutes
from egovpm.meetings.models import Meeting, MeetingKind, Outcome
from egovpm.meetings.selectors import agenda_candidates
from egovpm.meetings.services import (
    meeting_approve_agenda,
    meeting_create,
    meeting_open,
    meeting_record_attendance,
    meeting_set_agenda,
)
from egovpm.review.transitions import FILING_ROUTES

PAST_TITLE = "演示：联席会议（已签发）"
KEEP_READY = 2  # applications left in ready_for_meeting for the newcomer


def past_meeting_ensure() -> Meeting | None:
    existing = Meeting.objects.filter(title=PAST_TITLE).first()
    if existing is not None:
        return existing
    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
    chair = User.objects.filter(role=Role.CHAIR, is_active=True).order_by("pk").first()
    ready = [a for a in agenda_candidates() if a.state == State.READY_FOR_MEETING
             and a.effective_route != "GOV_INVESTMENT"]
    if office is None or chair is None or len(ready) <= KEEP_READY:
        return None
    chosen = ready[: max(1, min(2, len(ready) - KEEP_READY))]
    meeting = meeting_create(actor=office, date=datetime.date.today() - datetime.timedelta(days=14),
                             kind=MeetingKind.REGULAR, title=PAST_TITLE)
    meeting_set_agenda(meeting=meeting, actor=office, application_ids=[a.pk for a in chosen],
                       opinions={a.pk: "经论证评估，建议同意。" for a in chosen})
    units = [m.unit_name for m in meeting.members.order_by("seat__number")]
    meeting_record_attendance(meeting=meeting, actor=office,
                              leave=[{"unit": units[-1], "opinion": "同意办公室意见。"}])
    meeting_approve_agenda(meeting=meeting, actor=chair)
    meeting_open(meeting=meeting, actor=office)
    meeting_record_attendance(meeting=meeting, actor=office, present_units=units[:10])
    for application in chosen:
        outcome = Outcome.FILE if application.effective_route in FILING_ROUTES else Outcome.APPROVE
        meeting_record_decision(meeting=meeting, actor=office, application_id=application.pk,
                                outcome=outcome, conditions="按方案实施，严格执行配置标准。")
    return meeting_sign_minutes(meeting=meeting, actor=chair)
