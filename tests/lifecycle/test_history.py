"""What the lifecycle records reaches the policy engine as the project's history."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm.declarations.models import Application
from egovpm.declarations.selectors import application_preview
from egovpm.declarations.services import application_create
from egovpm.lifecycle.deadlines import deadline_open
from egovpm.lifecycle.demo import demo_declaration
from egovpm.lifecycle.models import DeadlineKind
from egovpm.lifecycle.selectors import deadlines_overdue
from egovpm.lifecycle.transitions import InvalidStep
from tests.lifecycle.conftest import pdf, to_executing

D = dt.date
pytestmark = pytest.mark.django_db


def _codes(app) -> set[str]:
    return {f.code for f in application_preview(app, declared_on=D(2026, 12, 1)).findings}


def test_an_unrectified_failed_acceptance_blocks_the_next_upgrade(drive, applicant_kewei) -> None:
    to_executing(drive, released=D(2026, 3, 2), started=D(2026, 3, 20),
                 effective=D(2026, 5, 6), filed=D(2026, 5, 8))
    drive("request_acceptance", D(2026, 9, 1))
    for kind in ("self_check", "software_testing", "security_testing", "crypto_testing",
                 "summary"):
        drive("upload_acceptance_prerequisite", D(2026, 9, 1), kind=kind, file=pdf())
    drive("record_acceptance", D(2026, 9, 3), held_on="2026-09-03", passed=False,
          rectify_by="2026-12-31")
    body = demo_declaration("同一项目的升级申报", budget_year=2027)
    upgrade = application_create(actor=applicant_kewei, data=body,
                                 project_id=drive.lifecycle.application.project_id)
    assert "FAILED_ACCEPTANCE_BLOCKS" in _codes(upgrade)
    drive("start_rectification", D(2026, 9, 5), plan="整改")
    drive("complete_rectification", D(2026, 11, 1))
    drive("record_acceptance", D(2026, 11, 5), held_on="2026-11-05", passed=True)
    assert "FAILED_ACCEPTANCE_BLOCKS" not in _codes(Application.objects.get(pk=upgrade.pk))


@pytest.mark.parametrize("kind", list(DeadlineKind))
def test_every_clock_is_overdue_on_the_day_after_its_due_day(lifecycle, kind) -> None:
    deadline_open(lifecycle=lifecycle, kind=kind, start=D(2026, 1, 5), due=D(2026, 2, 13))
    assert not deadlines_overdue(today=D(2026, 2, 13)).exists()
    assert [d.kind for d in deadlines_overdue(today=D(2026, 2, 14))] == [kind]


def test_the_stop_decision_needs_the_agenda_first(drive) -> None:
    drive("release_budget", D(2026, 3, 2), who="finance", released_on="2026-03-02")
    with pytest.raises(InvalidStep, match="未提请"):
        drive.meeting_decides("record_stop_decision", D(2026, 10, 1), decision="stop", note="x")


def test_renewal_filing_only_for_one_plus_two(drive) -> None:
    to_executing(drive, released=D(2026, 3, 2), started=D(2026, 3, 20),
                 effective=D(2026, 5, 6), filed=D(2026, 5, 8))
    with pytest.raises(InvalidStep, match="招一续二"):
        drive("file_renewal", D(2026, 6, 1), contract_year=2)
