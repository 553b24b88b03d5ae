"""Every meeting step taken through the API or the pages records the client address in the audit
trail, including what the chair's signature moves (the application, its new lifecycle)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from egovpm.audit.models import AuditEntry
from egovpm.declarations.models import Application
from egovpm.lifecycle.models import ProjectLifecycle
from tests.meetings.conftest import units

pytestmark = pytest.mark.django_db
API = "/api/v1"
ADDRESS = "127.0.0.1"  # the Django test client's REMOTE_ADDR


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, path: str, body: dict | None = None):
    return client.post(API + path, data=json.dumps(body or {}), content_type="application/json")


def test_a_meeting_through_the_api_is_audited_with_the_client_address(
        seats, office_clerk, chair, make_ready) -> None:
    office, boss = client_for(office_clerk), client_for(chair)
    app = make_ready("REVIEW", "2000000.00")
    before = AuditEntry.objects.count()
    mid = post(office, "/meetings", {"date": "2026-05-20", "kind": "regular"}).json()["id"]
    assert post(office, f"/meetings/{mid}/agenda", {"application_ids": [app.pk]}).status_code == 200
    assert post(boss, f"/meetings/{mid}/actions/approve_agenda").status_code == 200
    assert post(office, f"/meetings/{mid}/actions/open").status_code == 200
    assert post(office, f"/meetings/{mid}/attendance", {"present_units": units(8)}).status_code == 200
    assert post(office, f"/meetings/{mid}/decisions",
                {"application_id": app.pk, "outcome": "approve"}).status_code == 201
    assert post(boss, f"/meetings/{mid}/actions/sign_minutes").json()["state"] == "signed"

    rows = list(AuditEntry.objects.order_by("seq")[before:])
    meeting_actions = {r.action for r in rows if r.object_type == "meetings.meeting"}
    assert {"meeting_create", "meeting_set_agenda", "meeting_approve_agenda", "meeting_open",
            "meeting_record_attendance", "meeting_record_decision",
            "meeting_sign_minutes"} <= meeting_actions
    assert [(r.action, r.client_ip) for r in rows if r.client_ip != ADDRESS] == []
    # What the signature moved carries the chair's address too.
    lifecycle = ProjectLifecycle.objects.get(application=Application.objects.get(pk=app.pk))
    opened = AuditEntry.objects.get(action="lifecycle.open", object_id=str(lifecycle.pk))
    assert opened.client_ip == ADDRESS
    assert AuditEntry.objects.filter(object_type="declarations.application",
                                     object_id=str(app.pk), client_ip=ADDRESS).exists()


def test_a_meeting_created_on_the_page_is_audited_with_the_client_address(
        seats, office_clerk) -> None:
    response = client_for(office_clerk).post("/meetings/new/",
                                             {"date": "2026-05-20", "kind": "regular"})
    assert response.status_code == 302
    created = AuditEntry.objects.get(action="meeting_create")
    assert created.client_ip == ADDRESS
