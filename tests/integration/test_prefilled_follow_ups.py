"""Follow-up declarations the lifecycle prefills: the 招一续二 renewal of years 2 and 3
(RENEWAL_FILING) and the 等保/密评 fees after acceptance (FEE_FILING), 规则 五(三)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client

from egovpm.declarations.models import Application
from egovpm.declarations.selectors import application_preview
from egovpm.lifecycle.services import lifecycle_open
from egovpm.lifecycle.transitions import InvalidStep
from tests.api.helpers import client_for
from tests.declarations import fixtures
from tests.declarations.fixtures import review_body
from tests.integration.helpers import Steps

units = fixtures.units
people = fixtures.people
flow = fixtures.flow
isolated_media_root = fixtures.isolated_media_root

pytestmark = pytest.mark.django_db
ONE_PLUS_TWO = {"mode": "one_plus_two", "contract_year": 1}


def approved(flow, people, **changes) -> Steps:
    app = flow.act(flow.ready(review_body(**changes)), "meeting_approve", "chair", internal=True)
    steps = Steps(lifecycle_open(application=app), people)
    steps("release_budget", dt.date(2027, 1, 10), who="finance", released_on=dt.date(2027, 1, 10))
    return steps


def act(api: Client, project_id: int, action: str, body: dict):
    return api.post(f"/api/v1/projects/{project_id}/actions/{action}", json.dumps(body),
                    content_type="application/json")


def test_renewal_drafts_for_years_two_and_three_via_the_api(flow, people):
    steps = approved(flow, people, tender=ONE_PLUS_TWO)
    original = steps.lc.application
    api = client_for(people["applicant_kewei"])
    too_early = act(api, steps.lc.pk, "prefill_renewal", {"contract_year": 2})
    assert too_early.status_code == 409  # no contract yet: nothing to renew
    day = dt.date(2027, 3, 1)
    steps("start_procurement", day, started_on=day, method="public_tender")
    steps("record_contract", day, effective_date=day)

    detail = api.get(f"/api/v1/projects/{steps.lc.pk}").json()
    assert "prefill_renewal" in detail["allowed_actions"]
    response = act(api, steps.lc.pk, "prefill_renewal", {"contract_year": 2})
    assert response.status_code == 200, response.content
    draft = Application.objects.get(pk=response.json()["created_application_id"])
    assert draft.state == "draft" and draft.project_id == original.project_id
    assert draft.name == f"{original.name}(第2年)" and draft.kind == original.kind
    assert draft.tender == {"mode": "one_plus_two", "contract_year": 2}
    assert draft.total_amount == original.total_amount and draft.budget == original.budget
    assert draft.budget_year == original.budget_year + 1
    assert application_preview(draft).route == "RENEWAL_FILING"

    again = act(api, steps.lc.pk, "prefill_renewal", {"contract_year": 2})
    assert again.status_code == 409 and again.json()["field"] == "contract_year"
    third = act(api, steps.lc.pk, "prefill_renewal", {"contract_year": 3}).json()
    assert Application.objects.get(pk=third["created_application_id"]).budget_year == (
        original.budget_year + 2)
    outsider = client_for(people["outsider"])
    assert act(outsider, steps.lc.pk, "prefill_renewal", {"contract_year": 2}).status_code == 404


def test_a_single_contract_is_not_renewed(flow, people):
    steps = approved(flow, people)
    day = dt.date(2027, 3, 1)
    steps("start_procurement", day, started_on=day, method="public_tender")
    steps("record_contract", day, effective_date=day)
    assert "prefill_renewal" not in client_for(people["applicant_kewei"]).get(
        f"/api/v1/projects/{steps.lc.pk}").json()["allowed_actions"]
    with pytest.raises(InvalidStep):
        steps("prefill_renewal", day, contract_year=2)


def test_security_fee_draft_after_acceptance_from_the_detail_page(flow, people):
    steps = approved(flow, people)
    steps.to_acceptance(dt.date(2027, 3, 1), dt.date(2027, 9, 1))
    with pytest.raises(InvalidStep):  # not before acceptance
        steps("prefill_security_fees", dt.date(2027, 9, 1))
    steps("record_acceptance", dt.date(2027, 9, 10), held_on=dt.date(2027, 9, 10), passed=True)

    browser = Client()
    browser.force_login(people["applicant_kewei"])
    page = browser.get(f"/lifecycle/{steps.lc.pk}/").content.decode()
    assert "生成等保测评、密评费用备案申报(草稿)" in page
    response = browser.post(f"/lifecycle/{steps.lc.pk}/actions/prefill_security_fees/",
                            {"budget_year": "2028"})
    draft = Application.objects.get(kind="security_assessment_fee")
    assert response.status_code == 302 and response["Location"] == f"/declarations/{draft.pk}/"
    original = steps.lc.application
    assert draft.state == "draft" and draft.project_id == original.project_id
    assert draft.total_amount == Decimal("10800")  # the original's security_testing line
    assert draft.budget_year == 2028
    assert application_preview(draft).route == "FEE_FILING"
    with pytest.raises(InvalidStep):  # one fee declaration at a time
        steps("prefill_security_fees", dt.date(2027, 9, 20), amount="20000")
