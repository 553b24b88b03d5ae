"""Convening a joint meeting (规则 四): create, agenda, approval, attendance, opening, cancelling.

Decisions, signing and the written procedure are in `egovpm.meetings.decisions`.
Every service is keyword-only, atomic, and writes its audit row in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from egovpm.accounts.models import Role, User
from egovpm.audit.services import audit_record
from egovpm.declarations.models import Application, State
from egovpm.meetings import quorum
from egovpm.meetings.errors import MeetingInputError, MeetingStateError
from egovpm.meetings.membership import meeting_snapshot_members, members_by_unit_names
from egovpm.meetings.models import (
    AgendaItem,
    Attendance,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingState,
    MemberSeat,
    Reconsideration,
    ReconsiderationState,
)
from egovpm.meetings.notifications import notify
from egovpm.policy import UnknownPack, get_pack

# States in which a meeting still holds its agenda items (an application sits on one at a time).
LIVE_STATES = (MeetingState.DRAFT, MeetingState.AGENDA_APPROVED, MeetingState.OPEN)


def require_role(actor: User, *roles: str) -> None:
    if getattr(actor, "role", None) not in roles:
        labels = "、".join(str(Role(r).label) for r in roles)
        raise PermissionDenied(_("此操作须由%(roles)s办理。") % {"roles": labels})


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _require_state(meeting: Meeting, *states: str, doing: str) -> None:
    if meeting.state not in states:
        raise MeetingStateError(
            _("会议当前状态为「%(state)s」，不能%(doing)s。")
            % {"state": meeting.get_state_display(), "doing": doing}
        )


def _set_state(meeting: Meeting, *, actor: User, state: str, action: str, reason: str = "",
               client_ip: str | None = None) -> None:
    from_state, meeting.state = meeting.state, state
    meeting.save()
    audit_record(
        actor=actor, action=action, obj=meeting, from_state=from_state, to_state=state, reason=reason,
        client_ip=client_ip,
    )


@transaction.atomic
def meeting_create(
    *, actor: User, date: datetime.date, kind: str, title: str = "", client_ip: str | None = None,
) -> Meeting:
    """规则 四(二): the office convenes after the reviews; the chair may call an ad-hoc meeting or
    decide in writing (fast track)."""
    if kind not in MeetingKind.values:
        raise MeetingInputError(_("kind：会议类型只能是 regular、ad_hoc 或 written。"), field="kind")
    if kind == MeetingKind.REGULAR:
        require_role(actor, Role.OFFICE)
    else:
        require_role(actor, Role.OFFICE, Role.CHAIR)
    if not isinstance(date, datetime.date):
        raise MeetingInputError(_("date：请填写会议日期。"), field="date")
    if not MemberSeat.objects.filter(is_active=True).exists():
        raise MeetingStateError(_("尚未设置联席会议成员单位席位（规则 二），无法召集会议。"))
    try:
        pack = get_pack(on=date)
    except UnknownPack as exc:
        raise MeetingInputError(_("date：%(why)s。") % {"why": exc}, field="date") from None
    # 规则 四(三): the quorum rule of the edition in force, kept with the meeting.
    fraction, strict = quorum.rule_of_pack(pack)
    meeting = Meeting.objects.create(
        kind=kind, date=date, title=title.strip(), created_by=actor,
        quorum_numerator=fraction.numerator, quorum_denominator=fraction.denominator,
        quorum_strict=strict, policy_pack=pack.name,
    )
    meeting_snapshot_members(meeting=meeting)
    audit_record(actor=actor, action="meeting_create", obj=meeting, to_state=meeting.state,
                 client_ip=client_ip)
    return meeting


def _check_ready(application_ids: Sequence[object], meeting: Meeting) -> list[Application]:
    applications = []
    for index, raw in enumerate(application_ids):
        field = f"application_ids[{index}]"
        try:
            pk = int(str(raw))
        except ValueError:
            raise MeetingInputError(_("%(f)s：不是有效的申报编号。") % {"f": field}, field=field) from None
        application = Application.objects.filter(pk=pk).first()
        if application is None:
            raise MeetingInputError(_("%(f)s：申报 %(pk)s 不存在。") % {"f": field, "pk": pk}, field=field)
        if application.state != State.READY_FOR_MEETING:
            raise MeetingInputError(
                _("%(f)s：「%(name)s」当前状态为「%(state)s」，只有待上会的申报可以列入议题。")
                % {"f": field, "name": application.name, "state": application.get_state_display()},
                field=field,
            )
        elsewhere = (
            AgendaItem.objects.filter(application=application, meeting__state__in=LIVE_STATES)
            .exclude(meeting=meeting).select_related("meeting").first()
        )
        if elsewhere is not None:
            raise MeetingInputError(
                _("%(f)s：「%(name)s」已列入「%(meeting)s」的议题。")
                % {"f": field, "name": application.name, "meeting": elsewhere.meeting},
                field=field,
            )
        applications.append(application)
    return applications


@transaction.atomic
def meeting_set_agenda(
    *, meeting: Meeting, actor: User, application_ids: Sequence[object],
    opinions: Mapping[int, str] | None = None, client_ip: str | None = None,
) -> Meeting:
    """规则 四(四): the office proposes the agenda (the applications it lists, in order, each with
    the office's opinion); other items (plans, changes, reconsiderations) are kept."""
    require_role(actor, Role.OFFICE)
    meeting = _locked(meeting)
    _require_state(meeting, MeetingState.DRAFT, doing=_("修改议题"))
    applications = _check_ready(application_ids, meeting)
    if len({a.pk for a in applications}) != len(applications):
        raise MeetingInputError(_("application_ids：同一申报不能重复列入。"), field="application_ids")
    opinions = opinions or {}
    wanted = {a.pk for a in applications}
    meeting.items.filter(kind=ItemKind.APPLICATION).exclude(application_id__in=wanted).delete()
    existing = {i.application_id: i for i in meeting.items.filter(kind=ItemKind.APPLICATION)}
    position = meeting.items.aggregate(m=Max("position"))["m"] or 0
    for application in applications:
        item = existing.get(application.pk)
        if item is None:
            position += 1
            item = AgendaItem(
                meeting=meeting, position=position, kind=ItemKind.APPLICATION,
                application=application, title=application.name,
            )
        if application.pk in opinions:
            item.office_opinion = str(opinions[application.pk]).strip()
        item.save()
    audit_record(
        actor=actor, action="meeting_set_agenda", obj=meeting,
        changes={"application_ids": sorted(wanted)}, client_ip=client_ip,
    )
    return meeting


@transaction.atomic
def meeting_add_item(
    *, meeting: Meeting, actor: User, kind: str, title: str, office_opinion: str = "",
    reconsideration: Reconsideration | None = None, client_ip: str | None = None,
) -> AgendaItem:
    """An agenda item that is not an application: an annual plan, a change request, a 复议."""
    require_role(actor, Role.OFFICE)
    meeting = _locked(meeting)
    _require_state(meeting, MeetingState.DRAFT, doing=_("修改议题"))
    if kind not in ItemKind.values or kind == ItemKind.APPLICATION:
        raise MeetingInputError(_("kind：议题类型无效（申报请通过议题列表添加）。"), field="kind")
    if kind == ItemKind.RECONSIDERATION:
        if reconsideration is None or reconsideration.state != ReconsiderationState.FILED:
            raise MeetingInputError(_("reconsideration：请选择一项已提请、尚未处理的复议。"),
                                    field="reconsideration")
        reconsideration.state = ReconsiderationState.ON_AGENDA
        reconsideration.save(update_fields=["state"])
        title = title or str(reconsideration)
    if not title.strip():
        raise MeetingInputError(_("title：请填写议题名称。"), field="title")
    position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting, position=position, kind=kind, title=title.strip(),
        office_opinion=office_opinion.strip(), reconsideration=reconsideration,
    )
    audit_record(actor=actor, action="meeting_add_item", obj=meeting, changes={"item": item.title},
                 client_ip=client_ip)
    return item


@transaction.atomic
def meeting_set_office_opinion(
    *, item: AgendaItem, actor: User, office_opinion: str, client_ip: str | None = None,
) -> AgendaItem:
    require_role(actor, Role.OFFICE)
    meeting = _locked(item.meeting)
    _require_state(meeting, MeetingState.DRAFT, doing=_("修改办公室意见"))
    item.office_opinion = office_opinion.strip()
    item.save(update_fields=["office_opinion"])
    audit_record(actor=actor, action="meeting_set_office_opinion", obj=meeting,
                 changes={"item": item.title}, client_ip=client_ip)
    return item


@transaction.atomic
def meeting_approve_agenda(
    *, meeting: Meeting, actor: User, client_ip: str | None = None,
) -> Meeting:
    """规则 四(四): 由区政府分管副区长审定; only then do the notices go out."""
    require_role(actor, Role.CHAIR)
    meeting = _locked(meeting)
    _require_state(meeting, MeetingState.DRAFT, doing=_("审定议题"))
    if not meeting.items.exists():
        raise MeetingStateError(_("议题为空，不能审定。"))
    meeting.agenda_approved_by, meeting.agenda_approved_at = actor, timezone.now()
    _set_state(meeting, actor=actor, state=MeetingState.AGENDA_APPROVED,
               action="meeting_approve_agenda", client_ip=client_ip)
    verb = _("书面审议通知") if meeting.kind == MeetingKind.WRITTEN else _("会议通知")
    for member in meeting.members.select_related("representative"):
        if member.representative is not None:
            notify(
                recipient=member.representative, verb="meeting_notice",
                title=f"{verb}：{meeting}",
                body=_("议题 %(n)d 项。不能出席的，请在会前请假，可提交书面意见（规则 四(三)）。")
                % {"n": meeting.items.count()},
                link=f"/meetings/{meeting.pk}/",
            )
    return meeting


@transaction.atomic
def meeting_open(*, meeting: Meeting, actor: User, client_ip: str | None = None) -> Meeting:
    """The meeting starts (or, in writing, the items are circulated); leave is closed."""
    require_role(actor, Role.OFFICE, Role.CHAIR)
    meeting = _locked(meeting)
    _require_state(meeting, MeetingState.AGENDA_APPROVED, doing=_("开会"))
    meeting.opened_at = timezone.now()
    _set_state(meeting, actor=actor, state=MeetingState.OPEN, action="meeting_open",
               client_ip=client_ip)
    return meeting


@transaction.atomic
def meeting_cancel(
    *, meeting: Meeting, actor: User, reason: str = "", client_ip: str | None = None,
) -> Meeting:
    require_role(actor, Role.OFFICE, Role.CHAIR)
    meeting = _locked(meeting)
    _require_state(meeting, *LIVE_STATES, doing=_("取消"))
    meeting.cancel_reason = reason.strip()
    _set_state(meeting, actor=actor, state=MeetingState.CANCELLED, action="meeting_cancel",
               reason=reason, client_ip=client_ip)
    for item in meeting.items.filter(reconsideration__state=ReconsiderationState.ON_AGENDA):
        if item.reconsideration_id is not None:  # always, by the filter above
            Reconsideration.objects.filter(pk=item.reconsideration_id).update(state=ReconsiderationState.FILED)
    return meeting


@transaction.atomic
def meeting_record_attendance(
    *, meeting: Meeting, actor: User, present_units: Sequence[str] | None = None,
    leave: Sequence[Mapping[str, str]] | None = None, client_ip: str | None = None,
) -> Meeting:
    """规则 四(三): leave is asked before the meeting (with an optional written opinion); who is
    present is recorded once it is open, each call replacing the list."""
    require_role(actor, Role.OFFICE)
    meeting = _locked(meeting)
    if meeting.kind == MeetingKind.WRITTEN:
        raise MeetingStateError(_("书面审议不登记出席情况。"))
    leave = list(leave or [])
    if leave:
        _require_state(meeting, MeetingState.DRAFT, MeetingState.AGENDA_APPROVED,
                       doing=_("受理请假（请假须在会前提出）"))
        for index, entry in enumerate(leave):
            if not isinstance(entry, Mapping) or not str(entry.get("unit", "")).strip():
                raise MeetingInputError(_("leave[%(i)d].unit：请填写请假单位。") % {"i": index},
                                        field=f"leave[{index}].unit")
            [member] = members_by_unit_names(meeting=meeting, names=[entry["unit"]],
                                             field=f"leave[{index}].unit")
            member.attendance = Attendance.LEAVE
            member.leave_opinion = str(entry.get("opinion") or "").strip()
            member.leave_requested_at = timezone.now()
            member.save()
    if present_units is not None and (present_units or not leave):
        _require_state(meeting, MeetingState.OPEN, doing=_("登记出席（会议开始后登记）"))
        present = members_by_unit_names(meeting=meeting, names=present_units, field="present_units")
        present_ids = {m.pk for m in present}
        meeting.members.filter(attendance=Attendance.PRESENT).exclude(pk__in=present_ids).update(
            attendance=Attendance.UNRECORDED)
        meeting.members.filter(pk__in=present_ids).update(attendance=Attendance.PRESENT)
    audit_record(
        actor=actor, action="meeting_record_attendance", obj=meeting,
        changes={"present_units": list(present_units or []), "leave": [str(e.get("unit")) for e in leave]},
        client_ip=client_ip,
    )
    return meeting


@transaction.atomic
def meeting_request_leave(
    *, meeting: Meeting, actor: User, opinion: str = "", client_ip: str | None = None,
) -> Meeting:
    """A member asks leave for its own seat before the meeting (规则 四(三))."""
    from egovpm.meetings.membership import member_of_user

    require_role(actor, Role.MEMBER)
    meeting = _locked(meeting)
    if meeting.kind == MeetingKind.WRITTEN:
        raise MeetingStateError(_("书面审议无需请假，请直接提交书面意见。"))
    _require_state(meeting, MeetingState.DRAFT, MeetingState.AGENDA_APPROVED,
                   doing=_("请假（请假须在会前提出）"))
    member = member_of_user(meeting=meeting, user=actor)
    if member is None:
        raise PermissionDenied(_("您不是本次会议成员单位的代表。"))
    member.attendance = Attendance.LEAVE
    member.leave_opinion = opinion.strip()
    member.leave_requested_at = timezone.now()
    member.save()
    audit_record(actor=actor, action="meeting_request_leave", obj=meeting,
                 changes={"unit": member.unit_name}, client_ip=client_ip)
    return meeting
