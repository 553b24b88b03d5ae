"""Fixtures shared by the cross-module tests: the meetings' personas, seats and ready-made
applications, and a held (open, quorate) meeting."""

from __future__ import annotations

import pytest

from egovpm.meetings.services import meeting_approve_agenda, meeting_open, meeting_record_attendance
from tests import factories
from tests.meetings import conftest as meeting_fixtures

# The joint-meeting fixtures, reused here.
seats = meeting_fixtures.seats
office_clerk = meeting_fixtures.office_clerk
chair = meeting_fixtures.chair
applicant_kewei = meeting_fixtures.applicant_kewei
edu_unit = meeting_fixtures.edu_unit
make_ready = meeting_fixtures.make_ready
meeting = meeting_fixtures.meeting
member_units = meeting_fixtures.units


@pytest.fixture
def finance(db):
    return factories.make_persona("finance")


@pytest.fixture
def hold(office_clerk, chair):
    """`hold(meeting)`: approve the agenda, open the meeting and record a quorum."""

    def run(meeting):
        meeting_approve_agenda(meeting=meeting, actor=chair)
        meeting_open(meeting=meeting, actor=office_clerk)
        if meeting.kind != "written":
            meeting_record_attendance(meeting=meeting, actor=office_clerk,
                                      present_units=member_units(8))
        meeting.refresh_from_db()
        return meeting

    return run
