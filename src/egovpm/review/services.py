"""The one guarded transition service, and assessment reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egovpm.audit.services import audit_record, field_changes
from egovpm.declarations.inputs import ApplicationInputError
from egovpm.declarations.models import Application, ApplicationEvent, Attachment, State
from egovpm.declarations.selectors import applications_visible_to
from egovpm.review.models import Assessment, AssessmentKind, AssessmentResult
from egovpm.review.transitions import (
    ROLES_BY_ACTION,
    ROUTE_ASSESSMENTS,
    TRANSITIONS,
    Action,
    Context,
    InvalidTransition,
    is_owner,
)

TRACKED_FIELDS = (
    "state", "route", "route_override", "route_override_reason", "declared_on", "policy",
    "supervisor_approved", "review_round", "reserve_priority_year", "approved_amount",
    "approval_conditions",
)


def _snapshot(app: Application) -> dict[str, Any]:
    return {name: getattr(app, name) for name in TRACKED_FIELDS}


def _lock_visible(application: Application | int, actor: Any) -> Application:
    """Lock the row (SELECT … FOR UPDATE) and re-read it; invisible → DoesNotExist."""
    pk = application.pk if isinstance(application, Application) else application
    app = Application.objects.select_for_update().select_related("unit", "project").get(pk=pk)
    if not applications_visible_to(actor).filter(pk=pk).exists():
        raise Application.DoesNotExist
    return app


def application_transition(
    *, application: Application | int, action: str, actor: Any, reason: str = "",
    payload: dict | None = None, client_ip: str | None = None, internal: bool = False,
) -> Application:
    """Apply one row of the transition table atomically, or change nothing.

    ``internal=True`` is passed only by the meetings module: the joint meeting's outcomes
    (``meeting_*``, at signing) and reconsiderations (``reconsider_*``) take effect through a
    signed meeting or the chair's resolution (规则 四(五)(七)), never on request; the API and the
    pages never pass it, and such a request is refused (409).

    Order of checks: visibility (``Application.DoesNotExist``), role and ownership
    (``PermissionDenied``), state and guards (``InvalidTransition``); bad payload fields raise
    ``ApplicationInputError``. Two people acting at once serialise on the row lock, and the
    second finds the state moved on.
    """
    payload = dict(payload or {})
    reason = (reason or "").strip()
    with transaction.atomic():
        app = _lock_visible(application, actor)
        if action not in ROLES_BY_ACTION:
            raise InvalidTransition(_("未知操作:%(action)s") % {"action": action})
        if actor.role not in ROLES_BY_ACTION[action]:
            raise PermissionDenied(_("您的角色不能执行此操作"))
        row = TRANSITIONS.get((app.state, action))
        if row is None:
            raise InvalidTransition(
                _("当前状态“%(state)s”下不能执行“%(action)s”")
                % {"state": State(app.state).label, "action": Action(action).label}
            )
        if row.automatic:
            raise InvalidTransition(_("该操作由论证评估报告自动触发,不能直接执行"))
        if row.internal and not internal:
            raise InvalidTransition(
                _("联席会议的决定须经会议审议、分管副区长签发纪要后生效(规则 四(五)),"
                  "复议须经联席会议办公室提请(规则 四(七)),不能直接执行")
            )
        if not is_owner(row, app, actor):
            raise PermissionDenied(_("只能处理本单位(或所主管单位)的申报"))
        before = _snapshot(app)
        ctx = Context(application=app, actor=actor, reason=reason, payload=payload,
                      notes={"today": timezone.localdate()})
        for guard in row.guards:
            guard(ctx)
        _EFFECTS.get(action, _no_effect)(ctx)
        # After the effect: office_accept's target follows the (possibly overridden) route.
        target = row.target_for(app)
        return _move(app, target=target, action=action, actor=actor, reason=reason,
                     before=before, client_ip=client_ip)


def _move(
    app: Application, *, target: str, action: str, actor: Any, reason: str,
    before: dict[str, Any], client_ip: str | None,
) -> Application:
    from_state = before["state"]
    app.state = target
    app.version += 1
    app.save()
    ApplicationEvent.objects.create(
        application=app, action=action, actor=actor, from_state=from_state, to_state=target,
        reason=reason,
    )
    audit_record(
        actor=actor, action=f"application.{action}", obj=app, from_state=from_state,
        to_state=target, reason=reason, changes=field_changes(before, _snapshot(app)),
        client_ip=client_ip,
    )
    return app


def _no_effect(ctx: Context) -> None:
    return None


def _freeze(ctx: Context) -> None:
    """Submission: the date is the server's, the decision and pack are frozen with it."""
    app, decision = ctx.application, ctx.notes["decision"]
    app.declared_on = ctx.notes["today"]
    app.decision = decision.to_dict()
    app.policy = decision.policy
    app.route = decision.route
    app.route_override = ""
    app.route_override_reason = ""


def _supervisor_approve(ctx: Context) -> None:
    from egovpm.declarations.selectors import application_preview

    app = ctx.application
    app.supervisor_approved = True
    decision = application_preview(app)  # same declared_on: the submission's
    app.decision = decision.to_dict()
    app.policy = decision.policy
    app.route = decision.route


def _cancel_pending(ctx: Context) -> None:
    app = ctx.application
    app.assessments.filter(round=app.review_round, result=AssessmentResult.PENDING).update(
        result=AssessmentResult.CANCELLED
    )


def _reserve(ctx: Context) -> None:
    _cancel_pending(ctx)
    # 规则 五(四)2: 在下一年度数字化项目立项审核时,优先考虑其立项申请.
    ctx.application.reserve_priority_year = ctx.application.budget_year + 1


def _meeting_approve(ctx: Context) -> None:
    app = ctx.application
    amount = ctx.notes.get("approved_amount")
    app.approved_amount = amount if amount is not None else app.total_amount
    app.approval_conditions = str(ctx.payload.get("conditions") or "")


def _reconsidered(effect: Any) -> Any:
    """A reconsideration replaces the earlier outcome: what that outcome set is cleared first
    (the approved amount and conditions, the reserve priority), then the new one applies."""

    def apply(ctx: Context) -> None:
        app = ctx.application
        app.approved_amount, app.approval_conditions, app.reserve_priority_year = None, "", None
        effect(ctx)

    return apply


def _office_accept(ctx: Context) -> None:
    """Route (computed, or overridden with a recorded reason) and one assessment per assessor
    the route needs (规则 五(三))."""
    app, payload = ctx.application, ctx.payload
    override = str(payload.get("route") or "").strip()
    if override and override != app.route:
        if override not in ROUTE_ASSESSMENTS:
            raise ApplicationInputError("route", _("评审流程无效:%(route)s") % {"route": override})
        if not ctx.reason:
            raise ApplicationInputError("reason", _("调整评审流程须填写理由"))
        app.route_override, app.route_override_reason = override, ctx.reason
    else:
        app.route_override, app.route_override_reason = "", ""
    kinds = ROUTE_ASSESSMENTS.get(app.effective_route, ())
    assessors = payload.get("assessors") or {}
    if not isinstance(assessors, dict):
        raise ApplicationInputError("assessors", _("assessors 应为对象"))
    chosen = {kind: _assessor(assessors, kind) for kind in kinds}
    if kinds:
        app.review_round += 1
    for kind, user in chosen.items():
        Assessment.objects.create(application=app, round=app.review_round, kind=kind,
                                  assignee=user)


def _assessor(assessors: dict, kind: str) -> Any:
    role = "expert" if kind == AssessmentKind.EXPERT else "third_party"
    username = str(assessors.get(role) or "").strip()
    field = f"assessors.{role}"
    if not username:
        raise ApplicationInputError(field, _("该评审流程须指定%(who)s") % {
            "who": _("行业专家") if role == "expert" else _("第三方评估机构")})
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or user.role != role:
        raise ApplicationInputError(field, _("%(name)s 不是有效的%(who)s账号") % {
            "name": username, "who": _("行业专家") if role == "expert" else _("第三方评估机构")})
    return user


# Keyed by the action as requested (a plain str; Action is a str enum).
_EFFECTS: dict[str, Callable[[Context], None]] = {
    Action.SUBMIT: _freeze,
    Action.SUPERVISOR_APPROVE: _supervisor_approve,
    Action.OFFICE_ACCEPT: _office_accept,
    Action.OFFICE_RETURN: _cancel_pending,
    Action.DEFER: _cancel_pending,
    Action.RESERVE: _reserve,
    Action.REJECT: _cancel_pending,
    Action.WITHDRAW: _cancel_pending,
    Action.MEETING_APPROVE: _meeting_approve,
    Action.MEETING_RESERVE: _reserve,
    Action.RECONSIDER_APPROVE: _reconsidered(_meeting_approve),
    Action.RECONSIDER_FILE: _reconsidered(_no_effect),
    Action.RECONSIDER_DEFER: _reconsidered(_no_effect),
    Action.RECONSIDER_RESERVE: _reconsidered(_reserve),
    Action.RECONSIDER_REJECT: _reconsidered(_no_effect),
    Action.RECONSIDER_HANDOVER: _reconsidered(_no_effect),
}


def assessment_report(
    *, assessment: Assessment | int, actor: Any, result: str, opinion: str,
    report: Attachment | None = None, client_ip: str | None = None,
) -> Assessment:
    """The assignee's report. Every pass of the round → ready_for_meeting; a fail → returned,
    the round's other pending assessments cancelled, counted toward suspension (规则 五(四)3)."""
    pk = assessment.pk if isinstance(assessment, Assessment) else assessment
    opinion = (opinion or "").strip()
    with transaction.atomic():
        application_id = Assessment.objects.values_list("application_id", flat=True).get(pk=pk)
        app = _lock_visible(application_id, actor)
        item = Assessment.objects.select_for_update().get(pk=pk)
        if item.assignee_id != actor.pk:
            raise PermissionDenied(_("只能填写分派给本人的评估报告"))
        if item.result != AssessmentResult.PENDING or app.state != State.ASSESSMENT:
            raise InvalidTransition(_("该评估已结束,不能再提交报告"))
        if result not in (AssessmentResult.PASS, AssessmentResult.FAIL):
            raise ApplicationInputError("result", _("结论只能是 pass 或 fail"))
        if not opinion:
            raise ApplicationInputError("opinion", _("评估意见为必填项"))
        if report is not None and report.application_id != app.pk:
            raise ApplicationInputError("report", _("报告附件不属于该申报"))
        item.result, item.opinion, item.report = result, opinion, report
        item.reported_at, item.reported_on = timezone.now(), timezone.localdate()
        item.save()
        ApplicationEvent.objects.create(
            application=app, action="assessment_report", actor=actor, from_state=app.state,
            to_state=app.state, reason=f"{item.get_kind_display()}:{result}",
        )
        audit_record(
            actor=actor, action="assessment.report", obj=item, reason=opinion,
            changes={"result": {"before": AssessmentResult.PENDING, "after": result}},
            client_ip=client_ip,
        )
        before = _snapshot(app)
        round_items = app.assessments.filter(round=item.round)
        if result == AssessmentResult.FAIL:
            round_items.filter(result=AssessmentResult.PENDING).update(
                result=AssessmentResult.CANCELLED
            )
            _move(app, target=State.RETURNED, action=Action.ASSESSMENT_FAILED, actor=actor,
                  reason=opinion, before=before, client_ip=client_ip)
        elif not round_items.exclude(result=AssessmentResult.PASS).exists():
            _move(app, target=State.READY_FOR_MEETING, action=Action.ASSESSMENTS_PASSED,
                  actor=actor, reason="", before=before, client_ip=client_ip)
        return item
