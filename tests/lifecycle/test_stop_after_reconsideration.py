"""The internal step a reconsideration takes (规则 四(七)): `stop_after_reconsideration` stops a
project before procurement, only when the meetings module asks for it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from egovpm.audit.models import AuditEntry
from egovpm.lifecycle.models import ProjectLifecycle, Stage
from egovpm.lifecycle.selectors import allowed_actions
from egovpm.lifecycle.services import lifecycle_transition
from egovpm.lifecycle.transitions import InvalidStep

D = dt.date
pytestmark = pytest.mark.django_db
STOP = "stop_after_reconsideration"


def test_never_offered_nor_taken_on_request(lifecycle, chair, office_clerk) -> None:
    assert STOP not in allowed_actions(lifecycle, chair)
    with pytest.raises(InvalidStep) as refused:
        lifecycle_transition(lifecycle=lifecycle, action=STOP, actor=chair,
                             payload={"reason": "复议变更"})
    assert refused.value.field == "action"
    client = Client()
    client.force_login(chair)
    response = client.post(f"/api/v1/projects/{lifecycle.pk}/actions/{STOP}",
                           data=json.dumps({"reason": "复议变更"}),
                           content_type="application/json")
    assert response.status_code == 409, response.content
    lifecycle.refresh_from_db()
    assert lifecycle.stage == Stage.AWAITING_BUDGET
    assert not AuditEntry.objects.filter(action=f"lifecycle.{STOP}").exists()


def test_stops_a_budgeted_project_waiving_every_clock(drive, chair) -> None:
    drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-01")
    assert drive.lifecycle.deadlines.filter(waived_reason="").exists()
    stopped = lifecycle_transition(lifecycle=drive.lifecycle, action=STOP, actor=chair,
                                   payload={"reason": "复议变更原决定：与已建系统重复"},
                                   today=D(2026, 4, 1), internal=True)
    assert stopped.stage == Stage.STOPPED and stopped.stopped_on == D(2026, 4, 1)
    assert stopped.stop_reason == "复议变更原决定：与已建系统重复"
    assert not stopped.deadlines.filter(waived_reason="", met_on__isnull=True).exists()
    entry = AuditEntry.objects.get(action=f"lifecycle.{STOP}")
    assert (entry.from_state, entry.to_state) == ("budgeted", "stopped")


def test_refused_once_procurement_started(drive, chair, office_clerk) -> None:
    drive("release_budget", D(2026, 3, 1), who="finance", released_on="2026-03-01")
    drive("start_procurement", D(2026, 3, 5), started_on="2026-03-05", method="public_tender")
    with pytest.raises(InvalidStep, match="采购中"):
        lifecycle_transition(lifecycle=drive.lifecycle, action=STOP, actor=chair,
                             payload={"reason": "复议变更"}, internal=True)
    with pytest.raises(PermissionDenied):  # the chair resolves, not the office
        lifecycle_transition(lifecycle=drive.lifecycle, action=STOP, actor=office_clerk,
                             payload={"reason": "复议变更"}, internal=True)
    assert ProjectLifecycle.objects.get().stage == Stage.PROCUREMENT
