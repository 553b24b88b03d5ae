"""Opening a lifecycle: the amount it carries is the application's approved amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from egovpm.lifecycle.services import lifecycle_open
from tests.lifecycle.conftest import make_application

pytestmark = pytest.mark.django_db


def test_the_lifecycle_carries_the_approved_amount_the_review_stored(applicant_kewei) -> None:
    application = make_application(applicant_kewei, total="1200000")
    application.approved_amount = Decimal("1000000.00")  # as `meeting_approve` stores it
    application.save(update_fields=["approved_amount"])
    assert lifecycle_open(application=application).approved_amount == Decimal("1000000.00")


def test_without_an_approved_amount_the_declared_total_is_carried(applicant_kewei) -> None:
    application = make_application(applicant_kewei, name="区档案数字化项目", total="800000")
    assert application.approved_amount is None  # e.g. a filed project
    assert lifecycle_open(application=application).approved_amount == Decimal("800000")
