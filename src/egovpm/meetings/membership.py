"""Member seats of 规则 二 over time: who holds each seat, who represents it, and how a meeting
keeps the members it had.

规则 二: 成员单位如因机构调整等原因职能发生转变的，由新承担相关职能的单位自然替补；
成员……职务如有变动，由该成员单位的相关领导自然替补.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from egovpm.accounts.models import Role, Unit, User
from egovpm.audit.services import audit_record
from egovpm.meetings.errors import MeetingInputError
from egovpm.meetings.models import (
    Meeting,
    MeetingMember,
    MemberSeat,
    SeatHolding,
    SeatRepresentative,
)


def _valid_on(day: datetime.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def seat_holding_on(seat: MemberSeat, day: datetime.date) -> SeatHolding | None:
    """The holding valid on `day`, else the current one (a meeting planned before a handover)."""
    holding = seat.holdings.filter(_valid_on(day)).order_by("-valid_from").first()
    return holding or seat.holdings.filter(valid_to__isnull=True).first()


def seat_representative_on(seat: MemberSeat, day: datetime.date) -> User | None:
    row = seat.representatives.filter(_valid_on(day)).order_by("-valid_from").first()
    row = row or seat.representatives.filter(valid_to__isnull=True).order_by("-valid_from").first()
    return row.user if row else None


@transaction.atomic
def seat_replace_unit(
    *, actor: User | None, seat: MemberSeat, unit: Unit, on: datetime.date
) -> SeatHolding:
    """自然替补: `unit` takes over `seat` from `on`; the previous holding ends the day before."""
    if actor is not None and actor.role not in (Role.OFFICE, Role.SYSADMIN):
        raise PermissionDenied(_("只有联席会议办公室或系统管理员可以调整成员单位。"))
    current = seat.holdings.select_for_update().filter(valid_to__isnull=True).first()
    if current is not None:
        if current.unit_id == unit.pk:
            return current
        if on <= current.valid_from:
            raise MeetingInputError(_("替补日期必须晚于现任单位的起始日期。"), field="valid_from")
        current.valid_to = on - datetime.timedelta(days=1)
        current.save(update_fields=["valid_to"])
    holding = SeatHolding.objects.create(seat=seat, unit=unit, valid_from=on)
    if not unit.is_member:
        unit.is_member = True
        unit.save(update_fields=["is_member"])
    audit_record(
        actor=actor, action="seat_replace_unit", obj=seat,
        changes={"unit": [current.unit.name if current else "", unit.name], "from": on.isoformat()},
    )
    return holding


@transaction.atomic
def seat_set_representative(
    *, actor: User | None, seat: MemberSeat, user: User, on: datetime.date
) -> SeatRepresentative:
    """The seat's representative from `on` (the previous one's period ends the day before)."""
    if actor is not None and actor.role not in (Role.OFFICE, Role.SYSADMIN):
        raise PermissionDenied(_("只有联席会议办公室或系统管理员可以调整成员代表。"))
    current = seat.representatives.select_for_update().filter(valid_to__isnull=True).first()
    if current is not None:
        if current.user_id == user.pk:
            return current
        current.valid_to = max(current.valid_from, on - datetime.timedelta(days=1))
        current.save(update_fields=["valid_to"])
    row = SeatRepresentative.objects.create(seat=seat, user=user, valid_from=on)
    audit_record(
        actor=actor, action="seat_set_representative", obj=seat,
        changes={"representative": [str(current.user) if current else "", str(user)]},
    )
    return row


def meeting_snapshot_members(*, meeting: Meeting) -> list[MeetingMember]:
    """Copy the seats as they stand on the meeting's date (called inside meeting_create)."""
    members = []
    for seat in MemberSeat.objects.filter(is_active=True).order_by("number"):
        holding = seat_holding_on(seat, meeting.date)
        if holding is None:
            continue
        members.append(
            MeetingMember(
                meeting=meeting, seat=seat, unit=holding.unit, unit_name=holding.unit.name,
                representative=seat_representative_on(seat, meeting.date),
            )
        )
    return MeetingMember.objects.bulk_create(members)


def members_by_unit_names(
    *, meeting: Meeting, names: Iterable[str], field: str
) -> list[MeetingMember]:
    """Resolve unit names to the meeting's seats, each seat once.

    A name may be the unit the meeting recorded or any unit that ever held (or now holds) the
    same seat: a replaced unit and its successor are one seat and count once.
    """
    members = {m.seat_id: m for m in meeting.members.all()}
    by_name = {m.unit_name: m for m in members.values()}
    for holding in SeatHolding.objects.filter(seat_id__in=members).select_related("unit"):
        by_name.setdefault(holding.unit.name, members[holding.seat_id])
    resolved: dict[int, MeetingMember] = {}
    for index, raw in enumerate(names):
        name = str(raw).strip()
        member = by_name.get(name)
        if member is None:
            raise MeetingInputError(
                _("%(field)s[%(index)d]：「%(name)s」不是本次会议的成员单位。")
                % {"field": field, "index": index, "name": name},
                field=f"{field}[{index}]",
            )
        resolved[member.seat_id] = member
    return list(resolved.values())


def member_of_user(*, meeting: Meeting, user: User) -> MeetingMember | None:
    """The seat `user` speaks for at this meeting: as its representative, or as a member of its unit."""
    member = meeting.members.filter(representative=user).first()
    if member is None and user.role == Role.MEMBER and user.unit_id:
        member = meeting.members.filter(unit_id=user.unit_id).first()
    return member
