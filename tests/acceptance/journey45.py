"""Plumbing for the acceptance tests of issues 4 and 5: REST clients with bearer tokens, and an
application carried to `ready_for_meeting` and through a joint meeting by the public API only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client

from tests.declarations.fixtures import direct_body, review_body
from tests.factories import PASSWORD

API = "/api/v1"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# The 14 member units of 规则 二 (POLICY.md §7), as the issue names them.
MEMBER_UNITS = (
    "区委办公室（区机要局）", "区委网信办", "区档案局", "区委保密办（区保密局）",
    "区政府办公室（电子政务科、审改科）", "区发展改革委", "区科委（区信息委）", "区司法局",
    "区财政局", "区审计局", "区地区办", "区机管局（区政府采购中心）", "区城运中心", "区大数据中心",
)


def frozen(day: dt.date, hour: int = 10) -> Any:
    """Freeze the clock at `hour` o'clock, Shanghai time, on `day`."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI), tick=False)


class Api:
    """One person's REST client (`Authorization: Bearer`, token from `/api/v1/auth/token`).

    Tests freeze the clock on many days, so a token is asked for on each day the client is used
    (a token from another day may have expired, or not be issued yet)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._day: dt.date | None = None
        self._client = Client()

    @property
    def client(self) -> Client:
        today = dt.datetime.now(SHANGHAI).date()
        if self._day != today:
            response = Client().post(f"{API}/auth/token", json.dumps(
                {"username": self.user.username, "password": PASSWORD}),
                content_type="application/json")
            assert response.status_code == 200, response.content
            self._client = Client(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
            self._day = today
        return self._client

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.post(API + path, json.dumps(body or {}), content_type="application/json")

    def upload(self, path: str, fields: dict[str, Any]) -> Any:
        return self.client.post(API + path, fields)

    def get(self, path: str) -> Any:
        return self.client.get(API + path)


def ready_application(applicant: Api, office: Api, assessors: dict[str, Api] | None = None,
                      **changes: Any) -> int:
    """An application created, submitted, accepted by the office and (with `assessors`, kind →
    client) assessed: it waits for the joint meeting. Without assessors it is a DIRECT_FILING
    (the meeting files it); with them the §1 example on the REVIEW route (the meeting approves
    it). Returns its id."""
    body = review_body(**changes) if assessors else direct_body(**changes)
    created = applicant.post("/applications", body)
    assert created.status_code == 201, created.content
    app_id = created.json()["id"]
    submitted = applicant.post(f"/applications/{app_id}/actions/submit")
    assert submitted.status_code == 200, submitted.content
    payload = {"assessors": {k: a.user.username for k, a in assessors.items()}} if assessors else {}
    accepted = office.post(f"/applications/{app_id}/actions/office_accept", payload)
    assert accepted.status_code == 200, accepted.content
    for assessment in office.get(f"/applications/{app_id}").json()["assessments"]:
        if assessment["result"] == "pending":
            reported = assessors[assessment["kind"]].post(
                f"/applications/{app_id}/assessments/{assessment['id']}/report",
                {"result": "pass", "opinion": "同意"})
            assert reported.status_code in (200, 201), reported.content
    assert state_of(office, app_id) == "ready_for_meeting"
    return app_id


def state_of(api: Api, app_id: int) -> str:
    response = api.get(f"/applications/{app_id}")
    assert response.status_code == 200, response.content
    return response.json()["state"]


def held_meeting(office: Api, chair: Api, app_ids: list[int], date: str = "2026-05-20",
                 present: int = 7) -> int:
    """A regular meeting with `app_ids` on its agenda, approved, open, `present` units present."""
    created = office.post("/meetings", {"date": date, "kind": "regular"})
    assert created.status_code == 201, created.content
    mid = created.json()["id"]
    assert office.post(f"/meetings/{mid}/agenda", {"application_ids": app_ids}).status_code == 200
    assert chair.post(f"/meetings/{mid}/actions/approve_agenda").status_code == 200
    assert office.post(f"/meetings/{mid}/actions/open").status_code == 200
    response = office.post(f"/meetings/{mid}/attendance",
                           {"present_units": list(MEMBER_UNITS[:present])})
    assert response.status_code == 200, response.content
    return mid
