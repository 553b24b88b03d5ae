"""Pages of the lifecycle module: projects, one project with its clocks and steps, the office's
overdue view, my 待办, the quarterly export. They only parse, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egovpm.accounts.models import Role
from egovpm.accounts.permissions import request_user
from egovpm.lifecycle import clocks
from egovpm.lifecycle.actionforms import form_for
from egovpm.lifecycle.exports import QUARTERLY_CONTENT_TYPE, quarterly_workbook
from egovpm.lifecycle.inputs import form_payload
from egovpm.lifecycle.models import Stage
from egovpm.lifecycle.selectors import (
    allowed_actions,
    deadline_status,
    deadlines_overdue,
    lifecycles_visible_to,
    todo_for,
)
from egovpm.lifecycle.services import lifecycle_transition
from egovpm.lifecycle.transitions import TABLE, Action, InvalidStep


def _with_status(deadlines: Any, today: Any) -> list[tuple[Any, Any]]:
    return [(d, deadline_status(d, today=today)) for d in deadlines]


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # Lifecycles open when the chair signs the minutes; `egovpm remind` is the safety net.
    user = request_user(request)
    rows = lifecycles_visible_to(user).prefetch_related("deadlines")
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        rows = rows.filter(stage=stage)
    projects = []
    for lc in rows:
        open_ones = [d for d in lc.deadlines.all() if d.is_open]
        upcoming = min(open_ones, key=lambda d: d.due_date, default=None)
        projects.append({
            "lc": lc,
            "next": upcoming,
            "next_status": deadline_status(upcoming, today=today) if upcoming else None,
        })
    year, quarter = clocks.quarter_of(today)
    return render(request, "lifecycle/list.html", {
        "projects": projects, "stages": Stage.choices, "stage": stage, "today": today,
        "year": year, "quarter": quarter, "is_office": user.role == Role.OFFICE,
    })


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lc = get_object_or_404(lifecycles_visible_to(request.user), pk=pk)
    today = timezone.localdate()
    actions = [
        {"code": code, "label": Action(code).label, "fields": form_for(code)}
        for code in allowed_actions(lc, request.user)
    ]
    return render(request, "lifecycle/detail.html", {
        "lc": lc, "today": today, "actions": actions,
        "deadlines": _with_status(lc.deadlines.order_by("due_date", "kind"), today),
        "failed_action": request.session.pop("lifecycle_failed_action", ""),
    })


@login_required
@require_POST
def project_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    from egovpm.audit.services import client_ip_of

    lc = get_object_or_404(lifecycles_visible_to(request.user), pk=pk)
    if action not in TABLE:
        raise PermissionDenied
    try:
        lc = lifecycle_transition(lifecycle=lc, action=action, actor=request.user,
                                  payload=form_payload(request), client_ip=client_ip_of(request))
    except InvalidStep as refused:
        messages.error(request, _("未能“%(action)s”:%(reason)s")
                       % {"action": Action(action).label, "reason": refused.reason})
        request.session["lifecycle_failed_action"] = action  # reopen its form
    else:
        created = lc.step_changes.get("application")
        if created:  # a prefilled follow-up declaration: the unit reviews it as a draft
            messages.success(request, _("已生成申报草稿“%(name)s”,请核对后提交")
                             % {"name": lc.step_changes.get("name", "")})
            return redirect("declarations:detail", pk=created)
        messages.success(request, _("已完成“%(action)s”,当前阶段:%(stage)s")
                         % {"action": Action(action).label, "stage": lc.get_stage_display()})
    return redirect("lifecycle:detail", pk=lc.pk)


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    if request_user(request).role not in (Role.OFFICE, Role.AUDITOR):
        raise PermissionDenied
    today = timezone.localdate()
    rows = [(d, (today - d.due_date).days) for d in deadlines_overdue(today=today)]
    return render(request, "lifecycle/overdue.html", {"rows": rows, "today": today})


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "lifecycle/todo.html",
                  {"items": todo_for(request.user, today=today), "today": today})


@login_required
def quarterly_export(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year", ""))
        quarter = int(request.GET.get("quarter", ""))
    except ValueError:
        year, quarter = clocks.quarter_of(timezone.localdate())
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        year, quarter = clocks.quarter_of(timezone.localdate())
    content = quarterly_workbook(year=year, quarter=quarter,
                                 lifecycles=lifecycles_visible_to(request.user))
    response = HttpResponse(content, content_type=QUARTERLY_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"execution-{year}Q{quarter}.xlsx\"; "
        f"filename*=UTF-8''{year}%E5%B9%B4%E7%AC%AC{quarter}%E5%AD%A3%E5%BA%A6%E6%89%A7%E8%A1%8C"
        f"%E6%83%85%E5%86%B5%E8%A1%A8.xlsx"
    )
    return response
