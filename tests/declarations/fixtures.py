"""Personas and application builders shared by the declarations, review and API tests.

Each test folder's conftest imports these (`from tests.declarations.fixtures import *`).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from egovpm.accounts.models import Role, Unit, UnitKind, User
from egovpm.declarations.inputs import EDITABLE_FIELDS
from egovpm.declarations.models import Application
from egovpm.declarations.services import application_create
from egovpm.policy.examples import example_application
from egovpm.review.services import application_transition, assessment_report

# POLICY.md §1 example (REVIEW route, eligible): only what an applicant sends.
REVIEW_BODY: dict[str, Any] = {
    key: value for key, value in example_application().items() if key in EDITABLE_FIELDS
}


def review_body(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(REVIEW_BODY)
    body.update(changes)
    return body


def filing_body(**changes: Any) -> dict[str, Any]:
    """An O&M application under 100万: FILING route (third party only)."""
    body = review_body(
        name="区政务服务中心办事大厅排队叫号系统运维项目", kind="om", total_amount="300000",
        hardware_amount=None, om={"first_application": False, "previous_amount": "300000"},
        category=None,
        budget=[],
        maintenance=[{"item": "hosting_service", "amount": "300000"}],
    )
    body.update(changes)
    return body


def direct_body(**changes: Any) -> dict[str, Any]:
    """Higher-level approval: DIRECT_FILING, no assessment."""
    body = review_body(higher_approval={
        "doc_no": "沪经信〔2026〕12号", "argument_conclusion": True,
        "standard_and_amount_defined": True,
    })
    body.update(changes)
    return body


def gov_investment_body(**changes: Any) -> dict[str, Any]:
    """Over 500万 with hardware over 30%: GOV_INVESTMENT."""
    body = review_body(
        name="区城市大脑算力基础设施建设项目", kind="new", total_amount="6000000",
        hardware_amount="3000000",
        budget=[{"item": "hardware", "amount": "3000000"},
                {"item": "app_dev", "amount": "3000000", "person_months": 150}],
    )
    body.update(changes)
    return body


def _user(username: str, role: str, unit: Unit | None) -> User:
    return User.objects.create_user(username=username, password="Pass-word-123", role=role,
                                    unit=unit)


@pytest.fixture
def units(db) -> dict[str, Unit]:
    kewei = Unit.objects.create(name="区科委（区信息委）", kind=UnitKind.DEPARTMENT)
    return {
        "kewei": kewei,
        "sub": Unit.objects.create(name="区科技创新服务中心", kind=UnitKind.SUBORDINATE,
                                   supervisor=kewei),
        "edu": Unit.objects.create(name="区教育局", kind=UnitKind.DEPARTMENT),
        "office": Unit.objects.create(name="区政府办公室（电子政务科、审改科）",
                                      kind=UnitKind.DEPARTMENT),
        "agency": Unit.objects.create(name="示例第三方评估机构甲", kind=UnitKind.AGENCY),
        "audit": Unit.objects.create(name="区审计局", kind=UnitKind.DEPARTMENT),
    }


@pytest.fixture
def people(units) -> dict[str, User]:
    """Named personas (STYLE.md): one per role, and an outsider unit's applicant."""
    return {
        "applicant_kewei": _user("applicant_kewei", Role.APPLICANT, units["kewei"]),
        "leader_kewei": _user("leader_kewei", Role.UNIT_LEADER, units["kewei"]),
        "supervisor_kewei": _user("supervisor_kewei", Role.SUPERVISOR, units["kewei"]),
        "applicant_sub": _user("applicant_sub", Role.APPLICANT, units["sub"]),
        "outsider": _user("outsider", Role.APPLICANT, units["edu"]),
        "supervisor_edu": _user("supervisor_edu", Role.SUPERVISOR, units["edu"]),
        "office_clerk": _user("office_clerk", Role.OFFICE, units["office"]),
        "third_party_a": _user("third_party_a", Role.THIRD_PARTY, units["agency"]),
        "third_party_b": _user("third_party_b", Role.THIRD_PARTY, units["agency"]),
        "expert_wang": _user("expert_wang", Role.EXPERT, None),
        "expert_li": _user("expert_li", Role.EXPERT, None),
        "chair": _user("chair", Role.CHAIR, None),
        "member": _user("member", Role.MEMBER, units["kewei"]),
        "finance": _user("finance", Role.FINANCE, units["office"]),
        "auditor": _user("auditor", Role.AUDITOR, units["audit"]),
        "sysadmin": _user("sysadmin", Role.SYSADMIN, units["office"]),
    }


class Flow:
    """Drives an application through the services to a wanted state."""

    def __init__(self, people: dict[str, User]) -> None:
        self.p = people

    def create(self, body: dict | None = None, *, by: str = "applicant_kewei",
               project_id: int | None = None) -> Application:
        return application_create(actor=self.p[by], data=body or review_body(),
                                  project_id=project_id)

    def act(self, app: Application, action: str, by: str, reason: str = "",
            internal: bool = False, **payload: Any) -> Application:
        """`internal=True` only for the meeting outcomes, as the meetings module takes them."""
        return application_transition(application=app, action=action, actor=self.p[by],
                                      reason=reason, payload=payload, internal=internal)

    def submitted(self, body: dict | None = None, *, by: str = "applicant_kewei",
                  project_id: int | None = None) -> Application:
        app = self.create(body, by=by, project_id=project_id)
        app = self.act(app, "submit", by)
        if app.state == "supervisor_review":
            app = self.act(app, "supervisor_approve", "supervisor_kewei")
        return app

    def accepted(self, body: dict | None = None, **kwargs: Any) -> Application:
        app = self.submitted(body, **kwargs)
        return self.act(app, "office_accept", "office_clerk", assessors={
            "third_party": "third_party_a", "expert": "expert_wang"})

    def report(self, app: Application, kind: str, result: str, opinion: str = "意见") -> Any:
        assessment = app.assessments.get(round=app.review_round, kind=kind)
        return assessment_report(assessment=assessment, actor=assessment.assignee,
                                 result=result, opinion=opinion)

    def ready(self, body: dict | None = None, **kwargs: Any) -> Application:
        app = self.accepted(body, **kwargs)
        for assessment in app.assessments.filter(round=app.review_round):
            self.report(app, assessment.kind, "pass")
        app.refresh_from_db()
        return app

    def in_state(self, state: str) -> Application:
        """An application (of applicant_kewei, REVIEW route) in the given state."""
        if state == "draft":
            return self.create()
        if state == "supervisor_review":
            app = self.create(by="applicant_sub")
            return self.act(app, "submit", "applicant_sub")
        if state == "office_intake":
            return self.submitted()
        if state == "assessment":
            return self.accepted()
        if state == "returned":
            return self.act(self.submitted(), "office_return", "office_clerk", reason="补充材料")
        if state == "ready_for_meeting":
            return self.ready()
        if state == "deferred":
            return self.act(self.ready(), "defer", "office_clerk", reason="补充论证")
        if state == "reserve":
            return self.act(self.ready(), "reserve", "office_clerk", reason="条件尚不成熟")
        if state == "rejected":
            return self.act(self.submitted(), "reject", "office_clerk", reason="不符合规划")
        if state == "withdrawn":
            return self.act(self.create(), "withdraw", "applicant_kewei")
        if state == "approved":
            return self.act(self.ready(), "meeting_approve", "chair", internal=True)
        if state == "filed":
            return self.act(self.ready(filing_body()), "meeting_file", "chair", internal=True)
        if state == "handed_over":
            return self.act(self.ready(gov_investment_body()), "meeting_handover", "chair", internal=True)
        raise AssertionError(state)


@pytest.fixture
def flow(people) -> Flow:
    return Flow(people)


@pytest.fixture(autouse=True)
def isolated_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "attachments"
