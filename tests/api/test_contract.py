"""The REST API contract of issue 3: paths, bodies and status codes."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from egovpm.declarations.models import Application
from tests.api.helpers import PASSWORD, client_for
from tests.declarations.fixtures import review_body

PDF = b"%PDF-1.4\n%%EOF\n"
API = "/api/v1"


@pytest.fixture
def applicant(people):
    return client_for(people["applicant_kewei"])


@pytest.fixture
def office(people):
    return client_for(people["office_clerk"])


def post(client, path, body=None):
    return client.post(API + path, body or {}, content_type="application/json")


def test_openapi_is_public_and_lists_every_endpoint(db):
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.") and doc["info"]["title"] == "杨浦区电子政务项目管理平台 API"
    for path in ("/api/v1/auth/token", "/api/v1/applications", "/api/v1/applications/preview",
                 "/api/v1/applications/{application_id}",
                 "/api/v1/applications/{application_id}/actions/{action}",
                 "/api/v1/applications/{application_id}/assessments/{assessment_id}/report",
                 "/api/v1/applications/{application_id}/attachments",
                 "/api/v1/applications/{application_id}/attachments/{attachment_id}",
                 "/api/v1/todo"):
        assert path in doc["paths"], path


def test_swagger_ui_loads_only_local_assets(db):
    html = Client().get(f"{API}/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources


def test_token_and_bearer_auth(people):
    client = Client()
    bad = post(client, "/auth/token", {"username": "applicant_kewei", "password": "wrong"})
    assert bad.status_code == 401 and bad.json()["detail"]
    assert client.get(f"{API}/applications").status_code == 401
    good = post(client, "/auth/token", {"username": "applicant_kewei", "password": PASSWORD})
    assert good.status_code == 200
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {good.json()['token']}")
    assert bearer.get(f"{API}/applications").status_code == 200
    assert Client(HTTP_AUTHORIZATION="Bearer nonsense").get(f"{API}/applications").status_code == 401


def test_session_auth_needs_csrf_for_writes(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["applicant_kewei"])
    assert client.get(f"{API}/applications").status_code == 200
    assert post(client, "/applications", review_body()).status_code == 403
    assert not Application.objects.exists()


def test_create_returns_id_state_and_live_decision(applicant):
    response = post(applicant, "/applications", review_body())
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "state", "decision"}
    assert body["state"] == "draft" and body["decision"]["route"] == "REVIEW"


@pytest.mark.parametrize(("change", "status", "field"), [
    ({"kind": "palace"}, 400, "kind"),
    ({"unit": {"name": "区教育局", "kind": "department"}}, 400, "unit"),
    ({"total_amount": "abc"}, 422, "total_amount"),
    ({"budget_year": "next"}, 422, "budget_year"),
    ({"project_id": 999999}, 400, "project_id"),
])
def test_bad_bodies_name_the_field(applicant, change, status, field):
    response = post(applicant, "/applications", review_body(**change))
    assert response.status_code == status, response.content
    assert response.json()["field"] == field and response.json()["detail"]
    assert re.search(r"[\u4e00-\u9fff]", response.json()["detail"])
    assert not Application.objects.exists()


def test_engine_errors_are_400_with_the_field(applicant):
    body = review_body()
    body["budget"][0]["item"] = "yacht"
    response = post(applicant, "/applications", body)
    assert response.status_code == 400 and response.json()["field"].startswith("budget[0]")


def test_server_side_facts_are_not_taken_from_the_body(applicant):
    body = review_body(history={"third_party_failures": ["2026-01-01"] * 3,
                                "failed_acceptance_unrectified": True})
    body["unit"] = {"name": "区科委（区信息委）", "kind": "subordinate", "supervisor_approved": True}
    created = post(applicant, "/applications", body).json()
    codes = [f["code"] for f in created["decision"]["findings"]]
    assert "SUSPENDED_AFTER_FAILURES" not in codes and "FAILED_ACCEPTANCE_BLOCKS" not in codes
    assert "SUBORDINATE_NOT_APPROVED" not in codes  # the unit's kind is the server's


def test_preview_evaluates_without_saving(applicant):
    response = post(applicant, "/applications/preview", review_body(total_amount="6000000"))
    assert response.status_code == 200
    assert response.json()["route"] in {"REVIEW", "GOV_INVESTMENT"}
    assert "findings" in response.json()
    assert not Application.objects.exists()


def test_full_review_journey_through_the_api(people, applicant, office):
    app_id = post(applicant, "/applications", review_body()).json()["id"]
    submitted = post(applicant, f"/applications/{app_id}/actions/submit", {"reason": ""})
    assert submitted.status_code == 200 and submitted.json()["state"] == "office_intake"

    again = post(applicant, f"/applications/{app_id}/actions/submit")
    assert again.status_code == 409 and again.json()["detail"]

    accepted = post(office, f"/applications/{app_id}/actions/office_accept", {
        "assessors": {"third_party": "third_party_a", "expert": "expert_wang"}})
    assert accepted.json()["state"] == "assessment"
    detail = office.get(f"{API}/applications/{app_id}").json()
    assert {"id", "state", "route", "decision", "events"} <= set(detail)
    assert detail["route"] == "REVIEW" and detail["declared_on"]
    assessments = {a["kind"]: a for a in detail["assessments"]}
    assert {a["result"] for a in assessments.values()} == {"pending"}
    assert [e["action"] for e in detail["events"]] == ["create", "submit", "office_accept"]

    third_party = client_for(people["third_party_a"])
    upload = third_party.post(f"{API}/applications/{app_id}/attachments",
                              {"kind": "assessment_report",
                               "file": _file("报告.pdf", PDF)})
    assert upload.status_code == 201
    report = post(third_party,
                  f"/applications/{app_id}/assessments/{assessments['third_party']['id']}/report",
                  {"result": "pass", "opinion": "方案可行", "attachment_id": upload.json()["id"]})
    assert report.status_code == 200 and report.json()["state"] == "assessment"
    expert = client_for(people["expert_wang"])
    # The expert sees only their own assessment.
    mine = expert.get(f"{API}/applications/{app_id}").json()["assessments"]
    assert [a["kind"] for a in mine] == ["expert"]
    report = post(expert, f"/applications/{app_id}/assessments/{assessments['expert']['id']}/report",
                  {"result": "pass", "opinion": "同意"})
    assert report.json()["state"] == "ready_for_meeting"
    bad = post(expert, f"/applications/{app_id}/assessments/{assessments['expert']['id']}/report",
               {"result": "maybe", "opinion": "?"})
    assert bad.status_code == 422 and bad.json()["field"] == "result"


def test_failed_assessment_cancels_the_round(people, applicant, office):
    app_id = post(applicant, "/applications", review_body()).json()["id"]
    post(applicant, f"/applications/{app_id}/actions/submit")
    post(office, f"/applications/{app_id}/actions/office_accept",
         {"assessors": {"third_party": "third_party_a", "expert": "expert_wang"}})
    detail = office.get(f"{API}/applications/{app_id}").json()
    expert_id = next(a["id"] for a in detail["assessments"] if a["kind"] == "expert")
    response = post(client_for(people["expert_wang"]),
                    f"/applications/{app_id}/assessments/{expert_id}/report",
                    {"result": "fail", "opinion": "需求不清"})
    assert response.json()["state"] == "returned"
    results = {a["kind"]: a["result"]
               for a in office.get(f"{API}/applications/{app_id}").json()["assessments"]}
    assert results == {"third_party": "cancelled", "expert": "fail"}


def test_blocking_findings_come_back_with_409(applicant):
    body = review_body(kind="info_publishing", total_amount="80000", hardware_amount="0",
                       budget=[], cac_filing_approved=False)
    app_id = post(applicant, "/applications", body).json()["id"]
    response = post(applicant, f"/applications/{app_id}/actions/submit")
    assert response.status_code == 409
    assert "CAC_FILING_MISSING" in [f["code"] for f in response.json()["findings"]]


def test_action_codes(people, applicant, office):
    app_id = post(applicant, "/applications", review_body()).json()["id"]
    outsider = client_for(people["outsider"])
    assert post(outsider, f"/applications/{app_id}/actions/submit").status_code == 404
    assert post(office, f"/applications/{app_id}/actions/submit").status_code == 404  # a draft
    post(applicant, f"/applications/{app_id}/actions/submit")
    assert post(applicant, f"/applications/{app_id}/actions/office_accept").status_code == 403
    reject = post(office, f"/applications/{app_id}/actions/reject", {"reason": ""})
    assert reject.status_code == 409
    assert post(office, f"/applications/{app_id}/actions/nonsense").status_code == 409
    missing = post(office, f"/applications/{app_id}/actions/office_accept",
                   {"assessors": {"third_party": "third_party_a"}})
    assert missing.status_code == 400 and missing.json()["field"] == "assessors.expert"
    assert post(office, "/applications/999999/actions/reject", {"reason": "x"}).status_code == 404


def test_patch_edits_only_editable_own_applications(people, applicant, office):
    app_id = post(applicant, "/applications", review_body()).json()["id"]
    patched = applicant.patch(f"{API}/applications/{app_id}", {"name": "新名称", "version": 1},
                              content_type="application/json")
    assert patched.status_code == 200 and patched.json()["name"] == "新名称"
    stale = applicant.patch(f"{API}/applications/{app_id}", {"name": "x", "version": 1},
                            content_type="application/json")
    assert stale.status_code == 409
    post(applicant, f"/applications/{app_id}/actions/submit")
    locked = applicant.patch(f"{API}/applications/{app_id}", {"name": "x"},
                             content_type="application/json")
    assert locked.status_code == 409


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_upload_and_download(people, applicant):
    app_id = post(applicant, "/applications", review_body()).json()["id"]
    response = applicant.post(f"{API}/applications/{app_id}/attachments",
                              {"kind": "pre_review_form", "file": _file("前置审核表.pdf", PDF)})
    assert response.status_code == 201 and len(response.json()["sm3"]) == 64
    attachment_id = response.json()["id"]
    download = applicant.get(f"{API}/applications/{app_id}/attachments/{attachment_id}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert client_for(people["outsider"]).get(
        f"{API}/applications/{app_id}/attachments/{attachment_id}").status_code == 404
    bad = applicant.post(f"{API}/applications/{app_id}/attachments",
                         {"kind": "pre_review_form", "file": _file("x.pdf", b"GIF89a")})
    assert bad.status_code == 400 and bad.json()["field"] == "file"
    listed = applicant.get(f"{API}/applications/{app_id}/attachments").json()
    assert [a["id"] for a in listed] == [attachment_id]


def test_download_of_a_missing_file_is_404_not_500(people, applicant):
    from egovpm.declarations.files import storage_path
    from egovpm.declarations.models import Attachment

    app_id = post(applicant, "/applications", review_body()).json()["id"]
    attachment_id = applicant.post(
        f"{API}/applications/{app_id}/attachments",
        {"kind": "pre_review_form", "file": _file("前置审核表.pdf", PDF)}).json()["id"]
    storage_path(Attachment.objects.get(pk=attachment_id).stored_name).unlink()
    download = applicant.get(f"{API}/applications/{app_id}/attachments/{attachment_id}")
    assert download.status_code == 404


def test_list_and_todo(people, applicant, office):
    mine = post(applicant, "/applications", review_body()).json()["id"]
    other = post(client_for(people["outsider"]), "/applications", review_body()).json()["id"]
    assert [a["id"] for a in applicant.get(f"{API}/applications").json()] == [mine]
    todo = applicant.get(f"{API}/todo").json()
    assert [t["application_id"] for t in todo["todo"]] == [mine]
    assert "submit" in todo["todo"][0]["actions"]
    post(applicant, f"/applications/{mine}/actions/submit")
    todo = applicant.get(f"{API}/todo").json()
    assert todo["todo"] == [] and todo["done"][0]["last_action"] == "submit"
    office_todo = office.get(f"{API}/todo").json()["todo"]
    assert [t["application_id"] for t in office_todo] == [mine]
    assert other not in [a["id"] for a in office.get(f"{API}/applications").json()]


def test_projects_for_redeclaration(people, applicant):
    app_id = post(applicant, "/applications", review_body()).json()["id"]
    project_id = applicant.get(f"{API}/applications/{app_id}").json()["project_id"]
    projects = applicant.get(f"{API}/applications/projects").json()
    assert projects == [{"id": project_id, "name": review_body()["name"], "suspended_until": None}]
    again = post(applicant, "/applications", review_body(project_id=project_id))
    assert again.status_code == 201
    assert Application.objects.get(pk=again.json()["id"]).project_id == project_id
