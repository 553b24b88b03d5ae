"""POLICY.md §1's example gives exactly §2's decision; the output shape is exact."""

from __future__ import annotations

import json

from egovpm.policy import evaluate

from .conftest import example

EXPECTED_OBLIGATIONS = [
    # §2 lists GOV_PROCUREMENT_REQUIRED, SUPERVISION_REQUIRED, QUARTERLY_EXECUTION_REPORT, "…";
    # the full list, in §6's table order:
    ("GOV_PROCUREMENT_REQUIRED", "规则 五(五)1"),
    ("PROCUREMENT_START_3_MONTHS", "规则 五(五)1"),
    ("CONTRACT_FILING_10_WORKING_DAYS", "规则 五(五)2"),
    ("PROJECT_LEADER_REQUIRED", "规则 五(五)3"),
    ("QUARTERLY_EXECUTION_REPORT", "规则 五(五)4"),
    ("CHANGE_NEEDS_APPROVAL", "规则 五(五)5"),
    ("SUPERVISION_REQUIRED", "规则 五(五)6"),
    ("INVESTMENT_SUPERVISION_REQUIRED", "规则 五(五)6"),
    ("ACCEPTANCE_PREREQUISITES", "规则 五(五)7"),
    ("ACCEPTANCE_FILING_15_WORKING_DAYS", "规则 五(五)7"),
    ("SECURITY_FEES_FILING_AFTER_ACCEPTANCE", "规则 五(三)"),
    ("ANNUAL_SELF_EVALUATION", "规则 五(六)1"),
]


def test_example_gives_the_section_2_decision():
    result = evaluate(example()).to_dict()
    assert result == {
        "route": "REVIEW",
        "route_label": "审核制",
        "steps": ["third_party_assessment", "expert_assessment", "joint_meeting_review"],
        "basis": [{"source": "规则 五(三)", "quote": "建设金额在100万元(含)至500万元(含)间的"}],
        "findings": [],
        "eligible": True,
        "obligations": [{"code": c, "source": s} for c, s in EXPECTED_OBLIGATIONS],
        "policy": "yangpu-2023",
    }


def test_to_dict_is_json_serialisable_and_has_exactly_the_finding_keys():
    app = example()
    app["budget"][0]["person_months"] = 33
    app["unit"]["kind"] = "subordinate"
    result = evaluate(app).to_dict()
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result
    assert list(result) == ["route", "route_label", "steps", "basis", "findings", "eligible",
                            "obligations", "policy"]
    for finding in result["findings"]:
        assert set(finding) == {"code", "severity", "blocking", "source", "field", "message"}
    for obligation in result["obligations"]:
        assert set(obligation) == {"code", "source"}
    assert result["eligible"] is False  # SUBORDINATE_NOT_APPROVED blocks


def test_person_month_finding_matches_section_2_exactly():
    app = example()
    app["budget"][0]["person_months"] = 33
    findings = evaluate(app).to_dict()["findings"]
    assert findings == [{
        "code": "PERSON_MONTH_RATE_EXCEEDED", "severity": "error", "blocking": False,
        "source": "标准 三(一)2", "field": "budget[0]",
        "message": "应用开发人月单价 2.42 万元,超过《配置标准》三(一)2 规定的 2 万元",
    }]


def test_message_shows_more_digits_where_rounding_would_hide_the_excess():
    app = example()
    # 800,001 / 40 = 20,000.025 元 = 2.0000025 万元: "2.00" would hide the excess;
    # the first rounding that stays above 2 is 2.000003.
    app["budget"][0]["amount"] = "800001"
    app["total_amount"] = "1200001"
    (finding,) = evaluate(app).findings
    assert finding.code == "PERSON_MONTH_RATE_EXCEEDED"
    assert "2.000003 万元" in finding.message


def test_decision_attributes_follow_the_contract():
    decision = evaluate(example())
    assert decision.policy == "yangpu-2023"
    assert decision.eligible is True
    first = decision.obligations[0]
    assert (first.code, first.source, first.label) == (
        "GOV_PROCUREMENT_REQUIRED", "规则 五(五)1", "应实行政府采购"
    )
