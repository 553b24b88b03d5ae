"""Reads of the lifecycle module: who sees which project, what is due, what is overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from egovpm.accounts.models import Role
from egovpm.lifecycle import clocks
from egovpm.lifecycle.models import (
    ChangeRequest,
    ChangeState,
    Deadline,
    ProjectLifecycle,
    SelfEvaluation,
    Stage,
)
from egovpm.lifecycle.parameters import clock_parameters
from egovpm.lifecycle.transitions import TABLE

# Roles that see every project (区财政局 records budgets of all approved projects; 审计局 reads).
SEE_ALL = frozenset({Role.OFFICE, Role.FINANCE, Role.AUDITOR, Role.CHAIR})
UNIT_ROLES = frozenset({Role.APPLICANT, Role.UNIT_LEADER})


def lifecycles_visible_to(user: Any) -> QuerySet[ProjectLifecycle]:
    """A unit sees its own projects, a supervisor also its subordinates'; the office all."""
    base = ProjectLifecycle.objects.select_related("unit", "application")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return base.none()
    if user.role in SEE_ALL:
        return base
    if user.role in UNIT_ROLES and user.unit_id:
        return base.filter(unit_id=user.unit_id)
    if user.role == Role.SUPERVISOR and user.unit_id:
        return base.filter(Q(unit_id=user.unit_id) | Q(unit__supervisor_id=user.unit_id))
    return base.none()


def open_deadlines() -> QuerySet[Deadline]:
    """Clocks still running on projects that are not stopped."""
    return Deadline.objects.filter(met_on__isnull=True, waived_reason="").exclude(
        lifecycle__stage=Stage.STOPPED
    ).select_related("lifecycle", "lifecycle__unit")


def deadlines_overdue(*, today: dt.date, user: Any | None = None) -> QuerySet[Deadline]:
    """Every open deadline whose due day has passed (the due day itself is not overdue)."""
    rows = open_deadlines().filter(due_date__lt=today)
    if user is not None:
        rows = rows.filter(lifecycle__in=lifecycles_visible_to(user))
    return rows.order_by("due_date", "lifecycle__unit__name")


@dataclass(frozen=True)
class DeadlineStatus:
    code: str  # met | met_late | waived | overdue | due_soon | open
    label: str
    css: str


_STATUS = {
    "met": ("按时完成", "success"),
    "met_late": ("逾期完成", "warning"),
    "waived": ("已免除", "secondary"),
    "overdue": ("已逾期", "danger"),
    "due_soon": ("即将到期", "warning"),
    "open": ("进行中", "info"),
}


def deadline_status(deadline: Deadline, *, today: dt.date, lead: int | None = None) -> DeadlineStatus:
    if deadline.met_on is not None:
        code = "met_late" if deadline.met_on > deadline.due_date else "met"
    elif deadline.waived_reason:
        code = "waived"
    elif clocks.is_overdue(deadline.due_date, today):
        code = "overdue"
    else:
        lead = lead if lead is not None else clock_parameters(today).reminder_lead_working_days
        opens = clocks.reminder_opens(deadline.due_date, lead).date
        code = "due_soon" if today >= opens else "open"
    label, css = _STATUS[code]
    return DeadlineStatus(code, label, css)


@dataclass(frozen=True)
class TodoItem:
    title: str
    detail: str
    link: str
    overdue: bool
    due_date: dt.date | None
    lifecycle: ProjectLifecycle | None = None
    action: str = ""  # what is due, in a few words (the title without the project name)


def todo_for(user: Any, *, today: dt.date) -> list[TodoItem]:
    """What is due for this person (待办): their clocks in the reminder window or overdue, and
    the office's and finance's own queues."""
    items: list[TodoItem] = []
    visible = lifecycles_visible_to(user)
    if user.role in UNIT_ROLES:
        for deadline in open_deadlines().filter(lifecycle__in=visible):
            status = deadline_status(deadline, today=today)
            if status.code in ("overdue", "due_soon"):
                items.append(TodoItem(
                    title=f"{deadline.lifecycle.name}：{deadline.get_kind_display()}",
                    detail=f"截止 {deadline.due_label}（{status.label}）",
                    link=f"/lifecycle/{deadline.lifecycle_id}/",
                    overdue=status.code == "overdue", due_date=deadline.due_date,
                    lifecycle=deadline.lifecycle, action=str(deadline.get_kind_display()),
                ))
    if user.role == Role.FINANCE:
        for lc in visible.filter(stage=Stage.AWAITING_BUDGET):
            items.append(TodoItem(title=f"{lc.name}：待登记预算下达", detail=lc.unit.name,
                                  link=f"/lifecycle/{lc.pk}/", overdue=False, due_date=None,
                                  lifecycle=lc, action="待登记预算下达"))
    if user.role == Role.OFFICE:
        for change in changes_awaiting_agenda():
            items.append(TodoItem(
                title=f"{change.lifecycle.name}：变更申请待上联席会议",
                detail=change.get_kind_display(), link=f"/lifecycle/{change.lifecycle_id}/",
                overdue=False, due_date=None, lifecycle=change.lifecycle,
                action="变更申请待上联席会议"))
        for lc in stop_reviews_pending():
            items.append(TodoItem(
                title=f"{lc.name}：超半年未启动采购,待联席会议决定是否停止",
                detail=lc.unit.name, link=f"/lifecycle/{lc.pk}/", overdue=True, due_date=None,
                lifecycle=lc, action="待联席会议决定是否停止"))
        for lc in visible.filter(quarterly_reports__lagging=True,
                                 quarterly_reports__advice="").distinct():
            items.append(TodoItem(title=f"{lc.name}：明显落后于进度计划,待督办",
                                  detail=lc.unit.name, link=f"/lifecycle/{lc.pk}/",
                                  overdue=False, due_date=None, lifecycle=lc,
                                  action="明显落后于进度计划,待督办"))
    return sorted(items, key=lambda i: (not i.overdue, i.due_date or dt.date.max))


def changes_pending() -> QuerySet[ChangeRequest]:
    """Change requests waiting for the joint meeting (规则 五(五)5)."""
    return ChangeRequest.objects.filter(state=ChangeState.PENDING).select_related(
        "lifecycle", "lifecycle__unit")


def changes_awaiting_agenda() -> QuerySet[ChangeRequest]:
    """Pending change requests the office has not yet put on a live (draft / approved / open)
    meeting agenda: the office's 变更申请待上联席会议 queue."""
    from egovpm.meetings.services import LIVE_STATES

    return changes_pending().exclude(agenda_items__meeting__state__in=LIVE_STATES)


def stop_reviews_pending() -> QuerySet[ProjectLifecycle]:
    """Projects put before the joint meeting for a stop decision (规则 五(五)1)."""
    return ProjectLifecycle.objects.filter(
        stage=Stage.BUDGETED, stop_review_since__isnull=False).select_related("unit")


def pending_for_meeting() -> list[dict]:
    """The lifecycle items waiting for the joint meeting's agenda, as the meetings module needs
    them: kind (change | stop), title, lifecycle id, and the change id for a change."""
    items = [
        {"kind": "change", "title": f"{c.lifecycle.name}项目变更({c.get_kind_display()})",
         "lifecycle": c.lifecycle_id, "change": c.pk}
        for c in changes_pending()
    ]
    items += [
        {"kind": "stop", "title": f"{lc.name}超过半年未启动采购,审议是否停止实施",
         "lifecycle": lc.pk}
        for lc in stop_reviews_pending()
    ]
    return items


def unit_performance_unrectified(unit: Any) -> bool:
    """True while any project of the unit has an unmet self-evaluation not yet rectified:
    规则 五(六)1 暂缓其后续项目的审核 (policy history flag `performance_unrectified`)."""
    return SelfEvaluation.objects.filter(
        lifecycle__unit=unit, goals_met=False, rectified_on__isnull=True).exists()


def deadlines_for(lifecycle: ProjectLifecycle) -> QuerySet[Deadline]:
    return lifecycle.deadlines.order_by("due_date", "kind")




def _applies(lifecycle: ProjectLifecycle, action: str) -> bool:
    """Hide steps that cannot apply to this project at all (the service still checks)."""
    if action == "file_contract":
        return lifecycle.contract_filed_on is None
    if action in ("file_renewal", "prefill_renewal"):
        return lifecycle.one_plus_two
    if action == "prefill_security_fees":
        return lifecycle.has_obligation("SECURITY_FEES_FILING_AFTER_ACCEPTANCE")
    if action in ("submit_quarterly_report", "issue_rectification_advice"):
        return lifecycle.key_project
    if action == "complete_performance_rectification":
        return lifecycle.self_evaluations.filter(goals_met=False,
                                                 rectified_on__isnull=True).exists()
    return True


def allowed_actions(lifecycle: ProjectLifecycle, user: Any) -> list[str]:
    """The actions this person may try in the current stage (gates are checked on the try)."""
    return [
        action for action, row in TABLE.items()
        if not row.internal and lifecycle.stage in row.sources and user.role in row.roles
        and (not row.own_unit or user.unit_id == lifecycle.unit_id)
        and _applies(lifecycle, action)
    ]
