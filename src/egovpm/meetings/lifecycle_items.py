"""Items the lifecycle sends to the joint meeting: change requests (规则 五(五)5 项目变更须经联席会议
审议同意) and stop reviews (五(五)1 超过半年未启动政府采购的,由联席会议审议决定是否停止实施).

The office puts them on a draft agenda, the meeting records a decision on each, and the chair's
signature applies them through the lifecycle's own steps, in the signing transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from egovpm.accounts.models import Role, User
from egovpm.audit.services import audit_record
from egovpm.lifecycle.models import ChangeRequest, ChangeState, ProjectLifecycle
from egovpm.lifecycle.selectors import stop_reviews_pending
from egovpm.lifecycle.services import lifecycle_apply_meeting_decision
from egovpm.lifecycle.transitions import Action, InvalidStep
from egovpm.meetings.errors import MeetingInputError, MeetingStateError, QuorumNotMet
from egovpm.meetings.models import AgendaItem, Decision, ItemKind, Meeting, MeetingState, Outcome
from egovpm.meetings.selectors import meeting_needs_quorum, meeting_quorum
from egovpm.meetings.services import LIVE_STATES, _locked, _require_state, require_role

LIFECYCLE_KINDS = (ItemKind.CHANGE, ItemKind.STOP_REVIEW)
# The decisions each kind of item admits, and the lifecycle step that applies them.
OUTCOMES: dict[str, tuple[Outcome, Outcome]] = {
    ItemKind.CHANGE: (Outcome.CONSENT, Outcome.REFUSE),
    ItemKind.STOP_REVIEW: (Outcome.STOP, Outcome.CONTINUE),
}


def change_title(change: ChangeRequest) -> str:
    """「…项目变更（kind）」, without doubling 项目 when the project's name already ends in it."""
    name = change.lifecycle.name
    suffix = "变更" if name.endswith("项目") else "项目变更"
    return _("%(name)s%(suffix)s（%(kind)s）") % {
        "name": name, "suffix": suffix, "kind": change.get_kind_display()}


def lifecycle_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The change and stop-review items of a meeting, in agenda order."""
    return meeting.items.filter(kind__in=LIFECYCLE_KINDS).select_related(
        "change_request", "lifecycle").order_by("position")


def _ref(raw: object, field: str) -> int:
    try:
        return int(str(raw))
    except ValueError:
        raise MeetingInputError(_("%(f)s：不是有效的编号。") % {"f": field}, field=field) from None


def _resolve(entry: object, index: int, meeting: Meeting) -> dict[str, Any]:
    """One requested item → the agenda row's fields; refuses what the meeting cannot take up."""
    field = f"items[{index}]"
    if not isinstance(entry, Mapping):
        raise MeetingInputError(_("%(f)s：须为 {\"kind\", \"ref\"}。") % {"f": field}, field=field)
    kind = str(entry.get("kind") or "")
    ref = _ref(entry.get("ref"), f"{field}.ref")
    live = AgendaItem.objects.filter(meeting__state__in=LIVE_STATES).exclude(meeting=meeting)
    if kind == ItemKind.CHANGE:
        change = ChangeRequest.objects.select_related("lifecycle").filter(pk=ref).first()
        if change is None or change.state != ChangeState.PENDING:
            raise MeetingInputError(_("%(f)s.ref：变更申请 %(ref)s 不存在或已有决定。")
                                    % {"f": field, "ref": ref}, field=f"{field}.ref")
        elsewhere = live.filter(change_request=change).select_related("meeting").first()
        title = change_title(change)
        row = {"kind": kind, "change_request": change, "lifecycle": change.lifecycle,
               "title": title}
    elif kind == ItemKind.STOP_REVIEW:
        lifecycle = stop_reviews_pending().filter(pk=ref).first()
        if lifecycle is None:
            raise MeetingInputError(_("%(f)s.ref：项目 %(ref)s 未提请联席会议审议停止实施。")
                                    % {"f": field, "ref": ref}, field=f"{field}.ref")
        elsewhere = live.filter(kind=kind, lifecycle=lifecycle).select_related("meeting").first()
        title = _("%(name)s超过半年未启动采购，审议是否停止实施") % {"name": lifecycle.name}
        row = {"kind": kind, "change_request": None, "lifecycle": lifecycle, "title": title}
    else:
        raise MeetingInputError(_("%(f)s.kind：议题类型只能是 change 或 stop_review。")
                                % {"f": field}, field=f"{field}.kind")
    if elsewhere is not None:
        raise MeetingInputError(_("%(f)s：「%(t)s」已列入「%(m)s」的议题。")
                                % {"f": field, "t": title, "m": elsewhere.meeting}, field=field)
    return row


def _key(row: Mapping[str, Any]) -> tuple[str, int]:
    target = row["change_request"] if row["kind"] == ItemKind.CHANGE else row["lifecycle"]
    return (row["kind"], target.pk)


def _item_key(item: AgendaItem) -> tuple[str, int | None]:
    return (item.kind, item.change_request_id if item.kind == ItemKind.CHANGE else item.lifecycle_id)


@transaction.atomic
def meeting_set_lifecycle_items(
    *, meeting: Meeting, actor: User, items: Sequence[object], client_ip: str | None = None,
) -> Meeting:
    """The office lists the change requests and stop reviews for this meeting (in order); the
    agenda's change and stop-review items become exactly these, other items are kept."""
    require_role(actor, Role.OFFICE)
    meeting = _locked(meeting)
    _require_state(meeting, MeetingState.DRAFT, doing=_("修改议题"))
    rows = [_resolve(entry, index, meeting) for index, entry in enumerate(items)]
    wanted = [_key(row) for row in rows]
    if len(set(wanted)) != len(wanted):
        raise MeetingInputError(_("items：同一事项不能重复列入。"), field="items")
    existing = {_item_key(item): item for item in lifecycle_items(meeting)}
    for key, item in existing.items():
        if key not in wanted:
            item.delete()
    position = meeting.items.aggregate(m=Max("position"))["m"] or 0
    for row in rows:
        if _key(row) not in existing:
            position += 1
            AgendaItem.objects.create(meeting=meeting, position=position, **row)
    audit_record(actor=actor, action="meeting_set_lifecycle_items", obj=meeting,
                 changes={"items": [{"kind": k, "ref": r} for k, r in wanted]},
                 client_ip=client_ip)
    return meeting


def _find(meeting: Meeting, kind: str, ref: object) -> AgendaItem:
    pk = _ref(ref, "ref")
    lookup = {"change_request_id": pk} if kind == ItemKind.CHANGE else {"lifecycle_id": pk}
    item = lifecycle_items(meeting).filter(kind=kind, **lookup).first()
    if item is None:
        raise MeetingInputError(_("ref：该事项不在本次会议议题中。"), field="ref")
    return item


@transaction.atomic
def meeting_record_lifecycle_decision(
    *, meeting: Meeting, actor: User, kind: str, ref: object, outcome: str, conditions: str = "",
    client_ip: str | None = None,
) -> Decision:
    """Record (or correct) the decision on a change (consent | refuse) or a stop review
    (stop | continue); like every decision it takes effect when the chair signs."""
    require_role(actor, Role.OFFICE, Role.CHAIR)
    meeting = _locked(meeting)
    _require_state(meeting, MeetingState.OPEN, doing=_("记录决定"))
    if meeting_needs_quorum(meeting) and not meeting_quorum(meeting).met:
        raise QuorumNotMet(_("到会成员单位未达到法定人数（规则 四(三)），不能作出决定。"))
    if kind not in OUTCOMES:
        raise MeetingInputError(_("kind：议题类型只能是 change 或 stop_review。"), field="kind")
    item = _find(meeting, kind, ref)
    if outcome not in OUTCOMES[kind]:
        raise MeetingInputError(_("outcome：此议题的决定只能是 %(o)s。")
                                % {"o": "、".join(OUTCOMES[kind])}, field="outcome")
    decision, _created = Decision.objects.update_or_create(
        item=item, defaults={"outcome": outcome, "approved_amount": None,
                             "conditions": (conditions or "").strip(), "recorded_by": actor})
    audit_record(actor=actor, action="meeting_record_decision", obj=meeting,
                 changes={"item": item.title, "kind": kind, "outcome": outcome},
                 client_ip=client_ip)
    return decision


def _step(decision: Decision, meeting: Meeting) -> tuple[str, dict[str, Any]]:
    note = decision.conditions or _("%(m)s决定：%(o)s") % {
        "m": meeting, "o": decision.get_outcome_display()}
    if decision.item.kind == ItemKind.CHANGE:
        return Action.DECIDE_CHANGE, {"approved": decision.outcome == Outcome.CONSENT,
                                      "note": note}
    return Action.RECORD_STOP_DECISION, {"decision": decision.outcome, "note": note}


def lifecycle_decisions_apply(
    *, meeting: Meeting, actor: User, now: Any, client_ip: str | None = None,
) -> int:
    """At signing (inside its transaction): apply each change / stop-review decision through
    the lifecycle; any refusal aborts the whole signature. Returns how many were applied."""
    if actor.role != Role.CHAIR:
        raise PermissionDenied(_("纪要须由区政府分管副区长签发。"))
    decisions = (Decision.objects.filter(item__meeting=meeting, item__kind__in=LIFECYCLE_KINDS)
                 .select_related("item__change_request", "item__lifecycle")
                 .order_by("item__position"))
    count = 0
    for decision in decisions:
        item = decision.item
        if item.kind == ItemKind.CHANGE:
            if item.change_request_id is None:  # as `get(pk=None)` would
                raise ChangeRequest.DoesNotExist
            change = ChangeRequest.objects.get(pk=item.change_request_id)
            if change.state != ChangeState.PENDING:
                raise MeetingStateError(
                    _("「%(t)s」已有决定（%(s)s），纪要未签发，本次会议的决定均未生效。")
                    % {"t": item.title, "s": change.get_state_display()})
        action, payload = _step(decision, meeting)
        if item.lifecycle_id is None:  # as `get(pk=None)` would
            raise ProjectLifecycle.DoesNotExist
        try:
            lifecycle_apply_meeting_decision(
                lifecycle=ProjectLifecycle.objects.get(pk=item.lifecycle_id), action=action,
                actor=actor, payload=payload, today=timezone.localdate(now),
                client_ip=client_ip)
        except InvalidStep as exc:
            raise MeetingStateError(
                _("「%(t)s」无法执行决定（%(why)s）；纪要未签发，本次会议的决定均未生效。")
                % {"t": item.title, "why": exc.reason}) from exc
        decision.effective_at = now
        decision.save(update_fields=["effective_at"])
        count += 1
    return count
