"""The worked example of POLICY.md §1, written once: an upgrade of 120万元 that passes every
check and is routed to 审核制 (REVIEW, 规则 五(三) 第2款).

The self-check page's 载入示例, the demo declarations and the tests all start from it. Pure data,
no Django: the policy package stays importable without it.
"""

from __future__ import annotations

import copy
from typing import Any

# POLICY.md §1, verbatim (comments removed).
EXAMPLE_APPLICATION: dict[str, Any] = {
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


def example_application(**changes: Any) -> dict[str, Any]:
    """A fresh deep copy of the §1 example, with top-level ``changes`` applied."""
    application = copy.deepcopy(EXAMPLE_APPLICATION)
    application.update(copy.deepcopy(changes))
    return application
