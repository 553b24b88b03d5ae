"""Who may open which page: every persona × every page × own / other object.

Visibility is the selectors' (an application one may not see answers 404, as if it did not
exist); a page one sees but may not use answers 403. The URL names covered here are checked
against the URLconf, so a new page without a row fails.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from egovpm.declarations.models import Application
from egovpm.declarations.services import attachment_upload
from egovpm.review.models import Assessment

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EVERYONE = ("applicant_kewei", "leader_kewei", "supervisor_kewei", "applicant_sub", "outsider",
            "supervisor_edu", "office_clerk", "third_party_a", "third_party_b", "expert_wang",
            "expert_li", "chair", "member", "finance", "auditor", "sysadmin")
APPLICANTS = {"applicant_kewei", "leader_kewei", "applicant_sub", "outsider"}
REVIEWERS = {"supervisor_kewei", "supervisor_edu", "office_clerk", "chair", "auditor"}
ASSESSORS = {"third_party_a", "third_party_b", "expert_wang", "expert_li"}
KEWEI = {"applicant_kewei", "leader_kewei", "supervisor_kewei"}


def status(client: Client, url: str) -> int:
    return client.get(url).status_code


# ---- pages without an object ---------------------------------------------------------------

ROLE_PAGES = {
    "declarations:list": ("/declarations/", set(EVERYONE)),
    "declarations:new": ("/declarations/new/", APPLICANTS),
    "declarations:projects": ("/declarations/projects/", APPLICANTS),
    "review:index": ("/review/", REVIEWERS),
    "review:assessments": ("/review/assessments/", ASSESSORS),
    "todo:index": ("/todo/", set(EVERYONE)),
}


@pytest.mark.parametrize("name", sorted(ROLE_PAGES))
def test_role_pages(name: str, people: dict, login_client: Any) -> None:
    url, allowed = ROLE_PAGES[name]
    got = {who: status(login_client(people[who]), url) for who in EVERYONE}
    assert got == {who: 200 if who in allowed else 403 for who in EVERYONE}


# ---- one application: own and other ---------------------------------------------------------


def expected(visible: set[str], allowed: set[str] | None = None) -> dict[str, int]:
    allowed = visible if allowed is None else allowed
    return {who: (200 if who in allowed else 403) if who in visible else 404 for who in EVERYONE}


SUBMITTED_READERS = KEWEI | {"office_clerk", "chair", "auditor"}


def test_detail_of_a_draft(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.create()
    got = {who: status(login_client(people[who]), f"/declarations/{app.pk}/") for who in EVERYONE}
    assert got == expected(KEWEI)


def test_detail_of_a_submitted_application(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.submitted()
    got = {who: status(login_client(people[who]), f"/declarations/{app.pk}/") for who in EVERYONE}
    assert got == expected(SUBMITTED_READERS)


def test_a_draft_withdrawn_before_submission_stays_private_to_its_unit(
    people: dict, login_client: Any, flow: Any,
) -> None:
    app = flow.act(flow.create(by="applicant_sub"), "withdraw", "applicant_sub")
    assert app.state == "withdrawn" and app.declared_on is None
    got = {who: status(login_client(people[who]), f"/declarations/{app.pk}/") for who in EVERYONE}
    # Never submitted: neither the office, chair, auditor nor the supervising unit see it.
    assert got == expected({"applicant_sub"})


def test_an_application_withdrawn_after_submission_stays_visible(
    people: dict, login_client: Any, flow: Any,
) -> None:
    app = flow.act(flow.submitted(), "withdraw", "applicant_kewei")
    assert app.state == "withdrawn" and app.declared_on is not None
    got = {who: status(login_client(people[who]), f"/declarations/{app.pk}/") for who in EVERYONE}
    assert got == expected(SUBMITTED_READERS)


def test_a_returned_application_keeps_its_declared_on_and_its_readers(
    people: dict, login_client: Any, flow: Any,
) -> None:
    app = flow.act(flow.submitted(), "office_return", "office_clerk", reason="补充材料")
    assert app.state == "returned" and app.declared_on is not None
    got = {who: status(login_client(people[who]), f"/declarations/{app.pk}/") for who in EVERYONE}
    assert got == expected(SUBMITTED_READERS, SUBMITTED_READERS)


def test_detail_under_assessment_shows_it_to_its_assessors_only(
    people: dict, login_client: Any, flow: Any,
) -> None:
    app = flow.accepted()
    got = {who: status(login_client(people[who]), f"/declarations/{app.pk}/") for who in EVERYONE}
    assert got == expected(SUBMITTED_READERS | {"third_party_a", "expert_wang"})


def test_subordinate_declaration_is_seen_by_its_supervisor(
    people: dict, login_client: Any, flow: Any,
) -> None:
    app = flow.in_state("supervisor_review")
    got = {who: status(login_client(people[who]), f"/declarations/{app.pk}/") for who in EVERYONE}
    # The supervising department (the unit, every role of it) sees it from submission on.
    assert got == expected(KEWEI | {"applicant_sub", "office_clerk", "chair", "auditor"})
    url = f"/review/{app.pk}/act/supervisor_approve/"
    got = {who: status(login_client(people[who]), url) for who in EVERYONE}
    assert got == expected(KEWEI | {"applicant_sub", "office_clerk", "chair", "auditor"},
                           {"supervisor_kewei"})


def test_edit_page(people: dict, login_client: Any, flow: Any) -> None:
    draft, submitted = flow.create(), flow.submitted()
    got = {who: status(login_client(people[who]), f"/declarations/{draft.pk}/edit/")
           for who in EVERYONE}
    assert got == expected(KEWEI, {"applicant_kewei", "leader_kewei"})
    got = {who: status(login_client(people[who]), f"/declarations/{submitted.pk}/edit/")
           for who in EVERYONE}
    assert got == expected(SUBMITTED_READERS, set())


def test_live_preview_endpoint(people: dict, login_client: Any, flow: Any) -> None:
    draft = flow.create()
    got = {who: login_client(people[who]).post(f"/declarations/{draft.pk}/preview/", {}).status_code
           for who in EVERYONE}
    assert got == expected(KEWEI, {"applicant_kewei", "leader_kewei"})
    got = {who: login_client(people[who]).post("/declarations/preview/", {}).status_code
           for who in EVERYONE}
    assert got == {who: 200 if who in APPLICANTS else 403 for who in EVERYONE}


def test_attachment_download(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.create()
    attachment = attachment_upload(actor=people["applicant_kewei"], application=app,
                                   kind="pre_review_form", name="前置审核表.pdf", chunks=[PDF])
    flow.act(app, "submit", "applicant_kewei")
    url = f"/declarations/attachments/{attachment.pk}/"
    got = {who: status(login_client(people[who]), url) for who in EVERYONE}
    assert got == expected(SUBMITTED_READERS)
    body = b"".join(login_client(people["auditor"]).get(url).streaming_content)
    assert body == PDF


def test_attachment_with_a_missing_file_is_404(people: dict, login_client: Any, flow: Any) -> None:
    from egovpm.declarations.files import storage_path

    app = flow.create()
    attachment = attachment_upload(actor=people["applicant_kewei"], application=app,
                                   kind="pre_review_form", name="前置审核表.pdf", chunks=[PDF])
    storage_path(attachment.stored_name).unlink()
    client = login_client(people["applicant_kewei"])
    assert status(client, f"/declarations/attachments/{attachment.pk}/") == 404


def test_report_page_is_the_assignees_only(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.accepted()
    expert = Assessment.objects.get(application=app, kind="expert")
    got = {who: status(login_client(people[who]), f"/review/assessments/{expert.pk}/report/")
           for who in EVERYONE}
    assert got == {who: (200 if who == "expert_wang" else 404) if who in ASSESSORS else 403
                   for who in EVERYONE}


def test_action_pages(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.submitted()  # office_intake
    url = f"/review/{app.pk}/act/office_accept/"
    got = {who: status(login_client(people[who]), url) for who in EVERYONE}
    assert got == expected(SUBMITTED_READERS, {"office_clerk"})
    # The office may defer, but not from intake: told so on the detail page.
    response = login_client(people["office_clerk"]).get(f"/review/{app.pk}/act/defer/")
    assert response.status_code == 302 and response["Location"] == f"/declarations/{app.pk}/"
    assert status(login_client(people["office_clerk"]), f"/review/{app.pk}/act/nonsense/") == 404


def test_posting_an_action_one_may_not_take_changes_nothing(
    people: dict, login_client: Any, flow: Any,
) -> None:
    app = flow.submitted()
    for who, action, code in (("outsider", "withdraw", 404), ("auditor", "reject", 403),
                              ("applicant_kewei", "office_accept", 403),
                              ("member", "office_return", 404)):
        response = login_client(people[who]).post(f"/review/{app.pk}/act/{action}/",
                                                  {"reason": "试一试"})
        assert response.status_code == code, who
    assert Application.objects.get(pk=app.pk).state == "office_intake"


def test_auditor_sees_no_action_buttons(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.submitted()
    office = login_client(people["office_clerk"]).get(f"/declarations/{app.pk}/")
    assert b'data-action="office_accept"' in office.content
    auditor = login_client(people["auditor"]).get(f"/declarations/{app.pk}/")
    assert auditor.status_code == 200
    assert b"data-action=" not in auditor.content
    assert b'data-testid="upload"' not in auditor.content


def test_anonymous_is_sent_to_login(db: Any, flow: Any) -> None:
    app = flow.submitted()
    client = Client()
    for url in ("/declarations/", "/declarations/new/", f"/declarations/{app.pk}/",
                "/review/", "/review/assessments/", "/todo/", f"/review/{app.pk}/act/submit/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/"), url


COVERED = {
    *ROLE_PAGES, "declarations:detail", "declarations:edit", "declarations:preview",
    "declarations:preview_saved", "declarations:attachment", "declarations:attachment_upload",
    "review:act", "review:report",
}


def test_every_page_of_the_urlconf_is_in_the_matrix() -> None:
    names = set()
    for namespace in ("declarations", "review", "todo"):
        _prefix, resolver = get_resolver().namespace_dict[namespace]
        names |= {f"{namespace}:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
    assert names == COVERED
