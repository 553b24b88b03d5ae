"""Acceptance of issue 3 (declarations and review), through public contracts only: the admin
commands (`addunit`, `adduser`, `audit-verify`), the REST API under `/api/v1/`, and the
`egovpm` console script."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from egovpm.policy import add_months
from tests.acceptance.examples import api_body

API = "/api/v1"
PASSWORD = "Accept@2026-pw"
KEWEI = "区科委（区信息委）"
SUB = "区科技创新服务中心"
EDU = "区教育局"
OFFICE = "区政府办公室（电子政务科、审改科）"
AGENCY = "示例第三方评估机构甲"
AUDIT = "区审计局"
ASSESSORS = {"third_party": "tp_a", "expert": "expert_a"}
STATES = {"draft", "supervisor_review", "office_intake", "assessment", "returned",
          "ready_for_meeting", "deferred", "reserve", "rejected", "withdrawn"}


def addunit(name: str, kind: str, *extra: str) -> str:
    out = io.StringIO()
    call_command("addunit", name, "--kind", kind, *extra, stdout=out)
    return out.getvalue()


def adduser(username: str, role: str, unit: str | None = None,
            password: str = PASSWORD) -> str:
    out = io.StringIO()
    args = [username, "--role", role, "--password-stdin"]
    if unit:
        args += ["--unit", unit]
    call_command("adduser", *args, stdin=io.StringIO(password + "\n"), stdout=out)
    return out.getvalue()


class Api:
    """Bearer-token clients, one per username, obtained from `POST /api/v1/auth/token`."""

    def __init__(self) -> None:
        self.clients: dict[str, Client] = {}

    def token(self, username: str, password: str = PASSWORD) -> Any:
        return Client().post(f"{API}/auth/token", {"username": username, "password": password},
                             content_type="application/json")

    def __call__(self, username: str) -> Client:
        if username not in self.clients:
            response = self.token(username)
            assert response.status_code == 200, response.content
            self.clients[username] = Client(
                HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
        return self.clients[username]

    def post(self, username: str, path: str, body: dict | None = None) -> Any:
        return self(username).post(API + path, body or {}, content_type="application/json")

    def get(self, username: str, path: str) -> Any:
        return self(username).get(API + path)

    # -- the journey, step by step (each asserts its own contract) ----------------------------
    def create(self, username: str = "applicant", body: dict | None = None) -> int:
        response = self.post(username, "/applications", body or api_body())
        assert response.status_code == 201, response.content
        return response.json()["id"]

    def act(self, username: str, app_id: int, action: str, expect: int = 200,
            **body: Any) -> dict:
        response = self.post(username, f"/applications/{app_id}/actions/{action}", body)
        assert response.status_code == expect, response.content
        return response.json()

    def detail(self, app_id: int, username: str = "office") -> dict:
        response = self.get(username, f"/applications/{app_id}")
        assert response.status_code == 200, response.content
        return response.json()

    def report(self, username: str, app_id: int, assessment_id: int, result: str,
               expect: int = 200) -> Any:
        response = self.post(username, f"/applications/{app_id}/assessments/{assessment_id}/report",
                             {"result": result, "opinion": "论证意见:" + result})
        assert response.status_code == expect, response.content
        return response

    def pending(self, app_id: int, kind: str) -> dict:
        items = [a for a in self.detail(app_id)["assessments"]
                 if a["kind"] == kind and a["result"] == "pending"]
        assert len(items) == 1, items
        return items[0]

    def submitted(self, username: str = "applicant", body: dict | None = None) -> int:
        app_id = self.create(username, body)
        assert self.act(username, app_id, "submit")["state"] == "office_intake"
        return app_id

    def in_assessment(self, body: dict | None = None) -> int:
        app_id = self.submitted(body=body)
        assert self.act("office", app_id, "office_accept", assessors=ASSESSORS)["state"] == \
            "assessment"
        return app_id

    def ready(self) -> int:
        app_id = self.in_assessment()
        for kind, who in (("third_party", "tp_a"), ("expert", "expert_a")):
            self.report(who, app_id, self.pending(app_id, kind)["id"], "pass")
        assert self.detail(app_id)["state"] == "ready_for_meeting"
        return app_id


@pytest.fixture
def api(db) -> Api:
    """The district bootstrapped with the administrators' commands, as the issue words them."""
    addunit(KEWEI, "department", "--member")
    addunit(SUB, "subordinate", "--supervisor", KEWEI)
    addunit(EDU, "department")
    addunit(OFFICE, "department", "--member")
    addunit(AGENCY, "agency")
    addunit(AUDIT, "department", "--member")
    for username, role, unit in [
        ("applicant", "applicant", KEWEI), ("supervisor", "supervisor", KEWEI),
        ("applicant_sub", "applicant", SUB), ("outsider", "applicant", EDU),
        ("office", "office", OFFICE), ("tp_a", "third_party", AGENCY),
        ("tp_b", "third_party", AGENCY), ("expert_a", "expert", None),
        ("expert_b", "expert", None), ("auditor", "auditor", AUDIT), ("chair", "chair", None),
    ]:
        adduser(username, role, unit)
    return Api()


def filing_body() -> dict:
    """O&M below 100万: FILING (a third-party assessment only)."""
    return api_body(name="区政务服务中心排队叫号系统运维项目", kind="om", total_amount="300000",
                    hardware_amount=None, category=None, budget=[],
                    om={"first_application": False, "previous_amount": "300000"},
                    maintenance=[{"item": "hosting_service", "amount": "300000"}])


def direct_body() -> dict:
    return api_body(higher_approval={"doc_no": "沪经信〔2026〕12号", "argument_conclusion": True,
                                     "standard_and_amount_defined": True})


def gov_investment_body() -> dict:
    return api_body(name="区城市大脑算力基础设施建设项目", kind="new", total_amount="6000000",
                    hardware_amount="3000000",
                    budget=[{"item": "hardware", "amount": "3000000"},
                            {"item": "app_dev", "amount": "3000000", "person_months": 150}])


# -- administrators' commands --------------------------------------------------------------------


def test_addunit_and_adduser_bootstrap_people_who_can_log_in(api):
    assert api.token("applicant").status_code == 200
    assert set(api.token("applicant").json()) == {"token"}
    # --member: a joint-meeting member unit takes a member representative; a plain department not.
    adduser("member_kewei", "member", KEWEI)
    with pytest.raises(CommandError):
        adduser("member_edu", "member", EDU)
    # A member unit is also a department that declares projects.
    assert api.submitted()


def test_adduser_reads_the_password_only_from_stdin(db):
    addunit(EDU, "department")
    with pytest.raises(CommandError, match="--password-stdin"):
        call_command("adduser", "nobody", "--role", "applicant", "--unit", EDU,
                     stdout=io.StringIO())
    with pytest.raises(CommandError, match="--unit"):
        adduser("ghost", "applicant", "不存在的单位")
    with pytest.raises(CommandError):
        adduser("weak", "applicant", EDU, password="123")


def test_addunit_names_the_bad_argument(db):
    with pytest.raises(CommandError, match="--supervisor"):
        addunit(SUB, "subordinate", "--supervisor", "不存在的主管部门")
    with pytest.raises(CommandError, match="--kind"):
        addunit("区某局", "planet")


# -- authentication and the OpenAPI document ----------------------------------------------------


def test_token_auth_and_bearer_header(api):
    wrong = api.token("applicant", "not-the-password")
    assert wrong.status_code == 401
    assert Client().get(f"{API}/applications").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer forged").get(f"{API}/applications").status_code == 401
    assert api.get("applicant", "/applications").status_code == 200


def test_openapi_is_readable_without_a_token_and_lists_every_endpoint(db):
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    assert "post" in paths[f"{API}/auth/token"]
    assert {"get", "post"} <= set(paths[f"{API}/applications"])
    assert "get" in paths[f"{API}/applications/{{application_id}}"]
    assert "post" in paths[f"{API}/applications/{{application_id}}/actions/{{action}}"]
    assert "post" in paths[
        f"{API}/applications/{{application_id}}/assessments/{{assessment_id}}/report"]


# -- declaring -----------------------------------------------------------------------------------


def test_create_returns_201_with_id_state_and_decision(api):
    response = api.post("applicant", "/applications", api_body())
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "state", "decision"}
    assert body["state"] == "draft"
    assert body["decision"]["route"] == "REVIEW"
    assert {"route", "route_label", "steps", "basis", "findings", "eligible", "obligations",
            "policy"} == set(body["decision"])


def test_list_and_detail_show_only_what_the_caller_may_see(api):
    app_id = api.create()
    listed = api.get("applicant", "/applications").json()
    assert [item["id"] for item in listed] == [app_id]
    for key in ("id", "state", "route", "decision", "events"):
        assert key in listed[0], key
    detail = api.detail(app_id, "applicant")
    for key in ("id", "state", "route", "decision", "events", "assessments"):
        assert key in detail, key
    assert detail["state"] == "draft" and detail["route"] == "REVIEW"
    # Drafts stay private to their unit: not the office, not another unit, not the auditor.
    for other in ("office", "outsider", "auditor", "expert_a"):
        assert api.get(other, "/applications").json() == [], other
        assert api.get(other, f"/applications/{app_id}").status_code == 404, other
    api.act("applicant", app_id, "submit")
    for reader in ("office", "auditor"):
        assert [i["id"] for i in api.get(reader, "/applications").json()] == [app_id]
    assert api.get("outsider", f"/applications/{app_id}").status_code == 404
    assert api.get("applicant", f"/applications/{app_id + 999}").status_code == 404


def test_the_body_unit_is_checked_against_the_callers_unit(api):
    foreign = api.post("applicant", "/applications", api_body(unit={"name": EDU,
                                                                     "kind": "department"}))
    assert foreign.status_code in (400, 403)
    assert api.get("applicant", "/applications").json() == []
    assert api.get("outsider", "/applications").json() == []
    own = api.post("applicant", "/applications", api_body(unit={"name": KEWEI,
                                                                "kind": "department"}))
    assert own.status_code == 201


def test_history_and_supervisor_approved_in_the_body_are_ignored(api):
    today = timezone.localdate().isoformat()
    body = api_body(history={"expert_failures": [today, today],
                             "third_party_failures": [today, today, today],
                             "failed_acceptance_unrectified": True,
                             "performance_unrectified": True},
                    declared_on="2024-01-01")
    created = api.post("applicant", "/applications", body).json()
    assert created["decision"]["eligible"] is True
    history_codes = {"SUSPENDED_AFTER_FAILURES", "FAILED_ACCEPTANCE_BLOCKS",
                     "PERFORMANCE_UNRECTIFIED"}
    assert not history_codes & {f["code"] for f in created["decision"]["findings"]}
    assert api.act("applicant", created["id"], "submit")["state"] == "office_intake"
    assert api.detail(created["id"])["declared_on"] == today  # set by the server

    sub = api_body(unit={"name": SUB, "kind": "subordinate", "supervisor_approved": True})
    created = api.post("applicant_sub", "/applications", sub).json()
    codes = {f["code"] for f in created["decision"]["findings"]}
    assert "SUBORDINATE_NOT_APPROVED" in codes
    assert api.act("applicant_sub", created["id"], "submit")["state"] == "supervisor_review"


def test_submit_is_refused_with_the_blocking_findings_and_nothing_changes(api):
    body = api_body(name="区政府网站信息发布项目", kind="info_publishing", total_amount="50000",
                    hardware_amount=None, cac_filing_approved=False, category=None,
                    budget=[{"item": "operation_service", "amount": "50000"}])
    app_id = api.create(body=body)
    before = api.detail(app_id, "applicant")
    refused = api.act("applicant", app_id, "submit", expect=409)
    assert refused["detail"]
    assert "CAC_FILING_MISSING" in {f["code"] for f in refused["findings"]}
    after = api.detail(app_id, "applicant")
    assert after["state"] == "draft" and after["events"] == before["events"]


# -- supervisor and office -----------------------------------------------------------------------


def test_subordinate_waits_for_its_supervisor(api):
    app_id = api.create("applicant_sub")
    assert api.act("applicant_sub", app_id, "submit")["state"] == "supervisor_review"
    assert api.get("office", f"/applications/{app_id}").json()["state"] == "supervisor_review"
    api.act("supervisor", app_id, "supervisor_return", expect=409)  # a return needs a reason
    assert api.act("supervisor", app_id, "supervisor_return", reason="请补充预算说明")["state"] == \
        "returned"
    assert api.act("applicant_sub", app_id, "submit")["state"] == "supervisor_review"
    assert api.act("supervisor", app_id, "supervisor_approve")["state"] == "office_intake"
    detail = api.detail(app_id)
    assert "SUBORDINATE_NOT_APPROVED" not in {f["code"] for f in detail["decision"]["findings"]}
    assert [e["to_state"] for e in detail["events"] if e["from_state"] != e["to_state"]][-4:] \
        == ["supervisor_review", "returned", "supervisor_review", "office_intake"]


def test_office_accept_creates_one_assessment_per_assessor_the_route_needs(api):
    review = api.in_assessment()
    assessments = api.detail(review)["assessments"]
    assert {(a["kind"], a["assignee"], a["result"]) for a in assessments} == {
        ("third_party", "tp_a", "pending"), ("expert", "expert_a", "pending")}
    for item in assessments:
        assert {"id", "kind", "assignee", "result"} <= set(item)

    filing = api.submitted(body=filing_body())
    assert api.act("office", filing, "office_accept", assessors=ASSESSORS)["state"] == "assessment"
    assert [(a["kind"], a["assignee"]) for a in api.detail(filing)["assessments"]] == [
        ("third_party", "tp_a")]

    direct = api.submitted(body=direct_body())
    assert api.detail(direct)["route"] == "DIRECT_FILING"
    assert api.act("office", direct, "office_accept")["state"] == "ready_for_meeting"
    assert api.detail(direct)["assessments"] == []


def test_office_accept_needs_the_assessors_the_route_names(api):
    app_id = api.submitted()
    refused = api.post("office", f"/applications/{app_id}/actions/office_accept",
                       {"assessors": {"third_party": "tp_a"}})
    assert refused.status_code == 400 and refused.json()["field"] == "assessors.expert"
    wrong_role = api.post("office", f"/applications/{app_id}/actions/office_accept",
                          {"assessors": {"third_party": "tp_a", "expert": "tp_b"}})
    assert wrong_role.status_code == 400
    assert api.detail(app_id)["state"] == "office_intake"
    assert api.detail(app_id)["assessments"] == []


def test_office_may_override_the_route_only_with_a_reason(api):
    app_id = api.submitted()
    no_reason = api.post("office", f"/applications/{app_id}/actions/office_accept",
                         {"assessors": ASSESSORS, "route": "FILING"})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    assert api.detail(app_id)["state"] == "office_intake"
    done = api.act("office", app_id, "office_accept", assessors=ASSESSORS, route="FILING",
                   reason="上年度已完成专家论证,按备案制办理")
    assert done["state"] == "assessment"
    detail = api.detail(app_id)
    assert detail["route"] == "FILING"
    assert [a["kind"] for a in detail["assessments"]] == ["third_party"]


def test_gov_investment_goes_to_the_meeting_after_its_third_party_argument(api):
    app_id = api.submitted(body=gov_investment_body())
    assert api.detail(app_id)["route"] == "GOV_INVESTMENT"
    assert api.act("office", app_id, "office_accept", assessors=ASSESSORS)["state"] == \
        "assessment"
    [argument] = api.detail(app_id)["assessments"]
    assert argument["assignee"] == "tp_a"
    assert api.report("tp_a", app_id, argument["id"], "pass").json()["state"] == \
        "ready_for_meeting"


# -- assessments ---------------------------------------------------------------------------------


def test_every_pass_makes_it_ready_for_the_meeting(api):
    app_id = api.in_assessment()
    tp = api.pending(app_id, "third_party")
    response = api.report("tp_a", app_id, tp["id"], "pass")
    assert response.json()["state"] == "assessment"
    expert = api.pending(app_id, "expert")
    assert api.report("expert_a", app_id, expert["id"], "pass").json()["state"] == \
        "ready_for_meeting"
    assert {a["result"] for a in api.detail(app_id)["assessments"]} == {"pass"}


def test_a_failure_returns_it_and_cancels_the_rounds_other_assessments(api):
    app_id = api.in_assessment()
    expert = api.pending(app_id, "expert")
    api.report("expert_a", app_id, expert["id"], "fail")
    detail = api.detail(app_id)
    assert detail["state"] == "returned"
    assert {a["kind"]: a["result"] for a in detail["assessments"]} == {
        "expert": "fail", "third_party": "cancelled"}
    tp = next(a for a in detail["assessments"] if a["kind"] == "third_party")
    api.report("tp_a", app_id, tp["id"], "pass", expect=409)


def test_assessors_see_and_report_only_their_own(api):
    app_id = api.in_assessment()
    assert api.get("expert_b", f"/applications/{app_id}").status_code == 404
    assert api.get("tp_a", f"/applications/{app_id}").status_code == 200
    expert = api.pending(app_id, "expert")
    api.report("tp_a", app_id, expert["id"], "pass", expect=403)
    api.report("expert_b", app_id, expert["id"], "pass", expect=404)
    assert api.pending(app_id, "expert")["result"] == "pending"


def test_two_expert_failures_suspend_the_project_for_six_months(api):
    app_id = api.in_assessment()
    for attempt in range(2):
        api.report("expert_a", app_id, api.pending(app_id, "expert")["id"], "fail")
        assert api.detail(app_id)["state"] == "returned"
        if attempt == 0:  # resubmitted: the failures count across submissions
            api.act("applicant", app_id, "submit")
            api.act("office", app_id, "office_accept", assessors=ASSESSORS)
    refused = api.act("applicant", app_id, "submit", expect=409)
    assert "SUSPENDED_AFTER_FAILURES" in {f["code"] for f in refused["findings"]}
    lifts = add_months(timezone.localdate(), 6)
    assert api.detail(app_id, "applicant")["suspended_until"] == lifts.isoformat()
    assert api.detail(app_id, "applicant")["state"] == "returned"


def test_three_third_party_failures_suspend_the_project(api):
    app_id = api.submitted(body=filing_body())
    for attempt in range(3):
        api.act("office", app_id, "office_accept", assessors=ASSESSORS)
        api.report("tp_a", app_id, api.pending(app_id, "third_party")["id"], "fail")
        if attempt < 2:
            api.act("applicant", app_id, "submit")
    refused = api.act("applicant", app_id, "submit", expect=409)
    assert "SUSPENDED_AFTER_FAILURES" in {f["code"] for f in refused["findings"]}


# -- the other actions and the status codes ------------------------------------------------------


def test_defer_then_supplementary_argument_goes_back_to_review(api):
    app_id = api.ready()
    api.act("office", app_id, "defer", expect=409)  # reason required
    assert api.act("office", app_id, "defer", reason="需补充论证")["state"] == "deferred"
    assert api.act("applicant", app_id, "submit")["state"] == "office_intake"


def test_reserve_pool_flags_priority_for_next_year(api):
    app_id = api.ready()
    assert api.act("office", app_id, "reserve", reason="条件尚不成熟")["state"] == "reserve"
    assert api.detail(app_id)["reserve_priority_year"] == api_body()["budget_year"] + 1


def test_office_return_reject_and_withdraw(api):
    returned = api.submitted()
    assert api.act("office", returned, "office_return", reason="请补充材料")["state"] == "returned"
    rejected = api.in_assessment()
    assert api.act("office", rejected, "reject", reason="不符合建设方向")["state"] == "rejected"
    assert {a["result"] for a in api.detail(rejected)["assessments"]} == {"cancelled"}
    withdrawn = api.submitted()
    assert api.act("applicant", withdrawn, "withdraw")["state"] == "withdrawn"


def test_every_state_name_is_reached(api):
    seen = set()
    seen.add(api.detail(api.create(), "applicant")["state"])
    sub = api.create("applicant_sub")
    seen.add(api.act("applicant_sub", sub, "submit")["state"])
    seen.add(api.detail(api.submitted())["state"])
    seen.add(api.detail(api.in_assessment())["state"])
    seen.add(api.act("office", api.submitted(), "office_return", reason="补正")["state"])
    seen.add(api.detail(api.ready())["state"])
    seen.add(api.act("office", api.ready(), "defer", reason="补充论证")["state"])
    seen.add(api.act("office", api.ready(), "reserve", reason="后备")["state"])
    seen.add(api.act("office", api.submitted(), "reject", reason="不予通过")["state"])
    seen.add(api.act("applicant", api.create(), "withdraw")["state"])
    assert seen == STATES


@pytest.mark.parametrize(
    ("who", "action", "status"),
    [
        ("applicant", "submit", 409),          # already submitted: an illegal move
        ("applicant", "office_accept", 403),   # the wrong person
        ("auditor", "reject", 403),            # the auditor reads, changes nothing
        ("supervisor", "supervisor_approve", 409),  # not waiting for a supervisor
        ("outsider", "withdraw", 404),         # may not see it
        ("expert_a", "office_accept", 404),    # not assigned to them
        ("office", "defer", 409),              # not from office_intake
        ("office", "meeting_approve", 403),    # the chair's action
    ],
)
def test_wrong_moves_are_refused_and_change_nothing(api, who, action, status):
    app_id = api.submitted()
    before = api.detail(app_id)
    response = api.post(who, f"/applications/{app_id}/actions/{action}",
                        {"reason": "理由", "assessors": ASSESSORS})
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    after = api.detail(app_id)
    assert (after["state"], after["events"]) == ("office_intake", before["events"])


def test_every_action_name_is_accepted_somewhere(api):
    """The contract's action names: each, in the right state by the right person, → 200."""
    names = {"submit", "supervisor_approve", "supervisor_return", "office_accept",
             "office_return", "defer", "reserve", "reject", "withdraw"}
    done = set()
    sub = api.create("applicant_sub")
    for who, action, extra in [("applicant_sub", "submit", {}),
                               ("supervisor", "supervisor_return", {"reason": "补正"}),
                               ("applicant_sub", "submit", {}),
                               ("supervisor", "supervisor_approve", {}),
                               ("office", "office_accept", {"assessors": ASSESSORS}),
                               ("office", "office_return", {"reason": "补正"}),
                               ("applicant_sub", "withdraw", {})]:
        api.act(who, sub, action, **extra)
        done.add(action)
    api.act("office", api.ready(), "defer", reason="补充论证")
    api.act("office", api.ready(), "reserve", reason="后备")
    api.act("office", api.submitted(), "reject", reason="不予通过")
    done |= {"defer", "reserve", "reject"}
    assert done == names


# -- the audit trail -----------------------------------------------------------------------------


def _drop_audit_triggers() -> None:
    """What someone with direct database access can do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = "
                           "'audit_auditentry'::regclass AND NOT tgisinternal")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}" ON audit_auditentry')
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = 'audit_auditentry'")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')


def _verify() -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit-verify", stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, str(exc) + err.getvalue()
    return 0, out.getvalue()


def _audit_seqs() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq FROM audit_auditentry ORDER BY seq")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize("tamper", ["update", "delete"])
def test_audit_verify_detects_a_direct_sql_tamper(api, tamper):
    api.ready()
    assert _verify()[0] == 0
    seqs = _audit_seqs()
    victim = seqs[len(seqs) // 2]
    _drop_audit_triggers()
    with connection.cursor() as cursor:
        if tamper == "update":
            cursor.execute("UPDATE audit_auditentry SET reason = %s WHERE seq = %s",
                           ["篡改", victim])
        else:
            cursor.execute("DELETE FROM audit_auditentry WHERE seq = %s", [victim])
    code, message = _verify()
    assert code != 0
    assert str(victim) in message


def test_the_console_script_bootstraps_and_verifies_against_a_direct_write(tmp_path):
    """The operator's view: migrate, addunit, adduser --password-stdin, audit-verify."""
    database = tmp_path / "acceptance.sqlite3"
    env = {**os.environ, "EGOVPM_HOME": str(tmp_path), "DATABASE_URL": f"sqlite:///{database}"}
    egovpm = str(Path(sys.executable).parent / "egovpm")

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([egovpm, *args], env=env, input=stdin, capture_output=True,
                              text=True, check=False, timeout=300)

    assert run("migrate", "--noinput").returncode == 0
    assert run("addunit", KEWEI, "--kind", "department", "--member").returncode == 0
    assert run("addunit", SUB, "--kind", "subordinate", "--supervisor", KEWEI).returncode == 0
    made = run("adduser", "zhangmin", "--role", "applicant", "--unit", SUB, "--password-stdin",
               stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert PASSWORD not in made.stdout + made.stderr
    intact = run("audit-verify")
    assert intact.returncode == 0, intact.stderr
    with sqlite3.connect(database) as db:
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                  "AND tbl_name = 'audit_auditentry'").fetchall():
            db.execute(f'DROP TRIGGER "{name}"')
        db.execute("UPDATE audit_auditentry SET actor_username = 'mallory' WHERE seq = 2")
    broken = run("audit-verify")
    assert broken.returncode != 0
    assert "2" in broken.stderr


# -- documentation, demo data, attachments -------------------------------------------------------


def test_the_readme_documents_every_state_and_action():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    actions = {"submit", "supervisor_approve", "supervisor_return", "office_accept",
               "office_return", "defer", "reserve", "reject", "withdraw"}
    for name in STATES | actions:
        assert f"`{name}`" in readme, name


def test_load_demo_gives_every_role_a_login_and_applications_in_every_state(db):
    from egovpm.accounts.models import Role, Unit, User

    call_command("load_demo", stdout=io.StringIO())
    assert Unit.objects.filter(is_member=True).count() == 14  # 规则 二
    api = Api()
    demo_password = "Yangpu@2026"  # as the README lists it
    logins = {"applicant", "unit_leader", "supervisor", "applicant_sub", "office", "third_party",
              "expert", "chair", "member", "finance", "auditor", "sysadmin", "secadmin",
              "auditadmin"}
    for username in logins:
        response = api.token(username, demo_password)
        assert response.status_code == 200, username
        api.clients[username] = Client(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    assert set(User.objects.filter(username__in=logins).values_list("role", flat=True)) == \
        set(Role.values)  # one login per role of PRODUCT.md
    seen = set()
    for username in ("applicant", "applicant_sub", "office"):
        seen |= {item["state"] for item in api.get(username, "/applications").json()}
    assert STATES <= seen, STATES - seen


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_attachments_are_checked_digested_and_shown_only_to_who_may_see(api):
    app_id = api.create()
    path = f"{API}/applications/{app_id}/attachments"
    good = api("applicant").post(path, {"kind": "pre_review_form",
                                        "file": _upload("预审表.pdf", PDF)})
    assert good.status_code == 201, good.content
    assert len(good.json()["sm3"]) == 64
    disguised = api("applicant").post(path, {"kind": "pre_review_form",
                                             "file": _upload("预审表.pdf", PNG)})
    assert disguised.status_code == 400
    script = api("applicant").post(path, {"kind": "pre_review_form",
                                          "file": _upload("run.exe", b"MZ\x90\x00")})
    assert script.status_code == 400
    listed = api.get("applicant", f"/applications/{app_id}/attachments").json()
    assert [a["name"] for a in listed] == ["预审表.pdf"]
    download = f"/applications/{app_id}/attachments/{listed[0]['id']}"
    fetched = api.get("applicant", download)
    assert fetched.status_code == 200 and b"".join(fetched.streaming_content) == PDF
    assert api.get("outsider", download).status_code == 404
    assert api.get("office", download).status_code == 404  # still a draft


def _upload(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
