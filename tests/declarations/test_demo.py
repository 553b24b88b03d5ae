"""The demo data: every review state, made through the services, idempotent."""

from __future__ import annotations

from egovpm.accounts import demo as accounts_demo
from egovpm.audit.models import AuditEntry
from egovpm.declarations import demo
from egovpm.declarations.models import Application


def test_demo_covers_every_review_state_and_is_idempotent(db):
    accounts_demo.load()
    created = demo.load()
    assert len(created) == len(demo.DEMO)
    states = set(Application.objects.values_list("state", flat=True))
    assert states == {"draft", "supervisor_review", "office_intake", "assessment", "returned",
                      "ready_for_meeting", "deferred", "reserve", "rejected", "withdrawn"}
    assert AuditEntry.objects.filter(action="application.submit").exists()
    audit_rows = AuditEntry.objects.count()
    assert demo.load() == []
    assert AuditEntry.objects.count() == audit_rows
