"""The meetings API (`/api/v1/`): contract of issue 4 and the permission matrix."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from docx import Document

from egovpm.accounts.models import Role
from egovpm.declarations.models import Application, State
from egovpm.meetings.selectors import READ_ROLES
from tests.meetings.conftest import units

pytestmark = pytest.mark.django_db
API = "/api/v1"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, path: str, body: dict | None = None):
    return client.post(API + path, data=json.dumps(body or {}), content_type="application/json")


def test_a_meeting_through_the_api(seats, office_clerk, chair, make_ready):
    office, boss = client_for(office_clerk), client_for(chair)
    app = make_ready("REVIEW", "2000000.00")
    response = post(office, "/meetings", {"date": "2026-05-20", "kind": "regular"})
    assert response.status_code == 201, response.content
    mid = response.json()["id"]
    assert response.json()["state"] == "draft"
    assert post(office, f"/meetings/{mid}/agenda", {"application_ids": [app.pk]}).status_code == 200
    response = post(office, f"/meetings/{mid}/attendance", {"leave": [{"unit": "区司法局", "opinion": "同意"}]})
    assert response.status_code == 200, response.content
    assert post(boss, f"/meetings/{mid}/actions/approve_agenda").json()["state"] == "agenda_approved"
    assert post(office, f"/meetings/{mid}/actions/open").json()["state"] == "open"
    late = post(office, f"/meetings/{mid}/attendance", {"leave": [{"unit": "区财政局"}]})
    assert late.status_code == 409
    assert post(office, f"/meetings/{mid}/attendance", {"present_units": units(6)}).status_code == 200
    refused = post(office, f"/meetings/{mid}/decisions", {"application_id": app.pk, "outcome": "approve"})
    assert refused.status_code == 409 and "法定人数" in refused.json()["detail"]
    post(office, f"/meetings/{mid}/attendance", {"present_units": units(7)})
    decided = post(office, f"/meetings/{mid}/decisions",
                   {"application_id": app.pk, "outcome": "approve", "approved_amount": 1900000.5,
                    "conditions": "分两期"})
    assert decided.status_code == 201, decided.content
    detail = office.get(f"{API}/meetings/{mid}").json()
    assert detail["quorum"] == {"present": 7, "total": 14, "required": 7, "met": True}
    assert detail["items"][0]["decision"]["approved_amount"] == "1900000.50"
    assert Application.objects.get(pk=app.pk).state == State.READY_FOR_MEETING
    draft = office.get(f"{API}/meetings/{mid}/minutes.docx")
    assert draft.status_code == 200
    assert "草稿" in Document(io.BytesIO(draft.content)).paragraphs[0].text
    assert post(boss, f"/meetings/{mid}/actions/sign_minutes").json()["state"] == "signed"
    application = Application.objects.get(pk=app.pk)
    assert application.state == State.APPROVED and str(application.approved_amount) == "1900000.50"
    pdf = office.get(f"{API}/meetings/{mid}/minutes.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert office.get(f"{API}/plans/2026.xlsx").status_code == 200
    mine = client_for(application.created_by).get(f"{API}/notifications").json()
    assert any(n["verb"] == "meeting_decision" for n in mine)


def test_bad_input_names_the_field(seats, office_clerk):
    office = client_for(office_clerk)
    response = post(office, "/meetings", {"date": "2026-05-20", "kind": "weekly"})
    assert response.status_code == 422 and response.json()["field"] == "kind"
    mid = post(office, "/meetings", {"date": "2026-05-20", "kind": "regular"}).json()["id"]
    response = post(office, f"/meetings/{mid}/agenda", {"application_ids": [999999]})
    assert response.status_code == 400 and response.json()["field"] == "application_ids[0]"
    assert post(office, f"/meetings/{mid}/actions/dance").status_code == 400
    assert office.get(f"{API}/meetings/999999").status_code == 404


def test_meetings_in_the_openapi_document(office_clerk):
    paths = client_for(office_clerk).get(f"{API}/openapi.json").json()["paths"]
    for path in ("/api/v1/meetings", "/api/v1/meetings/{meeting_id}",
                 "/api/v1/meetings/{meeting_id}/agenda", "/api/v1/meetings/{meeting_id}/attendance",
                 "/api/v1/meetings/{meeting_id}/decisions", "/api/v1/meetings/{meeting_id}/actions/{action}",
                 "/api/v1/meetings/{meeting_id}/minutes.docx", "/api/v1/meetings/{meeting_id}/minutes.pdf",
                 "/api/v1/plans/{year}.xlsx"):
        assert path in paths


# Who may do what: role → expected status (anything not listed is refused with 403).
CREATE_OK = {Role.OFFICE: 201}
APPROVE_OK = {Role.CHAIR: 200}


def test_permission_matrix(seats, personas, make_ready, office_clerk):
    app = make_ready()
    office = client_for(office_clerk)
    for role, user in personas.items():
        client = client_for(user)
        created = post(client, "/meetings", {"date": "2026-05-20", "kind": "regular"})
        assert created.status_code == CREATE_OK.get(role, 403), role
        seen = client.get(f"{API}/meetings")
        assert seen.status_code == (200 if role in READ_ROLES else 403), role
    mid = post(office, "/meetings", {"date": "2026-06-20", "kind": "regular"}).json()["id"]
    for role, user in personas.items():
        response = post(client_for(user), f"/meetings/{mid}/agenda", {"application_ids": [app.pk]})
        assert response.status_code == (200 if role == Role.OFFICE else 403), role
    for role, user in personas.items():
        if role == Role.CHAIR:
            continue
        response = post(client_for(user), f"/meetings/{mid}/actions/approve_agenda")
        assert response.status_code == 403, role
        assert client_for(user).get(f"{API}/meetings/{mid}/minutes.docx").status_code == (
            200 if role in READ_ROLES else 403), role
    assert post(client_for(personas[Role.CHAIR]), f"/meetings/{mid}/actions/approve_agenda").status_code == 200
    for role, user in personas.items():
        if role != Role.CHAIR:
            response = post(client_for(user), f"/meetings/{mid}/actions/sign_minutes")
            assert response.status_code in (403, 409) if role == Role.OFFICE else 403, role


def test_anonymous_is_refused(seats):
    assert Client().get(f"{API}/meetings").status_code == 401
