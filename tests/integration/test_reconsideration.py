"""复议 (规则 四(七)): a revision moves the application, directly by the chair or through a
later meeting's signed minutes; the meeting's outcomes cannot be taken any other way (四(五))."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client

from egovpm.audit.models import AuditEntry
from egovpm.declarations.models import Application, State
from egovpm.lifecycle.models import ProjectLifecycle, Stage
from egovpm.meetings.decisions import meeting_record_decision, meeting_sign_minutes
from egovpm.meetings.errors import MeetingInputError, MeetingStateError
from egovpm.meetings.models import (
    Decision,
    MeetingState,
    Notification,
    Reconsideration,
    ReconsiderationState,
)
from egovpm.meetings.reconsiderations import (
    meeting_record_reconsideration_decision,
    meeting_set_reconsiderations,
    reconsideration_file,
    reconsideration_resolve,
)
from egovpm.meetings.services import meeting_cancel, meeting_create, meeting_set_agenda

pytestmark = pytest.mark.django_db
API = "/api/v1"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, path: str, body: dict):
    return client.post(API + path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def decide(meeting, office_clerk, chair, make_ready, hold):
    """`decide(outcome, route=…)`: an application decided by the signed meeting → (app, decision)."""

    def run(outcome: str, route: str = "REVIEW", **terms):
        app = make_ready(route, "2000000.00")
        meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[app.pk])
        hold(meeting)
        meeting_record_decision(meeting=meeting, actor=chair, application_id=app.pk,
                                outcome=outcome, **terms)
        meeting_sign_minutes(meeting=meeting, actor=chair)
        app.refresh_from_db()
        return app, Decision.objects.get(item__application=app)

    return run


def test_the_chair_cannot_take_a_meeting_outcome_through_the_api(chair, make_ready):
    app = make_ready("REVIEW")
    boss = client_for(chair)
    refused = post(boss, f"/applications/{app.pk}/actions/meeting_approve", {"reason": "同意"})
    assert refused.status_code == 409 and "签发纪要" in refused.json()["detail"]
    app.refresh_from_db()
    assert app.state == State.READY_FOR_MEETING
    detail = boss.get(f"{API}/applications/{app.pk}").json()
    assert not [a for a in detail["actions"] if a.startswith(("meeting_", "reconsider_"))]
    todo = boss.get(f"{API}/todo").json()["todo"]
    assert not [t for t in todo if t.get("application_id") == app.pk]


def test_the_chair_revises_an_approval_directly_and_the_project_stops(
        decide, office_clerk, chair, applicant_kewei):
    app, decision = decide("approve")
    lifecycle = ProjectLifecycle.objects.get(application=app)
    assert lifecycle.stage == Stage.AWAITING_BUDGET
    office, boss = client_for(office_clerk), client_for(chair)
    filed = post(office, "/meetings/reconsiderations",
                 {"decision_id": decision.pk, "reason": "发现重复建设"})
    assert filed.status_code == 201, filed.content
    rid = filed.json()["id"]
    assert post(office, "/meetings/reconsiderations",
                {"decision_id": decision.pk, "reason": "再提"}).status_code == 409
    missing = post(boss, f"/meetings/reconsiderations/{rid}/resolve",
                   {"upheld": False, "resolution": "变更"})
    assert missing.status_code == 400 and missing.json()["field"] == "new_outcome"
    same = post(boss, f"/meetings/reconsiderations/{rid}/resolve",
                {"upheld": False, "resolution": "变更", "new_outcome": "approve"})
    assert same.status_code == 400 and same.json()["field"] == "new_outcome"
    assert post(office, f"/meetings/reconsiderations/{rid}/resolve",
                {"upheld": True, "resolution": "维持"}).status_code == 403

    done = post(boss, f"/meetings/reconsiderations/{rid}/resolve",
                {"upheld": False, "resolution": "与已建系统重复", "new_outcome": "reject"})
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["state"] == "revised" and body["new_outcome"] == "reject"
    assert body["application_state"] == "rejected"
    app.refresh_from_db()
    assert app.state == State.REJECTED and app.approved_amount is None
    lifecycle.refresh_from_db()
    assert lifecycle.stage == Stage.STOPPED and lifecycle.stop_reason
    assert app.events.filter(action="reconsider_reject").exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"application.reconsider_reject", "reconsideration_resolve",
            "lifecycle.stop_after_reconsideration"} <= actions
    assert Notification.objects.filter(recipient=applicant_kewei, verb="reconsideration").exists()


def test_no_revision_away_from_approval_once_procurement_started(decide, office_clerk, chair):
    app, decision = decide("approve")
    ProjectLifecycle.objects.filter(application=app).update(
        stage=Stage.PROCUREMENT, budget_released_on=dt.date(2026, 6, 1))
    row = reconsideration_file(actor=office_clerk, decision=decision, reason="预算紧张")
    with pytest.raises(MeetingStateError) as refused:
        reconsideration_resolve(actor=chair, reconsideration=row, upheld=False,
                                resolution="暂缓", new_outcome="defer", conditions="补充论证")
    assert "采购" in refused.value.reason
    app.refresh_from_db()
    row.refresh_from_db()
    assert app.state == State.APPROVED and row.state == ReconsiderationState.FILED
    assert ProjectLifecycle.objects.get(application=app).stage == Stage.PROCUREMENT


def test_a_rejection_revised_to_approval_opens_the_project_with_the_new_amount(
        decide, office_clerk, chair):
    app, decision = decide("reject", conditions="")
    assert app.state == State.REJECTED and not ProjectLifecycle.objects.filter(application=app)
    row = reconsideration_file(actor=office_clerk, decision=decision, reason="材料补齐")
    with pytest.raises(MeetingInputError) as wrong_route:
        reconsideration_resolve(actor=chair, reconsideration=row, upheld=False,
                                resolution="备案", new_outcome="file")
    assert wrong_route.value.field == "outcome"
    with pytest.raises(MeetingInputError) as too_much:
        reconsideration_resolve(actor=chair, reconsideration=row, upheld=False,
                                resolution="同意", new_outcome="approve",
                                approved_amount="9000000")
    assert too_much.value.field == "approved_amount"
    reconsideration_resolve(actor=chair, reconsideration=row, upheld=False, resolution="同意",
                            new_outcome="approve", approved_amount="1500000",
                            conditions="分两期实施")
    app.refresh_from_db()
    assert app.state == State.APPROVED and app.approved_amount == Decimal("1500000.00")
    assert app.approval_conditions == "分两期实施"
    lifecycle = ProjectLifecycle.objects.get(application=app)
    assert lifecycle.approved_amount == Decimal("1500000.00")


def test_a_reconsideration_on_a_later_agenda_takes_effect_at_signing(
        decide, seats, office_clerk, chair, hold):
    app, decision = decide("approve")
    row = reconsideration_file(actor=office_clerk, decision=decision, reason="单位申请调整")
    later = meeting_create(actor=office_clerk, date=dt.date(2026, 6, 20), kind="regular")
    office, boss = client_for(office_clerk), client_for(chair)
    bad = post(office, f"/meetings/{later.pk}/agenda",
               {"application_ids": [], "reconsiderations": [row.pk + 99]})
    assert bad.status_code == 400 and bad.json()["field"] == "reconsiderations[0]"
    listed = post(office, f"/meetings/{later.pk}/agenda",
                  {"application_ids": [], "reconsiderations": [row.pk]})
    assert listed.status_code == 200, listed.content
    [item] = listed.json()["items"]
    assert item["kind"] == "reconsideration" and item["reconsideration_id"] == row.pk
    # application_ids alone keeps the reconsideration on the agenda.
    again = post(office, f"/meetings/{later.pk}/agenda", {"application_ids": []})
    assert [i["kind"] for i in again.json()["items"]] == ["reconsideration"]
    row.refresh_from_db()
    assert row.state == ReconsiderationState.ON_AGENDA
    with pytest.raises(MeetingStateError):  # on the agenda: the meeting decides
        reconsideration_resolve(actor=chair, reconsideration=row, upheld=True, resolution="维持")

    hold(later)
    with pytest.raises(MeetingStateError) as undecided:
        meeting_sign_minutes(meeting=later, actor=chair)
    assert "复议" in undecided.value.reason
    no_reason = post(boss, f"/meetings/{later.pk}/reconsideration-decisions",
                     {"reconsideration_id": row.pk, "upheld": False, "new_outcome": "defer"})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "conditions"
    recorded = post(boss, f"/meetings/{later.pk}/reconsideration-decisions",
                    {"reconsideration_id": row.pk, "upheld": False, "new_outcome": "defer",
                     "conditions": "补充需求论证"})
    assert recorded.status_code == 201, recorded.content
    app.refresh_from_db()
    assert app.state == State.APPROVED  # recorded, not yet in force
    signed = post(boss, f"/meetings/{later.pk}/actions/sign_minutes", {})
    assert signed.status_code == 200, signed.content
    app.refresh_from_db()
    row.refresh_from_db()
    assert app.state == State.DEFERRED and row.state == ReconsiderationState.REVISED
    assert row.new_outcome == "defer" and row.conditions == "补充需求论证"
    assert ProjectLifecycle.objects.get(application=app).stage == Stage.STOPPED
    assert Decision.objects.get(item__meeting=later).effective_at is not None


def test_a_refused_revision_aborts_the_whole_signature(decide, seats, office_clerk, chair, hold,
                                                       make_ready):
    app, decision = decide("approve")
    row = reconsideration_file(actor=office_clerk, decision=decision, reason="调整")
    later = meeting_create(actor=office_clerk, date=dt.date(2026, 6, 20), kind="regular")
    other = make_ready("REVIEW")
    meeting_set_agenda(meeting=later, actor=office_clerk, application_ids=[other.pk])
    meeting_set_reconsiderations(meeting=later, actor=office_clerk, reconsideration_ids=[row.pk])
    hold(later)
    meeting_record_decision(meeting=later, actor=chair, application_id=other.pk, outcome="approve")
    meeting_record_reconsideration_decision(meeting=later, actor=chair, reconsideration_id=row.pk,
                                            upheld=False, new_outcome="reject")
    ProjectLifecycle.objects.filter(application=app).update(
        stage=Stage.PROCUREMENT, budget_released_on=dt.date(2026, 6, 1))
    with pytest.raises(MeetingStateError) as refused:
        meeting_sign_minutes(meeting=later, actor=chair)
    assert "纪要未签发" in refused.value.reason
    later.refresh_from_db()
    other.refresh_from_db()
    row.refresh_from_db()
    assert later.state == MeetingState.OPEN and other.state == State.READY_FOR_MEETING
    assert row.state == ReconsiderationState.ON_AGENDA


def test_upheld_at_the_meeting_and_cancel_returns_it_to_filed(decide, seats, office_clerk, chair,
                                                              hold):
    app, decision = decide("approve")
    row = reconsideration_file(actor=office_clerk, decision=decision, reason="调整")
    first = meeting_create(actor=office_clerk, date=dt.date(2026, 6, 10), kind="regular")
    meeting_set_reconsiderations(meeting=first, actor=office_clerk, reconsideration_ids=[row.pk])
    meeting_cancel(meeting=first, actor=office_clerk, reason="改期")
    row.refresh_from_db()
    assert row.state == ReconsiderationState.FILED
    later = meeting_create(actor=office_clerk, date=dt.date(2026, 6, 20), kind="regular")
    meeting_set_reconsiderations(meeting=later, actor=office_clerk, reconsideration_ids=[row.pk])
    hold(later)
    meeting_record_reconsideration_decision(meeting=later, actor=chair, reconsideration_id=row.pk,
                                            upheld=True, conditions="维持原决定")
    meeting_sign_minutes(meeting=later, actor=chair)
    row.refresh_from_db()
    app.refresh_from_db()
    assert row.state == ReconsiderationState.UPHELD and row.resolution == "维持原决定"
    assert app.state == State.APPROVED
    assert Reconsideration.objects.count() == 1
    assert Application.objects.get(pk=app.pk).approved_amount == Decimal("2000000.00")


def test_the_pages_file_list_decide_and_resolve(decide, seats, office_clerk, chair, hold):
    _app, decision = decide("approve")
    office, boss = client_for(office_clerk), client_for(chair)
    office.post("/meetings/reconsiderations/", {"decision_id": decision.pk, "reason": "调整"})
    row = Reconsideration.objects.get()
    later = meeting_create(actor=office_clerk, date=dt.date(2026, 6, 20), kind="regular")
    page = office.get(f"/meetings/{later.pk}/").content.decode()
    assert f'name="reconsiderations" value="{row.pk}"' in page
    office.post(f"/meetings/{later.pk}/agenda/", {"reconsideration_form": "1",
                                                  "reconsiderations": [row.pk]})
    row.refresh_from_db()
    assert row.state == ReconsiderationState.ON_AGENDA
    # The chair cannot sign it off the page while the meeting holds it.
    assert 'name="result"' not in boss.get("/meetings/reconsiderations/").content.decode()
    hold(later)
    assert f'reconsideration-decision-{row.pk}' in boss.get(f"/meetings/{later.pk}/").content.decode()
    boss.post(f"/meetings/{later.pk}/reconsideration-decisions/",
              {"reconsideration_id": row.pk, "result": "uphold", "conditions": "维持"})
    assert Decision.objects.get(item__meeting=later).outcome == "uphold"
    boss.post(f"/meetings/{later.pk}/actions/sign_minutes/")
    row.refresh_from_db()
    assert row.state == ReconsiderationState.UPHELD


def test_the_chair_resolves_on_the_page_with_a_new_outcome(decide, office_clerk, chair):
    app, decision = decide("approve")
    row = reconsideration_file(actor=office_clerk, decision=decision, reason="调整")
    boss = client_for(chair)
    assert 'name="result"' in boss.get("/meetings/reconsiderations/").content.decode()
    boss.post("/meetings/reconsiderations/", {"reconsideration_id": row.pk, "result": "reserve",
                                              "resolution": "条件尚不成熟"})
    app.refresh_from_db()
    row.refresh_from_db()
    assert app.state == State.RESERVE and app.reserve_priority_year == app.budget_year + 1
    assert row.state == ReconsiderationState.REVISED and row.new_outcome == "reserve"
    assert "变更为：列入后备库" in boss.get("/meetings/reconsiderations/").content.decode()
