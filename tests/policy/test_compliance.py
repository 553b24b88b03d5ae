"""Compliance findings (办法; 规则 五(一), 五(四)3, 五(五)7, 五(六)1; POLICY.md §5)."""

from __future__ import annotations

import pytest

from egovpm.policy import evaluate

from .conftest import ALL_ATTACHMENTS, COMPLIANCE_FINDINGS, codes, findings_of, simple

WAN = 10_000


def only(app: dict, code: str) -> None:
    """``app`` gets exactly one finding, ``code``, with the table's severity and blocking."""
    decision = evaluate(app)
    assert decision.codes == [code]
    finding = decision.findings[0]
    assert (finding.severity, finding.blocking) == COMPLIANCE_FINDINGS[code]
    assert decision.eligible is not COMPLIANCE_FINDINGS[code][1]


def compliance(kind: str = "upgrade", **flags) -> dict:
    app = simple(kind, 10 * WAN)
    app["compliance"].update(flags)
    return app


def test_subordinate_needs_supervisor_approval():
    app = simple("new")
    app["unit"] = {"kind": "subordinate"}
    only(app, "SUBORDINATE_NOT_APPROVED")
    app["unit"]["supervisor_approved"] = True
    assert codes(app) == []
    app["unit"] = {"kind": "street"}
    assert codes(app) == []


@pytest.mark.parametrize(
    ("kind", "required"),
    [("new", ["pre_review_form", "basis", "construction_plan", "budget_plan"]),
     ("upgrade", ALL_ATTACHMENTS), ("continuation", ALL_ATTACHMENTS),
     ("om", ["pre_review_form", "original_approval", "contract", "acceptance_docs",
             "operation_report"]),
     ("service", ["pre_review_form"]), ("info_publishing", ["pre_review_form"]),
     ("security_assessment_fee", ["pre_review_form"]), ("market_software", ["pre_review_form"])],
)
def test_attachments_by_kind(kind, required):
    app = simple(kind, 5 * WAN)
    app["attachments"] = list(required)
    assert codes(app) == []
    for missing in required:
        app["attachments"] = [a for a in required if a != missing]
        only(app, "ATTACHMENTS_MISSING")
    app.pop("attachments")
    (finding,) = findings_of(app, "ATTACHMENTS_MISSING")  # one finding listing all
    assert finding.params["codes"] == required


@pytest.mark.parametrize(("declared", "late"), [("2027-07-31", False), ("2027-08-01", True),
                                                ("2026-12-31", False)])
def test_mid_year_deadline_31_july_of_the_budget_year(declared, late):
    app = simple("new", declared_on=declared, budget_year=2027, mid_year_adjustment=True)
    assert (codes(app) == ["MID_YEAR_DEADLINE_PASSED"]) is late
    app["mid_year_adjustment"] = False
    assert codes(app) == []


@pytest.mark.parametrize(
    ("history", "declared", "suspended"),
    [
        ({"third_party_failures": ["2026-01-10", "2026-02-10", "2026-03-01"]}, "2026-09-01", True),
        ({"third_party_failures": ["2026-01-10", "2026-02-10", "2026-03-01"]}, "2026-09-02",
         False),
        ({"third_party_failures": ["2026-01-10", "2026-03-01"]}, "2026-05-01", False),
        ({"expert_failures": ["2025-01-01", "2026-03-01"]}, "2026-09-01", True),   # not consecutive
        ({"expert_failures": ["2026-03-01"]}, "2026-04-01", False),
        ({"expert_failures": ["2026-02-28", "2026-08-31"]}, "2027-02-28", True),  # month end
        ({"expert_failures": ["2026-02-28", "2026-08-31"]}, "2027-03-01", False),
        ({"third_party_failures": ["2026-01-01"] * 2, "expert_failures": ["2026-01-01"]},
         "2026-02-01", False),
    ],
)
def test_suspension_after_failures(history, declared, suspended):
    app = simple("new", declared_on=declared, history=history)
    if suspended:
        only(app, "SUSPENDED_AFTER_FAILURES")
    else:
        assert codes(app) == []


@pytest.mark.parametrize(("kind", "blocked"), [("upgrade", True), ("continuation", True),
                                               ("om", True), ("new", False), ("service", False)])
def test_failed_acceptance_blocks_follow_ups(kind, blocked):
    app = simple(kind, history={"failed_acceptance_unrectified": True})
    app["attachments"] = ALL_ATTACHMENTS
    if blocked:
        only(app, "FAILED_ACCEPTANCE_BLOCKS")
    else:
        assert codes(app) == []


def test_performance_unrectified_blocks():
    only(simple("service", history={"performance_unrectified": True}), "PERFORMANCE_UNRECTIFIED")


@pytest.mark.parametrize(
    ("flags", "code"),
    [({"new_private_network": True}, "NEW_PRIVATE_NETWORK"),
     ({"new_data_center": True}, "NEW_DATA_CENTER"),
     ({"deploy_on_gov_cloud": False}, "NOT_ON_GOV_CLOUD"),
     ({"new_one_netcom_portal": True}, "NEW_ONE_NETCOM_PORTAL"),
     ({"new_data_platform": True}, "NEW_DATA_PLATFORM"),
     ({"data_catalog_completed": False}, "DATA_CATALOG_INCOMPLETE"),
     ({"connects_city_operations_platform": None}, "CITY_OPS_NOT_CONNECTED"),
     ({"system_count_change": 1}, "SYSTEM_COUNT_INCREASE"),
     ({"new_website": True}, "NEW_WEBSITE"),
     ({"crypto_assessment_plan": False}, "CRYPTO_ASSESSMENT_PLAN_MISSING"),
     ({"xinchuang": False}, "XINCHUANG_EXEMPTION_INCOMPLETE"),
     ({"commercial_crypto_assessment": False}, "COMMERCIAL_CRYPTO_ASSESSMENT_MISSING")],
)
def test_compliance_flags(flags, code):
    only(compliance(**flags), code)


@pytest.mark.parametrize(
    "flags",
    [{"involves_public_data": False, "data_catalog_completed": False},
     {"city_operations_system": False, "connects_city_operations_platform": False},
     {"system_count_change": 0}, {"system_count_change": -2},
     {"xinchuang": False, "xinchuang_exemption": {"expert_argument": True,
      "budget_authority_consent": True, "filed_with_jiyaoju": True}},
     {"djbh_level": 2, "commercial_crypto_assessment": False},
     {"djbh_level": None, "commercial_crypto_assessment": False}],
)
def test_compliance_flags_in_order(flags):
    assert codes(compliance(**flags)) == []


@pytest.mark.parametrize("missing", ["expert_argument", "budget_authority_consent",
                                     "filed_with_jiyaoju"])
def test_xinchuang_exemption_needs_all_three(missing):
    done = {"expert_argument": True, "budget_authority_consent": True, "filed_with_jiyaoju": True}
    done[missing] = False
    only(compliance(xinchuang=False, xinchuang_exemption=done), "XINCHUANG_EXEMPTION_INCOMPLETE")


@pytest.mark.parametrize("kind", ["om", "service", "info_publishing", "market_software"])
def test_construction_only_rules_skip_other_kinds(kind):
    app = compliance(kind, deploy_on_gov_cloud=False, crypto_assessment_plan=False,
                     xinchuang=False, djbh_graded_with_police=False)
    app["attachments"] = ALL_ATTACHMENTS
    assert codes(app) == []


def test_djbh_grading_only_for_new_systems():
    only(compliance("new", djbh_graded_with_police=False), "DJBH_GRADING_MISSING")
    assert codes(compliance("upgrade", djbh_graded_with_police=False)) == []


def test_new_website_by_category():
    app = simple("new")
    app["category"] = {"type": "website"}
    (finding,) = findings_of(app, "NEW_WEBSITE")
    assert finding.field == "category.type"
    app["kind"] = "upgrade"
    assert "NEW_WEBSITE" not in codes(app)


def test_absent_compliance_block_reads_as_all_false():
    app = simple("new")
    app.pop("compliance")
    assert codes(app) == ["NOT_ON_GOV_CLOUD", "CRYPTO_ASSESSMENT_PLAN_MISSING",
                          "XINCHUANG_EXEMPTION_INCOMPLETE", "DJBH_GRADING_MISSING"]


def test_findings_come_in_group_order():
    app = simple("om", 150 * WAN)
    app["om"] = {"first_application": False}          # route
    app["maintenance"].append({"item": "idc", "amount": "1"})  # budget
    app["compliance"]["new_data_center"] = True     # compliance
    app["unit"]["kind"] = "subordinate"
    app["attachments"] = ALL_ATTACHMENTS
    assert codes(app) == ["PREVIOUS_OM_AMOUNT_MISSING", "AMOUNT_INCONSISTENT", "EXCLUDED_EXPENSE",
                          "SUBORDINATE_NOT_APPROVED", "NEW_DATA_CENTER"]
