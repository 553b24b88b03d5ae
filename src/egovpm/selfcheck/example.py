"""The worked example of POLICY.md §1, offered on the page as a starting point."""

from __future__ import annotations

from typing import Any


def example_application(*, declared_on: str, budget_year: int) -> dict[str, Any]:
    """An upgrade of 120万元 that passes every check and is routed to 审核制 (REVIEW)."""
    return {
        "name": "区城运中心城市运行管理平台升级改造项目",
        "unit": {"kind": "department"},
        "kind": "upgrade",
        "declared_on": declared_on,
        "budget_year": budget_year,
        "mid_year_adjustment": False,
        "total_amount": "1200000",
        "hardware_amount": "200000",
        "pure_software": False,
        "om": {"first_application": True, "previous_amount": None},
        "tender": {"mode": "single", "contract_year": 1},
        "higher_approval": None,
        "cac_filing_approved": False,
        "key_project": True,
        "category": {"type": "general", "person_months": 40},
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
            "deploy_on_gov_cloud": True,
            "involves_public_data": True,
            "data_catalog_completed": True,
            "city_operations_system": True,
            "connects_city_operations_platform": True,
            "system_count_change": 0,
            "xinchuang": True,
            "guomi": True,
            "crypto_assessment_plan": True,
            "djbh_level": 3,
            "djbh_graded_with_police": True,
            "commercial_crypto_assessment": True,
        },
        "attachments": [
            "pre_review_form", "basis", "construction_plan", "budget_plan",
            "original_approval", "contract", "acceptance_docs", "operation_report",
        ],
    }
