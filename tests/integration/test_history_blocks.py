"""What happens after approval blocks later declarations (规则 五(五)7, 五(六)1), end to end."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from egovpm.lifecycle.services import lifecycle_open
from egovpm.review.transitions import InvalidTransition
from tests.api.helpers import client_for
from tests.declarations import fixtures
from tests.declarations.fixtures import filing_body, review_body
from tests.integration.helpers import Steps

# The declarations' personas and application flow (their own users, not tests/factories').
units = fixtures.units
people = fixtures.people
flow = fixtures.flow
isolated_media_root = fixtures.isolated_media_root

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_project(flow, people) -> Steps:
    """Project A of the unit, approved by the meeting and budgeted."""
    app = flow.in_state("approved")
    steps = Steps(lifecycle_open(application=app), people)
    steps("release_budget", dt.date(2027, 1, 10), who="finance", released_on=dt.date(2027, 1, 10))
    return steps


def blocking_codes(caught: pytest.ExceptionInfo[InvalidTransition]) -> list[str]:
    return [f["code"] for f in caught.value.findings]


def test_unrectified_self_evaluation_pauses_the_units_next_projects(approved_project, flow):
    steps = approved_project
    steps("submit_self_evaluation", dt.date(2028, 2, 1), year=2027, goals_met=False,
          summary="绩效目标未完成", rectify_by=dt.date(2028, 5, 31))
    project_b = flow.create(review_body(name="区教育城域网升级项目"))
    assert not project_b.project.performance_unrectified  # B's own flag is clean
    with pytest.raises(InvalidTransition) as caught:
        flow.act(project_b, "submit", "applicant_kewei")
    assert "PERFORMANCE_UNRECTIFIED" in blocking_codes(caught)
    # Another unit is not paused.
    assert flow.submitted(review_body(name="区教育局排课平台"), by="outsider").state == (
        "office_intake")

    steps("complete_performance_rectification", dt.date(2028, 3, 1), year=2027, note="已整改")
    project_b.refresh_from_db()
    assert flow.act(project_b, "submit", "applicant_kewei").state == "office_intake"


def test_failed_acceptance_blocks_the_projects_om_redeclaration_via_the_api(
        approved_project, people):
    steps = approved_project
    steps.to_acceptance(dt.date(2027, 3, 1), dt.date(2027, 9, 1))
    steps("record_acceptance", dt.date(2027, 9, 10), held_on=dt.date(2027, 9, 10), passed=False,
          rectify_by=dt.date(2027, 12, 31), opinion="功能未达标")

    api = client_for(people["applicant_kewei"])
    body = dict(filing_body(), project_id=steps.lc.application.project_id)
    created = api.post("/api/v1/applications", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    app_id = created.json()["id"]
    refused = api.post(f"/api/v1/applications/{app_id}/actions/submit", "{}",
                       content_type="application/json")
    assert refused.status_code == 409
    assert "FAILED_ACCEPTANCE_BLOCKS" in [f["code"] for f in refused.json()["findings"]]
    assert api.get(f"/api/v1/applications/{app_id}").json()["state"] == "draft"

    # A passing re-acceptance lifts the block.
    steps("start_rectification", dt.date(2027, 10, 1), plan="补齐功能")
    steps("complete_rectification", dt.date(2027, 11, 1))
    steps("record_acceptance", dt.date(2027, 11, 5), held_on=dt.date(2027, 11, 5), passed=True)
    accepted = api.post(f"/api/v1/applications/{app_id}/actions/submit", "{}",
                        content_type="application/json")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == "office_intake"
