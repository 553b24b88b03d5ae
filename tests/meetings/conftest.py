"""Personas and a ready-made meeting for the joint-meeting tests."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest

from egovpm.accounts.models import Unit, User
from egovpm.declarations.models import Application, Kind, Project, State
from egovpm.meetings.demo import MEMBER_UNITS, representatives_ensure, seats_ensure
from egovpm.meetings.models import MeetingKind
from egovpm.meetings.services import meeting_create
from tests import factories
from tests.browser.conftest import browser, page, playwright_instance  # noqa: F401 — shared browser fixtures

_serial = itertools.count(1)


@pytest.fixture
def seats(db):
    seats = seats_ensure(MEMBER_UNITS, on=datetime.date(2023, 1, 1))
    representatives_ensure(seats, on=datetime.date(2023, 1, 1))
    return seats


# Short names for the shared personas of tests/conftest.py.
@pytest.fixture
def office_clerk(db) -> User:
    return factories.make_persona("office_clerk")


@pytest.fixture
def chair(db) -> User:
    return factories.make_persona("chair")


@pytest.fixture
def applicant_kewei(db) -> User:
    return factories.make_persona("applicant_kewei")


@pytest.fixture
def edu_unit(applicant_kewei) -> Unit:
    return applicant_kewei.unit


@pytest.fixture
def make_ready(applicant_kewei, edu_unit):
    """An application of the applicant's unit waiting for the meeting (set up directly: its review is another
    module's business)."""

    def make(route: str = "REVIEW", amount: str = "2000000.00", name: str | None = None) -> Application:
        n = next(_serial)
        title = name or f"智慧教育平台{n}期"
        project = Project.objects.create(unit=edu_unit, name=title)
        return Application.objects.create(
            project=project, unit=edu_unit, created_by=applicant_kewei, name=title, kind=Kind.NEW,
            state=State.READY_FOR_MEETING, budget_year=2026, total_amount=Decimal(amount),
            route=route, declared_on=datetime.date(2026, 3, 2),
        )

    return make


@pytest.fixture
def meeting(seats, office_clerk):
    return meeting_create(actor=office_clerk, date=datetime.date(2026, 5, 20), kind=MeetingKind.REGULAR)


def units(n: int) -> list[str]:
    return list(MEMBER_UNITS[:n])
