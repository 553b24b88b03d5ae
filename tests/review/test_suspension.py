"""规则 五(四)3: 3 third-party or 2 expert failures per project suspend re-declaration 6 months."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from egovpm.declarations.selectors import suspended_until
from egovpm.review.transitions import InvalidTransition
from tests.declarations.fixtures import filing_body, review_body

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False
    )


def fail_round(flow, app, kind: str):
    app = flow.act(app, "office_accept", "office_clerk",
                   assessors={"third_party": "third_party_a", "expert": "expert_wang"})
    flow.report(app, kind, "fail", "论证不充分")
    app.refresh_from_db()
    assert app.state == "returned"
    return app


def test_two_expert_failures_across_resubmissions_suspend_for_six_months(flow):
    with at(datetime.date(2026, 3, 1)):
        app = flow.submitted()
        app = fail_round(flow, app, "expert")
    with at(datetime.date(2026, 3, 10)):
        app = flow.act(app, "submit", "applicant_kewei")
        app = fail_round(flow, app, "expert")
    with at(datetime.date(2026, 9, 10)):  # the last day of the half year, included
        assert suspended_until(app.project_id) == datetime.date(2026, 9, 10)
        with pytest.raises(InvalidTransition) as caught:
            flow.act(app, "submit", "applicant_kewei")
        assert [f["code"] for f in caught.value.findings] == ["SUSPENDED_AFTER_FAILURES"]
        app.refresh_from_db()
        assert app.state == "returned"
    with at(datetime.date(2026, 9, 11)):
        assert suspended_until(app.project_id) is None
        assert flow.act(app, "submit", "applicant_kewei").state == "office_intake"


def test_three_third_party_failures_count_across_new_declarations_of_the_project(flow):
    with at(datetime.date(2026, 1, 5)):
        first = fail_round(flow, flow.submitted(filing_body()), "third_party")
        first = fail_round(flow, flow.act(first, "submit", "applicant_kewei"), "third_party")
        flow.act(first, "withdraw", "applicant_kewei")
    with at(datetime.date(2026, 2, 5)):
        # A new declaration of the same project after withdrawal still counts.
        second = flow.submitted(filing_body(), project_id=first.project_id)
        second = fail_round(flow, second, "third_party")
        redeclared = flow.create(filing_body(), project_id=first.project_id)
        with pytest.raises(InvalidTransition) as caught:
            flow.act(redeclared, "submit", "applicant_kewei")
        assert "SUSPENDED_AFTER_FAILURES" in [f["code"] for f in caught.value.findings]
    assert suspended_until(first.project_id, today=datetime.date(2026, 2, 5)) == (
        datetime.date(2026, 8, 5))
    # An unrelated project of the same unit is not suspended.
    with at(datetime.date(2026, 2, 5)):
        assert flow.submitted(filing_body(name="另一信息化项目")).state == "office_intake"


def test_a_new_declaration_under_the_same_name_keeps_the_projects_history(flow):
    with at(datetime.date(2026, 3, 1)):
        app = fail_round(flow, flow.submitted(), "expert")
        app = fail_round(flow, flow.act(app, "submit", "applicant_kewei"), "expert")
        flow.act(app, "withdraw", "applicant_kewei")
    with at(datetime.date(2026, 3, 10)):
        # Declared as "new" (no project picked), the name differing only in spaces.
        again = flow.create(review_body(name=f" {app.name[:2]}  {app.name[2:]} "))
        assert again.project_id == app.project_id
        with pytest.raises(InvalidTransition) as caught:
            flow.act(again, "submit", "applicant_kewei")
        assert "SUSPENDED_AFTER_FAILURES" in [f["code"] for f in caught.value.findings]


def test_two_third_party_failures_do_not_suspend(flow):
    with at(datetime.date(2026, 1, 5)):
        app = fail_round(flow, flow.submitted(filing_body()), "third_party")
        app = fail_round(flow, flow.act(app, "submit", "applicant_kewei"), "third_party")
        assert suspended_until(app.project_id) is None
        assert flow.act(app, "submit", "applicant_kewei").state == "office_intake"


def test_month_end_suspension_ends_on_the_months_last_day(flow):
    with at(datetime.date(2026, 8, 31)):
        app = fail_round(flow, flow.submitted(), "expert")
        app = fail_round(flow, flow.act(app, "submit", "applicant_kewei"), "expert")
    assert suspended_until(app.project_id, today=datetime.date(2027, 2, 28)) == (
        datetime.date(2027, 2, 28))
    assert suspended_until(app.project_id, today=datetime.date(2027, 3, 1)) is None
