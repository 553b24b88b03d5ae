"""Reads for review: what each person may do now (待办), what they did (已办), assessments."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from egovpm.accounts.models import Role
from egovpm.declarations.models import Application, ApplicationEvent, State
from egovpm.declarations.selectors import ASSESSOR_ROLES, applications_visible_to
from egovpm.review.models import Assessment, AssessmentResult
from egovpm.review.transitions import TRANSITIONS, Action, Transition, may_act

# The states in which each role has something to do (the rows of the table narrow it down).
TODO_STATES: dict[str, tuple[str, ...]] = {
    Role.APPLICANT: (State.DRAFT, State.RETURNED, State.DEFERRED),
    Role.UNIT_LEADER: (State.DRAFT, State.RETURNED, State.DEFERRED),
    Role.SUPERVISOR: (State.SUPERVISOR_REVIEW,),
    Role.OFFICE: (State.OFFICE_INTAKE, State.READY_FOR_MEETING),
    # The chair has no review to-do: the joint meeting's outcomes take effect only through
    # signed minutes; the meetings module's to-do provider lists the agendas and minutes.
}
# Main actions a to-do points at (withdraw is always possible, it is not "waiting for me").
TODO_IGNORED_ACTIONS = {Action.WITHDRAW}


@dataclass(frozen=True)
class TodoItem:
    """One thing waiting for a person: an application, the actions they may take on it, and
    for an assessor the assessment to report on. Items from other modules (`egovpm.review.todo`)
    also say where they come from, what is due, where to act and by when."""

    application: Application | None  # None for an item about a whole meeting
    actions: list[str]
    since: datetime.datetime
    assessment: Assessment | None = None
    source: str = "review"  # review | lifecycle | …
    title: str = ""
    link: str = ""
    overdue: bool = False
    due_date: datetime.date | None = None


@dataclass(frozen=True)
class DoneItem:
    application: Application
    last_action: str
    at: datetime.datetime
    actions: list[str] = field(default_factory=list)


def available_actions(user: Any, application: Application) -> list[str]:
    """Actions the user may request on the application in its current state (role and
    ownership; guards are checked when acting). For buttons in the UI."""
    rows: list[Transition] = [
        row for (state, _action), row in TRANSITIONS.items()
        if state == application.state and not row.automatic and not row.internal
    ]
    return [str(row.action) for row in rows if may_act(row, application, user)]


def assessments_visible_to(user: Any, application: Application) -> QuerySet[Assessment]:
    """Assessments of a visible application; an assessor sees only their own."""
    qs = application.assessments.select_related("assignee", "report").order_by("round", "id")
    if user.role in ASSESSOR_ROLES:
        qs = qs.filter(assignee=user)
    return qs


def pending_assessments_for(user: Any) -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        assignee=user, result=AssessmentResult.PENDING, application__state=State.ASSESSMENT,
    ).select_related("application", "application__unit").order_by("assigned_at", "id")


def todo_for(user: Any, *, today: datetime.date | None = None) -> list[TodoItem]:
    """待办: the applications waiting for this person, oldest first, then what the other modules
    registered (`egovpm.review.todo`: a project's clocks, the office's changes, …)."""
    from django.utils import timezone

    from egovpm.review.todo import provided_todo_for

    if user is None or not user.is_authenticated:
        return []
    return [*_application_todo(user),
            *provided_todo_for(user, today=today or timezone.localdate())]


def _application_todo(user: Any) -> list[TodoItem]:
    if user.role in ASSESSOR_ROLES:
        return [
            TodoItem(application=a.application, actions=["report"], since=a.assigned_at,
                     assessment=a)
            for a in pending_assessments_for(user)
        ]
    states = TODO_STATES.get(user.role)
    if not states:
        return []
    items = []
    for app in applications_visible_to(user).filter(state__in=states).order_by("updated_at"):
        actions = [a for a in available_actions(user, app) if a not in TODO_IGNORED_ACTIONS]
        if actions:
            items.append(TodoItem(application=app, actions=actions, since=app.updated_at))
    return items


def _done(user: Any) -> QuerySet[Any]:
    """Applications the user acted on and may still see, latest action first (annotated with
    ``last_at`` and ``last_action``)."""
    mine = ApplicationEvent.objects.filter(application=OuterRef("pk"), actor=user).order_by(
        "-at", "-id")
    return applications_visible_to(user).filter(
        pk__in=ApplicationEvent.objects.filter(actor=user).values("application_id")
    ).annotate(
        last_at=Subquery(mine.values("at")[:1]), last_action=Subquery(mine.values("action")[:1]),
    ).order_by("-last_at", "-id")


def done_by(user: Any) -> list[DoneItem]:
    """已办: applications this person acted on (created, edited, moved, reported), latest first,
    restricted to what they may still see."""
    if user is None or not user.is_authenticated:
        return []
    return [DoneItem(application=app, last_action=app.last_action or "", at=app.last_at)
            for app in _done(user)]


def done_count(user: Any) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return applications_visible_to(user).filter(
        pk__in=ApplicationEvent.objects.filter(actor=user).values("application_id")).count()
