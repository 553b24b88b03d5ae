"""REST API of the joint meeting (django-ninja router, mounted on the project's NinjaAPI).

Endpoints only parse, call a service or selector, and render; refusals come back as
`{"detail": <Chinese reason>, "field": <field or "">}` with 400 (bad input), 403 (wrong person),
404 or 409 (state, quorum).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from egovpm.accounts.models import User
from egovpm.audit.services import client_ip_of
from egovpm.declarations.models import Application
from egovpm.meetings import decisions, lifecycle_items, reconsiderations, services
from egovpm.meetings.errors import MeetingError
from egovpm.meetings.minutes import minutes_docx, minutes_pdf
from egovpm.meetings.models import Decision, Meeting, MeetingState, Reconsideration
from egovpm.meetings.notifications import notifications_for
from egovpm.meetings.plan import annual_plan_xlsx
from egovpm.meetings.selectors import can_read_meetings, decision_of, meeting_items, meeting_quorum

router = Router(tags=["联席会议"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ErrorOut(Schema):
    detail: str
    field: str = ""


class MeetingIn(Schema):
    date: datetime.date
    kind: Literal["regular", "ad_hoc", "written"]
    title: str = ""


class MeetingRef(Schema):
    id: int
    state: str


class LifecycleItemIn(Schema):
    kind: Literal["change", "stop_review"]
    ref: int


class AgendaIn(Schema):
    application_ids: list[int]
    opinions: dict[str, str] = {}
    # Change requests and stop reviews; given, they replace the agenda's such items.
    items: list[LifecycleItemIn] | None = None
    # Filed reconsiderations (复议, 规则 四(七)); given, they replace the agenda's such items.
    reconsiderations: list[int] | None = None


RevisedOutcome = Literal["approve", "file", "defer", "reserve", "reject"]


class ReconsiderationDecisionIn(Schema):
    reconsideration_id: int
    upheld: bool
    new_outcome: RevisedOutcome | None = None
    approved_amount: Decimal | None = None
    conditions: str = ""


class ReconsiderationIn(Schema):
    decision_id: int
    reason: str


class ResolveIn(Schema):
    upheld: bool
    resolution: str
    new_outcome: RevisedOutcome | None = None
    approved_amount: Decimal | None = None
    conditions: str = ""


class LifecycleDecisionIn(Schema):
    kind: Literal["change", "stop_review"]
    ref: int
    outcome: Literal["consent", "refuse", "stop", "continue"]
    conditions: str = ""


class ActionIn(Schema):
    reason: str = ""


class LeaveIn(Schema):
    unit: str
    opinion: str = ""


class AttendanceIn(Schema):
    present_units: list[str] = []
    leave: list[LeaveIn] = []


class DecisionIn(Schema):
    application_id: int
    outcome: Literal["approve", "file", "defer", "reserve", "reject"]
    approved_amount: Decimal | None = None
    conditions: str = ""


class OpinionIn(Schema):
    application_id: int
    stance: Literal["agree", "disagree", "abstain"]
    text: str = ""


class NotificationOut(Schema):
    id: int
    verb: str
    title: str
    body: str
    link: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


def _user(request: HttpRequest) -> User:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else request.user  # type: ignore[return-value]


def _readable(request: HttpRequest, meeting_id: int) -> Meeting:
    if not can_read_meetings(_user(request)):
        raise PermissionDenied(_("您无权查看联席会议。"))
    return Meeting.objects.get(pk=meeting_id)


def _call(work: Callable[[], Any], ok_status: int = 200) -> Status:
    try:
        return Status(ok_status, work())
    except MeetingError as exc:
        return Status(exc.status, {"detail": exc.reason, "field": exc.field})
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc) or _("无权办理此操作。"), "field": ""})


def meeting_dict(meeting: Meeting) -> dict[str, Any]:
    q = meeting_quorum(meeting)
    items = []
    for item in meeting_items(meeting):
        decision = decision_of(item)
        items.append({
            "position": item.position, "kind": item.kind, "title": item.title,
            "application_id": item.application_id,
            "change_id": item.change_request_id, "project_id": item.lifecycle_id,
            "reconsideration_id": item.reconsideration_id,
            "application_state": item.application.state if item.application else None,
            "office_opinion": item.office_opinion,
            "decision": None if decision is None else {
                "id": decision.pk,
                "outcome": decision.outcome,
                "approved_amount": None if decision.approved_amount is None
                else str(decision.approved_amount),
                "conditions": decision.conditions,
                "effective": decision.effective_at is not None,
            },
        })
    return {
        "id": meeting.pk, "kind": meeting.kind, "date": meeting.date.isoformat(),
        "title": str(meeting), "state": meeting.state,
        "quorum": {"present": q.present, "total": q.total, "required": q.required, "met": q.met},
        "attendance": [
            {"seat": m.seat.number, "unit": m.unit_name, "attendance": m.attendance,
             "leave_opinion": m.leave_opinion}
            for m in meeting.members.select_related("seat").order_by("seat__number")
        ],
        "items": items,
        "signed_by": str(meeting.signed_by) if meeting.signed_by else None,
        "signed_at": meeting.signed_at.isoformat() if meeting.signed_at else None,
    }


def _ref(meeting: Meeting) -> dict[str, Any]:
    return {"id": meeting.pk, "state": meeting.state}


@router.post("/meetings", response={201: MeetingRef, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut})
def create_meeting(request: HttpRequest, data: MeetingIn):
    return _call(lambda: _ref(services.meeting_create(
        actor=_user(request), client_ip=client_ip_of(request), date=data.date, kind=data.kind, title=data.title)), 201)


@router.get("/meetings", response={200: list[MeetingRef], 403: ErrorOut})
def list_meetings(request: HttpRequest):
    if not can_read_meetings(_user(request)):
        return Status(403, {"detail": _("您无权查看联席会议。"), "field": ""})
    return Status(200, [_ref(m) for m in Meeting.objects.all()])


def reconsideration_dict(row: Reconsideration) -> dict[str, Any]:
    original = row.decision
    return {
        "id": row.pk, "state": row.state, "reason": row.reason, "resolution": row.resolution,
        "decision_id": original.pk, "meeting_id": original.item.meeting_id,
        "application_id": original.item.application_id, "original_outcome": original.outcome,
        "new_outcome": row.new_outcome or None,
        "approved_amount": None if row.approved_amount is None else str(row.approved_amount),
        "conditions": row.conditions,
        "application_state": Application.objects.filter(pk=original.item.application_id)
        .values_list("state", flat=True).first()
        if original.item.application_id is not None else None,
    }


@router.get("/meetings/reconsiderations", response={200: list[dict], 403: ErrorOut})
def list_reconsiderations(request: HttpRequest):
    """复议 (规则 四(七)), latest first."""
    if not can_read_meetings(_user(request)):
        return Status(403, {"detail": _("您无权查看联席会议。"), "field": ""})
    rows = Reconsideration.objects.select_related("decision__item__application")
    return Status(200, [reconsideration_dict(r) for r in rows])


@router.post("/meetings/reconsiderations",
             response={201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def file_reconsideration(request: HttpRequest, data: ReconsiderationIn):
    """The office files a reconsideration of an effective decision (`decision_id`, `reason`)."""
    decision = Decision.objects.get(pk=data.decision_id)
    return _call(lambda: reconsideration_dict(reconsiderations.reconsideration_file(
        actor=_user(request), client_ip=client_ip_of(request), decision=decision, reason=data.reason)), 201)


@router.post("/meetings/reconsiderations/{reconsideration_id}/resolve",
             response={200: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def resolve_reconsideration(request: HttpRequest, reconsideration_id: int, data: ResolveIn):
    """The chair upholds the decision, or revises it to `new_outcome` (the application moves)."""
    row = Reconsideration.objects.get(pk=reconsideration_id)
    return _call(lambda: reconsideration_dict(reconsiderations.reconsideration_resolve(
        actor=_user(request), client_ip=client_ip_of(request), reconsideration=row, upheld=data.upheld,
        resolution=data.resolution, new_outcome=data.new_outcome,
        approved_amount=data.approved_amount, conditions=data.conditions)))


@router.get("/meetings/{meeting_id}", response={200: dict, 403: ErrorOut, 404: ErrorOut})
def get_meeting(request: HttpRequest, meeting_id: int):
    return _call(lambda: meeting_dict(_readable(request, meeting_id)))


@router.post("/meetings/{meeting_id}/agenda",
             response={200: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def set_agenda(request: HttpRequest, meeting_id: int, data: AgendaIn):
    meeting = Meeting.objects.get(pk=meeting_id)
    opinions: dict[int, str] = {}
    for key, text in data.opinions.items():
        if not key.isdigit():
            return Status(400, {"detail": _("opinions：键须为申报编号。"), "field": "opinions"})
        opinions[int(key)] = text

    @transaction.atomic
    def work() -> dict[str, Any]:
        services.meeting_set_agenda(meeting=meeting, actor=_user(request), client_ip=client_ip_of(request),
                                    application_ids=data.application_ids, opinions=opinions)
        if data.items is not None:
            lifecycle_items.meeting_set_lifecycle_items(
                meeting=meeting, actor=_user(request), client_ip=client_ip_of(request), items=[i.dict() for i in data.items])
        if data.reconsiderations is not None:
            reconsiderations.meeting_set_reconsiderations(
                meeting=meeting, actor=_user(request), client_ip=client_ip_of(request), reconsideration_ids=data.reconsiderations)
        return meeting_dict(Meeting.objects.get(pk=meeting.pk))

    return _call(work)


ACTIONS: dict[str, Callable[..., Meeting]] = {
    "approve_agenda": lambda **kw: services.meeting_approve_agenda(**kw),
    "open": lambda **kw: services.meeting_open(**kw),
    "sign_minutes": lambda **kw: decisions.meeting_sign_minutes(**kw),
    "cancel": lambda *, reason, **kw: services.meeting_cancel(reason=reason, **kw),
}


@router.post("/meetings/{meeting_id}/actions/{action}",
             response={200: MeetingRef, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def meeting_action(request: HttpRequest, meeting_id: int, action: str, data: ActionIn | None = None):
    meeting = Meeting.objects.get(pk=meeting_id)
    if action not in ACTIONS:
        return Status(400, {"detail": _("action：未知操作，可用：%(a)s。") % {"a": "、".join(ACTIONS)},
                            "field": "action"})
    kwargs: dict[str, Any] = {"meeting": meeting, "actor": _user(request),
                              "client_ip": client_ip_of(request)}
    if action == "cancel":
        kwargs["reason"] = data.reason if data else ""
    return _call(lambda: _ref(ACTIONS[action](**kwargs)))


@router.post("/meetings/{meeting_id}/attendance",
             response={200: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def record_attendance(request: HttpRequest, meeting_id: int, data: AttendanceIn):
    meeting = Meeting.objects.get(pk=meeting_id)
    return _call(lambda: meeting_dict(services.meeting_record_attendance(
        meeting=meeting, actor=_user(request), client_ip=client_ip_of(request), present_units=data.present_units,
        leave=[entry.dict() for entry in data.leave])))


@router.post("/meetings/{meeting_id}/decisions",
             response={201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def record_decision(request: HttpRequest, meeting_id: int, data: DecisionIn):
    meeting = Meeting.objects.get(pk=meeting_id)

    def work() -> dict[str, Any]:
        decision = decisions.meeting_record_decision(
            meeting=meeting, actor=_user(request), client_ip=client_ip_of(request), application_id=data.application_id,
            outcome=data.outcome, approved_amount=data.approved_amount, conditions=data.conditions)
        return {"application_id": data.application_id, "outcome": decision.outcome,
                "approved_amount": None if decision.approved_amount is None
                else str(decision.approved_amount), "effective": False}

    return _call(work, 201)


@router.post("/meetings/{meeting_id}/lifecycle-decisions",
             response={201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def record_lifecycle_decision(request: HttpRequest, meeting_id: int, data: LifecycleDecisionIn):
    """The decision on a change request (consent | refuse) or a stop review (stop | continue);
    it takes effect when the chair signs the minutes."""
    meeting = Meeting.objects.get(pk=meeting_id)

    def work() -> dict[str, Any]:
        decision = lifecycle_items.meeting_record_lifecycle_decision(
            meeting=meeting, actor=_user(request), client_ip=client_ip_of(request), kind=data.kind, ref=data.ref,
            outcome=data.outcome, conditions=data.conditions)
        return {"kind": data.kind, "ref": data.ref, "outcome": decision.outcome,
                "effective": False}

    return _call(work, 201)


@router.post("/meetings/{meeting_id}/reconsideration-decisions",
             response={201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def record_reconsideration_decision(request: HttpRequest, meeting_id: int,
                                    data: ReconsiderationDecisionIn):
    """The meeting's decision on a reconsideration on its agenda: `upheld`, or a `new_outcome`;
    it takes effect (and the application moves) when the chair signs the minutes."""
    meeting = Meeting.objects.get(pk=meeting_id)

    def work() -> dict[str, Any]:
        decision = reconsiderations.meeting_record_reconsideration_decision(
            meeting=meeting, actor=_user(request), client_ip=client_ip_of(request), reconsideration_id=data.reconsideration_id,
            upheld=data.upheld, new_outcome=data.new_outcome,
            approved_amount=data.approved_amount, conditions=data.conditions)
        return {"reconsideration_id": data.reconsideration_id, "outcome": decision.outcome,
                "approved_amount": None if decision.approved_amount is None
                else str(decision.approved_amount), "effective": False}

    return _call(work, 201)


@router.post("/meetings/{meeting_id}/opinions",
             response={201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def submit_opinion(request: HttpRequest, meeting_id: int, data: OpinionIn):
    meeting = Meeting.objects.get(pk=meeting_id)

    def work() -> dict[str, Any]:
        opinion = decisions.meeting_submit_opinion(
            meeting=meeting, actor=_user(request), client_ip=client_ip_of(request), application_id=data.application_id,
            stance=data.stance, text=data.text)
        return {"unit": opinion.member.unit_name, "stance": opinion.stance}

    return _call(work, 201)


def _file(request: HttpRequest, meeting_id: int, render: Callable[[Meeting], bytes],
          content_type: str, ext: str) -> HttpResponse:
    result = _call(lambda: _readable(request, meeting_id))
    if result.status_code != 200:
        return HttpResponse(result.value["detail"], status=result.status_code,
                            content_type="text/plain; charset=utf-8")
    meeting = result.value
    response = HttpResponse(render(meeting), content_type=content_type)
    label = "minutes" if meeting.state == MeetingState.SIGNED else "minutes-draft"
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}-{label}.{ext}"'
    return response


@router.get("/meetings/{meeting_id}/minutes.docx", response={200: None})
def minutes_word(request: HttpRequest, meeting_id: int):
    return _file(request, meeting_id, minutes_docx, DOCX, "docx")


@router.get("/meetings/{meeting_id}/minutes.pdf", response={200: None})
def minutes_as_pdf(request: HttpRequest, meeting_id: int):
    return _file(request, meeting_id, minutes_pdf, "application/pdf", "pdf")


@router.get("/plans/{year}.xlsx", response={200: None})
def annual_plan(request: HttpRequest, year: int):
    if not can_read_meetings(_user(request)):
        return HttpResponse(_("您无权查看年度计划。"), status=403, content_type="text/plain; charset=utf-8")
    response = HttpResponse(annual_plan_xlsx(year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="plan-{year}.xlsx"'
    return response


@router.get("/notifications", response=list[NotificationOut])
def my_notifications(request: HttpRequest):
    return notifications_for(_user(request))[:100]
