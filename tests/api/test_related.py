"""`related_projects` on GET /api/v1/applications/{id}: the office's and the auditor's only."""

from __future__ import annotations

import datetime

from tests.api.helpers import client_for
from tests.declarations.test_related import OLD_NAME, at, renamed  # noqa: F401 (fixture)


def test_related_projects_for_office_and_auditor_only(renamed, people):  # noqa: F811
    url = f"/api/v1/applications/{renamed['new'].pk}"
    with at(datetime.date(2026, 3, 3)):
        for who in ("office_clerk", "auditor"):
            body = client_for(people[who]).get(url).json()
            assert [(r["project_id"], r["name"], r["latest_application_id"], r["latest_state"],
                     r["third_party_failures"], r["expert_failures"], r["suspended_until"])
                    for r in body["related_projects"]] == [
                (renamed["old"].project_id, OLD_NAME, renamed["old"].pk, "withdrawn",
                 0, 2, "2026-09-02")]
        response = client_for(people["applicant_kewei"]).get(url)
        assert response.status_code == 200
        assert response.json()["related_projects"] == []
