"""The meeting pages take change requests and stop reviews (规则 五(五)1, 五(五)5) onto a draft
agenda, record the meeting's decision on them, and the chair's signature applies it."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm.lifecycle.models import ChangeState, ProjectLifecycle, Stage
from egovpm.lifecycle.services import lifecycle_open, lifecycle_transition
from egovpm.meetings.models import Decision, ItemKind, MeetingKind, MeetingState
from egovpm.meetings.services import (
    meeting_approve_agenda,
    meeting_create,
    meeting_open,
    meeting_record_attendance,
)
from tests.factories import make_persona
from tests.lifecycle.conftest import make_application
from tests.meetings.conftest import units

pytestmark = pytest.mark.django_db
RELEASED = dt.date(2026, 1, 5)


@pytest.fixture
def projects(applicant_kewei, office_clerk):
    """One budgeted project asks to change its amount, another waited half a year."""
    finance = make_persona("finance")

    def budgeted(name: str) -> ProjectLifecycle:
        lc = lifecycle_open(application=make_application(applicant_kewei, name=name))
        return lifecycle_transition(lifecycle=lc, action="release_budget", actor=finance,
                                    payload={"released_on": RELEASED}, today=RELEASED)

    changing = lifecycle_transition(
        lifecycle=budgeted("区城运中心平台升级项目"), action="request_change", actor=applicant_kewei,
        payload={"kind": "amount", "description": "压减硬件", "new_amount": "1000000"},
        today=dt.date(2026, 3, 1))
    idle = lifecycle_transition(lifecycle=budgeted("区档案数字化项目"), action="place_on_stop_agenda",
                                actor=office_clerk, today=dt.date(2026, 7, 10))
    return {"change": changing.change_requests.get(), "idle": idle}


def agenda_post(client, meeting, *, applications=(), lifecycle=()):
    return client.post(f"/meetings/{meeting.pk}/agenda/", {
        "application_ids": [str(a.pk) for a in applications], "lifecycle_form": "1",
        "lifecycle_items": list(lifecycle)})


def test_the_draft_agenda_offers_the_waiting_changes_and_stop_reviews(
        meeting, office_clerk, projects, login_client):
    page = login_client(office_clerk).get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'value="change:{projects["change"].pk}"' in page
    assert f'value="stop_review:{projects["idle"].pk}"' in page
    assert "区档案数字化项目超过半年未启动采购，审议是否停止实施" in page


def test_the_office_puts_them_on_the_agenda_and_takes_them_off_again(
        meeting, office_clerk, projects, make_ready, login_client):
    client = login_client(office_clerk)
    app = make_ready()
    agenda_post(client, meeting, applications=[app], lifecycle=[
        f"change:{projects['change'].pk}", f"stop_review:{projects['idle'].pk}"])
    kinds = list(meeting.items.order_by("position").values_list("kind", flat=True))
    assert kinds == [ItemKind.APPLICATION, ItemKind.CHANGE, ItemKind.STOP_REVIEW]
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "变更内容及理由：压减硬件" in page and 'data-kind="stop_review"' in page

    agenda_post(client, meeting, applications=[app], lifecycle=[f"stop_review:{projects['idle'].pk}"])
    kinds = list(meeting.items.order_by("position").values_list("kind", flat=True))
    assert kinds == [ItemKind.APPLICATION, ItemKind.STOP_REVIEW]


def test_a_form_without_the_lifecycle_part_keeps_those_items(
        meeting, office_clerk, projects, make_ready, login_client):
    client = login_client(office_clerk)
    agenda_post(client, meeting, lifecycle=[f"change:{projects['change'].pk}"])
    client.post(f"/meetings/{meeting.pk}/agenda/", {"application_ids": [str(make_ready().pk)]})
    assert meeting.items.filter(kind=ItemKind.CHANGE).count() == 1


def test_an_item_on_another_live_agenda_is_not_offered_and_refused_with_a_reason(
        meeting, seats, office_clerk, projects, login_client):
    client = login_client(office_clerk)
    agenda_post(client, meeting, lifecycle=[f"change:{projects['change'].pk}"])
    other = meeting_create(actor=office_clerk, date=dt.date(2026, 6, 20), kind=MeetingKind.REGULAR)
    page = client.get(f"/meetings/{other.pk}/").content.decode()
    assert f'value="change:{projects["change"].pk}"' not in page
    response = agenda_post(client, other, lifecycle=[f"change:{projects['change'].pk}"], )
    follow = client.get(response.url).content.decode()
    assert "已列入" in follow
    assert not other.items.exists()


def test_a_bad_entry_names_the_field_and_changes_nothing(meeting, office_clerk, projects,
                                                         make_ready, login_client):
    client = login_client(office_clerk)
    app = make_ready()
    response = agenda_post(client, meeting, applications=[app], lifecycle=["nonsense:1"])
    assert "items[0].kind" in client.get(response.url).content.decode()
    assert not meeting.items.exists()  # the application was not saved either


def test_the_meeting_decides_and_the_signature_applies_it(
        meeting, office_clerk, chair, projects, login_client):
    office, boss = login_client(office_clerk), login_client(chair)
    agenda_post(office, meeting, lifecycle=[
        f"change:{projects['change'].pk}", f"stop_review:{projects['idle'].pk}"])
    meeting_approve_agenda(meeting=meeting, actor=chair)
    meeting_open(meeting=meeting, actor=office_clerk)
    page = office.get(f"/meetings/{meeting.pk}/").content.decode()
    # Without a quorum the decision forms are there but disabled.
    assert "lifecycle-decision-" in page and "未达到法定人数，不能记录决定" in page
    meeting_record_attendance(meeting=meeting, actor=office_clerk, present_units=units(8))

    page = office.get(f"/meetings/{meeting.pk}/").content.decode()
    assert '<option value="consent"' in page and '<option value="stop"' in page
    url = f"/meetings/{meeting.pk}/lifecycle-decisions/"
    office.post(url, {"kind": "change", "ref": projects["change"].pk, "outcome": "stop"})
    assert not Decision.objects.filter(item__meeting=meeting).exists()  # wrong outcome refused
    office.post(url, {"kind": "change", "ref": projects["change"].pk, "outcome": "consent",
                      "conditions": "同意压减"})
    office.post(url, {"kind": "stop_review", "ref": projects["idle"].pk, "outcome": "stop"})
    assert Decision.objects.filter(item__meeting=meeting, effective_at__isnull=True).count() == 2

    boss.post(f"/meetings/{meeting.pk}/actions/sign_minutes/")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SIGNED
    projects["change"].refresh_from_db()
    projects["idle"].refresh_from_db()
    assert projects["change"].state == ChangeState.APPROVED
    assert projects["idle"].stage == Stage.STOPPED


def test_application_decisions_offer_only_the_outcomes_of_their_route(
        meeting, office_clerk, chair, make_ready, login_client):
    reviewed, filed = make_ready("REVIEW"), make_ready("FILING")
    client = login_client(office_clerk)
    client.post(f"/meetings/{meeting.pk}/agenda/",
                {"application_ids": [str(reviewed.pk), str(filed.pk)]})
    meeting_approve_agenda(meeting=meeting, actor=chair)
    meeting_open(meeting=meeting, actor=office_clerk)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()

    def card(app) -> str:
        block = page[page.index(f'data-testid="item-{app.pk}"'):]
        return block[:block.index("记录决定</button>")]

    assert '<option value="approve"' in card(reviewed) and '<option value="file"' not in card(reviewed)
    assert '<option value="file"' in card(filed) and '<option value="approve"' not in card(filed)
    assert '<option value="">请选择决定</option>' in card(reviewed)
    assert '<option value="consent"' not in page and '<option value="stop"' not in page
