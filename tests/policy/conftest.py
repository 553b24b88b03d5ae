"""Shared builders for the policy tests (no database, no Django)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from egovpm.policy import evaluate

# POLICY.md §1, verbatim (comments removed).
EXAMPLE: dict[str, Any] = {
    "name": "区城运中心城市运行管理平台升级改造项目",
    "unit": {"name": "区城运中心", "kind": "department", "supervisor_approved": False},
    "kind": "upgrade",
    "declared_on": "2026-05-10",
    "budget_year": 2027,
    "mid_year_adjustment": False,
    "total_amount": "1200000",
    "hardware_amount": "200000",
    "pure_software": False,
    "om": {"first_application": True, "previous_amount": None},
    "tender": {"mode": "single", "contract_year": 1},
    "higher_approval": None,
    "cac_filing_approved": False,
    "key_project": True,
    "category": {"type": "general", "scale": None, "person_months": 40,
                 "servers": None, "endpoints": None, "area_m2": None, "seats": None},
    "budget": [
        {"item": "app_dev", "amount": "800000", "person_months": 40},
        {"item": "hardware", "amount": "150000"},
        {"item": "security_equipment", "amount": "50000"},
        {"item": "product_software", "amount": "80000"},
        {"item": "integration", "amount": "17000"},
        {"item": "consulting", "amount": "40000"},
        {"item": "supervision", "amount": "30000"},
        {"item": "software_testing", "amount": "15000"},
        {"item": "security_testing", "amount": "10800"},
        {"item": "management", "amount": "7200"},
    ],
    "maintenance": [],
    "compliance": {
        "deploy_on_gov_cloud": True, "new_private_network": False, "new_data_center": False,
        "new_website": False, "new_one_netcom_portal": False, "new_data_platform": False,
        "involves_public_data": True, "data_catalog_completed": True,
        "city_operations_system": True, "connects_city_operations_platform": True,
        "system_count_change": 0,
        "xinchuang": True,
        "xinchuang_exemption": {"expert_argument": False, "budget_authority_consent": False,
                                "filed_with_jiyaoju": False},
        "guomi": True, "crypto_assessment_plan": True,
        "djbh_level": 3, "djbh_graded_with_police": True, "commercial_crypto_assessment": True,
    },
    "attachments": ["pre_review_form", "basis", "construction_plan", "budget_plan",
                    "original_approval", "contract", "acceptance_docs", "operation_report"],
    "history": {"third_party_failures": [], "expert_failures": [],
                "failed_acceptance_unrectified": False, "performance_unrectified": False},
}

ALL_ATTACHMENTS = list(EXAMPLE["attachments"])


def example() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE)


def simple(kind: str = "new", total: int | str = 500_000, **changes: Any) -> dict[str, Any]:
    """A clean application of ``kind`` whose only budget line is app development.

    Compliance is all in order, so a test sees only the findings its change provokes.
    """
    app = example()
    app["kind"] = kind
    app["total_amount"] = str(total)
    app["hardware_amount"] = "0"
    testing = int(total) // 100  # 安全测评费 about 1% of C: inside 0.5%-2%
    app["budget"] = [
        {"item": "app_dev", "amount": str(int(total) - testing)},
        {"item": "security_testing", "amount": str(testing)},
    ]
    app["cac_filing_approved"] = True
    if kind == "om":
        app["budget"] = []
        app["maintenance"] = [{"item": "hosting_service", "amount": str(total)}]
        app["om"] = {"first_application": True}
    app["key_project"] = False
    for key, value in changes.items():
        app[key] = value
    return app


def codes(app: dict[str, Any], **kwargs: Any) -> list[str]:
    return [f.code for f in evaluate(app, **kwargs).findings]


def obligation_codes(app: dict[str, Any]) -> list[str]:
    return [o.code for o in evaluate(app).obligations]


def findings_of(app: dict[str, Any], code: str) -> list[Any]:
    return [f for f in evaluate(app).findings if f.code == code]


@pytest.fixture
def app() -> dict[str, Any]:
    return example()
