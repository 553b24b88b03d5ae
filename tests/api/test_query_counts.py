"""API lists answer in a number of queries that does not grow with their rows (no N+1)."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from egovpm.declarations.services import attachment_upload
from tests.api.helpers import client_for
from tests.declarations.fixtures import review_body

API = "/api/v1"
PDF = b"%PDF-1.4\n%%EOF\n"


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def named(n: int) -> dict:
    return review_body(name=f"区城运中心城市运行管理平台第{n}期项目")


def test_application_list_with_live_findings_of_drafts(people, flow,
                                                       django_assert_max_num_queries):
    client = client_for(people["applicant_kewei"])
    flow.create(named(0))
    one = queries(client, f"{API}/applications")
    for n in range(1, 6):
        app = flow.create(named(n))
        attachment_upload(actor=people["applicant_kewei"], application=app,
                          kind="pre_review_form", name="前置审核表.pdf", chunks=[PDF])
    flow.submitted(named(6))
    with django_assert_max_num_queries(one):
        items = client.get(f"{API}/applications").json()
    assert len(items) == 7
    by_name = {item["name"]: item for item in items}
    # The bulk-computed findings are the detail's (computed per application).
    for item in items:
        detail = client.get(f"{API}/applications/{item['id']}").json()
        assert item["decision"] == detail["decision"], item["name"]
    assert by_name[named(1)["name"]]["decision"]["route"] == "REVIEW"


def test_project_list(people, flow, django_assert_max_num_queries):
    client = client_for(people["applicant_kewei"])
    flow.create(named(0))
    one = queries(client, f"{API}/applications/projects")
    for n in range(1, 6):
        flow.create(named(n))
    with django_assert_max_num_queries(one):
        projects = client.get(f"{API}/applications/projects").json()
    assert len(projects) == 6
