"""Applications used by the self-check tests: the worked example of POLICY.md §1 and variants."""

from __future__ import annotations

import copy
from typing import Any

import pytest

UPGRADE_120_WAN: dict[str, Any] = {
    "name": "区城运中心城市运行管理平台升级改造项目",
    "unit": {"name": "区城运中心", "kind": "department"},
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
    "category": {"type": "general", "scale": None, "person_months": 40},
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
        "system_count_change": 0, "xinchuang": True,
        "xinchuang_exemption": {
            "expert_argument": False, "budget_authority_consent": False, "filed_with_jiyaoju": False,
        },
        "guomi": True, "crypto_assessment_plan": True,
        "djbh_level": 3, "djbh_graded_with_police": True, "commercial_crypto_assessment": True,
    },
    "attachments": [
        "pre_review_form", "basis", "construction_plan", "budget_plan",
        "original_approval", "contract", "acceptance_docs", "operation_report",
    ],
    "history": {
        "third_party_failures": [], "expert_failures": [],
        "failed_acceptance_unrectified": False, "performance_unrectified": False,
    },
}


@pytest.fixture
def upgrade() -> dict[str, Any]:
    """An upgrade of 120万元 with no finding: route REVIEW (规则 五(三) 第2款)."""
    return copy.deepcopy(UPGRADE_120_WAN)


@pytest.fixture
def upgrade_33_person_months() -> dict[str, Any]:
    """The same upgrade with 800,000 元 of development over 33 person-months: 2.42万 a month."""
    upgrade = copy.deepcopy(UPGRADE_120_WAN)
    upgrade["budget"][0]["person_months"] = 33
    return upgrade


@pytest.fixture
def fee_filing() -> dict[str, Any]:
    """An 等保/密评 fee filing: always FEE_FILING whatever the amount (规则 五(三))."""
    upgrade = copy.deepcopy(UPGRADE_120_WAN)
    upgrade.update(kind="security_assessment_fee", total_amount="60000", hardware_amount=None)
    upgrade["budget"] = [{"item": "djbh3_testing", "amount": "60000"}]
    return upgrade
