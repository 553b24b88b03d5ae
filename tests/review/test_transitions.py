"""The transition table: every pair not in it is refused with no change; guards; effects."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict

from egovpm.audit.models import AuditEntry
from egovpm.declarations.inputs import ApplicationInputError
from egovpm.declarations.models import Application, ApplicationEvent, State
from egovpm.declarations.selectors import applications_visible_to
from egovpm.review.models import Assessment
from egovpm.review.selectors import available_actions
from egovpm.review.services import application_transition, assessment_report
from egovpm.review.transitions import ROLES_BY_ACTION, TRANSITIONS, Action, InvalidTransition
from tests.declarations.fixtures import (
    direct_body,
    filing_body,
    gov_investment_body,
    review_body,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A persona holding each role (owner checks come after the state check, so any will do).
ACTOR_FOR_ROLE = {
    "applicant": "applicant_kewei", "unit_leader": "leader_kewei",
    "supervisor": "supervisor_kewei", "office": "office_clerk", "chair": "chair",
    "third_party": "third_party_a", "expert": "expert_wang",
}


def snapshot(app: Application) -> dict:
    app = Application.objects.get(pk=app.pk)
    return {
        "app": model_to_dict(app), "updated_at": app.updated_at,
        "assessments": list(Assessment.objects.filter(application=app).values()),
        "audit": AuditEntry.objects.count(), "events": ApplicationEvent.objects.count(),
    }


@pytest.mark.parametrize("state", State.values)
def test_every_pair_not_in_the_table_is_refused_with_no_change(flow, people, state):
    app = flow.in_state(state)
    assert app.state == state
    before = snapshot(app)
    refused = 0
    for action in Action.values:
        row = TRANSITIONS.get((state, action))
        if row is not None and not row.automatic:
            continue
        role = sorted(ROLES_BY_ACTION[action])[0]
        actor = people[ACTOR_FOR_ROLE[role]]
        visible = applications_visible_to(actor).filter(pk=app.pk).exists()
        expected = InvalidTransition if visible else Application.DoesNotExist
        with pytest.raises(expected):
            application_transition(application=app, action=action, actor=actor, reason="理由",
                                   payload={"assessors": {"third_party": "third_party_a",
                                                          "expert": "expert_wang"}})
        refused += 1
        assert snapshot(app) == before, action
    assert refused > 0


def test_unknown_action_is_refused(flow, people):
    app = flow.submitted()
    with pytest.raises(InvalidTransition):
        application_transition(application=app, action="approve_all", actor=people["office_clerk"])


@pytest.mark.parametrize(("state", "action", "who"), [
    ("draft", "submit", "office_clerk"),  # cannot even see it
    ("office_intake", "office_accept", "applicant_kewei"),
    ("office_intake", "withdraw", "auditor"),
    ("ready_for_meeting", "meeting_approve", "office_clerk"),
    ("supervisor_review", "supervisor_approve", "supervisor_edu"),
    ("supervisor_review", "supervisor_approve", "applicant_kewei"),
    ("returned", "submit", "outsider"),
])
def test_wrong_person_is_refused(flow, people, state, action, who):
    app = flow.in_state(state)
    before = snapshot(app)
    with pytest.raises((PermissionDenied, Application.DoesNotExist)):
        application_transition(application=app, action=action, actor=people[who], reason="r")
    assert snapshot(app) == before


def test_seeing_is_not_owning(flow, people):
    # The supervising department's applicant sees the subordinate's application but may not
    # withdraw it: only its own unit may.
    sub_app = flow.in_state("supervisor_review")
    assert applications_visible_to(people["applicant_kewei"]).filter(pk=sub_app.pk).exists()
    with pytest.raises(PermissionDenied):
        application_transition(application=sub_app, action="withdraw",
                               actor=people["applicant_kewei"])
    sub_app.refresh_from_db()
    assert sub_app.state == "supervisor_review"


def test_submit_freezes_date_decision_and_route(flow, people):
    app = flow.create()
    with time_machine.travel(datetime.datetime(2026, 5, 10, 23, 30, tzinfo=SHANGHAI), tick=False):
        app = flow.act(app, "submit", "applicant_kewei")
    assert app.state == "office_intake"
    assert app.declared_on == datetime.date(2026, 5, 10)
    assert app.route == "REVIEW" and app.decision["route"] == "REVIEW"
    assert app.policy == app.decision["policy"] and app.policy
    row = AuditEntry.objects.get(action="application.submit")
    assert (row.from_state, row.to_state) == ("draft", "office_intake")
    assert row.changes["declared_on"]["after"] == "2026-05-10"


def test_blocking_finding_refuses_submission_with_findings(flow, people):
    app = flow.create(review_body(kind="info_publishing", total_amount="80000",
                                  hardware_amount="0", budget=[], cac_filing_approved=False))
    before = snapshot(app)
    with pytest.raises(InvalidTransition) as caught:
        flow.act(app, "submit", "applicant_kewei")
    assert "CAC_FILING_MISSING" in [f["code"] for f in caught.value.findings]
    assert snapshot(app) == before


def test_subordinate_goes_through_its_supervisor(flow, people):
    app = flow.create(by="applicant_sub")
    app = flow.act(app, "submit", "applicant_sub")
    assert app.state == "supervisor_review" and not app.supervisor_approved
    assert "SUBORDINATE_NOT_APPROVED" in [f["code"] for f in app.decision["findings"]]
    app = flow.act(app, "supervisor_approve", "supervisor_kewei")
    assert app.state == "office_intake" and app.supervisor_approved
    assert "SUBORDINATE_NOT_APPROVED" not in [f["code"] for f in app.decision["findings"]]


def test_supervisor_return_needs_a_reason(flow):
    app = flow.in_state("supervisor_review")
    with pytest.raises(InvalidTransition):
        flow.act(app, "supervisor_return", "supervisor_kewei", reason=" ")
    assert flow.act(app, "supervisor_return", "supervisor_kewei", reason="预算不清").state == "returned"


def test_office_accept_review_creates_both_assessments(flow):
    app = flow.accepted()
    assert app.state == "assessment" and app.review_round == 1
    assert sorted(app.assessments.values_list("kind", "assignee__username")) == [
        ("expert", "expert_wang"), ("third_party", "third_party_a")]


@pytest.mark.parametrize(("assessors", "field"), [
    ({"third_party": "third_party_a"}, "assessors.expert"),
    ({"third_party": "expert_li", "expert": "expert_wang"}, "assessors.third_party"),
    ({"third_party": "third_party_a", "expert": "nobody"}, "assessors.expert"),
])
def test_office_accept_checks_assessors(flow, assessors, field):
    app = flow.submitted()
    before = snapshot(app)
    with pytest.raises(ApplicationInputError) as caught:
        flow.act(app, "office_accept", "office_clerk", assessors=assessors)
    assert caught.value.field == field
    assert snapshot(app) == before


def test_route_override_needs_a_reason_and_is_recorded(flow):
    app = flow.submitted()
    with pytest.raises(ApplicationInputError):
        flow.act(app, "office_accept", "office_clerk", route="FILING",
                 assessors={"third_party": "third_party_a"})
    app = flow.act(app, "office_accept", "office_clerk", reason="金额口径调整后属备案制",
                   route="FILING", assessors={"third_party": "third_party_a"})
    assert (app.route, app.route_override, app.effective_route) == ("REVIEW", "FILING", "FILING")
    assert list(app.assessments.values_list("kind", flat=True)) == ["third_party"]


@pytest.mark.parametrize(("body", "kinds", "state"), [
    (filing_body(), ["third_party"], "assessment"),
    (gov_investment_body(), ["argument"], "assessment"),
    (direct_body(), [], "ready_for_meeting"),
])
def test_route_decides_the_assessments(flow, body, kinds, state):
    app = flow.accepted(body)
    assert app.state == state
    assert list(app.assessments.values_list("kind", flat=True)) == kinds


def test_all_passes_make_it_ready_and_a_fail_returns_it(flow, people):
    app = flow.accepted()
    flow.report(app, "third_party", "pass")
    app.refresh_from_db()
    assert app.state == "assessment"
    flow.report(app, "expert", "pass")
    app.refresh_from_db()
    assert app.state == "ready_for_meeting"

    other = flow.accepted()
    flow.report(other, "expert", "fail", "需求不清")
    other.refresh_from_db()
    assert other.state == "returned"
    assert other.assessments.get(kind="third_party").result == "cancelled"
    assert AuditEntry.objects.filter(action="application.assessment_failed").count() == 1


def test_report_checks_the_person_and_the_state(flow, people):
    app = flow.accepted()
    assessment = app.assessments.get(kind="third_party")
    with pytest.raises(PermissionDenied):  # assigned to the application, not this assessment
        assessment_report(assessment=assessment, actor=people["expert_wang"], result="pass",
                          opinion="好")
    with pytest.raises(Application.DoesNotExist):  # not assigned at all
        assessment_report(assessment=assessment, actor=people["third_party_b"], result="pass",
                          opinion="好")
    with pytest.raises(ApplicationInputError):
        assessment_report(assessment=assessment, actor=people["third_party_a"], result="pass",
                          opinion=" ")
    assessment_report(assessment=assessment, actor=people["third_party_a"], result="pass",
                      opinion="可行")
    with pytest.raises(InvalidTransition):
        assessment_report(assessment=assessment, actor=people["third_party_a"], result="fail",
                          opinion="改主意")
    assessment.refresh_from_db()
    assert assessment.result == "pass"


def test_automatic_actions_cannot_be_requested(flow, people):
    app = flow.accepted()
    with pytest.raises(InvalidTransition):
        flow.act(app, "assessments_passed", "third_party_a")


def test_defer_then_resubmit_goes_to_the_office(flow):
    app = flow.in_state("deferred")
    app = flow.act(app, "submit", "applicant_kewei")
    assert app.state == "office_intake"


def test_reserve_flags_next_years_priority(flow):
    app = flow.in_state("reserve")
    assert app.reserve_priority_year == 2028


def test_meeting_outcomes_respect_the_route(flow):
    review = flow.ready()
    with pytest.raises(InvalidTransition):
        flow.act(review, "meeting_file", "chair", internal=True)
    with pytest.raises(InvalidTransition):
        flow.act(review, "meeting_handover", "chair", internal=True)
    approved = flow.act(review, "meeting_approve", "chair", approved_amount="1000000",
                        conditions="按评审意见调整", internal=True)
    approved.refresh_from_db()
    assert approved.state == "approved" and str(approved.approved_amount) == "1000000.00"
    gov = flow.ready(gov_investment_body())
    with pytest.raises(InvalidTransition):
        flow.act(gov, "meeting_approve", "chair", internal=True)
    assert flow.act(gov, "meeting_handover", "chair", internal=True).state == "handed_over"


def test_meeting_approve_rejects_an_amount_above_the_declared_one(flow):
    app = flow.ready()
    with pytest.raises(ApplicationInputError):
        flow.act(app, "meeting_approve", "chair", approved_amount="9999999", internal=True)
    app.refresh_from_db()
    assert app.state == "ready_for_meeting"


@pytest.mark.parametrize("action", ["meeting_approve", "meeting_file", "meeting_defer",
                                    "meeting_reserve", "meeting_reject", "meeting_handover"])
def test_the_chair_cannot_take_a_meeting_outcome_directly(flow, people, action):
    """规则 四(五)(六): an outcome takes effect only through signed minutes, never on request."""
    app = flow.ready()
    before = snapshot(app)
    with pytest.raises(InvalidTransition) as refused:
        flow.act(app, action, "chair", reason="理由")
    assert "签发纪要" in refused.value.reason
    assert snapshot(app) == before
    assert not any(a.startswith("meeting_") for a in available_actions(people["chair"], app))


@pytest.mark.parametrize(("state", "action", "target"), [
    ("approved", "reconsider_reject", "rejected"),
    ("approved", "reconsider_defer", "deferred"),
    ("rejected", "reconsider_approve", "approved"),
    ("reserve", "reconsider_approve", "approved"),
    ("deferred", "reconsider_reserve", "reserve"),
])
def test_reconsider_actions_are_internal_and_move_a_decided_application(flow, state, action,
                                                                        target):
    app = flow.in_state(state)
    with pytest.raises(InvalidTransition):
        flow.act(app, action, "chair", reason="复议")
    moved = flow.act(app, action, "chair", reason="复议", internal=True)
    moved.refresh_from_db()
    assert moved.state == target
    if target == "approved":
        assert moved.approved_amount == moved.total_amount and moved.reserve_priority_year is None
    else:
        assert moved.approved_amount is None


def test_reconsider_keeps_the_route_rules(flow):
    approved = flow.in_state("approved")
    with pytest.raises(InvalidTransition):
        flow.act(approved, "reconsider_file", "chair", internal=True)
    with pytest.raises(InvalidTransition):  # not to the state it is already in
        flow.act(approved, "reconsider_approve", "chair", internal=True)
    filed = flow.in_state("filed")
    with pytest.raises(InvalidTransition):
        flow.act(filed, "reconsider_approve", "chair", internal=True)


def test_withdraw_cancels_nothing_else_and_is_final(flow):
    app = flow.in_state("office_intake")
    app = flow.act(app, "withdraw", "leader_kewei")
    assert app.state == "withdrawn"
    with pytest.raises(InvalidTransition):
        flow.act(app, "submit", "applicant_kewei")


def test_every_move_writes_one_audit_row_and_one_event(flow):
    app = flow.create()
    audit_before = AuditEntry.objects.count()
    flow.act(app, "submit", "applicant_kewei")
    assert AuditEntry.objects.count() == audit_before + 1
    assert list(app.events.values_list("action", flat=True)) == ["create", "submit"]
