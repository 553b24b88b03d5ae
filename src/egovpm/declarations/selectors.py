"""Reads: who sees which application, its history for the engine, live findings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from egovpm.accounts.models import Role
from egovpm.declarations import files
from egovpm.declarations.inputs import application_to_policy_input, unit_performance_unrectified
from egovpm.declarations.models import (
    POLICY_ATTACHMENT_KINDS,
    Application,
    ApplicationEvent,
    Attachment,
    AttachmentKind,
    Project,
    State,
)
from egovpm.policy import add_months

if TYPE_CHECKING:
    from egovpm.policy import Decision

# Roles that read every submitted application (drafts stay private to their unit).
READ_ALL_SUBMITTED = {Role.OFFICE, Role.AUDITOR, Role.CHAIR}
UNIT_ROLES = {Role.APPLICANT, Role.UNIT_LEADER, Role.SUPERVISOR}
ASSESSOR_ROLES = {Role.THIRD_PARTY, Role.EXPERT}
MEETING_STATES = [State.READY_FOR_MEETING, State.APPROVED, State.FILED, State.HANDED_OVER]
FUNDED_STATES = [State.APPROVED, State.FILED, State.HANDED_OVER]
EDITABLE_STATES = (State.DRAFT, State.RETURNED, State.DEFERRED)

# 规则 五(四)3: 三次第三方机构论证评估未能通过 / 两次专家论证评估未能通过, 原则上半年内不予再次申报.
# The limits and the period are policy pack parameters (see `suspended_until`).


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Object-level read access (PRODUCT.md): a unit sees its own applications, a supervising
    department also its subordinates' once submitted; office, chair and auditor see every
    submitted one; an assessor only what is assigned to them; members the meeting's."""
    from egovpm.review.models import Assessment

    qs = Application.objects.select_related("unit", "project", "created_by")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    # Submitted = ever submitted: the date is frozen at submission and kept (returned, deferred,
    # withdrawn after submission); a draft withdrawn before submission has none and stays private.
    submitted = Q(declared_on__isnull=False)
    role = user.role
    if role in READ_ALL_SUBMITTED:
        return qs.filter(submitted)
    if role in UNIT_ROLES:
        if user.unit_id is None:
            return qs.none()
        return qs.filter(Q(unit_id=user.unit_id) | (Q(unit__supervisor_id=user.unit_id) & submitted))
    if role in ASSESSOR_ROLES:
        assigned = Assessment.objects.filter(assignee=user).values("application_id")
        return qs.filter(pk__in=assigned)
    if role == Role.MEMBER:
        return qs.filter(state__in=MEETING_STATES)
    if role == Role.FINANCE:
        return qs.filter(state__in=FUNDED_STATES)
    return qs.none()


def application_get(*, user: Any, pk: int) -> Application:
    """The application if the user may see it; ``Application.DoesNotExist`` otherwise (so an
    invisible application and a missing one look the same)."""
    return applications_visible_to(user).get(pk=pk)


def application_is_editable_by(user: Any, application: Application) -> bool:
    return (
        user.is_authenticated
        and user.role in (Role.APPLICANT, Role.UNIT_LEADER)
        and user.unit_id == application.unit_id
        and application.state in EDITABLE_STATES
    )


def projects_for_redeclaration(user: Any) -> QuerySet[Project]:
    """Projects the user's unit may declare again (the "re-declaration of project X" pick)."""
    if not user.is_authenticated or user.unit_id is None:
        return Project.objects.none()
    return Project.objects.filter(unit_id=user.unit_id)


def application_events(application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor").order_by("at", "id")


FailureDates = tuple[list[datetime.date], list[datetime.date]]


def projects_failure_dates(project_ids: Iterable[int]) -> dict[int, FailureDates]:
    """For each project, the dates of failed third-party (incl. argument) and expert
    assessments over every application of it (规则 五(四)3 counts across resubmissions);
    one query for all of them."""
    from egovpm.review.models import THIRD_PARTY_KINDS, Assessment, AssessmentKind

    ids = list(project_ids)
    dates: dict[int, FailureDates] = {pk: ([], []) for pk in ids}
    rows = Assessment.objects.filter(
        application__project_id__in=ids, result="fail"
    ).values_list("application__project_id", "kind", "reported_on")
    for project_id, kind, reported_on in rows:
        if reported_on is None:  # never: a reported assessment has a date (a DB constraint)
            continue
        third_party, expert = dates[project_id]
        if kind in THIRD_PARTY_KINDS:
            third_party.append(reported_on)
        elif kind == AssessmentKind.EXPERT:
            expert.append(reported_on)
    return {pk: (sorted(tp), sorted(ex)) for pk, (tp, ex) in dates.items()}


def project_failure_dates(project_id: int) -> FailureDates:
    """Dates of failed third-party and expert assessments of one project."""
    return projects_failure_dates([project_id])[project_id]


def _suspension_end(
    failures: FailureDates, params: Any, today: datetime.date,
) -> datetime.date | None:
    third_party, expert = failures
    ends = []
    if third_party and len(third_party) >= params.third_party_failure_limit:
        ends.append(add_months(max(third_party), params.suspension_months))
    if expert and len(expert) >= params.expert_failure_limit:
        ends.append(add_months(max(expert), params.suspension_months))
    until = max(ends, default=None)
    return until if until is not None and today <= until else None


def _params_on(today: datetime.date) -> Any:
    from egovpm.policy import UnknownPack, get_pack

    try:
        return get_pack(on=today).params
    except UnknownPack:
        return None


def suspensions_from(
    failures: dict[int, FailureDates], *, today: datetime.date | None = None,
) -> dict[int, datetime.date | None]:
    """`suspended_until` of each project whose failure dates are already fetched."""
    today = today or timezone.localdate()
    params = _params_on(today)
    if params is None:
        return dict.fromkeys(failures)
    return {pk: _suspension_end(dates, params, today) for pk, dates in failures.items()}


def projects_suspended_until(
    project_ids: Iterable[int], *, today: datetime.date | None = None,
) -> dict[int, datetime.date | None]:
    """`suspended_until` of several projects, their failures fetched in one query."""
    return suspensions_from(projects_failure_dates(project_ids), today=today)


def suspended_until(project_id: int, *, today: datetime.date | None = None) -> datetime.date | None:
    """The last day of the suspension (规则 五(四)3) when one stands on ``today``, else None.

    The limits and the period are the policy pack's in force on ``today`` (the engine's
    `SUSPENDED_AFTER_FAILURES` reads the same parameters), so display and refusal agree."""
    today = today or timezone.localdate()
    params = _params_on(today)
    if params is None:
        return None
    return _suspension_end(project_failure_dates(project_id), params, today)


@dataclass(frozen=True)
class ProjectOverview:
    project: Project
    suspended_until: datetime.date | None
    latest: Application | None


def projects_overview(user: Any) -> list[ProjectOverview]:
    """The unit's projects for re-declaration, each with its suspension and its latest
    application, in a fixed number of queries."""
    latest_id = Application.objects.filter(project=OuterRef("pk")).order_by("-id").values("id")[:1]
    projects = list(projects_for_redeclaration(user).annotate(latest_id=Subquery(latest_id)))
    latest = Application.objects.in_bulk([p.latest_id for p in projects if p.latest_id])
    suspended = projects_suspended_until(p.pk for p in projects)
    return [ProjectOverview(project=p, suspended_until=suspended[p.pk],
                            latest=latest.get(p.latest_id))
            for p in projects]


def application_preview(
    application: Application, *, declared_on: datetime.date | None = None, **input_overrides: Any
) -> Decision:
    """Live findings: the engine's decision on the application as it stands (saved or not),
    with the history from the database. Raises ``InvalidApplication`` on bad input."""
    from egovpm.policy import evaluate

    return evaluate(application_to_policy_input(
        application, declared_on=declared_on, **input_overrides
    ))


def applications_preview(applications: list[Application]) -> dict[int, Decision | None]:
    """Live findings for many saved applications (a list page), the history and attachments
    fetched in bulk: the number of queries does not grow with the rows. None for an application
    the engine finds invalid. Pass them with ``data_catalog__tables__fields`` prefetched."""
    from egovpm.policy import InvalidApplication, evaluate

    ids = [a.pk for a in applications]
    kinds: dict[int, set[str]] = {pk: set() for pk in ids}
    for application_id, kind in Attachment.objects.filter(
            application_id__in=ids).values_list("application_id", "kind").distinct():
        kinds[application_id].add(kind)
    failures = projects_failure_dates({a.project_id for a in applications if a.project_id})
    unrectified: dict[int, bool] = {}
    decisions: dict[int, Decision | None] = {}
    for app in applications:
        if app.unit_id not in unrectified:
            unrectified[app.unit_id] = unit_performance_unrectified(app.unit)
        history = {"failures": failures.get(app.project_id, ([], [])),
                   "performance_unrectified": unrectified[app.unit_id]}
        try:
            decisions[app.pk] = evaluate(application_to_policy_input(
                app, attachment_kinds=sorted(kinds[app.pk] & POLICY_ATTACHMENT_KINDS),
                history=history,
            ))
        except InvalidApplication:
            decisions[app.pk] = None
    return decisions


def attachments_visible_to(user: Any, application: Application) -> QuerySet[Attachment]:
    """Attachments of a visible application; an assessor sees other assessors' reports only
    when they are their own (nobody sees another's assessment unless their role says so)."""
    qs = application.attachments.all()
    if user.role in ASSESSOR_ROLES:
        qs = qs.filter(~Q(kind=AttachmentKind.ASSESSMENT_REPORT) | Q(uploaded_by=user))
    return qs


def attachment_get(*, user: Any, pk: int) -> tuple[Attachment, Path]:
    """An attachment the user may download and its file path; ``Attachment.DoesNotExist``
    when the user may not see it or its file is missing (both callers answer 404)."""
    attachment = Attachment.objects.select_related("application").get(pk=pk)
    try:
        application = application_get(user=user, pk=attachment.application_id)
    except Application.DoesNotExist:
        raise Attachment.DoesNotExist from None
    if not attachments_visible_to(user, application).filter(pk=pk).exists():
        raise Attachment.DoesNotExist
    path = files.storage_path(attachment.stored_name)
    if not path.exists():
        raise Attachment.DoesNotExist
    return attachment, path
