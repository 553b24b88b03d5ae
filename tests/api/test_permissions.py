"""Object-level access as a matrix: every persona × endpoint × own/other application.

Columns (the objects): D_kewei a draft of 区科委, S_kewei its submitted one (office_intake),
A_kewei one in assessment (third_party_a, expert_wang), S_sub the subordinate 区科技创新服务中心's
awaiting its supervisor 区科委, D_sub the subordinate's draft, S_edu 区教育局's submitted one.
The expectations are written out by hand from PRODUCT.md, not derived from the code.
"""

from __future__ import annotations

import pytest

from egovpm.declarations.services import attachment_upload
from tests.api.helpers import client_for
from tests.declarations.fixtures import review_body

API = "/api/v1"
PDF = b"%PDF-1.4\n%%EOF\n"
OBJECTS = ("D_kewei", "S_kewei", "A_kewei", "S_sub", "D_sub", "S_edu")
NONE_404 = (404,) * 6

# GET /applications/{id}, its attachments list and each attachment's download.
READ = {
    "applicant_kewei": (200, 200, 200, 200, 404, 404),
    "leader_kewei": (200, 200, 200, 200, 404, 404),
    "supervisor_kewei": (200, 200, 200, 200, 404, 404),
    "applicant_sub": (404, 404, 404, 200, 200, 404),
    "outsider": (404, 404, 404, 404, 404, 200),
    "supervisor_edu": (404, 404, 404, 404, 404, 200),
    "office_clerk": (404, 200, 200, 200, 404, 200),
    "chair": (404, 200, 200, 200, 404, 200),
    "auditor": (404, 200, 200, 200, 404, 200),
    "third_party_a": (404, 404, 200, 404, 404, 404),
    "expert_wang": (404, 404, 200, 404, 404, 404),
    "third_party_b": NONE_404,
    "expert_li": NONE_404,
    "member": NONE_404,
    "finance": NONE_404,
    "sysadmin": NONE_404,
}

# PATCH /applications/{id} and POST …/attachments (materials): owner's applicant, editable state.
EDIT = {
    "applicant_kewei": (200, 409, 409, 403, 404, 404),
    "leader_kewei": (200, 409, 409, 403, 404, 404),
    "supervisor_kewei": (403, 403, 403, 403, 404, 404),
    "applicant_sub": (404, 404, 404, 409, 200, 404),
    "outsider": (404, 404, 404, 404, 404, 409),
    "supervisor_edu": (404, 404, 404, 404, 404, 403),
    "office_clerk": (404, 403, 403, 403, 404, 403),
    "chair": (404, 403, 403, 403, 404, 403),
    "auditor": (404, 403, 403, 403, 404, 403),
    "third_party_a": (404, 404, 403, 404, 404, 404),
    "expert_wang": (404, 404, 403, 404, 404, 404),
    "third_party_b": NONE_404,
    "expert_li": NONE_404,
    "member": NONE_404,
    "finance": NONE_404,
    "sysadmin": NONE_404,
}

# POST …/actions/withdraw (from draft, returned, supervisor_review, office_intake, deferred,
# reserve; the owning unit's applicant or unit leader).
WITHDRAW = {
    "applicant_kewei": (200, 200, 409, 403, 404, 404),
    "leader_kewei": (200, 200, 409, 403, 404, 404),
    "supervisor_kewei": (403, 403, 403, 403, 404, 404),
    "applicant_sub": (404, 404, 404, 200, 200, 404),
    "outsider": (404, 404, 404, 404, 404, 200),
    "supervisor_edu": (404, 404, 404, 404, 404, 403),
    "office_clerk": (404, 403, 403, 403, 404, 403),
    "chair": (404, 403, 403, 403, 404, 403),
    "auditor": (404, 403, 403, 403, 404, 403),
    "third_party_a": (404, 404, 403, 404, 404, 404),
    "expert_wang": (404, 404, 403, 404, 404, 404),
    "third_party_b": NONE_404,
    "expert_li": NONE_404,
    "member": NONE_404,
    "finance": NONE_404,
    "sysadmin": NONE_404,
}

# POST …/assessments/{third-party assessment of A_kewei}/report.
REPORT = {
    "third_party_a": 200, "expert_wang": 403, "office_clerk": 403, "chair": 403, "auditor": 403,
    "applicant_kewei": 403, "leader_kewei": 403, "supervisor_kewei": 403,
    "applicant_sub": 404, "outsider": 404, "supervisor_edu": 404, "third_party_b": 404,
    "expert_li": 404, "member": 404, "finance": 404, "sysadmin": 404,
}


def build(flow, people) -> dict:
    """The six objects, each with one uploaded material (uploaded while still a draft)."""
    def draft(by: str):
        app = flow.create(review_body(), by=by)
        attachment_upload(actor=people[by], application=app, kind="pre_review_form",
                          name="前置审核表.pdf", chunks=[PDF])
        return app

    d_kewei = draft("applicant_kewei")
    s_kewei = flow.act(draft("applicant_kewei"), "submit", "applicant_kewei")
    a_kewei = flow.act(flow.act(draft("applicant_kewei"), "submit", "applicant_kewei"),
                       "office_accept", "office_clerk",
                       assessors={"third_party": "third_party_a", "expert": "expert_wang"})
    s_sub = flow.act(draft("applicant_sub"), "submit", "applicant_sub")
    d_sub = draft("applicant_sub")
    s_edu = flow.act(draft("outsider"), "submit", "outsider")
    apps = dict(zip(OBJECTS, (d_kewei, s_kewei, a_kewei, s_sub, d_sub, s_edu), strict=True))
    assert [a.state for a in apps.values()] == [
        "draft", "office_intake", "assessment", "supervisor_review", "draft", "office_intake"]
    return apps


@pytest.mark.parametrize("persona", sorted(READ))
def test_read_matrix(flow, people, persona):
    apps = build(flow, people)
    client = client_for(people[persona])
    listed = {a["id"] for a in client.get(f"{API}/applications").json()}
    for name, expected in zip(OBJECTS, READ[persona], strict=True):
        app = apps[name]
        attachment = app.attachments.get()
        got = (
            client.get(f"{API}/applications/{app.pk}").status_code,
            client.get(f"{API}/applications/{app.pk}/attachments").status_code,
            client.get(f"{API}/applications/{app.pk}/attachments/{attachment.pk}").status_code,
        )
        assert got == (expected,) * 3, (persona, name)
        assert (app.pk in listed) == (expected == 200), (persona, name)


@pytest.mark.parametrize("persona", sorted(EDIT))
def test_edit_matrix(flow, people, persona):
    apps = build(flow, people)
    client = client_for(people[persona])
    for name, expected in zip(OBJECTS, EDIT[persona], strict=True):
        app = apps[name]
        patched = client.patch(f"{API}/applications/{app.pk}", {"name": "改名"},
                               content_type="application/json")
        assert patched.status_code == expected, (persona, name, patched.content)
        from django.core.files.uploadedfile import SimpleUploadedFile

        uploaded = client.post(f"{API}/applications/{app.pk}/attachments",
                               {"kind": "basis", "file": SimpleUploadedFile("依据.pdf", PDF)})
        assert uploaded.status_code == (201 if expected == 200 else expected), (persona, name)
        app.refresh_from_db()
        assert (app.name == "改名") == (expected == 200)
        assert app.attachments.count() == (2 if expected == 200 else 1)


@pytest.mark.parametrize("persona", sorted(WITHDRAW))
def test_action_matrix(flow, people, persona):
    apps = build(flow, people)
    client = client_for(people[persona])
    for name, expected in zip(OBJECTS, WITHDRAW[persona], strict=True):
        app = apps[name]
        before = app.state
        response = client.post(f"{API}/applications/{app.pk}/actions/withdraw",
                               {"reason": "不再建设"}, content_type="application/json")
        assert response.status_code == expected, (persona, name, response.content)
        app.refresh_from_db()
        assert app.state == ("withdrawn" if expected == 200 else before)


@pytest.mark.parametrize("persona", sorted(REPORT))
def test_report_matrix(flow, people, persona):
    app = flow.accepted()
    assessment = app.assessments.get(kind="third_party")
    response = client_for(people[persona]).post(
        f"{API}/applications/{app.pk}/assessments/{assessment.pk}/report",
        {"result": "pass", "opinion": "可行"}, content_type="application/json")
    assert response.status_code == REPORT[persona], (persona, response.content)
    assessment.refresh_from_db()
    assert assessment.result == ("pass" if REPORT[persona] == 200 else "pending")


def test_the_auditor_changes_nothing(flow, people):
    """Every write endpoint refuses the auditor on an application it can read."""
    app = flow.accepted()
    client = client_for(people["auditor"])
    from egovpm.review.transitions import Action

    for action in Action.values:
        response = client.post(f"{API}/applications/{app.pk}/actions/{action}",
                               {"reason": "审计"}, content_type="application/json")
        assert response.status_code in (403, 409), action
    app.refresh_from_db()
    assert app.state == "assessment"
