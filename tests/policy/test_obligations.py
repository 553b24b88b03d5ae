"""Obligations (POLICY.md §6): each present and absent, at its threshold."""

from __future__ import annotations

import pytest

from egovpm.policy import evaluate

from .conftest import obligation_codes, simple

WAN = 10_000
IMPLEMENTATION = ["new", "upgrade", "continuation", "om", "service", "info_publishing"]
FILING = ["security_assessment_fee", "market_software"]


@pytest.mark.parametrize(("total", "present"), [(100 * WAN, False), (100 * WAN + 1, True)])
@pytest.mark.parametrize("kind", IMPLEMENTATION)
def test_gov_procurement_above_the_threshold(kind, total, present):
    found = obligation_codes(simple(kind, total))
    assert ("GOV_PROCUREMENT_REQUIRED" in found) is present
    assert ("PROCUREMENT_START_3_MONTHS" in found) is present


@pytest.mark.parametrize(("total", "present", "ambiguous"),
                         [(400 * WAN - 1, False, False), (400 * WAN, False, True),
                          (400 * WAN + 1, True, False)])
def test_public_tender_above_400(total, present, ambiguous):
    decision = evaluate(simple("new", total))
    assert ("PUBLIC_TENDER_REQUIRED" in [o.code for o in decision.obligations]) is present
    boundary = [f for f in decision.findings if f.code == "AMBIGUOUS_BOUNDARY"]
    assert bool(boundary) is ambiguous
    if boundary:
        assert (boundary[0].source, boundary[0].severity) == ("规则 五(五)1", "warning")


@pytest.mark.parametrize("kind", FILING)
def test_filing_kinds_carry_no_implementation_obligations(kind):
    app = simple(kind, 1000 * WAN)
    assert obligation_codes(app) == []
    app["key_project"] = True
    assert obligation_codes(app) == ["QUARTERLY_EXECUTION_REPORT"]


@pytest.mark.parametrize("kind", IMPLEMENTATION)
@pytest.mark.parametrize("code", ["CONTRACT_FILING_10_WORKING_DAYS", "PROJECT_LEADER_REQUIRED",
                                  "CHANGE_NEEDS_APPROVAL", "ANNUAL_SELF_EVALUATION"])
def test_every_implementation_kind(kind, code):
    assert code in obligation_codes(simple(kind, 1 * WAN))


def test_quarterly_report_for_key_projects():
    assert "QUARTERLY_EXECUTION_REPORT" in obligation_codes(simple("new", key_project=True))
    assert "QUARTERLY_EXECUTION_REPORT" not in obligation_codes(simple("new", key_project=False))
    app = simple("new")
    app.pop("key_project")
    assert "QUARTERLY_EXECUTION_REPORT" not in obligation_codes(app)


@pytest.mark.parametrize(
    ("kind", "total", "supervision", "investment"),
    [("new", 100 * WAN, True, True), ("new", 100 * WAN - 1, False, False),
     ("upgrade", 100 * WAN, True, True), ("continuation", 100 * WAN, True, True),
     ("service", 100 * WAN, False, True), ("om", 100 * WAN, False, True),
     ("om", 100 * WAN - 1, False, False), ("info_publishing", 100 * WAN, False, False)],
)
def test_supervision(kind, total, supervision, investment):
    found = obligation_codes(simple(kind, total))
    assert ("SUPERVISION_REQUIRED" in found) is supervision
    assert ("INVESTMENT_SUPERVISION_REQUIRED" in found) is investment


@pytest.mark.parametrize(("kind", "present"), [("new", True), ("upgrade", True),
                                               ("continuation", True), ("info_publishing", True),
                                               ("om", False), ("service", False)])
def test_acceptance(kind, present):
    found = obligation_codes(simple(kind, 5 * WAN))
    assert ("ACCEPTANCE_PREREQUISITES" in found) is present
    assert ("ACCEPTANCE_FILING_15_WORKING_DAYS" in found) is present


@pytest.mark.parametrize(("tender", "present"),
                         [({"mode": "one_plus_two", "contract_year": 1}, True),
                          ({"mode": "one_plus_two", "contract_year": 2}, True),
                          ({"mode": "one_plus_two", "contract_year": 3}, False),
                          ({"mode": "single", "contract_year": 1}, False), (None, False)])
def test_renewal_filing_before_next_contract(tender, present):
    found = obligation_codes(simple("service", tender=tender))
    assert ("RENEWAL_FILING_BEFORE_CONTRACT" in found) is present


@pytest.mark.parametrize(("kind", "level", "present"),
                         [("new", 1, True), ("upgrade", 3, True), ("new", 0, False),
                          ("new", None, False), ("service", 3, False)])
def test_security_fees_filing(kind, level, present):
    app = simple(kind)
    app["compliance"]["djbh_level"] = level
    app["compliance"]["commercial_crypto_assessment"] = True
    assert ("SECURITY_FEES_FILING_AFTER_ACCEPTANCE" in obligation_codes(app)) is present


@pytest.mark.parametrize(("kind", "present"), [("new", True), ("upgrade", False), ("om", False)])
def test_training_plan(kind, present):
    assert ("TRAINING_PLAN" in obligation_codes(simple(kind))) is present


def test_obligations_listed_whatever_the_route_and_eligibility():
    app = simple("new", 200 * WAN, history={"performance_unrectified": True})
    decision = evaluate(app)
    assert decision.eligible is False
    assert "GOV_PROCUREMENT_REQUIRED" in [o.code for o in decision.obligations]
    app["tender"] = {"mode": "one_plus_two", "contract_year": 2}
    decision = evaluate(app)
    assert decision.route == "RENEWAL_FILING"
    assert "SUPERVISION_REQUIRED" in [o.code for o in decision.obligations]
