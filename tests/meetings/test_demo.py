"""The demo: 14 seats with representatives, one past signed meeting, idempotent."""

import pytest

from egovpm.declarations.models import Application, State
from egovpm.meetings import demo
from egovpm.meetings.models import Meeting, MeetingState, MemberSeat, SeatRepresentative

pytestmark = pytest.mark.django_db


def test_demo_load_is_idempotent_and_leaves_work_for_a_newcomer(office_clerk, chair, make_ready):
    apps = [make_ready(), make_ready("FILING", "400000.00"), make_ready(), make_ready()]
    demo.load()
    counts = (MemberSeat.objects.count(), SeatRepresentative.objects.count(), Meeting.objects.count())
    demo.load()
    assert (MemberSeat.objects.count(), SeatRepresentative.objects.count(),
            Meeting.objects.count()) == counts == (14, 14, 1)
    assert Meeting.objects.get().state == MeetingState.SIGNED
    states = [Application.objects.get(pk=a.pk).state for a in apps]
    assert states.count(State.READY_FOR_MEETING) == demo_keep()
    assert {State.APPROVED, State.FILED} & set(states)


def demo_keep() -> int:
    from egovpm.meetings.demo_meeting import KEEP_READY

    return KEEP_READY
