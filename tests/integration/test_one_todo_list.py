"""One 待办 list: the applications waiting for a person and the lifecycle's due items, on
`/todo/` and `GET /api/v1/todo`, through review's provider registry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from egovpm.lifecycle.services import lifecycle_open, lifecycle_transition
from egovpm.review import todo as registry
from egovpm.review.selectors import TodoItem, todo_for
from tests.api.helpers import client_for
from tests.declarations import fixtures
from tests.declarations.fixtures import review_body
from tests.lifecycle.conftest import frozen

units = fixtures.units
people = fixtures.people
flow = fixtures.flow
isolated_media_root = fixtures.isolated_media_root

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(flow):
    app = flow.act(flow.ready(review_body()), "meeting_approve", "chair", internal=True)
    return lifecycle_open(application=app)


def test_finance_sees_the_budget_to_release_on_todo_and_in_the_api(approved, people):
    items = todo_for(people["finance"])
    [item] = [i for i in items if i.source == "lifecycle"]
    assert item.application == approved.application
    assert item.link == f"/lifecycle/{approved.pk}/" and "待登记预算下达" in item.title
    body = client_for(people["finance"]).get("/api/v1/todo").json()["todo"]
    [row] = [r for r in body if r["source"] == "lifecycle"]
    assert row["application_id"] == approved.application_id and row["link"] == item.link
    browser = Client()
    browser.force_login(people["finance"])
    page = browser.get("/todo/")
    assert page.status_code == 200 and "待登记预算下达" in page.content.decode()


def test_the_units_running_clock_joins_its_applications(approved, flow, people):
    draft = flow.create(review_body(name="区教育城域网升级项目"))
    released = dt.date(2026, 6, 1)
    lifecycle_transition(lifecycle=approved, action="release_budget", actor=people["finance"],
                         payload={"released_on": released}, today=released)
    with frozen(dt.date(2026, 9, 10)):  # 3 months after release: procurement start overdue
        items = todo_for(people["applicant_kewei"])
        api = client_for(people["applicant_kewei"]).get("/api/v1/todo").json()["todo"]
    assert items[0].application == draft and items[0].source == "review"
    clocks = [i for i in items if i.source == "lifecycle"]
    assert clocks and clocks[0].overdue and clocks[0].due_date == dt.date(2026, 9, 1)
    assert clocks[0].actions == ["启动政府采购"]
    assert [r["source"] for r in api] == [i.source for i in items]
    # Another unit's applicant sees none of it.
    assert not [i for i in todo_for(people["outsider"]) if i.source == "lifecycle"]


def test_providers_register_once(people, monkeypatch):
    monkeypatch.setattr(registry, "_PROVIDERS", [])
    now = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)

    def fake(user, today):
        return [TodoItem(application=None, actions=["x"], since=now, source="fake",
                         overdue=True, due_date=today)]

    registry.register_todo_provider(fake)
    registry.register_todo_provider(fake)
    assert [i.source for i in todo_for(people["office_clerk"])] == ["fake"]
