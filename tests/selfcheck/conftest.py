"""Applications used by the self-check tests: the worked example of POLICY.md §1 and variants."""

from __future__ import annotations

from typing import Any

import pytest

from egovpm.policy.examples import example_application


@pytest.fixture
def upgrade() -> dict[str, Any]:
    """An upgrade of 120万元 with no finding: route REVIEW (规则 五(三) 第2款)."""
    return example_application()


@pytest.fixture
def upgrade_33_person_months() -> dict[str, Any]:
    """The same upgrade with 800,000 元 of development over 33 person-months: 2.42万 a month."""
    upgrade = example_application()
    upgrade["budget"][0]["person_months"] = 33
    return upgrade


@pytest.fixture
def fee_filing() -> dict[str, Any]:
    """An 等保/密评 fee filing: always FEE_FILING whatever the amount (规则 五(三))."""
    upgrade = example_application()
    upgrade.update(kind="security_assessment_fee", total_amount="60000", hardware_amount=None)
    upgrade["budget"] = [{"item": "djbh3_testing", "amount": "60000"}]
    return upgrade
