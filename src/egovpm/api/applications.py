"""`/api/v1/applications`: declarations, review actions, assessment reports, attachments."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from egovpm.api.auth import api_user
from egovpm.api.schemas import (
    ActionIn,
    ApplicationIn,
    ApplicationOut,
    ApplicationPatch,
    ApplicationSummaryOut,
    AttachmentOut,
    ConflictOut,
    CreatedOut,
    ErrorOut,
    ProjectOut,
    ReportIn,
    ReportOut,
    StateOut,
)
from egovpm.audit.services import client_ip_of
from egovpm.declarations import selectors as declarations
from egovpm.declarations.inputs import EDITABLE_FIELDS, catalog_as_dict, jsonable
from egovpm.declarations.models import Application, ApplicationEvent, Attachment, State
from egovpm.declarations.related import related_projects_for
from egovpm.declarations.services import (
    application_create,
    application_update,
    attachment_upload,
)
from egovpm.review import selectors as review
from egovpm.review.models import Assessment
from egovpm.review.services import application_transition, assessment_report

router = Router(tags=["申报与审核"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def _body(payload: Any) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True)
    data.pop("project_id", None)
    return data


def _live_decision(app: Application) -> dict | None:
    from egovpm.policy import InvalidApplication

    try:
        return declarations.application_preview(app).to_dict()
    except InvalidApplication:
        return None


def _attachment_out(a: Attachment) -> dict:
    return {"id": a.pk, "kind": a.kind, "name": a.original_name, "size": a.size,
            "content_type": a.content_type, "sm3": a.sm3,
            "uploaded_by": a.uploaded_by.username, "uploaded_at": a.uploaded_at}


def _is_frozen(app: Application) -> bool:
    return app.state != State.DRAFT and app.decision is not None


def _as_dict(decision: Any) -> dict | None:
    return decision.to_dict() if decision is not None else None


def _decision_of(app: Application) -> tuple[dict | None, bool]:
    """The decision frozen at submission, or (for a draft) the live one; and whether frozen."""
    frozen = _is_frozen(app)
    return (app.decision if frozen else _live_decision(app)), frozen


def _events_out(events: Any) -> list[dict]:
    return [
        {"action": e.action, "actor": e.actor.username if e.actor else None,
         "from_state": e.from_state, "to_state": e.to_state, "reason": e.reason, "at": e.at}
        for e in events
    ]


def _detail(user: Any, app: Application) -> dict:
    decision, frozen = _decision_of(app)
    return {
        "id": app.pk, "name": app.name, "kind": app.kind, "state": app.state,
        "unit": {"id": app.unit_id, "name": app.unit.name, "kind": app.unit.kind},
        "project_id": app.project_id,
        "route": app.effective_route or (decision or {}).get("route", ""),
        "computed_route": app.route or (decision or {}).get("route", ""),
        "route_override_reason": app.route_override_reason,
        "decision": decision, "decision_frozen": frozen, "policy": app.policy,
        "declared_on": app.declared_on,
        "suspended_until": declarations.suspended_until(app.project_id),
        "supervisor_approved": app.supervisor_approved,
        "reserve_priority_year": app.reserve_priority_year,
        "approved_amount": app.approved_amount, "version": app.version,
        "fields": jsonable({name: getattr(app, name) for name in EDITABLE_FIELDS}),
        "data_catalog": catalog_as_dict(app),
        "events": _events_out(declarations.application_events(app)),
        "assessments": [
            {"id": a.pk, "kind": a.kind, "assignee": a.assignee.username, "result": a.result,
             "round": a.round, "opinion": a.opinion, "report_id": a.report_id,
             "reported_on": a.reported_on}
            for a in review.assessments_visible_to(user, app)
        ],
        "attachments": [
            _attachment_out(a)
            for a in declarations.attachments_visible_to(user, app).select_related("uploaded_by")
        ],
        "actions": review.available_actions(user, app),
    }


@router.post("", response={201: CreatedOut, **ERRORS})
def create_application(request: HttpRequest, payload: ApplicationIn):
    """新建申报(草稿)。请求体为 POLICY.md §1 的申报结构(不含 history);返回即时判定。"""
    app = application_create(actor=api_user(request), data=_body(payload),
                             project_id=payload.project_id, client_ip=client_ip_of(request))
    return Status(201, {"id": app.pk, "state": app.state, "decision": _live_decision(app)})


@router.post("/preview", response={200: dict, **ERRORS})
def preview_application(request: HttpRequest, payload: ApplicationIn):
    """试算:按当前规则评估请求体(不保存),返回流程与全部问题。"""
    from egovpm.declarations.inputs import application_fields_from_input, catalog_from_input

    user = api_user(request)
    data = _body(payload)
    project = None
    if payload.project_id is not None:
        project = declarations.projects_for_redeclaration(user).get(pk=payload.project_id)
    if user.unit is None:
        raise PermissionDenied(_("试算须以申报单位的身份进行"))
    app = Application(unit=user.unit, project=project, **application_fields_from_input(data))
    catalog = catalog_from_input(data.get("data_catalog"))
    return Status(200, declarations.application_preview(app, catalog=catalog).to_dict())


@router.get("", response=list[ApplicationSummaryOut])
def list_applications(request: HttpRequest, state: str | None = None):
    """当前用户可见的申报(可按状态筛选),各附判定与事件。"""
    qs = declarations.applications_visible_to(api_user(request))
    if state:
        qs = qs.filter(state=state)
    qs = qs.prefetch_related(Prefetch("events", queryset=ApplicationEvent.objects.select_related(
        "actor").order_by("at", "id")))
    applications = list(qs)
    # Drafts carry live findings, computed for all of them at once (the history in bulk).
    drafts = [a for a in applications if not _is_frozen(a)]
    if drafts:
        prefetch_related_objects(drafts, "data_catalog__tables__fields")
    live = declarations.applications_preview(drafts)
    items = []
    for a in applications:
        decision = a.decision if _is_frozen(a) else _as_dict(live[a.pk])
        items.append({
            "id": a.pk, "name": a.name, "kind": a.kind, "state": a.state, "unit": a.unit.name,
            "route": a.effective_route or (decision or {}).get("route", ""),
            "decision": decision, "events": _events_out(a.events.all()),
            "total_amount": a.total_amount, "budget_year": a.budget_year,
            "declared_on": a.declared_on, "updated_at": a.updated_at,
        })
    return items


@router.get("/{int:application_id}", response={200: ApplicationOut, **ERRORS})
def get_application(request: HttpRequest, application_id: int):
    """申报详情:状态、流程、判定、事件、论证评估、附件及当前用户可执行的操作。"""
    user = api_user(request)
    app = declarations.application_get(user=user, pk=application_id)
    body = _detail(user, app)
    body["related_projects"] = [asdict(p) for p in related_projects_for(user, app)]
    return Status(200, body)


@router.patch("/{int:application_id}", response={200: ApplicationOut, **ERRORS})
def update_application(request: HttpRequest, application_id: int, payload: ApplicationPatch):
    """修改申报(草稿、退回修改、暂缓状态;本单位经办人)。"""
    data = _body(payload)
    if data.get("version") is None:
        data.pop("version", None)
    user = api_user(request)
    app = application_update(actor=user, application=application_id, data=data,
                             client_ip=client_ip_of(request))
    return Status(200, _detail(user, app))


@router.post("/{int:application_id}/actions/{action}", response={200: StateOut, **ERRORS})
def act(request: HttpRequest, application_id: int, action: str, payload: ActionIn):
    """执行流程操作(submit、supervisor_approve、office_accept ……,见 docs/workflow.md)。"""
    body = payload.model_dump(exclude_none=True)
    reason = body.pop("reason", "")
    app = application_transition(application=application_id, action=action,
                                 actor=api_user(request), reason=reason, payload=body,
                                 client_ip=client_ip_of(request))
    return Status(200, {"id": app.pk, "state": app.state, "route": app.effective_route})


@router.post("/{int:application_id}/assessments/{int:assessment_id}/report",
             response={200: ReportOut, **ERRORS})
def report(request: HttpRequest, application_id: int, assessment_id: int, payload: ReportIn):
    """评估人提交论证评估报告(pass / fail、意见、可选报告附件)。"""
    user = api_user(request)
    app = declarations.application_get(user=user, pk=application_id)
    assessment = Assessment.objects.get(pk=assessment_id, application=app)
    attachment = None
    if payload.attachment_id is not None:
        attachment = declarations.attachments_visible_to(user, app).get(pk=payload.attachment_id)
    item = assessment_report(assessment=assessment, actor=user, result=payload.result,
                             opinion=payload.opinion, report=attachment,
                             client_ip=client_ip_of(request))
    app.refresh_from_db(fields=["state"])
    return Status(200, {"id": item.pk, "result": item.result, "state": app.state})


@router.post("/{int:application_id}/attachments", response={201: AttachmentOut, **ERRORS})
def upload(request: HttpRequest, application_id: int, kind: Form[str],
           file: File[UploadedFile]):
    """上传附件(multipart:kind、file)。校验大小、扩展名与文件内容,记录 SM3 摘要。"""
    attachment = attachment_upload(
        actor=api_user(request), application=application_id, kind=kind, name=file.name or "",
        chunks=file.chunks(), client_ip=client_ip_of(request),
    )
    return Status(201, _attachment_out(attachment))


@router.get("/{int:application_id}/attachments", response={200: list[AttachmentOut], **ERRORS})
def list_attachments(request: HttpRequest, application_id: int):
    """申报的附件列表。"""
    user = api_user(request)
    app = declarations.application_get(user=user, pk=application_id)
    attachments = declarations.attachments_visible_to(user, app)
    return Status(200, [_attachment_out(a) for a in attachments.select_related("uploaded_by")])


@router.get("/{int:application_id}/attachments/{int:attachment_id}",
            response={200: None, **ERRORS})
def download(request: HttpRequest, application_id: int, attachment_id: int):
    """下载附件(仅限可查看该申报的用户)。"""
    attachment, path = declarations.attachment_get(user=api_user(request), pk=attachment_id)
    if attachment.application_id != application_id:
        raise Attachment.DoesNotExist
    response = FileResponse(path.open("rb"), as_attachment=True,
                            filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-SM3"] = attachment.sm3
    return response


@router.get("/projects", response=list[ProjectOut])
def list_projects(request: HttpRequest):
    """本单位的项目(再次申报时选择),及暂停申报的截止日期(规则 五(四)3)。"""
    return [{"id": item.project.pk, "name": item.project.name,
             "suspended_until": item.suspended_until}
            for item in declarations.projects_overview(api_user(request))]
