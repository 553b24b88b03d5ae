"""Demo data for the joint meeting: the 14 seats of 规则 二 with their units and representatives,
one past signed meeting, and applications left ready for a newcomer to hold a meeting.

Idempotent: `load_demo` may run it any number of times.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from egovpm.accounts.models import Role, Unit, UnitKind, User
from egovpm.meetings.models import MemberSeat, SeatHolding, SeatRepresentative

# 规则 二: 联席会议由区委办公室(区机要局)、……、区大数据中心、区城运中心等成员单位组成.
MEMBER_UNITS = (
    "区委办公室（区机要局）", "区委网信办", "区档案局", "区委保密办（区保密局）",
    "区政府办公室（电子政务科、审改科）", "区发展改革委", "区科委（区信息委）", "区司法局",
    "区财政局", "区审计局", "区地区办", "区机管局（区政府采购中心）", "区城运中心", "区大数据中心",
)
SEATS_FROM = datetime.date(2023, 1, 1)
DEMO_PASSWORD = "Demo-2026-yp"


@transaction.atomic
def seats_ensure(names: tuple[str, ...] = MEMBER_UNITS, *, on: datetime.date = SEATS_FROM) -> list[MemberSeat]:
    """The seats of 规则 二, each held by its unit since `on` (units created when missing)."""
    seats = []
    for number, name in enumerate(names, start=1):
        unit, _created = Unit.objects.get_or_create(
            name=name, defaults={"kind": UnitKind.DEPARTMENT, "is_member": True})
        if not unit.is_member:
            unit.is_member = True
            unit.save(update_fields=["is_member"])
        seat, _created = MemberSeat.objects.get_or_create(number=number, defaults={"title": name})
        if not seat.holdings.exists():
            SeatHolding.objects.create(seat=seat, unit=unit, valid_from=on)
        seats.append(seat)
    return seats


@transaction.atomic
def representatives_ensure(seats: list[MemberSeat], *, on: datetime.date = SEATS_FROM) -> None:
    """Each seat's representative: the member user of its unit (the accounts demo creates one per
    member unit), else a new `memberNN`; seats that already have one are left alone."""
    from egovpm.accounts.demo import DEMO_PASSWORD

    for seat in seats:
        if seat.representatives.exists():
            continue
        holding = seat.holdings.filter(valid_to__isnull=True).select_related("unit").first()
        unit = holding.unit if holding else None
        username = f"member{seat.number:02d}"
        user = (User.objects.filter(role=Role.MEMBER, unit=unit).order_by("pk").first()
                or User.objects.filter(username=username).first())
        if user is None:
            user = User.objects.create_user(
                username=username, password=DEMO_PASSWORD, role=Role.MEMBER, unit=unit,
                display_name=f"{unit.name if unit else seat.title}代表")
        SeatRepresentative.objects.create(seat=seat, user=user, valid_from=on)


def load() -> str:
    seats = seats_ensure()
    representatives_ensure(seats)
    from egovpm.meetings.demo_meeting import meetings_ensure, ready_for_newcomer

    meeting = meetings_ensure()
    if meeting is None:
        return f"席位 {len(seats)} 个；缺少演示用户，未召开演示会议"
    return (f"席位 {len(seats)} 个；已签发会议「{meeting}」，"
            f"待上会申报 {len(ready_for_newcomer())} 个")
