"""Signing the minutes opens the lifecycle of every approved or filed project, atomically."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from egovpm.declarations.models import Application, Kind, State
from egovpm.lifecycle.models import ProjectLifecycle, Stage
from egovpm.lifecycle.selectors import todo_for
from egovpm.meetings.decisions import meeting_record_decision, meeting_sign_minutes
from egovpm.meetings.errors import MeetingStateError
from egovpm.meetings.models import MeetingKind
from egovpm.meetings.services import meeting_create, meeting_set_agenda

pytestmark = pytest.mark.django_db

OBLIGATIONS = {"obligations": [{"code": "GOV_PROCUREMENT_REQUIRED", "source": "规则 五(五)1"},
                               {"code": "ANNUAL_SELF_EVALUATION", "source": "规则 五(六)1"}]}


@pytest.fixture
def decided(meeting, office_clerk, make_ready, hold):
    apps = {
        "review": make_ready("REVIEW", "3000000.00"),
        "filing": make_ready("FILING", "500000.00"),
        "defer": make_ready("REVIEW"),
        "gov": make_ready("GOV_INVESTMENT", "9000000.00"),
        "fee": make_ready("FEE_FILING", "80000.00"),
    }
    Application.objects.filter(pk=apps["review"].pk).update(decision=OBLIGATIONS)
    Application.objects.filter(pk=apps["fee"].pk).update(kind=Kind.SECURITY_ASSESSMENT_FEE)
    meeting_set_agenda(meeting=meeting, actor=office_clerk,
                       application_ids=[a.pk for a in apps.values()])
    hold(meeting)
    for key, outcome, extra in (
        ("review", "approve", {"approved_amount": "2800000.00"}),
        ("filing", "file", {}), ("defer", "defer", {"conditions": "补充需求论证"}),
        ("gov", "approve", {}), ("fee", "file", {}),
    ):
        meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=apps[key].pk,
                                outcome=outcome, **extra)
    return meeting, apps


def test_approved_and_filed_projects_are_tracked_from_the_signature(decided, chair, finance):
    meeting, apps = decided
    assert not ProjectLifecycle.objects.exists()
    meeting_sign_minutes(meeting=meeting, actor=chair)
    opened = {lc.application_id: lc for lc in ProjectLifecycle.objects.all()}
    assert set(opened) == {apps["review"].pk, apps["filing"].pk}
    review = opened[apps["review"].pk]
    assert review.stage == Stage.AWAITING_BUDGET
    assert review.approved_amount == Decimal("2800000.00")  # the meeting's amount, not declared
    assert review.obligations == ["GOV_PROCUREMENT_REQUIRED", "ANNUAL_SELF_EVALUATION"]
    # The first stage runs no clock yet: budget release starts them (规则 五(五)1).
    assert not review.deadlines.exists()
    assert opened[apps["filing"].pk].approved_amount == Decimal("500000.00")
    # Finance sees the new projects at once, without anyone opening a page first.
    titles = [item.title for item in todo_for(finance, today=datetime.date(2026, 5, 21))]
    assert any(apps["review"].name in t for t in titles)


def test_the_lifecycle_opens_with_the_signature_or_not_at_all(decided, chair):
    meeting, apps = decided
    # The last item cannot move: the whole signature, lifecycles included, is rolled back.
    Application.objects.filter(pk=apps["fee"].pk).update(state=State.WITHDRAWN)
    with pytest.raises(MeetingStateError):
        meeting_sign_minutes(meeting=meeting, actor=chair)
    assert not ProjectLifecycle.objects.exists()
    assert Application.objects.get(pk=apps["review"].pk).state == State.READY_FOR_MEETING


def test_written_procedure_opens_the_lifecycle_too(seats, office_clerk, chair, make_ready, hold):
    meeting = meeting_create(actor=chair, date=datetime.date(2026, 6, 3), kind=MeetingKind.WRITTEN)
    app = make_ready("REVIEW", "1500000.00")
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[app.pk])
    hold(meeting)
    meeting_record_decision(meeting=meeting, actor=chair, application_id=app.pk, outcome="approve")
    meeting_sign_minutes(meeting=meeting, actor=chair)
    lifecycle = ProjectLifecycle.objects.get(application=app)
    assert lifecycle.stage == Stage.AWAITING_BUDGET
    assert lifecycle.approved_amount == Decimal("1500000.00")


def test_the_list_page_writes_nothing(finance, make_ready, login_client):
    app = make_ready("REVIEW")
    Application.objects.filter(pk=app.pk).update(state=State.APPROVED)
    assert login_client(finance).get("/lifecycle/").status_code == 200
    assert not ProjectLifecycle.objects.exists()  # the remind job is the safety net, not a GET
