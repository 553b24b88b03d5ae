"""Reads the web pages need on top of `selectors`: a decision with its Chinese labels, and the
decision on a body that is being typed (saved or not).

Labels come from the policy pack that made the decision (as on the self-check page, whose
`decision_payload` is reused for live decisions); a frozen decision is a stored §2 dict and is
labelled the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from egovpm.declarations import selectors
from egovpm.declarations.inputs import application_fields_from_input, catalog_from_input
from egovpm.declarations.models import Application
from egovpm.policy import get_pack
from egovpm.selfcheck.explain import decision_payload, severity_label, split_sources


def _label(lookup: Any, code: str) -> str:
    try:
        return lookup(code) or code
    except (KeyError, LookupError, ValueError):
        return code


def labelled_decision(decision: Mapping[str, Any]) -> dict[str, Any]:
    """A stored POLICY.md §2 decision with the labels the page shows."""
    data = dict(decision)
    try:
        pack = get_pack(data.get("policy"))
    except (LookupError, ValueError):
        pack = None

    def label(name: str, code: str) -> str:
        return _label(getattr(pack, name), code) if pack is not None else code

    data["step_items"] = [{"code": c, "label": label("step_label", c)}
                          for c in data.get("steps", [])]
    data["basis"] = [{**b, "sources": split_sources(b.get("source", ""))}
                     for b in data.get("basis", [])]
    data["findings"] = [
        {**f, "title": label("finding_title", f["code"]),
         "severity_label": severity_label(f["severity"], blocking=f.get("blocking", False)),
         "sources": split_sources(f.get("source", ""))}
        for f in data.get("findings", [])
    ]
    data["obligations"] = [
        {**o, "label": o.get("label") or label("obligation_label", o["code"]),
         "sources": split_sources(o.get("source", ""))}
        for o in data.get("obligations", [])
    ]
    return data


def decision_for_display(application: Application) -> tuple[dict[str, Any] | None, bool, str]:
    """(labelled decision, frozen?, error): the decision frozen at the last submission while
    the application is with the reviewers; the live one on the application as saved while its
    unit may edit it (what a new submission would meet; an invalid draft gives the engine's
    message)."""
    from egovpm.policy import InvalidApplication

    if application.state not in selectors.EDITABLE_STATES and application.decision:
        return labelled_decision(application.decision), True, ""
    try:
        return decision_payload(selectors.application_preview(application)), False, ""
    except InvalidApplication as error:
        return None, False, str(error)


def decision_on_body(
    user: Any, body: Mapping[str, Any], *, application: Application | None = None,
    project_id: int | None = None,
) -> dict[str, Any]:
    """The labelled live decision on a body being typed, nothing saved: on top of a saved
    application (its attachments and project history count) or a new one of the user's unit
    (of ``project_id`` for a re-declaration). Raises ``ApplicationInputError`` or
    ``InvalidApplication`` naming the field."""
    fields = application_fields_from_input(body, partial=application is not None)
    catalog = catalog_from_input(body.get("data_catalog"))
    if application is None:
        app = Application(unit=user.unit, created_by=user, **fields)
        if project_id is not None:
            project = selectors.projects_for_redeclaration(user).filter(pk=project_id).first()
            if project is not None:  # not the unit's: previewed as a new project
                app.project = project
    else:
        app = application
        for name, value in fields.items():
            setattr(app, name, value)
    return decision_payload(selectors.application_preview(app, catalog=catalog))


def assessor_choices(role: str) -> list[tuple[str, str]]:
    """Active users holding an assessor role, as (username, "name · unit") for a select."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(role=role, is_active=True).select_related("unit")
    return [
        (u.username, f"{u.display_name or u.username}" + (f" · {u.unit.name}" if u.unit else ""))
        for u in users.order_by("username")
    ]


def route_choices(policy: str | None = None) -> list[tuple[str, str]]:
    """Routes the office may choose when overriding, with their Chinese labels."""
    from egovpm.review.transitions import ROUTE_ASSESSMENTS

    try:
        pack = get_pack(policy or None)
    except (LookupError, ValueError):
        pack = None
    return [(code, _label(pack.route_label, code) if pack else code) for code in ROUTE_ASSESSMENTS]


def assignments_of(user: Any) -> Any:
    """An assessor's own assessments, pending first, newest first within each group."""
    from django.db.models import Case, IntegerField, Value, When

    from egovpm.review.models import Assessment, AssessmentResult

    pending_first = Case(When(result=AssessmentResult.PENDING, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    return (Assessment.objects.filter(assignee=user)
            .select_related("application", "application__unit")
            .order_by(pending_first, "-assigned_at", "-id"))


def assignment_get(user: Any, pk: int) -> Any:
    """One of the user's own assessments; ``Assessment.DoesNotExist`` for anyone else's."""
    return assignments_of(user).get(pk=pk)


def current_round(application: Application, user: Any) -> list[Any]:
    """The assessments of the application's current review round the user may see."""
    from egovpm.review.selectors import assessments_visible_to

    return list(assessments_visible_to(user, application).filter(round=application.review_round))


def current_rounds(applications: list[Application], user: Any) -> dict[int, list[Any]]:
    """`current_round` of several applications, in one query (a queue page)."""
    from egovpm.declarations.selectors import ASSESSOR_ROLES
    from egovpm.review.models import Assessment

    rounds: dict[int, list[Any]] = {app.pk: [] for app in applications}
    review_round = {app.pk: app.review_round for app in applications}
    qs = Assessment.objects.filter(application_id__in=list(rounds)).select_related(
        "assignee", "report").order_by("round", "id")
    if user.role in ASSESSOR_ROLES:
        qs = qs.filter(assignee=user)
    for assessment in qs:
        if assessment.round == review_round[assessment.application_id]:
            rounds[assessment.application_id].append(assessment)
    return rounds
