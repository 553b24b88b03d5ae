"""Reconsideration (复议, 规则 四(七) 如遇特殊情况需要复议的，由联席会议办公室提请区政府分管副区长
协调处理，或提请联席会议复议).

The office files a reconsideration of an effective decision. Either the chair resolves it
directly (`reconsideration_resolve`), or the office puts it on a draft agenda
(`meeting_set_reconsiderations`), the meeting records its decision on it
(`meeting_record_reconsideration_decision`) and the chair's signature applies it with the rest
of the minutes (`reconsideration_decisions_apply`). A revision moves the application to the new
outcome through the review module's internal `reconsider_*` actions, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from egovpm.accounts.models import Role, User
from egovpm.audit.services import audit_record
from egovpm.declarations.inputs import ApplicationInputError
from egovpm.declarations.models import Application, State
from egovpm.lifecycle.models import ProjectLifecycle, Stage
from egovpm.lifecycle.services import lifecycle_open_after_meeting, lifecycle_transition
from egovpm.lifecycle.transitions import TABLE as LIFECYCLE_TABLE
from egovpm.lifecycle.transitions import Action as LifecycleAction
from egovpm.lifecycle.transitions import InvalidStep
from egovpm.meetings.decisions import GOV_INVESTMENT, _amount, _check_outcome_fits_route
from egovpm.meetings.errors import MeetingInputError, MeetingStateError, QuorumNotMet
from egovpm.meetings.models import (
    AgendaItem,
    Decision,
    ItemKind,
    Meeting,
    MeetingState,
    Outcome,
    Reconsideration,
    ReconsiderationState,
)
from egovpm.meetings.notifications import notify
from egovpm.meetings.selectors import meeting_needs_quorum, meeting_quorum
from egovpm.meetings.services import _locked, _require_state, require_role
from egovpm.review.services import application_transition
from egovpm.review.transitions import InvalidTransition

# The outcomes a revision may give, the state each leaves the application in, and its action.
REVISED_OUTCOMES = (Outcome.APPROVE, Outcome.FILE, Outcome.DEFER, Outcome.RESERVE, Outcome.REJECT)
OUTCOME_STATES = {
    Outcome.APPROVE: State.APPROVED, Outcome.FILE: State.FILED, Outcome.DEFER: State.DEFERRED,
    Outcome.RESERVE: State.RESERVE, Outcome.REJECT: State.REJECTED,
}
APPROVAL_STATES = (State.APPROVED, State.FILED)
# A project may be taken away from approval only while its lifecycle is before procurement: the
# stages the lifecycle's `stop_after_reconsideration` step starts from.
STOP = LifecycleAction.STOP_AFTER_RECONSIDERATION
BEFORE_PROCUREMENT = LIFECYCLE_TABLE[STOP].sources
OPEN_STATES = (ReconsiderationState.FILED, ReconsiderationState.ON_AGENDA)


def _decided_state(outcome: str, application: Application) -> str:
    """The state a decision leaves the application in (GOV_INVESTMENT approve = handed over)."""
    if outcome == Outcome.APPROVE and application.effective_route == GOV_INVESTMENT:
        return State.HANDED_OVER
    return OUTCOME_STATES[Outcome(outcome)]


def _action(outcome: str, application: Application) -> str:
    if outcome == Outcome.APPROVE and application.effective_route == GOV_INVESTMENT:
        return "reconsider_handover"
    return f"reconsider_{outcome}"


def reconsideration_title(row: Reconsideration) -> str:
    original = row.decision
    return _("复议：%(t)s（原决定：%(o)s）") % {"t": original.item.title,
                                            "o": original.get_outcome_display()}


# -- filing ----------------------------------------------------------------------------------


@transaction.atomic
def reconsideration_file(
    *, actor: User, decision: Decision, reason: str, client_ip: str | None = None,
) -> Reconsideration:
    """规则 四(七): the office files a reconsideration of an effective decision."""
    require_role(actor, Role.OFFICE)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.effective_at is None:
        raise MeetingStateError(_("只有已生效的决定可以提请复议。"))
    if not (reason or "").strip():
        raise MeetingInputError(_("reason：请填写复议理由。"), field="reason")
    if decision.reconsiderations.filter(state__in=OPEN_STATES).exists():
        raise MeetingStateError(_("该决定已有尚未处理的复议。"))
    if decision.reconsiderations.filter(state=ReconsiderationState.REVISED).exists():
        raise MeetingStateError(_("该决定已经复议变更，不能再次提请复议。"))
    row = Reconsideration.objects.create(decision=decision, reason=reason.strip(), filed_by=actor)
    audit_record(actor=actor, action="reconsideration_file", obj=row, to_state=row.state,
                 reason=reason, client_ip=client_ip)
    return row


# -- the new outcome -------------------------------------------------------------------------


def revision_terms(
    *, reconsideration: Reconsideration, new_outcome: object, approved_amount: object = None,
    conditions: str = "",
) -> dict[str, Any]:
    """Check a revision's new outcome against the application (as for a meeting decision);
    returns {"outcome", "approved_amount", "conditions"}."""
    application = reconsideration.decision.item.application
    if application is None:
        raise MeetingInputError(
            _("upheld：只有项目申报的决定可以复议变更；项目变更或停止实施的决定只能维持，"
              "另行申请变更或审议。"), field="upheld")
    if new_outcome not in REVISED_OUTCOMES:
        raise MeetingInputError(
            _("new_outcome：变更原决定须选择新的决定：approve、file、defer、reserve 或 reject。"),
            field="new_outcome")
    outcome = Outcome(str(new_outcome))
    if outcome == reconsideration.decision.outcome:
        raise MeetingInputError(_("new_outcome：新的决定与原决定相同，请选择“维持原决定”。"),
                                field="new_outcome")
    _check_outcome_fits_route(outcome, application)
    if outcome != Outcome.APPROVE and approved_amount not in (None, ""):
        raise MeetingInputError(_("approved_amount：只有“审核同意”才填写核定金额。"),
                                field="approved_amount")
    conditions = (conditions or "").strip()
    if outcome == Outcome.DEFER and not conditions:
        raise MeetingInputError(_("conditions：暂缓的项目须写明需补充论证的内容（规则 五(四)3）。"),
                                field="conditions")
    amount = _amount(approved_amount, application) if outcome == Outcome.APPROVE else None
    return {"outcome": outcome, "approved_amount": amount, "conditions": conditions}


def _refuse(application: Application, why: str) -> MeetingStateError:
    return MeetingStateError(_("「%(n)s」不能复议变更：%(why)s") % {"n": application.name, "why": why})


def _apply_revision(*, row: Reconsideration, actor: User, terms: dict[str, Any],
                    reason: str, client_ip: str | None = None) -> Application:
    """Move the application from the state the decision left it in to the new outcome; stop or
    open its lifecycle accordingly. Refuses (changing nothing) when the move is not possible."""
    original = row.decision
    if original.item.application_id is None:
        raise MeetingStateError(_("只有项目申报的决定可以复议变更。"))
    application = Application.objects.select_for_update().get(pk=original.item.application_id)
    expected = _decided_state(original.outcome, application)
    if application.state != expected:
        raise _refuse(application, _("当前状态为「%(s)s」，已不是原决定的结果。")
                      % {"s": application.get_state_display()})
    if Decision.objects.filter(item__application=application, effective_at__isnull=False,
                               effective_at__gt=original.effective_at).exists():
        raise _refuse(application, _("其后联席会议已作出新的决定。"))
    outcome = terms["outcome"]
    target = _decided_state(outcome, application)
    lifecycle = ProjectLifecycle.objects.select_for_update().filter(application=application).first()
    if lifecycle is not None and lifecycle.stage != Stage.STOPPED:
        if target not in APPROVAL_STATES:
            if lifecycle.stage not in BEFORE_PROCUREMENT:
                raise _refuse(application, _(
                    "项目已进入「%(s)s」阶段（已启动采购），不能撤销同意；如需调整请通过项目变更"
                    "（规则 五(五)5）办理。") % {"s": lifecycle.get_stage_display()})
            # The project will not be carried out: the lifecycle's internal step stops it
            # (stage stopped, every clock waived, the reason kept, audited).
            try:
                lifecycle_transition(lifecycle=lifecycle, action=STOP, actor=actor,
                                     payload={"reason": reason}, internal=True,
                                     client_ip=client_ip)
            except InvalidStep as exc:
                raise _refuse(application, exc.reason) from exc
    elif lifecycle is not None and target in APPROVAL_STATES:
        raise _refuse(application, _("该项目的实施管理已停止，不能复议变更为同意。"))
    payload = {"conditions": terms["conditions"]}
    if terms["approved_amount"] is not None:
        payload["approved_amount"] = str(terms["approved_amount"])
    try:
        moved = application_transition(application=application, action=_action(outcome, application),
                                       actor=actor, reason=reason, payload=payload, internal=True,
                                       client_ip=client_ip)
        if lifecycle is None:  # opened with the amount the reconsideration approved
            lifecycle_open_after_meeting(application=moved, actor=actor, client_ip=client_ip)
    except (InvalidTransition, InvalidStep, ApplicationInputError) as exc:
        raise _refuse(application, getattr(exc, "reason", None) or str(exc)) from exc
    return moved


def _finish(row: Reconsideration, *, actor: User, upheld: bool, resolution: str,
            terms: dict[str, Any] | None, client_ip: str | None = None) -> Reconsideration:
    from_state = row.state
    row.state = ReconsiderationState.UPHELD if upheld else ReconsiderationState.REVISED
    row.resolution, row.resolved_by, row.resolved_at = resolution, actor, timezone.now()
    if terms is not None:
        row.new_outcome, row.approved_amount = terms["outcome"], terms["approved_amount"]
        row.conditions = terms["conditions"]
    row.save()
    audit_record(actor=actor, action="reconsideration_resolve", obj=row, from_state=from_state,
                 to_state=row.state, reason=resolution,
                 changes={"new_outcome": row.new_outcome or None,
                          "approved_amount": None if row.approved_amount is None
                          else str(row.approved_amount)}, client_ip=client_ip)
    application = row.decision.item.application
    outcome = (_("，变更为：%(o)s") % {"o": row.get_new_outcome_display()}) if terms else ""
    if application is not None:
        body = row.resolution + outcome
        if row.approved_amount is not None:
            body += _("；核定金额 %(a)s 元") % {"a": row.approved_amount}
        notify(recipient=application.created_by, verb="reconsideration",
               title=_("「%(n)s」复议结果：%(s)s") % {"n": application.name,
                                                 "s": row.get_state_display()},
               body=body, link=f"/declarations/{application.pk}/")
    notify(recipient=row.filed_by, verb="reconsideration",
           title=_("复议已处理：%(s)s") % {"s": row.get_state_display()},
           body=row.resolution + outcome, link="/meetings/reconsiderations/")
    return row


@transaction.atomic
def reconsideration_resolve(
    *, actor: User, reconsideration: Reconsideration, upheld: bool, resolution: str,
    new_outcome: object = None, approved_amount: object = None, conditions: str = "",
    client_ip: str | None = None,
) -> Reconsideration:
    """The chair settles a filed reconsideration directly (规则 四(七) 提请区政府分管副区长协调处理):
    upheld, or revised to `new_outcome`, which moves the application in the same transaction.
    One already on a meeting's agenda is decided by that meeting."""
    require_role(actor, Role.CHAIR)
    row = Reconsideration.objects.select_for_update().get(pk=reconsideration.pk)
    if row.state == ReconsiderationState.ON_AGENDA:
        raise MeetingStateError(_("该复议已列入联席会议议题，由会议审议决定。"))
    if row.state != ReconsiderationState.FILED:
        raise MeetingStateError(_("该复议已处理。"))
    resolution = (resolution or "").strip()
    if not resolution:
        raise MeetingInputError(_("resolution：请填写处理意见。"), field="resolution")
    terms = None
    if upheld:
        if new_outcome not in (None, ""):
            raise MeetingInputError(_("new_outcome：维持原决定时不填写新的决定。"),
                                    field="new_outcome")
    else:
        terms = revision_terms(reconsideration=row, new_outcome=new_outcome,
                               approved_amount=approved_amount, conditions=conditions)
        _apply_revision(row=row, actor=actor, terms=terms,
                        reason=_("复议变更原决定：%(r)s") % {"r": resolution}, client_ip=client_ip)
    return _finish(row, actor=actor, upheld=upheld, resolution=resolution, terms=terms,
                   client_ip=client_ip)


# -- on a meeting's agenda -------------------------------------------------------------------


def reconsideration_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.items.filter(kind=ItemKind.RECONSIDERATION).select_related(
        "reconsideration__decision__item__application").order_by("position")


def reconsiderations_for_agenda(meeting: Meeting) -> QuerySet[Reconsideration]:
    """Filed reconsiderations the office may put on this draft agenda."""
    return Reconsideration.objects.filter(state=ReconsiderationState.FILED).select_related(
        "decision__item__meeting", "decision__item__application").order_by("filed_at")


@transaction.atomic
def meeting_set_reconsiderations(
    *, meeting: Meeting, actor: User, reconsideration_ids: Sequence[object],
    client_ip: str | None = None,
) -> Meeting:
    """The office lists the reconsiderations for this draft agenda (提请联席会议复议); the
    agenda's reconsideration items become exactly these (removed ones are filed again)."""
    require_role(actor, Role.OFFICE)
    meeting = _locked(meeting)
    _require_state(meeting, MeetingState.DRAFT, doing=_("修改议题"))
    current = {item.reconsideration_id: item for item in reconsideration_items(meeting)}
    wanted: list[Reconsideration] = []
    for index, raw in enumerate(reconsideration_ids):
        field = f"reconsiderations[{index}]"
        try:
            pk = int(str(raw))
        except ValueError:
            raise MeetingInputError(_("%(f)s：不是有效的复议编号。") % {"f": field},
                                    field=field) from None
        row = Reconsideration.objects.select_for_update().filter(pk=pk).first()
        if row is None or not (row.state == ReconsiderationState.FILED or pk in current):
            raise MeetingInputError(_("%(f)s：复议 %(pk)s 不存在、已处理或已列入其他会议议题。")
                                    % {"f": field, "pk": pk}, field=field)
        wanted.append(row)
    if len({r.pk for r in wanted}) != len(wanted):
        raise MeetingInputError(_("reconsiderations：同一复议不能重复列入。"),
                                field="reconsiderations")
    keep = {r.pk for r in wanted}
    for listed_pk, item in current.items():
        if listed_pk not in keep:
            item.delete()
            if listed_pk is not None:
                Reconsideration.objects.filter(pk=listed_pk).update(
                    state=ReconsiderationState.FILED)
    position = meeting.items.aggregate(m=Max("position"))["m"] or 0
    for row in wanted:
        if row.pk not in current:
            position += 1
            AgendaItem.objects.create(meeting=meeting, position=position,
                                      kind=ItemKind.RECONSIDERATION, reconsideration=row,
                                      title=reconsideration_title(row)[:300])
            row.state = ReconsiderationState.ON_AGENDA
            row.save(update_fields=["state"])
    audit_record(actor=actor, action="meeting_set_reconsiderations", obj=meeting,
                 changes={"reconsiderations": sorted(keep)}, client_ip=client_ip)
    return meeting


@transaction.atomic
def meeting_record_reconsideration_decision(
    *, meeting: Meeting, actor: User, reconsideration_id: object, upheld: bool,
    new_outcome: object = None, approved_amount: object = None, conditions: str = "",
    client_ip: str | None = None,
) -> Decision:
    """Record (or correct) the meeting's decision on a reconsideration on its agenda: uphold, or
    revise to a new outcome; like every decision it takes effect when the chair signs."""
    require_role(actor, Role.OFFICE, Role.CHAIR)
    meeting = _locked(meeting)
    _require_state(meeting, MeetingState.OPEN, doing=_("记录决定"))
    if meeting_needs_quorum(meeting) and not meeting_quorum(meeting).met:
        raise QuorumNotMet(_("到会成员单位未达到法定人数（规则 四(三)），不能作出决定。"))
    try:
        item = reconsideration_items(meeting).get(reconsideration_id=int(str(reconsideration_id)))
    except (ValueError, AgendaItem.DoesNotExist):
        raise MeetingInputError(_("reconsideration_id：该复议不在本次会议议题中。"),
                                field="reconsideration_id") from None
    if item.reconsideration is None:
        raise MeetingInputError(_("reconsideration_id：该复议不在本次会议议题中。"),
                                field="reconsideration_id")
    if upheld:
        if new_outcome not in (None, ""):
            raise MeetingInputError(_("new_outcome：维持原决定时不填写新的决定。"),
                                    field="new_outcome")
        terms = {"outcome": Outcome.UPHOLD, "approved_amount": None,
                 "conditions": (conditions or "").strip()}
    else:
        terms = revision_terms(reconsideration=item.reconsideration, new_outcome=new_outcome,
                               approved_amount=approved_amount, conditions=conditions)
    decision, _created = Decision.objects.update_or_create(
        item=item, defaults={**terms, "recorded_by": actor})
    audit_record(actor=actor, action="meeting_record_decision", obj=meeting,
                 changes={"item": item.title, "kind": ItemKind.RECONSIDERATION,
                          "outcome": terms["outcome"]}, client_ip=client_ip)
    return decision


def reconsideration_decisions_apply(
    *, meeting: Meeting, actor: User, now: Any, client_ip: str | None = None,
) -> int:
    """At signing (inside its transaction): resolve each reconsideration on the agenda as the
    meeting decided, moving the application on a revision; any refusal aborts the signature."""
    decisions = (Decision.objects.filter(item__meeting=meeting,
                                         item__kind=ItemKind.RECONSIDERATION)
                 .select_related("item").order_by("item__position"))
    count = 0
    for decision in decisions:
        if decision.item.reconsideration_id is None:
            raise MeetingStateError(_("「%(t)s」未指明复议；纪要未签发，本次会议的决定均未生效。")
                                    % {"t": decision.item.title})
        row = Reconsideration.objects.select_for_update().get(pk=decision.item.reconsideration_id)
        if row.state != ReconsiderationState.ON_AGENDA:
            raise MeetingStateError(_("「%(t)s」已处理；纪要未签发，本次会议的决定均未生效。")
                                    % {"t": decision.item.title})
        resolution = decision.conditions or _("%(m)s复议决定：%(o)s") % {
            "m": meeting, "o": decision.get_outcome_display()}
        upheld = decision.outcome == Outcome.UPHOLD
        terms = None if upheld else {"outcome": decision.outcome,
                                     "approved_amount": decision.approved_amount,
                                     "conditions": decision.conditions}
        if terms is not None:
            try:
                _apply_revision(row=row, actor=actor, terms=terms,
                                reason=_("%(m)s复议决定：%(o)s") % {
                                    "m": meeting, "o": decision.get_outcome_display()},
                                client_ip=client_ip)
            except MeetingStateError as exc:
                raise MeetingStateError(_("%(why)s纪要未签发，本次会议的决定均未生效。")
                                        % {"why": exc.reason}) from exc
        _finish(row, actor=actor, upheld=upheld, resolution=resolution, terms=terms,
                client_ip=client_ip)
        decision.effective_at = now
        decision.save(update_fields=["effective_at"])
        count += 1
    return count
