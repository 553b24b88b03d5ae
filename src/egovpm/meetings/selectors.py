"""Reads for the joint meeting: who may see what, the quorum, the agenda candidates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import QuerySet
from django.utils.translation import gettext as _

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
    Reconsideration,
    ReconsiderationState,
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


@dataclass(frozen=True)
class DecisionInForce:
    """The decision in force on one application: the latest effective of the meeting's decision
    and a reconsideration's revision of it (规则 四(五), 四(七))."""

    application: Application
    outcome: str
    outcome_label: str
    approved_amount: Decimal | None
    conditions: str
    source: str  # the meeting that decided, or the reconsideration that revised it
    effective_at: datetime.datetime


def _revision_source(row: Reconsideration) -> str:
    """Who revised: the later meeting that decided it on its agenda, else the chair directly."""
    item = (row.agenda_items.filter(decision__effective_at__isnull=False)
            .select_related("meeting").first())
    if item is not None:
        return str(_("%(m)s（复议）") % {"m": item.meeting})
    return str(_("复议：区政府分管副区长协调处理"))


def decisions_in_force(*, year: int | None = None) -> list[DecisionInForce]:
    """Per application, the latest effective of (signed meeting decision, reconsideration
    revision); an upheld reconsideration changes nothing. A revision always postdates the
    decision it revises, so on equal times the revision wins."""
    decisions = Decision.objects.filter(
        effective_at__isnull=False, item__application__isnull=False,
    ).select_related("item__application", "item__application__unit", "item__meeting")
    revisions = Reconsideration.objects.filter(
        state=ReconsiderationState.REVISED, resolved_at__isnull=False,
        decision__item__application__isnull=False,
    ).select_related("decision__item__application", "decision__item__application__unit")
    if year is not None:
        decisions = decisions.filter(item__application__budget_year=year)
        revisions = revisions.filter(decision__item__application__budget_year=year)
    latest: dict[int, tuple[tuple[datetime.datetime, int], DecisionInForce]] = {}

    def keep(key: tuple[datetime.datetime, int], entry: DecisionInForce) -> None:
        current = latest.get(entry.application.pk)
        if current is None or key > current[0]:
            latest[entry.application.pk] = (key, entry)

    for decision in decisions:
        if decision.effective_at is None or decision.item.application is None:
            continue  # excluded by the query; narrows the types
        keep((decision.effective_at, 0), DecisionInForce(
            application=decision.item.application, outcome=decision.outcome,
            outcome_label=str(decision.get_outcome_display()),
            approved_amount=decision.approved_amount, conditions=decision.conditions,
            source=str(decision.item.meeting), effective_at=decision.effective_at))
    for row in revisions:
        application = row.decision.item.application
        if row.resolved_at is None or application is None:
            continue  # excluded by the query; narrows the types
        keep((row.resolved_at, 1), DecisionInForce(
            application=application, outcome=row.new_outcome,
            outcome_label=str(row.get_new_outcome_display()),
            approved_amount=row.approved_amount, conditions=row.conditions,
            source=_revision_source(row), effective_at=row.resolved_at))
    return [entry for _key, entry in latest.values()]


def effective_decisions(*, year: int | None = None) -> list[DecisionInForce]:
    """The approvals and filings in force (the chair signed, and no reconsideration revised
    them away; or a reconsideration gave them), by unit and name: the annual plan."""
    rows = [entry for entry in decisions_in_force(year=year)
            if entry.outcome in (Outcome.APPROVE, Outcome.FILE)]
    return sorted(rows, key=lambda e: (e.application.unit.name, e.application.name,
                                       e.application.pk))


def decision_of(item: AgendaItem) -> Decision | None:
    try:
        return item.decision
    except Decision.DoesNotExist:
        return None
