"""The joint meeting's part of the one 待办 list (`egovpm.review.todo`), registered in
`MeetingsConfig.ready()`.

- the chair (区政府分管副区长): agendas to approve (规则 四(四) 由区政府分管副区长审定) and
  minutes to sign (四(五) 会议纪要由区政府分管副区长签发);
- the office: meetings to prepare — draft agendas, applications ready for the meeting and on no
  agenda, approved agendas whose day has come, open meetings with items still undecided;
- a member: meetings of their seat they were notified of and have not asked leave for
  (四(三) 不能出席的须在会前请假), and items of a written procedure awaiting their opinion (四(二)).

Items about a whole meeting carry no application; each links to its meeting page. Like the
lifecycle's, their actions are Chinese labels (what to do there), not review action codes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from egovpm.accounts.models import Role
from egovpm.meetings.models import (
    Attendance,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingMember,
    MeetingState,
    WrittenOpinion,
)
from egovpm.meetings.selectors import agenda_candidates, meeting_needs_quorum, meeting_quorum

SOURCE = "meetings"
# The items a meeting decides (others — plans, reconsiderations — are discussed, not decided here).
DECIDED_KINDS = (ItemKind.APPLICATION, ItemKind.CHANGE, ItemKind.STOP_REVIEW)


def _link(meeting: Meeting) -> str:
    return f"/meetings/{meeting.pk}/"


def _item(meeting: Meeting, *, action: str, title: str, today: dt.date,
          application: Any = None, since: Any = None) -> Any:
    from egovpm.review.selectors import TodoItem

    return TodoItem(application=application, actions=[action],
                    since=since or meeting.created_at, source=SOURCE, title=title,
                    link=_link(meeting), overdue=meeting.date < today, due_date=meeting.date)


def _with_undecided(state: str) -> Any:
    """Meetings in `state` with their count of items and of undecided items."""
    return Meeting.objects.filter(state=state).annotate(
        n_items=Count("items", distinct=True),
        n_open=Count("items", filter=Q(items__decision__isnull=True,
                                       items__kind__in=DECIDED_KINDS), distinct=True),
    ).order_by("date", "pk")


def _chair_todo(today: dt.date) -> list[Any]:
    items = [
        _item(m, action=_("审定议题"), today=today,
              title=_("审定议题：%(m)s（%(n)d 项）") % {"m": m, "n": m.n_items})
        for m in _with_undecided(MeetingState.DRAFT).filter(n_items__gt=0)
    ]
    for m in _with_undecided(MeetingState.OPEN).filter(n_items__gt=0, n_open=0):
        if meeting_needs_quorum(m) and not meeting_quorum(m).met:
            continue
        items.append(_item(m, action=_("签发纪要"), today=today, since=m.opened_at,
                           title=_("签发纪要：%(m)s（决定签发后生效）") % {"m": m}))
    return items


def _office_todo(today: dt.date) -> list[Any]:
    items = [
        _item(m, action=_("拟定议题"), today=today,
              title=_("拟定议题：%(m)s（已列 %(n)d 项，待分管副区长审定）") % {"m": m, "n": m.n_items})
        for m in _with_undecided(MeetingState.DRAFT)
    ]
    items += [
        _item(m, action=_("开始会议"), today=today, since=m.agenda_approved_at,
              title=_("开始会议：%(m)s（议题已审定）") % {"m": m})
        for m in Meeting.objects.filter(state=MeetingState.AGENDA_APPROVED, date__lte=today)
    ]
    items += [
        _item(m, action=_("记录会议决定"), today=today, since=m.opened_at,
              title=_("记录会议决定：%(m)s（%(n)d 项未决定）") % {"m": m, "n": m.n_open})
        for m in _with_undecided(MeetingState.OPEN).filter(n_open__gt=0)
    ]
    from egovpm.review.selectors import TodoItem

    items += [
        TodoItem(application=app, actions=[_("列入议题")], since=app.updated_at, source=SOURCE,
                 title=_("列入联席会议议题：%(n)s（待上会，尚未列入任何会议）") % {"n": app.name},
                 link="/meetings/")
        for app in agenda_candidates()
    ]
    return items


def _member_todo(user: Any, today: dt.date) -> list[Any]:
    seats = MeetingMember.objects.filter(
        Q(representative=user) | Q(unit_id=user.unit_id) if user.unit_id else Q(representative=user)
    ).select_related("meeting")
    items = []
    seen: set[int] = set()
    for seat in seats.order_by("meeting__date", "meeting_id"):
        meeting = seat.meeting
        if meeting.pk in seen:
            continue
        seen.add(meeting.pk)
        if (meeting.state == MeetingState.AGENDA_APPROVED and meeting.kind != MeetingKind.WRITTEN
                and meeting.date >= today and seat.attendance == Attendance.UNRECORDED):
            items.append(_item(meeting, action=_("出席或请假"), today=today,
                               since=meeting.agenda_approved_at,
                               title=_("参加会议：%(m)s（不能出席的请在会前请假，可附书面意见）")
                               % {"m": meeting}))
        elif meeting.state == MeetingState.OPEN and meeting.kind == MeetingKind.WRITTEN:
            given = WrittenOpinion.objects.filter(member=seat).values("item_id")
            waiting = (meeting.items.filter(kind=ItemKind.APPLICATION).exclude(pk__in=given)
                       .select_related("application", "application__unit").order_by("position"))
            items += [
                _item(meeting, action=_("提交书面意见"), today=today, since=meeting.opened_at,
                      application=item.application,
                      title=_("书面审议意见：%(t)s（%(m)s）") % {"t": item.title, "m": meeting})
                for item in waiting
            ]
    return items


def meetings_todo(user: Any, today: dt.date) -> list[Any]:
    role = getattr(user, "role", None)
    if role == Role.CHAIR:
        return _chair_todo(today)
    if role == Role.OFFICE:
        return _office_todo(today)
    if role == Role.MEMBER:
        return _member_todo(user, today)
    return []
