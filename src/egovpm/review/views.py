"""审核 pages: the office's and the supervisor's queues, action forms, assessors' reports, and
the 待办 / 已办 page. Every move goes through `application_transition` or
`assessment_report`; refusals are shown with their reason (and a refused submission's
blocking findings) after a redirect.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from egovpm.accounts.models import Role
from egovpm.accounts.permissions import request_user, require_role
from egovpm.audit.services import client_ip_of
from egovpm.declarations import selectors as declarations
from egovpm.declarations import ui_selectors
from egovpm.declarations.files import AttachmentRejected
from egovpm.declarations.inputs import ApplicationInputError
from egovpm.declarations.models import Application, AttachmentKind, State
from egovpm.declarations.services import attachment_upload
from egovpm.review import forms as review_forms
from egovpm.review import selectors
from egovpm.review.models import Assessment
from egovpm.review.services import application_transition, assessment_report
from egovpm.review.transitions import (
    ROLES_BY_ACTION,
    ROUTE_ASSESSMENTS,
    TRANSITIONS,
    Action,
    InvalidTransition,
)

# The office's queues (state, title); the supervisor has one.
QUEUES: list[tuple[str, str | Promise]] = [
    (State.OFFICE_INTAKE, gettext_lazy("待受理")),
    (State.ASSESSMENT, gettext_lazy("论证评估中")),
    (State.READY_FOR_MEETING, gettext_lazy("待上会")),
    (State.DEFERRED, gettext_lazy("暂缓")),
    (State.RESERVE, gettext_lazy("后备库")),
    (State.RETURNED, gettext_lazy("已退回")),
]
REVIEWERS = (Role.OFFICE, Role.SUPERVISOR, Role.AUDITOR, Role.CHAIR)
ASSESSORS = (Role.THIRD_PARTY, Role.EXPERT)
# Actions whose reason is required (their rows carry the `reason_required` guard).
REASON_ACTIONS = {
    action for (_state, action), row in TRANSITIONS.items()
    if any(guard.__name__ == "reason_required" for guard in row.guards)
}
REQUESTABLE = {a for (_s, a), row in TRANSITIONS.items() if not row.automatic
               and not a.startswith("meeting_")}
# Payload errors of office_accept → the form field they belong to.
ACCEPT_FIELDS = {"assessors.third_party": "third_party", "assessors.expert": "expert",
                 "assessors": "third_party", "route": "route", "reason": "reason"}




def _visible(request: HttpRequest, pk: int) -> Application:
    try:
        return declarations.application_get(user=request.user, pk=pk)
    except Application.DoesNotExist:
        raise Http404(_("申报不存在或无权查看")) from None


# ---- queues ----------------------------------------------------------------------------------


@require_role(*REVIEWERS)
def review_index(request: HttpRequest) -> HttpResponse:
    """The office's queues by state (auditor and chair read them too); the supervisor's
    subordinates' declarations awaiting approval (规则 五(一)2)."""
    visible = declarations.applications_visible_to(request.user)
    queues: list[tuple[str, str | Promise]]
    current: str
    if request_user(request).role == Role.SUPERVISOR:
        queues = [(State.SUPERVISOR_REVIEW, _("待主管部门审核"))]
        current = State.SUPERVISOR_REVIEW
    else:
        queues = QUEUES
        current = request.GET.get("queue") or State.OFFICE_INTAKE
        if current not in dict(queues):
            current = State.OFFICE_INTAKE
    applications = list(visible.filter(state=current).order_by("updated_at", "id"))
    rounds = (ui_selectors.current_rounds(applications, request.user)
              if current == State.ASSESSMENT else {})
    counts = {state: visible.filter(state=state).count() for state, _title in queues}
    return render(request, "review/index.html", {
        "queues": [(state, title, counts[state]) for state, title in queues],
        "current": current, "current_title": dict(queues)[current],
        "applications": [(app, rounds.get(app.pk, [])) for app in applications],
    })


# ---- actions ---------------------------------------------------------------------------------


def _action_form(request: HttpRequest, app: Application, action: str) -> Any:
    data = request.POST if request.method == "POST" else None
    if action == Action.OFFICE_ACCEPT:
        return review_forms.AcceptForm(
            data, third_parties=ui_selectors.assessor_choices(Role.THIRD_PARTY),
            experts=ui_selectors.assessor_choices(Role.EXPERT),
            routes=ui_selectors.route_choices(app.policy))
    if action in REASON_ACTIONS:
        return review_forms.ReasonForm(data)
    if action == Action.SUPERVISOR_APPROVE:
        return review_forms.ReasonForm(data, required=False)
    return None


def _render_action(request: HttpRequest, app: Application, action: str, form: Any,
                   status: int = 200) -> HttpResponse:
    return render(request, "review/action.html", {
        "application": app, "action": action, "label": Action(action).label, "form": form,
        "needs": ROUTE_ASSESSMENTS.get(app.effective_route, ()),
        "decision": ui_selectors.decision_for_display(app)[0],
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """GET: the action's form; POST: take the action through the transition service."""
    app = _visible(request, pk)
    if action not in REQUESTABLE:
        raise Http404(_("没有这个操作"))
    if request_user(request).role not in ROLES_BY_ACTION.get(action, ()):
        raise PermissionDenied(_("您的角色不能执行此操作"))
    form = _action_form(request, app, action)
    if request.method == "GET":
        if action not in selectors.available_actions(request.user, app):
            messages.error(request, _("当前状态“%(state)s”下不能执行“%(action)s”") % {
                "state": app.get_state_display(), "action": Action(action).label})
            return redirect("declarations:detail", pk=app.pk)
        if form is None:
            return redirect("declarations:detail", pk=app.pk)
        return _render_action(request, app, action, form)
    if form is not None and not form.is_valid():
        return _render_action(request, app, action, form, status=400)
    reason = form.cleaned_data.get("reason", "") if form is not None else ""
    payload = form.payload() if form is not None else {}
    try:
        application_transition(application=app, action=action, actor=request.user,
                               reason=reason, payload=payload, client_ip=client_ip_of(request))
    except InvalidTransition as error:
        if not error.findings:
            messages.error(request, error.reason)
        else:
            request.session[f"refusal-{app.pk}"] = {"reason": error.reason,
                                                    "findings": error.findings}
        return redirect("declarations:detail", pk=app.pk)
    except ApplicationInputError as error:
        if form is None:
            messages.error(request, str(error))
            return redirect("declarations:detail", pk=app.pk)
        field = ACCEPT_FIELDS.get(error.field, error.field)
        form.add_error(field if field in form.fields else None, str(error))
        return _render_action(request, app, action, form, status=400)
    messages.success(request, _("已办理:%(action)s") % {"action": Action(action).label})
    return redirect("declarations:detail", pk=app.pk)


# ---- assessors -------------------------------------------------------------------------------


@require_role(*ASSESSORS)
def my_assessments(request: HttpRequest) -> HttpResponse:
    return render(request, "review/assessments.html",
                  {"assessments": ui_selectors.assignments_of(request.user)})


@require_role(*ASSESSORS)
@require_http_methods(["GET", "POST"])
def assessment_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The assignee's report: pass or fail, an opinion, optionally the report file."""
    try:
        assessment = ui_selectors.assignment_get(request.user, pk)
    except Assessment.DoesNotExist:
        raise Http404(_("评估任务不存在")) from None
    app = assessment.application
    if request.method == "GET":
        form = review_forms.ReportForm()
    else:
        form = review_forms.ReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                _report(request, assessment, form)
            except (ApplicationInputError, AttachmentRejected) as error:
                name = {"result": "result", "opinion": "opinion"}.get(
                    getattr(error, "field", ""), "file")
                form.add_error(name, str(error))
            except InvalidTransition as error:
                messages.error(request, error.reason)
                return redirect("declarations:detail", pk=app.pk)
            else:
                messages.success(request, _("评估报告已提交。"))
                return redirect("review:assessments")
    return render(request, "review/report.html", {
        "assessment": assessment, "application": app, "form": form,
        "pending": assessment.result == "pending" and app.state == State.ASSESSMENT,
    }, status=400 if form.errors else 200)


def _report(request: HttpRequest, assessment: Assessment, form: review_forms.ReportForm) -> None:
    """Upload the file (if any) and report, together: a refused report keeps no file row."""
    upload = form.cleaned_data["file"]
    with transaction.atomic():
        attachment = None
        if upload:
            attachment = attachment_upload(
                actor=request.user, application=assessment.application,
                kind=AttachmentKind.ASSESSMENT_REPORT, name=upload.name, chunks=upload.chunks(),
                client_ip=client_ip_of(request))
        assessment_report(assessment=assessment, actor=request.user,
                          result=form.cleaned_data["result"],
                          opinion=form.cleaned_data["opinion"], report=attachment,
                          client_ip=client_ip_of(request))


# ---- 待办 / 已办 --------------------------------------------------------------------------------


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    tab = "done" if request.GET.get("tab") == "done" else "todo"
    labels: dict[str, str | Promise] = dict(Action.choices)
    labels.update({"report": _("填写评估报告"), "create": _("创建草稿"),
                   "update": _("修改申报"), "assessment_report": _("提交评估报告")})
    # Only the shown tab's rows are built; the other badge is a count (the to-do count needs
    # the rows: whether one may act is decided per application).
    todo_items = selectors.todo_for(request.user)
    done_items = selectors.done_by(request.user) if tab == "done" else []
    done_count = len(done_items) if tab == "done" else selectors.done_count(request.user)
    return render(request, "review/todo.html", {
        "tab": tab,
        "todo_items": [(item, [(a, labels.get(a, a)) for a in item.actions])
                       for item in todo_items],
        "done_items": [(item, labels.get(item.last_action, item.last_action))
                       for item in done_items],
        "todo_count": len(todo_items), "done_count": done_count,
    })
