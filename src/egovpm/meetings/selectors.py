"""Reads for the joint meeting: who may see what, the quorum, the agenda candidates."""

from __future__ import annotations

from fractions import Fraction

from django.db.models import QuerySet

from egovpm.accounts.models import Role, User
from egovpm.declarations.models import Application, State
from egovpm.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingKind,
    MeetingState,
    Outcome,
)
from egovpm.meetings.quorum import Quorum, quorum_of

# Who may read meetings and their minutes (members attend; finance and audit follow decisions).
READ_ROLES = frozenset({Role.OFFICE, Role.CHAIR, Role.MEMBER, Role.FINANCE, Role.AUDITOR})


def can_read_meetings(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in READ_ROLES


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    if not can_read_meetings(user):
        return Meeting.objects.none()
    return Meeting.objects.all()


def meeting_quorum(meeting: Meeting) -> Quorum:
    """规则 四(三), counted in seats: a seat is present once, whichever of its units came."""
    total = meeting.members.count()
    present = meeting.members.filter(attendance=Attendance.PRESENT).count()
    fraction = Fraction(meeting.quorum_numerator, meeting.quorum_denominator)
    return quorum_of(present=present, total=total, fraction=fraction, strict=meeting.quorum_strict)


def meeting_needs_quorum(meeting: Meeting) -> bool:
    return meeting.kind != MeetingKind.WRITTEN


def agenda_candidates(meeting: Meeting | None = None) -> QuerySet[Application]:
    """Applications ready for the meeting and not on another live meeting's agenda."""
    busy = AgendaItem.objects.filter(
        application__isnull=False,
        meeting__state__in=[MeetingState.DRAFT, MeetingState.AGENDA_APPROVED, MeetingState.OPEN],
    )
    if meeting is not None:
        busy = busy.exclude(meeting=meeting)
    return (
        Application.objects.filter(state=State.READY_FOR_MEETING)
        .exclude(pk__in=busy.values("application_id"))
        .select_related("unit")
        .order_by("declared_on", "id")
    )


def meeting_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.items.select_related("application", "application__unit", "decision").order_by(
        "position"
    )


def effective_decisions(*, year: int | None = None) -> QuerySet[Decision]:
    """Decisions that took effect (the chair signed), approve/file first: the annual plan."""
    qs = Decision.objects.filter(
        effective_at__isnull=False, outcome__in=[Outcome.APPROVE, Outcome.FILE],
        item__application__isnull=False,
    ).select_related("item__application", "item__application__unit", "item__meeting")
    if year is not None:
        qs = qs.filter(item__application__budget_year=year)
    return qs.order_by("item__application__unit__name", "item__application__name")


def decision_of(item: AgendaItem) -> Decision | None:
    try:
        return item.decision
    except Decision.DoesNotExist:
        return None
