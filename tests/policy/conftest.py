"""Shared builders for the policy tests (no database, no Django)."""

from __future__ import annotations

from typing import Any

import pytest

from egovpm.policy import evaluate
from egovpm.policy.examples import EXAMPLE_APPLICATION, example_application

# Hard-coded from POLICY.md §5: code -> (severity, blocking).
COMPLIANCE_FINDINGS = {
    "SUBORDINATE_NOT_APPROVED": ("error", True),
    "ATTACHMENTS_MISSING": ("error", False),
    "MID_YEAR_DEADLINE_PASSED": ("error", False),
    "SUSPENDED_AFTER_FAILURES": ("error", True),
    "FAILED_ACCEPTANCE_BLOCKS": ("error", True),
    "PERFORMANCE_UNRECTIFIED": ("error", True),
    "NEW_PRIVATE_NETWORK": ("error", False),
    "NEW_DATA_CENTER": ("error", False),
    "NOT_ON_GOV_CLOUD": ("error", False),
    "NEW_ONE_NETCOM_PORTAL": ("error", False),
    "NEW_DATA_PLATFORM": ("error", False),
    "DATA_CATALOG_INCOMPLETE": ("error", False),
    "CITY_OPS_NOT_CONNECTED": ("error", False),
    "SYSTEM_COUNT_INCREASE": ("error", False),
    "NEW_WEBSITE": ("error", False),
    "CRYPTO_ASSESSMENT_PLAN_MISSING": ("error", False),
    "XINCHUANG_EXEMPTION_INCOMPLETE": ("error", False),
    "DJBH_GRADING_MISSING": ("error", False),
    "COMMERCIAL_CRYPTO_ASSESSMENT_MISSING": ("error", False),
}

ALL_ATTACHMENTS = list(EXAMPLE_APPLICATION["attachments"])


def example() -> dict[str, Any]:
    return example_application()


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
