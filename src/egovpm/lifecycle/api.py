"""`/api/v1/projects`, `/api/v1/overdue`, `/api/v1/reports/quarterly/...`: projects after
approval, their clocks, and the steps on them."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from egovpm.accounts.models import Role
from egovpm.api.auth import api_user
from egovpm.lifecycle.exports import QUARTERLY_CONTENT_TYPE, quarterly_workbook
from egovpm.lifecycle.inputs import form_payload
from egovpm.lifecycle.models import Deadline, ProjectLifecycle
from egovpm.lifecycle.selectors import (
    allowed_actions,
    deadline_status,
    deadlines_overdue,
    lifecycles_visible_to,
    todo_for,
)
from egovpm.lifecycle.services import lifecycle_transition
from egovpm.lifecycle.transitions import TABLE, InvalidStep

router = Router(tags=["项目实施"])


class DeadlineOut(Schema):
    id: int
    kind: str
    kind_label: str
    key: str
    due_date: dt.date
    provisional: bool
    due_label: str
    met_on: dt.date | None
    status: str
    status_label: str


class ProjectOut(Schema):
    id: int
    application_id: int
    name: str
    unit: str
    kind: str
    stage: str
    stage_label: str
    approved_amount: Decimal
    key_project: bool
    obligations: list[str]
    deadlines: list[DeadlineOut]


class ProjectDetailOut(ProjectOut):
    budget_released_on: dt.date | None
    procurement_started_on: dt.date | None
    contract_effective_on: dt.date | None
    contract_filed_on: dt.date | None
    leader_name: str
    staff_name: str
    accepted_on: dt.date | None
    acceptance_filed_on: dt.date | None
    allowed_actions: list[str]


class StageOut(Schema):
    id: int
    stage: str
    stage_label: str
    created_application_id: int | None = None  # the draft a prefill_* step wrote


class StepErrorOut(Schema):
    detail: str
    field: str | None = None


class OverdueOut(Schema):
    project_id: int
    project: str
    unit: str
    kind: str
    kind_label: str
    due_date: dt.date
    provisional: bool
    days_overdue: int


def _deadline(d: Deadline, today: dt.date) -> dict[str, Any]:
    status = deadline_status(d, today=today)
    return {
        "id": d.pk, "kind": d.kind, "kind_label": str(d.get_kind_display()), "key": d.key,
        "due_date": d.due_date, "provisional": d.provisional, "due_label": d.due_label,
        "met_on": d.met_on, "status": status.code, "status_label": status.label,
    }


def _project(lc: ProjectLifecycle, today: dt.date) -> dict[str, Any]:
    return {
        "id": lc.pk, "application_id": lc.application_id, "name": lc.name,
        "unit": lc.unit.name, "kind": lc.kind, "stage": lc.stage,
        "stage_label": str(lc.get_stage_display()), "approved_amount": lc.approved_amount,
        "key_project": lc.key_project, "obligations": lc.obligations,
        "deadlines": [_deadline(d, today) for d in lc.deadlines.all()],
    }


@router.get("/projects", response=list[ProjectOut])
def project_list(request: HttpRequest, stage: str | None = None) -> list[dict[str, Any]]:
    """Approved projects this person may see, with their stage and clocks."""
    today = timezone.localdate()
    rows = lifecycles_visible_to(api_user(request)).prefetch_related("deadlines")
    if stage:
        rows = rows.filter(stage=stage)
    return [_project(lc, today) for lc in rows]


class TodoItemOut(Schema):
    title: str
    detail: str
    link: str
    overdue: bool
    due_date: dt.date | None


@router.get("/projects/todo", response=list[TodoItemOut])
def project_todo(request: HttpRequest) -> list[Any]:
    """What is due for the caller on approved projects (待办): clocks in the reminder window or
    overdue; finance's budgets to release; the office's changes, stop reviews and laggards."""
    return todo_for(api_user(request), today=timezone.localdate())


@router.get("/projects/{project_id}", response={200: ProjectDetailOut, 404: StepErrorOut})
def project_detail(request: HttpRequest, project_id: int) -> dict[str, Any]:
    lc = get_object_or_404(lifecycles_visible_to(api_user(request)), pk=project_id)
    data = _project(lc, timezone.localdate())
    data.update({
        name: getattr(lc, name) for name in (
            "budget_released_on", "procurement_started_on", "contract_effective_on",
            "contract_filed_on", "leader_name", "staff_name", "accepted_on",
            "acceptance_filed_on",
        )
    })
    data["allowed_actions"] = allowed_actions(lc, api_user(request))
    return data


def _payload(request: HttpRequest) -> dict[str, Any]:
    """JSON (numbers as Decimal) or multipart (fields, `file`, and `files.<kind>` uploads)."""
    if request.content_type == "multipart/form-data":
        return form_payload(request)
    if not request.body:
        return {}
    try:
        data = json.loads(request.body, parse_float=Decimal)
    except ValueError:
        raise InvalidStep(_("请求体不是有效的 JSON"), field="body") from None
    if not isinstance(data, dict):
        raise InvalidStep(_("请求体须为对象"), field="body")
    return data


@router.post(
    "/projects/{project_id}/actions/{action}",
    response={200: StageOut, 403: StepErrorOut, 404: StepErrorOut, 409: StepErrorOut},
)
def project_action(request: HttpRequest, project_id: int, action: str) -> Any:
    """Take one step; 409 with the reason when the stage or a gate does not allow it.

    Body: JSON with the step's fields, or multipart with uploads (`file`, `files.<kind>`).
    """
    from egovpm.audit.services import client_ip_of

    lc = get_object_or_404(lifecycles_visible_to(api_user(request)), pk=project_id)
    if action not in TABLE:
        return Status(404, {"detail": _("未知操作“%(action)s”") % {"action": action}})
    try:
        lc = lifecycle_transition(lifecycle=lc, action=action, actor=api_user(request),
                                  payload=_payload(request), client_ip=client_ip_of(request))
    except InvalidStep as refused:
        return Status(409, {"detail": refused.reason, "field": refused.field or None})
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or _("无权执行此操作")})
    return Status(200, {"id": lc.pk, "stage": lc.stage, "stage_label": str(lc.get_stage_display()),
                        "created_application_id": lc.step_changes.get("application")})


@router.get("/overdue", response={200: list[OverdueOut], 403: StepErrorOut})
def overdue(request: HttpRequest) -> Any:
    """The office's one view of every overdue clock across units."""
    if api_user(request).role not in (Role.OFFICE, Role.AUDITOR):
        return Status(403, {"detail": _("仅联席会议办公室可查看全区逾期事项")})
    today = timezone.localdate()
    return Status(200, [
        {"project_id": d.lifecycle_id, "project": d.lifecycle.name,
         "unit": d.lifecycle.unit.name, "kind": d.kind, "kind_label": str(d.get_kind_display()),
         "due_date": d.due_date, "provisional": d.provisional,
         "days_overdue": (today - d.due_date).days}
        for d in deadlines_overdue(today=today)
    ])


@router.get("/reports/quarterly/{year}/{quarter}.xlsx",
            response={403: StepErrorOut, 404: StepErrorOut})
def quarterly_report(request: HttpRequest, year: int, quarter: int) -> Any:
    """《杨浦区电子政务项目执行情况表》 of every visible project for one quarter."""
    if quarter not in (1, 2, 3, 4):
        return Status(404, {"detail": _("季度须为 1–4")})
    content = quarterly_workbook(year=year, quarter=quarter,
                                 lifecycles=lifecycles_visible_to(api_user(request)))
    response = HttpResponse(content, content_type=QUARTERLY_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"execution-{year}Q{quarter}.xlsx\"; "
        f"filename*=UTF-8''{year}Q{quarter}-execution.xlsx"
    )
    return response
