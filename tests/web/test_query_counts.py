"""List pages answer in a number of queries that does not grow with their rows (no N+1)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.declarations.fixtures import review_body


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def named(n: int) -> dict:
    return review_body(name=f"区城运中心城市运行管理平台第{n}期项目")


def test_project_list(people: dict, login_client: Any, flow: Any,
                      django_assert_max_num_queries: Any) -> None:
    client = login_client(people["applicant_kewei"])
    flow.submitted(named(0))
    one = queries(client, "/declarations/projects/")
    for n in range(1, 6):
        flow.create(named(n))
    with django_assert_max_num_queries(one):
        response = client.get("/declarations/projects/")
    assert response.content.decode().count("data-project=") == 6


def test_done_tab(people: dict, login_client: Any, flow: Any,
                  django_assert_max_num_queries: Any) -> None:
    client = login_client(people["applicant_kewei"])
    flow.submitted(named(0))
    one = queries(client, "/todo/?tab=done")
    for n in range(1, 6):
        flow.submitted(named(n))
    with django_assert_max_num_queries(one):
        response = client.get("/todo/?tab=done")
    assert len(response.context["done_items"]) == 6
    assert response.context["done_items"][0][0].last_action == "submit"


def test_todo_tab_counts_the_done_without_building_them(
    people: dict, login_client: Any, flow: Any, django_assert_max_num_queries: Any,
) -> None:
    client = login_client(people["applicant_kewei"])
    flow.submitted(named(0))
    one = queries(client, "/todo/")
    for n in range(1, 6):
        flow.submitted(named(n))
    with django_assert_max_num_queries(one):
        response = client.get("/todo/")
    assert response.context["done_count"] == 6 and response.context["done_items"] == []


def test_assessment_queue(people: dict, login_client: Any, flow: Any,
                          django_assert_max_num_queries: Any) -> None:
    client = login_client(people["office_clerk"])
    flow.accepted(named(0))
    one = queries(client, "/review/?queue=assessment")
    for n in range(1, 6):
        flow.accepted(named(n))
    with django_assert_max_num_queries(one):
        response = client.get("/review/?queue=assessment")
    rows = response.context["applications"]
    assert len(rows) == 6 and all(len(assessments) == 2 for _app, assessments in rows)
