"""The annual plan (办法 第八条; 规则 五(四)1) lists the decision in force on each application:
the latest effective of the meeting's decision and a reconsideration's revision (规则 四(七))."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from egovpm.meetings.decisions import meeting_record_decision, meeting_sign_minutes
from egovpm.meetings.models import Decision
from egovpm.meetings.plan import annual_plan
from egovpm.meetings.reconsiderations import (
    meeting_record_reconsideration_decision,
    meeting_set_reconsiderations,
    reconsideration_file,
    reconsideration_resolve,
)
from egovpm.meetings.services import meeting_create, meeting_set_agenda
from tests.integration.test_reconsideration import client_for

pytestmark = pytest.mark.django_db
PLAN = "/api/v1/plans/2026.xlsx"


@pytest.fixture
def decide(meeting, office_clerk, chair, make_ready, hold):
    """`decide({"outcome": …}, …, route=…)`: one application per set of terms, decided at one
    signed meeting → [(app, decision), …]."""

    def run(*terms: dict, route: str = "REVIEW") -> list:
        apps = [make_ready(route, "2000000.00") for _ in terms]
        meeting_set_agenda(meeting=meeting, actor=office_clerk,
                           application_ids=[a.pk for a in apps])
        hold(meeting)
        for app, decided in zip(apps, terms, strict=True):
            meeting_record_decision(meeting=meeting, actor=chair, application_id=app.pk,
                                    **decided)
        meeting_sign_minutes(meeting=meeting, actor=chair)
        return [(app, Decision.objects.get(item__application=app)) for app in apps]

    return run


def plan_rows(user) -> dict[str, tuple]:
    """The rows of the plan's Excel through the API, by project name (column B)."""
    response = client_for(user).get(PLAN)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)
            if row[0] not in (None, "")}


def test_an_approval_the_chair_revised_away_leaves_the_plan(decide, office_clerk, chair):
    (app, decision), (kept, _kept) = decide({"outcome": "approve"}, {"outcome": "approve"})
    assert {app.name, kept.name} <= set(plan_rows(office_clerk))
    row = reconsideration_file(actor=office_clerk, decision=decision, reason="发现重复建设")
    assert app.name in plan_rows(office_clerk)  # filed, not yet resolved
    reconsideration_resolve(actor=chair, reconsideration=row, upheld=False,
                            resolution="与已建系统重复", new_outcome="reject")
    rows = plan_rows(office_clerk)
    assert app.name not in rows and kept.name in rows
    assert [r.name for r in annual_plan(2026)] == [kept.name]


def test_an_upheld_reconsideration_keeps_the_approval(decide, office_clerk, chair):
    [(app, decision)] = decide({"outcome": "approve", "approved_amount": "1800000"})
    row = reconsideration_file(actor=office_clerk, decision=decision, reason="核实")
    reconsideration_resolve(actor=chair, reconsideration=row, upheld=True, resolution="维持")
    [entry] = annual_plan(2026)
    assert entry.name == app.name and entry.approved_amount == Decimal("1800000.00")


def test_a_rejection_revised_to_approval_enters_the_plan_with_its_amount(
        decide, office_clerk, chair):
    [(app, decision)] = decide({"outcome": "reject"})
    assert app.name not in plan_rows(office_clerk)
    row = reconsideration_file(actor=office_clerk, decision=decision, reason="材料补齐")
    reconsideration_resolve(actor=chair, reconsideration=row, upheld=False, resolution="同意",
                            new_outcome="approve", approved_amount="1500000",
                            conditions="分两期实施")
    line = plan_rows(office_clerk)[app.name]
    assert Decimal(str(line[6])) == Decimal("1500000")
    assert line[7] == "审核同意" and "复议" in line[8] and line[9] == "分两期实施"
    page = client_for(office_clerk).get("/meetings/plan/2026/").content.decode()
    assert app.name in page and "1500000" in page


def test_a_filing_given_by_reconsideration_enters_the_plan(decide, office_clerk, chair):
    [(app, decision)] = decide({"outcome": "reserve"}, route="FILING")
    assert annual_plan(2026) == []
    row = reconsideration_file(actor=office_clerk, decision=decision, reason="补充说明")
    reconsideration_resolve(actor=chair, reconsideration=row, upheld=False, resolution="备案",
                            new_outcome="file")
    [entry] = annual_plan(2026)
    assert entry.application_id == app.pk and entry.outcome == "备案同意"
    assert entry.approved_amount is None


def test_a_later_meeting_decides_the_reconsideration(decide, office_clerk, chair, hold):
    (away, away_decision), (back, back_decision) = decide(
        {"outcome": "approve"}, {"outcome": "defer", "conditions": "补充需求论证"})
    rows = [reconsideration_file(actor=office_clerk, decision=d, reason="调整")
            for d in (away_decision, back_decision)]
    later = meeting_create(actor=office_clerk, date=dt.date(2026, 6, 20), kind="regular")
    meeting_set_reconsiderations(meeting=later, actor=office_clerk,
                                 reconsideration_ids=[r.pk for r in rows])
    hold(later)
    meeting_record_reconsideration_decision(
        meeting=later, actor=chair, reconsideration_id=rows[0].pk, upheld=False,
        new_outcome="reserve")
    meeting_record_reconsideration_decision(
        meeting=later, actor=chair, reconsideration_id=rows[1].pk, upheld=False,
        new_outcome="approve", approved_amount="1200000")
    assert [r.name for r in annual_plan(2026)] == [away.name]  # recorded, not yet in force
    meeting_sign_minutes(meeting=later, actor=chair)
    [entry] = annual_plan(2026)
    assert entry.name == back.name and entry.approved_amount == Decimal("1200000.00")
    assert entry.meeting.startswith(str(later)) and "复议" in entry.meeting
