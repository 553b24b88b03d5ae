"""Pages of the joint meeting: they parse a form, call one service, and render or redirect."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egovpm.accounts.models import Role
from egovpm.accounts.permissions import request_user
from egovpm.audit.services import client_ip_of
from egovpm.lifecycle.selectors import changes_pending, stop_reviews_pending
from egovpm.meetings import decisions, lifecycle_items, reconsiderations, services
from egovpm.meetings.api import DOCX, XLSX
from egovpm.meetings.errors import MeetingError, MeetingInputError
from egovpm.meetings.membership import member_of_user
from egovpm.meetings.minutes import minutes_docx, minutes_pdf
from egovpm.meetings.models import (
    AgendaItem,
    Decision,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingState,
    OpinionStance,
    Outcome,
    Reconsideration,
)
from egovpm.meetings.notifications import notification_mark_read, notifications_for
from egovpm.meetings.plan import annual_plan, annual_plan_xlsx
from egovpm.meetings.selectors import (
    agenda_candidates,
    can_read_meetings,
    decision_of,
    meeting_items,
    meeting_needs_quorum,
    meeting_quorum,
    meetings_visible_to,
)
from egovpm.review.transitions import FILING_ROUTES


def _lifecycle_candidates(meeting: Meeting) -> list[tuple[str, str, str, Any]]:
    """Change requests and stop reviews the office may put on this draft agenda: those waiting
    for the meeting and not on another live meeting's agenda, as (value, kind label, title, row)."""
    busy = AgendaItem.objects.filter(meeting__state__in=services.LIVE_STATES).exclude(meeting=meeting)
    busy_changes = set(busy.filter(kind=ItemKind.CHANGE).values_list("change_request_id", flat=True))
    busy_stops = set(busy.filter(kind=ItemKind.STOP_REVIEW).values_list("lifecycle_id", flat=True))
    rows: list[tuple[str, str, str, Any]] = [
        (f"change:{c.pk}", str(ItemKind.CHANGE.label), lifecycle_items.change_title(c), c)
        for c in changes_pending() if c.pk not in busy_changes
    ]
    rows += [
        (f"stop_review:{lc.pk}", str(ItemKind.STOP_REVIEW.label),
         _("%(name)s超过半年未启动采购，审议是否停止实施") % {"name": lc.name}, lc)
        for lc in stop_reviews_pending() if lc.pk not in busy_stops
    ]
    return rows


def _lifecycle_entries(values: list[str]) -> list[dict[str, str]]:
    """Checkbox values `change:<id>` / `stop_review:<id>` → the service's {kind, ref} entries."""
    entries = []
    for value in values:
        kind, _sep, ref = value.partition(":")
        entries.append({"kind": kind, "ref": ref})
    return entries


def _reader(request: HttpRequest) -> None:
    if not can_read_meetings(request_user(request)):
        raise PermissionDenied(_("您无权查看联席会议。"))


def _attempt(request: HttpRequest, work: Callable[[], Any], success: str) -> bool:
    """Run a service; show its Chinese reason on refusal (nothing was changed)."""
    try:
        work()
    except MeetingError as exc:
        messages.error(request, exc.reason)
        return False
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return render(request, "meetings/list.html", {
        "meetings": meetings_visible_to(request_user(request)),
        "kinds": MeetingKind.choices,
        "can_create": request_user(request).role in (Role.OFFICE, Role.CHAIR),
        "today": timezone.localdate(),
        "year": timezone.localdate().year,
    })


@login_required
@require_POST
def meeting_create(request: HttpRequest) -> HttpResponse:
    created: list[Meeting] = []

    def work() -> None:
        try:
            day = datetime.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            raise MeetingInputError(_("date：请填写会议日期（YYYY-MM-DD）。"), field="date") from None
        created.append(services.meeting_create(
            actor=request_user(request), client_ip=client_ip_of(request), date=day, kind=request.POST.get("kind", ""),
            title=request.POST.get("title", "")))

    if _attempt(request, work, _("会议已创建，请拟定议题。")):
        return redirect("meetings:detail", pk=created[0].pk)
    return redirect("meetings:list")


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    items = [(item, decision_of(item)) for item in meeting_items(meeting).select_related(
        "change_request", "lifecycle__unit").prefetch_related("opinions__member")]
    role = request_user(request).role
    draft = meeting.state == MeetingState.DRAFT
    return render(request, "meetings/detail.html", {
        "meeting": meeting,
        "items": items,
        "members": meeting.members.select_related("seat", "representative").order_by("seat__number"),
        "quorum": meeting_quorum(meeting),
        "needs_quorum": meeting_needs_quorum(meeting),
        "candidates": agenda_candidates(meeting) if draft else [],
        "on_agenda": {i.application_id for i, _d in items},
        "lifecycle_candidates": _lifecycle_candidates(meeting) if draft and role == Role.OFFICE else [],
        "outcomes": [(v, label) for v, label in Outcome.choices if v in decisions.OUTCOME_ACTIONS],
        "lifecycle_outcomes": {kind: [(o.value, o.label) for o in outcomes]
                               for kind, outcomes in lifecycle_items.OUTCOMES.items()},
        # 审核同意 for review routes, 备案同意 for filing routes (the service refuses a mismatch).
        "filing_routes": sorted(FILING_ROUTES),
        "LIFECYCLE_KINDS": [str(k) for k in lifecycle_items.LIFECYCLE_KINDS],
        "lifecycle_on_agenda": {
            f"{i.kind}:{i.change_request_id if i.kind == ItemKind.CHANGE else i.lifecycle_id}"
            for i, _d in items if i.kind in lifecycle_items.LIFECYCLE_KINDS},
        "reconsideration_candidates": (reconsiderations.reconsiderations_for_agenda(meeting)
                                       if draft and role == Role.OFFICE else []),
        "revised_outcomes": [(o.value, o.label) for o in reconsiderations.REVISED_OUTCOMES],
        "stances": OpinionStance.choices,
        "is_office": role == Role.OFFICE,
        "is_chair": role == Role.CHAIR,
        "my_seat": member_of_user(meeting=meeting, user=request_user(request)) if role == Role.MEMBER else None,
        "S": MeetingState,
    })


@login_required
@require_POST
def meeting_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    ids = request.POST.getlist("application_ids")
    opinions = {int(i): request.POST.get(f"opinion_{i}", "") for i in ids if i.isdigit()}
    # The form lists change requests and stop reviews too; without its marker they are kept.
    entries = (_lifecycle_entries(request.POST.getlist("lifecycle_items"))
               if request.POST.get("lifecycle_form") else None)
    # Likewise the filed reconsiderations (复议, 规则 四(七)).
    reconsideration_ids = (request.POST.getlist("reconsiderations")
                           if request.POST.get("reconsideration_form") else None)

    @transaction.atomic
    def work() -> None:
        services.meeting_set_agenda(
            meeting=meeting, actor=request_user(request), client_ip=client_ip_of(request), application_ids=ids, opinions=opinions)
        if entries is not None:
            lifecycle_items.meeting_set_lifecycle_items(
                meeting=meeting, actor=request_user(request), client_ip=client_ip_of(request), items=entries)
        if reconsideration_ids is not None:
            reconsiderations.meeting_set_reconsiderations(
                meeting=meeting, actor=request_user(request), client_ip=client_ip_of(request), reconsideration_ids=reconsideration_ids)

    _attempt(request, work, _("议题已保存。"))
    return redirect("meetings:detail", pk=pk)


ACTIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "approve_agenda": (services.meeting_approve_agenda, _("议题已审定，会议通知已发送。")),
    "open": (services.meeting_open, _("会议已开始。")),
    "sign_minutes": (decisions.meeting_sign_minutes, _("纪要已签发，会议决定已生效并抄送。")),
    "cancel": (services.meeting_cancel, _("会议已取消。")),
}


@login_required
@require_POST
def meeting_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    if action not in ACTIONS:
        messages.error(request, _("未知操作。"))
        return redirect("meetings:detail", pk=pk)
    service, success = ACTIONS[action]
    kwargs: dict[str, Any] = {"meeting": meeting, "actor": request_user(request),
                              "client_ip": client_ip_of(request)}
    if action == "cancel":
        kwargs["reason"] = request.POST.get("reason", "")
    _attempt(request, lambda: service(**kwargs), success)
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    _attempt(request, lambda: services.meeting_record_attendance(
        meeting=meeting, actor=request_user(request), client_ip=client_ip_of(request), present_units=request.POST.getlist("present_units")),
        _("出席情况已登记。"))
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def meeting_leave(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    opinion = request.POST.get("opinion", "")
    if request_user(request).role == Role.MEMBER:
        work = lambda: services.meeting_request_leave(  # noqa: E731
            meeting=meeting, actor=request_user(request), client_ip=client_ip_of(request), opinion=opinion)
    else:
        work = lambda: services.meeting_record_attendance(  # noqa: E731
            meeting=meeting, actor=request_user(request), client_ip=client_ip_of(request),
            leave=[{"unit": request.POST.get("unit", ""), "opinion": opinion}])
    _attempt(request, work, _("请假已登记。"))
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def meeting_decision(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    _attempt(request, lambda: decisions.meeting_record_decision(
        meeting=meeting, actor=request_user(request), client_ip=client_ip_of(request), application_id=request.POST.get("application_id"),
        outcome=request.POST.get("outcome", ""),
        approved_amount=request.POST.get("approved_amount") or None,
        conditions=request.POST.get("conditions", "")),
        _("决定已记录（纪要签发后生效）。"))
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def meeting_lifecycle_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """A change request (consent | refuse) or a stop review (stop | continue)."""
    meeting = get_object_or_404(Meeting, pk=pk)
    _attempt(request, lambda: lifecycle_items.meeting_record_lifecycle_decision(
        meeting=meeting, actor=request_user(request), client_ip=client_ip_of(request), kind=request.POST.get("kind", ""),
        ref=request.POST.get("ref", ""), outcome=request.POST.get("outcome", ""),
        conditions=request.POST.get("conditions", "")),
        _("决定已记录（纪要签发后生效）。"))
    return redirect("meetings:detail", pk=pk)


def _result(request: HttpRequest) -> dict[str, Any]:
    """The form's `result`: `uphold` (维持原决定) or the new outcome of a revision."""
    result = request.POST.get("result", "")
    return {"upheld": result == "uphold",
            "new_outcome": None if result == "uphold" else result,
            "approved_amount": request.POST.get("approved_amount") or None,
            "conditions": request.POST.get("conditions", "")}


@login_required
@require_POST
def meeting_reconsideration_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's decision on a reconsideration on its agenda (uphold | a new outcome)."""
    meeting = get_object_or_404(Meeting, pk=pk)
    _attempt(request, lambda: reconsiderations.meeting_record_reconsideration_decision(
        meeting=meeting, actor=request_user(request), client_ip=client_ip_of(request),
        reconsideration_id=request.POST.get("reconsideration_id", ""), **_result(request)),
        _("决定已记录（纪要签发后生效）。"))
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def meeting_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    _attempt(request, lambda: decisions.meeting_submit_opinion(
        meeting=meeting, actor=request_user(request), client_ip=client_ip_of(request), application_id=request.POST.get("application_id"),
        stance=request.POST.get("stance", ""), text=request.POST.get("text", "")),
        _("书面意见已提交。"))
    return redirect("meetings:detail", pk=pk)


def _download(request: HttpRequest, pk: int, render_file: Callable[[Meeting], bytes],
              content_type: str, ext: str) -> HttpResponse:
    _reader(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    response = HttpResponse(render_file(meeting), content_type=content_type)
    label = "minutes" if meeting.state == MeetingState.SIGNED else "minutes-draft"
    response["Content-Disposition"] = f'attachment; filename="meeting-{pk}-{label}.{ext}"'
    return response


@login_required
def minutes_word(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, minutes_docx, DOCX, "docx")


@login_required
def minutes_as_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, minutes_pdf, "application/pdf", "pdf")


@login_required
def plan_page(request: HttpRequest, year: int) -> HttpResponse:
    _reader(request)
    return render(request, "meetings/plan.html", {"year": year, "rows": annual_plan(year)})


@login_required
def plan_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    _reader(request)
    response = HttpResponse(annual_plan_xlsx(year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="plan-{year}.xlsx"'
    return response


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("id", "").isdigit():
        notification_mark_read(user=request_user(request), notification_id=int(request.POST["id"]))
        return redirect("meetings:notifications")
    return render(request, "meetings/notifications.html",
                  {"notifications": notifications_for(request_user(request))[:200]})


@login_required
def reconsideration_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    if request.method == "POST":
        if request.POST.get("decision_id"):
            decision = get_object_or_404(Decision, pk=request.POST["decision_id"])
            _attempt(request, lambda: reconsiderations.reconsideration_file(
                actor=request_user(request), client_ip=client_ip_of(request), decision=decision, reason=request.POST.get("reason", "")),
                _("复议已提请。"))
        elif request.POST.get("reconsideration_id"):
            row = get_object_or_404(Reconsideration, pk=request.POST["reconsideration_id"])
            _attempt(request, lambda: reconsiderations.reconsideration_resolve(
                actor=request_user(request), client_ip=client_ip_of(request), reconsideration=row,
                resolution=request.POST.get("resolution", ""), **_result(request)),
                _("复议已处理。"))
        return redirect("meetings:reconsiderations")
    return render(request, "meetings/reconsiderations.html", {
        "rows": Reconsideration.objects.select_related("decision__item__application",
                                                       "decision__item__meeting"),
        "revised_outcomes": [(o.value, o.label) for o in reconsiderations.REVISED_OUTCOMES],
        "decisions": Decision.objects.filter(effective_at__isnull=False).select_related(
            "item__application", "item__meeting").order_by("-effective_at")[:200],
        "is_office": request_user(request).role == Role.OFFICE,
        "is_chair": request_user(request).role == Role.CHAIR,
    })
