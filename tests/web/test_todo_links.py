"""`/todo/`: an item another module adds links where it says (its `link`), not to the
declaration page; the applications' own items still link to their declaration."""

from __future__ import annotations

import pytest

from egovpm.lifecycle.services import lifecycle_open
from tests.declarations.fixtures import review_body

pytestmark = pytest.mark.django_db


def test_a_lifecycle_item_links_to_the_project_page(flow, people, login_client):
    app = flow.act(flow.ready(review_body()), "meeting_approve", "chair", internal=True)
    lifecycle = lifecycle_open(application=app)
    page = login_client(people["finance"]).get("/todo/").content.decode()
    row = page[page.index('data-source="lifecycle"'):]
    row = row[:row.index("</tr>")]
    assert f'href="/lifecycle/{lifecycle.pk}/"' in row and "待登记预算下达" in row
    assert f"/declarations/{app.pk}/" not in row


def test_an_application_item_still_links_to_its_declaration(flow, people, login_client):
    app = flow.submitted(review_body())
    page = login_client(people["office_clerk"]).get("/todo/").content.decode()
    row = page[page.index(f'data-application="{app.pk}"'):]
    row = row[:row.index("</tr>")]
    assert f'href="/declarations/{app.pk}/"' in row and 'data-source' not in row
