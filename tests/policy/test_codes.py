"""The codes implemented are exactly the codes POLICY.md §3–§6 lists, with its severities."""

from __future__ import annotations

from egovpm.policy import get_pack, implemented_codes

from .conftest import COMPLIANCE_FINDINGS

# Hard-coded from POLICY.md (§3 text, §4 and §5 tables): code -> (severity, blocking).
FINDINGS = {
    # §3
    "PREVIOUS_OM_AMOUNT_MISSING": ("error", False),
    "HIGHER_APPROVAL_INCOMPLETE": ("warning", False),
    "INFO_PUBLISHING_OVER_CAP": ("error", False),
    "CAC_FILING_MISSING": ("error", True),
    "AMBIGUOUS_BOUNDARY": ("warning", False),
    # §4
    "BUDGET_LINES_MISSING": ("error", False),
    "AMOUNT_INCONSISTENT": ("error", False),
    "HARDWARE_AMOUNT_MISMATCH": ("error", False),
    "PURE_SOFTWARE_WITH_HARDWARE": ("error", False),
    "PERSON_MONTH_RATE_EXCEEDED": ("error", False),
    "OTHER_FEES_OVER_CAP": ("error", False),
    "INTEGRATION_FEE_OUT_OF_RANGE": ("error", False),      # warning below the range
    "SECURITY_TESTING_FEE_OUT_OF_RANGE": ("error", False),  # warning below the range
    "HW_MAINTENANCE_RATE_EXCEEDED": ("warning", False),
    "SECURITY_DEVICE_MAINTENANCE_EXCEEDED": ("error", False),
    "PRODUCT_SOFTWARE_MAINTENANCE_EXCEEDED": ("error", False),
    "APP_MAINTENANCE_COEFFICIENT_EXCEEDED": ("error", False),
    "EXCLUDED_EXPENSE": ("error", False),
    "DJBH3_FEES_IN_BUDGET": ("error", False),
    "CATEGORY_COST_CAP_EXCEEDED": ("error", False),
    "CATEGORY_PERSON_MONTHS_EXCEEDED": ("error", False),
    "CATEGORY_SERVERS_EXCEEDED": ("warning", False),
    "CATEGORY_SCALE_MISMATCH": ("warning", False),
    "OUT_OF_STANDARD": ("warning", False),
    "HOTLINE_SHOULD_MERGE_12345": ("error", False),
    "NEW_MACHINE_ROOM": ("warning", False),
    **COMPLIANCE_FINDINGS,  # §5
}

OBLIGATIONS = [  # §6, in its order
    "GOV_PROCUREMENT_REQUIRED", "PUBLIC_TENDER_REQUIRED", "PROCUREMENT_START_3_MONTHS",
    "CONTRACT_FILING_10_WORKING_DAYS", "PROJECT_LEADER_REQUIRED", "QUARTERLY_EXECUTION_REPORT",
    "CHANGE_NEEDS_APPROVAL", "SUPERVISION_REQUIRED", "INVESTMENT_SUPERVISION_REQUIRED",
    "ACCEPTANCE_PREREQUISITES", "ACCEPTANCE_FILING_15_WORKING_DAYS",
    "RENEWAL_FILING_BEFORE_CONTRACT", "SECURITY_FEES_FILING_AFTER_ACCEPTANCE", "TRAINING_PLAN",
    "ANNUAL_SELF_EVALUATION",
]

ROUTES = {"FEE_FILING", "MARKET_FILING", "RENEWAL_FILING", "DIRECT_FILING", "INFO_PUBLISHING",
          "FILING", "REVIEW", "GOV_INVESTMENT"}


def test_rules_implement_exactly_the_listed_codes():
    assert implemented_codes() == set(FINDINGS)


def test_pack_defines_exactly_the_listed_codes_with_their_severity():
    pack = get_pack("yangpu-2023")
    base = {code: d for code, d in pack.findings.items() if "." not in code}
    assert set(base) == set(FINDINGS)
    for code, (severity, blocking) in FINDINGS.items():
        assert (base[code].severity, base[code].blocking) == (severity, blocking), code
    for code in ("INTEGRATION_FEE_OUT_OF_RANGE", "SECURITY_TESTING_FEE_OUT_OF_RANGE"):
        assert base[code].severity_below == "warning"


def test_obligations_and_routes_are_exactly_the_listed_ones():
    pack = get_pack("yangpu-2023")
    assert list(pack.obligations) == OBLIGATIONS
    assert set(pack.routes) == ROUTES
    assert {row.route for row in pack.route_rows.values()} == ROUTES
