"""Demo declarations in every review state, made through the services (so audit rows exist).

Called by `load_demo` after the demo units and users exist. Idempotent: an application whose
name already exists is left as it is.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from egovpm.declarations.inputs import EDITABLE_FIELDS
from egovpm.declarations.models import Application
from egovpm.declarations.services import application_create, attachment_upload
from egovpm.policy.examples import example_application
from egovpm.review.services import application_transition, assessment_report

PDF = b"%PDF-1.4\n% demo attachment\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MATERIALS = ("pre_review_form", "basis", "construction_plan", "budget_plan", "original_approval",
             "contract", "acceptance_docs", "operation_report")
ASSESSORS = {"assessors": {"third_party": "third_party", "expert": "expert"}}


def demo_body(name: str, **changes: Any) -> dict[str, Any]:
    """The POLICY.md §1 example as its applicant sends it (REVIEW route), renamed and changed."""
    body = {k: v for k, v in example_application().items() if k in EDITABLE_FIELDS}
    body.update(name=name, **changes)
    return body


def declare(*, applicant: Any, body: dict[str, Any]) -> Application:
    """A draft of ``applicant``'s unit with every material of 规则 五(一)2 attached."""
    app = application_create(actor=applicant, data=body)
    for kind in MATERIALS:
        attachment_upload(actor=applicant, application=app, kind=kind, name=f"{kind}.pdf",
                          chunks=[PDF])
    return app


def _om(name: str, amount: str) -> dict[str, Any]:
    return demo_body(name, kind="om", total_amount=amount, hardware_amount=None, category=None,
                   om={"first_application": False, "previous_amount": amount}, budget=[],
                   maintenance=[{"item": "hosting_service", "amount": amount}])


def _gov_investment(name: str) -> dict[str, Any]:
    return demo_body(name, kind="new", total_amount="6000000", hardware_amount="3000000",
                   budget=[{"item": "hardware", "amount": "3000000"},
                           {"item": "app_dev", "amount": "3000000", "person_months": 150}])


# (body, applicant username, steps) — each step: (action, actor username, reason, payload),
# or ("report", assessor username, kind, result).
Step = tuple[str, str, str, Any]
DEMO: list[tuple[dict[str, Any], str, list[Step]]] = [
    (demo_body("区科委办公自动化系统升级改造项目"), "applicant", []),
    (demo_body("区科技创新服务中心科创载体数据管理系统升级项目"), "applicant_sub",
     [("submit", "applicant_sub", "", None)]),
    (demo_body("杨浦区科技企业服务平台升级项目"), "applicant", [("submit", "applicant", "", None)]),
    (demo_body("杨浦区产业地图系统升级改造项目"), "applicant",
     [("submit", "applicant", "", None), ("office_accept", "office", "", ASSESSORS)]),
    (demo_body("区科委数据资源目录对接改造项目"), "applicant",
     [("submit", "applicant", "", None),
      ("office_return", "office", "请补充数据资源目录编制情况(办法 第二十二条)", None)]),
    (demo_body("杨浦区“一网统管”城市运行管理平台升级改造项目"), "applicant",
     [("submit", "applicant", "", None), ("office_accept", "office", "", ASSESSORS),
      ("report", "third_party", "third_party", "pass"), ("report", "expert", "expert", "pass")]),
    (_om("区科委政务信息资源共享交换平台运维项目", "600000"), "applicant",
     [("submit", "applicant", "", None), ("office_accept", "office", "", ASSESSORS),
      ("report", "third_party", "third_party", "pass")]),
    (_gov_investment("杨浦区城市大脑算力基础设施建设项目"), "applicant",
     [("submit", "applicant", "", None), ("office_accept", "office", "", ASSESSORS),
      ("report", "third_party", "argument", "pass")]),
    (demo_body("杨浦滨江智慧园区物联感知平台升级项目"), "applicant",
     [("submit", "applicant", "", None), ("office_accept", "office", "", ASSESSORS),
      ("report", "third_party", "third_party", "pass"), ("report", "expert", "expert", "pass"),
      ("defer", "office", "建设方案需补充与城运平台的数据对接论证", None)]),
    (demo_body("杨浦区科创企业画像分析系统升级项目"), "applicant",
     [("submit", "applicant", "", None), ("office_accept", "office", "", ASSESSORS),
      ("report", "third_party", "third_party", "pass"), ("report", "expert", "expert", "pass"),
      ("reserve", "office", "具有前瞻性,立项条件尚不成熟", None)]),
    (demo_body("区科委会议室视频会议系统升级项目"), "applicant",
     [("submit", "applicant", "", None),
      ("reject", "office", "与区级视频会议系统重复建设", None)]),
    (demo_body("区科委内部门户网站改版项目"), "applicant",
     [("withdraw", "applicant", "并入区政府门户网站集约建设", None)]),
]


def _users() -> dict[str, Any]:
    names = {"applicant", "applicant_sub", "supervisor", "office", "third_party", "expert"}
    return {u.username: u for u in get_user_model().objects.filter(username__in=names)}


def _run(app: Application, step: Step, users: dict[str, Any]) -> Application:
    action, who, third, fourth = step
    if action == "report":
        assessment = app.assessments.get(round=app.review_round, kind=third)
        assessment_report(assessment=assessment, actor=users[who], result=fourth,
                          opinion="方案可行,预算符合《配置标准》" if fourth == "pass" else "论证不充分")
        app.refresh_from_db()
        return app
    return application_transition(application=app, action=action, actor=users[who],
                                  reason=third, payload=fourth or {})


@transaction.atomic
def load() -> list[str]:
    """Create the demo applications that do not exist yet; return their names."""
    users = _users()
    if len(users) < 6:
        return []
    created: list[str] = []
    for body, applicant, steps in DEMO:
        if Application.objects.filter(name=body["name"]).exists():
            continue
        app = declare(applicant=users[applicant], body=body)
        for step in steps:
            app = _run(app, step, users)
        created.append(body["name"])
    return created
