from __future__ import annotations

import pytest

from egovpm import workdays
from egovpm.accounts.models import Role, User
from egovpm.calendars.selectors import forget_installed


@pytest.fixture(autouse=True)
def pristine_calendar():
    """Each test starts from the bundled years and leaves no loaded year behind."""
    saved = workdays.default_calendar.snapshot()
    forget_installed()
    yield
    workdays.default_calendar.restore(saved)
    forget_installed()


@pytest.fixture
def sysadmin(db) -> User:
    return User.objects.create_user(
        username="sysadmin_zhou", password="x-secret-123", role=Role.SYSADMIN, display_name="周管理"
    )


@pytest.fixture
def applicant_kewei(db) -> User:
    return User.objects.create_user(
        username="applicant_kewei", password="x-secret-123", role=Role.APPLICANT, display_name="柯伟"
    )
