"""Decisions of the joint meeting and how they take effect.

A decision is recorded during the meeting (only with a quorum, 规则 四(三)) but moves nothing:
the chair's signature on the minutes (规则 四(五) 会议纪要由区政府分管副区长签发) applies every
decision of the meeting in one transaction, or none of them. The written procedure (规则 四(二))
collects members' written opinions and ends in the same signature.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egovpm.accounts.models import Role, User
from egovpm.audit.services import audit_record
from egovpm.declarations.inputs import ApplicationInputError, parse_amount
from egovpm.declarations.models import Application
from egovpm.lifecycle.services import lifecycle_open_after_meeting
from egovpm.lifecycle.transitions import InvalidStep
from egovpm.meetings.errors import MeetingInputError, MeetingStateError, QuorumNotMet
from egovpm.meetings.lifecycle_items import lifecycle_decisions_apply, lifecycle_items
from egovpm.meetings.membership import member_of_user
from egovpm.meetings.models import (
    AgendaItem,
    Decision,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingState,
    OpinionStance,
    Outcome,
    WrittenOpinion,
)
from egovpm.meetings.notifications import notify
from egovpm.meetings.selectors import meeting_needs_quorum, meeting_quorum
from egovpm.meetings.services import _locked, _require_state, _set_state, require_role
from egovpm.review.services import application_transition
from egovpm.review.transitions import FILING_ROUTES, InvalidTransition

GOV_INVESTMENT = "GOV_INVESTMENT"

OUTCOME_ACTIONS = {
    Outcome.APPROVE: "meeting_approve",
    Outcome.FILE: "meeting_file",
    Outcome.DEFER: "meeting_defer",
    Outcome.RESERVE: "meeting_reserve",
    Outcome.REJECT: "meeting_reject",
}


def outcome_action(outcome: str, application: Application) -> str:
    """The review transition a decision becomes; GOV_INVESTMENT goes to its own procedure."""
    if outcome == Outcome.APPROVE and application.effective_route == GOV_INVESTMENT:
        return "meeting_handover"
    return OUTCOME_ACTIONS[Outcome(outcome)]


def _application_of(item: AgendaItem) -> Application:
    """An application item's application (the application_item_names_application constraint
    guarantees one)."""
    assert item.application is not None
    return item.application


def _check_outcome_fits_route(outcome: str, application: Application) -> None:
    """审核同意 belongs to review routes and 备案同意 to filing routes (规则 五(三)); a mismatch is
    refused so that a filed project is never recorded as reviewed, or the reverse."""
    route = application.effective_route
    if outcome == Outcome.FILE and route not in FILING_ROUTES:
        raise MeetingInputError(
            _("outcome：「%(name)s」走审核流程（%(route)s），应选择“审核同意”而非“备案同意”。")
            % {"name": application.name, "route": route or "—"}, field="outcome")
    if outcome == Outcome.APPROVE and route in FILING_ROUTES:
        raise MeetingInputError(
            _("outcome：「%(name)s」走备案流程（%(route)s），应选择“备案同意”而非“审核同意”。")
            % {"name": application.name, "route": route}, field="outcome")


def _amount(raw: object, application: Application) -> Decimal:
    """The approved amount: the declarations' money rule (`parse_amount`), then the meeting's
    own: not above the declared total; blank means the declared total."""
    try:
        amount = parse_amount(raw, "approved_amount", required=False)
    except ApplicationInputError as exc:
        raise MeetingInputError(str(exc), field=exc.field) from None
    if amount is None:
        return application.total_amount
    if amount > application.total_amount:
        raise MeetingInputError(
            _("approved_amount：核定金额不能超过申报金额 %(total)s 元。")
            % {"total": application.total_amount}, field="approved_amount")
    return amount


@transaction.atomic
def meeting_record_decision(
    *, meeting: Meeting, actor: User, application_id: object, outcome: str,
    approved_amount: object = None, conditions: str = "", client_ip: str | None = None,
) -> Decision:
    """Record (or correct) the meeting's decision on one application; it takes effect at signing."""
    require_role(actor, Role.OFFICE, Role.CHAIR)
    meeting = _locked(meeting)
    _require_state(meeting, MeetingState.OPEN, doing=_("记录决定"))
    if meeting_needs_quorum(meeting):
        q = meeting_quorum(meeting)
        if not q.met:
            raise QuorumNotMet(
                _("到会成员单位 %(p)d 家，未达到法定人数（%(t)d 家成员单位须至少 %(r)d 家到会，"
                  "规则 四(三)：须有半数以上成员单位到会方能召开），不能作出决定。")
                % {"p": q.present, "t": q.total, "r": q.required})
    if outcome not in OUTCOME_ACTIONS:
        raise MeetingInputError(_("outcome：决定只能是 approve、file、defer、reserve 或 reject。"),
                                field="outcome")
    try:
        item = meeting.items.select_related("application").get(
            kind=ItemKind.APPLICATION, application_id=int(str(application_id)))
    except (ValueError, AgendaItem.DoesNotExist):
        raise MeetingInputError(_("application_id：该申报不在本次会议议题中。"),
                                field="application_id") from None
    application = _application_of(item)
    _check_outcome_fits_route(outcome, application)
    conditions = (conditions or "").strip()
    amount = None
    if outcome == Outcome.APPROVE:
        amount = _amount(approved_amount, application)
    elif approved_amount not in (None, ""):
        raise MeetingInputError(_("approved_amount：只有“审核同意”才填写核定金额。"),
                                field="approved_amount")
    if outcome == Outcome.DEFER and not conditions:
        raise MeetingInputError(_("conditions：暂缓的项目须写明需补充论证的内容（规则 五(四)3）。"),
                                field="conditions")
    decision, _created = Decision.objects.update_or_create(
        item=item,
        defaults={"outcome": outcome, "approved_amount": amount, "conditions": conditions,
                  "recorded_by": actor},
    )
    audit_record(
        actor=actor, action="meeting_record_decision", obj=meeting,
        changes={"application": application.pk, "outcome": outcome,
                 "approved_amount": str(amount) if amount is not None else None},
        client_ip=client_ip,
    )
    return decision


@transaction.atomic
def meeting_submit_opinion(
    *, meeting: Meeting, actor: User, application_id: object, stance: str, text: str = "",
    client_ip: str | None = None,
) -> WrittenOpinion:
    """书面审议 (规则 四(二)): a member's written opinion on one circulated item."""
    require_role(actor, Role.MEMBER)
    meeting = _locked(meeting)
    if meeting.kind != MeetingKind.WRITTEN:
        raise MeetingStateError(_("只有书面审议收集书面意见；请假单位的书面意见随请假提交。"))
    _require_state(meeting, MeetingState.OPEN, doing=_("提交书面意见"))
    member = member_of_user(meeting=meeting, user=actor)
    if member is None:
        raise PermissionDenied(_("您不是本次会议成员单位的代表。"))
    if stance not in OpinionStance.values:
        raise MeetingInputError(_("stance：意见只能是 agree、disagree 或 abstain。"), field="stance")
    try:
        item = meeting.items.get(kind=ItemKind.APPLICATION, application_id=int(str(application_id)))
    except (ValueError, AgendaItem.DoesNotExist):
        raise MeetingInputError(_("application_id：该申报不在本次书面审议中。"),
                                field="application_id") from None
    opinion, _created = WrittenOpinion.objects.update_or_create(
        member=member, item=item, defaults={"stance": stance, "text": text.strip(), "author": actor})
    audit_record(actor=actor, action="meeting_submit_opinion", obj=meeting,
                 changes={"unit": member.unit_name, "item": item.title, "stance": stance},
                 client_ip=client_ip)
    return opinion


def _payload(decision: Decision) -> dict[str, str]:
    payload = {"conditions": decision.conditions}
    if decision.approved_amount is not None:
        payload["approved_amount"] = str(decision.approved_amount)
    return payload


@transaction.atomic
def meeting_sign_minutes(
    *, meeting: Meeting, actor: User, client_ip: str | None = None,
) -> Meeting:
    """The chair signs the minutes: every decision takes effect, atomically, then the approved
    list is sent to every member unit and each applicant (规则 五(四)1 抄送)."""
    require_role(actor, Role.CHAIR)
    meeting = _locked(meeting)
    _require_state(meeting, MeetingState.OPEN, doing=_("签发纪要"))
    if meeting_needs_quorum(meeting) and not meeting_quorum(meeting).met:
        raise QuorumNotMet(_("到会成员单位未达到法定人数（规则 四(三)），纪要不能签发。"))
    items = list(meeting.items.filter(kind=ItemKind.APPLICATION).select_related("application"))
    from egovpm.meetings.reconsiderations import (
        reconsideration_decisions_apply,
        reconsideration_items,
    )

    undecided = [i.title for i in [*items, *lifecycle_items(meeting),
                                   *reconsideration_items(meeting)]
                 if not Decision.objects.filter(item=i).exists()]
    if undecided:
        raise MeetingStateError(_("以下议题尚未作出决定：%(t)s。") % {"t": "、".join(undecided)})
    now = timezone.now()
    decisions = list(Decision.objects.filter(item__in=items).select_related("item__application")
                     .order_by("item__position"))
    for decision in decisions:
        application = _application_of(decision.item)
        try:
            moved = application_transition(
                application=application, action=outcome_action(decision.outcome, application),
                actor=actor, reason=_("%(m)s决定：%(o)s") % {"m": meeting, "o": decision.get_outcome_display()},
                payload=_payload(decision), internal=True, client_ip=client_ip,
            )
            # 规则 五(五): the project is tracked from the moment the chair signs.
            lifecycle_open_after_meeting(application=moved, actor=actor, client_ip=client_ip)
        except (InvalidTransition, InvalidStep, ApplicationInputError, Application.DoesNotExist) as exc:
            why = getattr(exc, "reason", None) or str(exc)
            raise MeetingStateError(
                _("「%(name)s」无法执行决定（%(why)s）；纪要未签发，本次会议的决定均未生效。")
                % {"name": application.name, "why": why}) from exc
        decision.effective_at = now
        decision.save(update_fields=["effective_at"])
    # Changes and stop reviews (规则 五(五)1, 5) take effect with the same signature.
    lifecycle_decisions_apply(meeting=meeting, actor=actor, now=now, client_ip=client_ip)
    # Reconsiderations (规则 四(七) 提请联席会议复议): upheld, or the application moves again.
    reconsideration_decisions_apply(meeting=meeting, actor=actor, now=now, client_ip=client_ip)
    meeting.signed_by, meeting.signed_at = actor, now
    _set_state(meeting, actor=actor, state=MeetingState.SIGNED, action="meeting_sign_minutes",
               client_ip=client_ip)
    _distribute(meeting, decisions)
    return meeting


def _distribute(meeting: Meeting, decisions: list[Decision]) -> None:
    approved = [d for d in decisions if d.outcome in (Outcome.APPROVE, Outcome.FILE)]
    listing = "\n".join(
        f"{_application_of(d.item).name}（{_application_of(d.item).unit}）：{d.get_outcome_display()}"
        + (f"，核定金额 {d.approved_amount} 元" if d.approved_amount is not None else "")
        for d in approved
    ) or _("本次会议无审核同意或备案同意的项目。")
    link = f"/meetings/{meeting.pk}/"
    notified: set[int] = set()
    for member in meeting.members.select_related("representative"):
        if member.representative is not None and member.representative.pk not in notified:
            notified.add(member.representative.pk)
            notify(recipient=member.representative, verb="approved_list",
                   title=_("%(m)s审核通过项目清单") % {"m": meeting}, body=listing, link=link)
    for decision in decisions:
        application = _application_of(decision.item)
        body = _("决定：%(o)s") % {"o": decision.get_outcome_display()}
        if decision.approved_amount is not None:
            body += _("；核定金额 %(a)s 元") % {"a": decision.approved_amount}
        if decision.conditions:
            body += _("；%(c)s") % {"c": decision.conditions}
        notify(recipient=application.created_by, verb="meeting_decision",
               title=_("「%(n)s」联席会议决定：%(o)s") % {"n": application.name,
                                                  "o": decision.get_outcome_display()},
               body=body, link=f"/declarations/{application.pk}/")
