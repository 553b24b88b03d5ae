"""项目申报 pages: the list, the form per kind with live findings, the detail, attachments.

Views only parse, call the services and selectors, and render. Visibility is the selectors':
an application the user may not see answers 404; one they see but may not edit, 403.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from egovpm.accounts.models import Role
from egovpm.accounts.permissions import has_role, request_user, require_role
from egovpm.audit.services import client_ip_of
from egovpm.declarations import forms as declaration_forms
from egovpm.declarations import selectors, services, ui_selectors
from egovpm.declarations.files import AttachmentRejected
from egovpm.declarations.inputs import ApplicationInputError
from egovpm.declarations.models import Application, Attachment, Kind, Project, State
from egovpm.declarations.related import related_projects_for
from egovpm.policy import InvalidApplication
from egovpm.policy.errors import field_label
from egovpm.review import selectors as review_selectors
from egovpm.review.transitions import Action, InvalidTransition

APPLICANT_ROLES = (Role.APPLICANT, Role.UNIT_LEADER)
CONSTRUCTION = "new upgrade continuation"
# Which form sections each kind needs (the others stay hidden; POLICY.md §1, §3).
SECTION_KINDS = {
    "om": "om",
    "higher": f"{CONSTRUCTION} info_publishing",
    "maintenance": "om service upgrade continuation",
}
# Actions taken through their own pages or modules, never by a bare button.
MEETING_ACTIONS = {a for a in Action.values if a.startswith("meeting_")}
PLAIN_ACTIONS = {Action.SUBMIT, Action.WITHDRAW, Action.SUPERVISOR_APPROVE}
ROW_PATH = re.compile(r"^(budget|maintenance)\[(\d+)\](?:\.(\w+))?$")
CATALOG_PATH = re.compile(r"^data_catalog\.tables\[(\d+)\](?:\.fields\[(\d+)\])?(?:\.(\w+))?$")
TABLE_TITLES = {"budget": "预算明细", "maintenance": "运维明细", "catalog": "数据表结构"}




def _visible(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.application_get(user=request.user, pk=pk)
    except Application.DoesNotExist:
        raise Http404(_("申报不存在或无权查看")) from None


# ---- list ------------------------------------------------------------------------------------


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    applications = selectors.applications_visible_to(request.user)
    state = request.GET.get("state", "")
    if state in State.values:
        applications = applications.filter(state=state)
    return render(request, "declarations/list.html", {
        "applications": applications,
        "state": state,
        "states": State.choices,
        "kinds": Kind.choices,
        "may_create": has_role(request.user, *APPLICANT_ROLES) and request_user(request).unit_id,
    })


@require_role(*APPLICANT_ROLES)
def project_list(request: HttpRequest) -> HttpResponse:
    """再次申报: the unit's projects, each with the date a suspension lifts (规则 五(四)3)."""
    projects = selectors.projects_overview(request.user)
    return render(request, "declarations/projects.html", {"projects": projects,
                                                          "kinds": Kind.choices})


# ---- the form --------------------------------------------------------------------------------


def _rows_with_errors(rows: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, Any]]]:
    return {table: [{**row, "errors": {}} for row in items] for table, items in rows.items()}


def _place_error(
    form: declaration_forms.ApplicationForm, rows: dict[str, list[dict[str, Any]]],
    field: str, message: str,
) -> list[str]:
    """Put a service or engine error on its input; return the summary line naming the field."""
    match = ROW_PATH.match(field or "")
    if match:
        table, index, key = match.group(1), int(match.group(2)), match.group(3) or "item"
        if index < len(rows[table]):
            rows[table][index]["errors"][key] = message
        return [_("%(table)s第 %(n)d 行 %(label)s:%(message)s") % {
            "table": TABLE_TITLES[table], "n": index + 1, "label": field_label(field),
            "message": message}]
    match = CATALOG_PATH.match(field or "")
    if match:
        t, f = int(match.group(1)), int(match.group(2) or 0)
        key = match.group(3) or "name"
        key = "table" if match.group(2) is None else key
        row = declaration_forms.catalog_row_index(rows["catalog"]).get((t, f))
        if row is not None:
            rows["catalog"][row]["errors"][key] = message
            return [_("数据表结构第 %(n)d 行:%(message)s") % {"n": row + 1, "message": message}]
        return [message]
    name = (field or "").replace(".", "_")
    if name in form.fields:
        form.add_error(name, message)
        return []  # shown with the form's own errors
    form.add_error(None, message)
    return []


def _error_summary(form: declaration_forms.ApplicationForm, extra: list[str]) -> list[str]:
    lines = [f"{form.fields[name].label}:{' '.join(str(e) for e in errors)}"
             for name, errors in form.errors.items() if name != "__all__"]
    return [*form.non_field_errors(), *lines, *extra]


def _form_context(
    request: HttpRequest, form: declaration_forms.ApplicationForm,
    rows: dict[str, list[dict[str, Any]]], *, app: Application | None,
    project: Project | None, summary: list[str] | None = None,
) -> dict[str, Any]:
    kind = form["kind"].value() or Kind.NEW
    suspended = selectors.suspended_until(project.pk) if project else None
    return {
        "form": form, "rows": rows, "application": app, "project": project,
        "summary": summary or [], "kind": kind,
        "sections": [(a, t, f, SECTION_KINDS.get(a, "")) for a, t, f in form.sections()],
        "section_kinds": SECTION_KINDS,
        "hidden_sections": [s for s, kinds in SECTION_KINDS.items() if kind not in kinds.split()],
        "budget_item_groups": declaration_forms.choices.BUDGET_ITEM_GROUPS,
        "maintenance_kinds": declaration_forms.choices.MaintenanceKind.choices,
        "device_classes": declaration_forms.choices.DeviceClass.choices,
        "software_classes": declaration_forms.choices.SoftwareClass.choices,
        "complexities": declaration_forms.choices.Complexity.choices,
        "yes_no": declaration_forms.YES_NO,
        "suspended_until": suspended,
        "version": app.version if app else None,
    }


def _save(request: HttpRequest, *, app: Application | None, project: Project | None) -> HttpResponse:
    form = declaration_forms.ApplicationForm(request.POST)
    rows = _rows_with_errors(declaration_forms.rows_from_post(request.POST))
    extra: list[str] = []
    if form.is_valid():
        body = form.body(rows)
        try:
            if app is None:
                saved = services.application_create(
                    actor=request.user, data=body, project_id=project.pk if project else None,
                    client_ip=client_ip_of(request))
            else:
                version = request.POST.get("version", "")
                if version.isdigit():
                    body["version"] = int(version)
                saved = services.application_update(
                    actor=request.user, application=app, data=body,
                    client_ip=client_ip_of(request))
        except (ApplicationInputError, InvalidApplication) as error:
            extra = _place_error(form, rows, error.field, str(getattr(error, "reason", "")
                                                               or error))
        except InvalidTransition as error:
            extra = [error.reason]
        else:
            messages.success(request, _("申报已保存。"))
            return redirect("declarations:detail", pk=saved.pk)
    context = _form_context(request, form, rows, app=app, project=project,
                            summary=_error_summary(form, extra))
    return render(request, "declarations/form.html", context, status=400)


@require_role(*APPLICANT_ROLES)
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    """A new draft, or (``?project=``) a re-declaration of one of the unit's projects."""
    if request_user(request).unit_id is None:
        raise PermissionDenied
    project = None
    project_id = request.POST.get("project") or request.GET.get("project")
    if project_id:
        project = selectors.projects_for_redeclaration(request.user).filter(
            pk=int(project_id) if str(project_id).isdigit() else 0).first()
        if project is None:
            raise Http404(_("项目不存在"))
    if request.method == "POST":
        return _save(request, app=None, project=project)
    initial = declaration_forms.initial_for(None, kind=request.GET.get("kind", ""))
    if project is not None:
        initial["name"] = project.name
    form = declaration_forms.ApplicationForm(initial=initial)
    rows = _rows_with_errors(declaration_forms.rows_for(None))
    return render(request, "declarations/form.html",
                  _form_context(request, form, rows, app=None, project=project))


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    app = _visible(request, pk)
    if not selectors.application_is_editable_by(request.user, app):
        raise PermissionDenied(_("当前状态下您不能修改该申报"))
    if request.method == "POST":
        return _save(request, app=app, project=app.project)
    form = declaration_forms.ApplicationForm(initial=declaration_forms.initial_for(app))
    rows = _rows_with_errors(declaration_forms.rows_for(app))
    return render(request, "declarations/form.html",
                  _form_context(request, form, rows, app=app, project=None))


@login_required
@require_POST
def application_preview(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Live findings (an HTML fragment) on the form as typed; nothing is saved."""
    app = None
    if pk is not None:
        app = _visible(request, pk)
        if not selectors.application_is_editable_by(request.user, app):
            raise PermissionDenied
    elif not has_role(request.user, *APPLICANT_ROLES) or request_user(request).unit_id is None:
        raise PermissionDenied
    form = declaration_forms.ApplicationForm(request.POST)
    rows = _rows_with_errors(declaration_forms.rows_from_post(request.POST))
    context: dict[str, Any] = {"decision": None, "errors": [], "live": True}
    if form.is_valid():
        project_id = request.POST.get("project", "")
        try:
            context["decision"] = ui_selectors.decision_on_body(
                request.user, form.body(rows), application=app,
                project_id=int(project_id) if project_id.isdigit() else None)
        except (ApplicationInputError, InvalidApplication) as error:
            context["errors"] = [str(error)]
            context["error_field"] = error.field
    else:
        context["errors"] = _error_summary(form, [])
    return render(request, "declarations/_decision.html", context)


# ---- detail ---------------------------------------------------------------------------------


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _visible(request, pk)
    user = request.user
    decision, frozen, decision_error = ui_selectors.decision_for_display(app)
    actions = [a for a in review_selectors.available_actions(user, app)
               if a not in MEETING_ACTIONS]
    editable = selectors.application_is_editable_by(user, app)
    assessments = list(review_selectors.assessments_visible_to(user, app))
    return render(request, "declarations/detail.html", {
        "application": app,
        "decision": decision, "frozen": frozen, "decision_error": decision_error,
        "plain_actions": [(a, Action(a).label) for a in actions if a in PLAIN_ACTIONS],
        "form_actions": [(a, Action(a).label) for a in actions if a not in PLAIN_ACTIONS],
        "editable": editable,
        "events": selectors.application_events(app),
        "assessments": assessments,
        "attachments": selectors.attachments_visible_to(user, app).select_related("uploaded_by"),
        "attachment_form": declaration_forms.AttachmentForm() if editable else None,
        "rows": _labelled_rows(app),
        "suspended_until": selectors.suspended_until(app.project_id),
        "related_projects": related_projects_for(user, app),
        "refusal": request.session.pop(f"refusal-{app.pk}", None),
        "action_labels": dict(Action.choices),
        "state_labels": dict(State.choices),
    })


def _labelled_rows(app: Application) -> dict[str, list[dict[str, str]]]:
    rows = declaration_forms.rows_for(app)
    labels = {
        "budget": dict(declaration_forms.choices.BudgetItem.choices),
        "maintenance": dict(declaration_forms.choices.MaintenanceKind.choices),
    }
    for table, names in labels.items():
        for row in rows[table]:
            row["label"] = str(names.get(row["item"], row["item"]))
    return rows


# ---- attachments ----------------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    app = _visible(request, pk)
    if not selectors.application_is_editable_by(request.user, app):
        raise PermissionDenied
    form = declaration_forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label}:{' '.join(str(e) for e in errors)}")
        return redirect("declarations:detail", pk=app.pk)
    upload = form.cleaned_data["file"]
    try:
        attachment = services.attachment_upload(
            actor=request.user, application=app, kind=form.cleaned_data["kind"],
            name=upload.name, chunks=upload.chunks(), client_ip=client_ip_of(request))
    except AttachmentRejected as error:
        messages.error(request, _("文件:%(message)s") % {"message": error})
    except InvalidTransition as error:
        messages.error(request, error.reason)
    else:
        messages.success(request, _("已上传“%(name)s”") % {"name": attachment.original_name})
    return redirect("declarations:detail", pk=app.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        attachment, path = selectors.attachment_get(user=request.user, pk=pk)
    except Attachment.DoesNotExist:
        raise Http404(_("附件不存在或无权查看")) from None
    return FileResponse(path.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)
