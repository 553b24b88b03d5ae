"""Demo projects at every stage after approval, with real deadlines relative to today.

Each is declared, assessed and approved through the declarations and review services, then
carried through the lifecycle service with the dates it would have had (steps dated in the
past), so every clock, audit row and document is genuine. Idempotent: a project whose name
exists is left as it is. Runs after the meetings demo (which approves a few applications that
stay in 待下达预算 here).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from egovpm.declarations.models import Application
from egovpm.lifecycle import clocks
from egovpm.lifecycle.services import (
    MEETING_ACTIONS,
    lifecycle_apply_meeting_decision,
    lifecycle_open,
    lifecycle_transition,
    lifecycles_open_missing,
)

PDF = b"%PDF-1.4\n% demo document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PREREQUISITES = ("self_check", "software_testing", "security_testing", "crypto_testing",
                 "summary")

# The §1 example with a larger budget (so its clocks and reports have room) and no key flag.
DEMO_CHANGES: dict[str, Any] = {
    "total_amount": "1443200", "key_project": False,
    "category": {"type": "general", "person_months": 50},
    "budget": [
        {"item": "app_dev", "amount": "1000000", "person_months": 50},
        {"item": "hardware", "amount": "150000"},
        {"item": "security_equipment", "amount": "50000"},
        {"item": "product_software", "amount": "120000"},
        {"item": "integration", "amount": "20000"},
        {"item": "consulting", "amount": "30000"},
        {"item": "supervision", "amount": "30000"},
        {"item": "software_testing", "amount": "20000"},
        {"item": "security_testing", "amount": "13200"},
        {"item": "management", "amount": "10000"},
    ],
}


def demo_declaration(name: str, **changes: Any) -> dict[str, Any]:
    """What a demo project was declared with: `DEMO_CHANGES` over the §1 example."""
    from egovpm.declarations.demo import demo_body

    return demo_body(name, **{**DEMO_CHANGES, **changes})


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _contract_files() -> dict[str, SimpleUploadedFile]:
    return {k: _pdf(f"{k}.pdf") for k in ("contract_copy", "construction_plan", "schedule")}


def _last_quarter(day: dt.date) -> dict[str, int]:
    """The quarter a report filed on `day` is about: the one ended most recently."""
    year, quarter = clocks.quarter_of(day - dt.timedelta(days=20))
    return {"year": year, "quarter": quarter}


# Plans: (days before today, who, action, payload builder taking the day).
Plan = list[tuple[int, str, str, Any]]


def _to_executing(released: int, effective: int) -> Plan:
    started, filed = released - 30, effective - 8
    return [
        (released, "finance", "release_budget", lambda d: {"released_on": d}),
        (started, "applicant", "start_procurement",
         lambda d: {"started_on": d, "method": "gov_procurement"}),
        (filed, "applicant", "file_contract",
         lambda d: {"effective_date": d - dt.timedelta(days=8), "files": _contract_files()}),
        (filed, "applicant", "assign_leader",
         lambda d: {"leader_name": "李强", "leader_title": "副主任", "staff_name": "张敏"}),
        (filed, "applicant", "record_supervision",
         lambda d: {"kind": "engineering", "firm": "上海市信息化工程监理有限公司",
                    "contracted_on": d}),
        (filed, "applicant", "record_supervision",
         lambda d: {"kind": "investment", "firm": "上海某投资咨询监理有限公司", "contracted_on": d}),
        (filed - 1, "applicant", "start_execution", lambda d: {}),
    ]


def _uploads(day: int, kinds: tuple[str, ...] = PREREQUISITES) -> Plan:
    return [(day, "applicant", "upload_acceptance_prerequisite",
             lambda d, k=k: {"kind": k, "file": _pdf(f"{k}.pdf")}) for k in kinds]


def _accepted(day: int) -> Plan:
    return [*_uploads(day + 3), (day, "applicant", "record_acceptance",
                                 lambda d: {"held_on": d, "passed": True, "opinion": "同意通过验收"})]


# (name, declaration changes, plan)
DEMO: list[tuple[str, dict[str, Any], Plan]] = [
    ("杨浦区政务服务“一网通办”区级旗舰店升级项目", {"key_project": True}, []),
    ("区科委科技统计数据直报系统升级项目", {},
     [(87, "finance", "release_budget", lambda d: {"released_on": d})]),
    ("杨浦区双创载体服务平台升级项目", {},
     [(200, "finance", "release_budget", lambda d: {"released_on": d})]),
    ("杨浦区科技小巨人企业培育管理系统升级项目", {},
     [(70, "finance", "release_budget", lambda d: {"released_on": d}),
      (40, "applicant", "start_procurement",
       lambda d: {"started_on": d, "method": "gov_procurement"})]),
    ("区科委知识产权服务平台升级项目", {},
     [(110, "finance", "release_budget", lambda d: {"released_on": d}),
      (75, "applicant", "start_procurement",
       lambda d: {"started_on": d, "method": "gov_procurement"}),
      (30, "applicant", "record_contract", lambda d: {"effective_date": d})]),
    ("杨浦区“一网统管”城市运行体征监测系统升级项目", {"key_project": True},
     [*_to_executing(330, 240),
      (145, "applicant", "submit_quarterly_report",
       lambda d: {**_last_quarter(d), "planned_progress": 45, "actual_progress": 20,
                  "amount_spent": "300000", "problems": "与市级平台接口联调延误"}),
      (140, "office", "issue_rectification_advice",
       lambda d: {**_last_quarter(d - dt.timedelta(days=5)),
                  "advice": "请于本季度末前完成接口联调,每月报送进度"}),
      (55, "applicant", "submit_quarterly_report",
       lambda d: {**_last_quarter(d), "planned_progress": 70, "actual_progress": 60,
                  "amount_spent": "720000", "problems": ""}),
      (20, "applicant", "request_change",
       lambda d: {"kind": "schedule", "description": "因市级接口调整,申请竣工时间顺延两个月"})]),
    ("区科委科技政务云资源运维项目",
     {"kind": "om", "total_amount": "1200000", "hardware_amount": None, "category": None,
      "key_project": False, "om": {"first_application": True, "previous_amount": None},
      "tender": {"mode": "one_plus_two", "contract_year": 1}, "budget": [],
      "maintenance": [{"item": "hosting_service", "amount": "1200000"}]},
     [(300, "finance", "release_budget", lambda d: {"released_on": d}),
      (270, "applicant", "start_procurement",
       lambda d: {"started_on": d, "method": "gov_procurement"}),
      (235, "applicant", "file_contract",
       lambda d: {"effective_date": d - dt.timedelta(days=5), "files": _contract_files()}),
      (230, "applicant", "assign_leader",
       lambda d: {"leader_name": "李强", "leader_title": "副主任", "staff_name": "张敏"}),
      (229, "applicant", "record_supervision",
       lambda d: {"kind": "investment", "firm": "上海某投资咨询监理有限公司", "contracted_on": d}),
      (228, "applicant", "start_execution", lambda d: {})]),
    ("杨浦区智慧教育资源平台升级项目", {},
     [*_to_executing(300, 250), (10, "applicant", "request_acceptance", lambda d: {}),
      *_uploads(8, PREREQUISITES[:3])]),
    ("杨浦区社区云服务平台升级项目", {},
     [*_to_executing(320, 270), (20, "applicant", "request_acceptance", lambda d: {}),
      *_accepted(6)]),
    ("杨浦区电子证照应用平台升级项目", {},
     [*_to_executing(330, 280), (40, "applicant", "request_acceptance", lambda d: {}),
      *_uploads(38),
      (35, "applicant", "record_acceptance",
       lambda d: {"held_on": d, "passed": False, "opinion": "密码应用测评存在高风险项",
                  "rectify_by": d + dt.timedelta(days=60)}),
      (30, "applicant", "start_rectification", lambda d: {"plan": "更换不合规密码模块后复测"})]),
    ("杨浦区城市更新项目管理系统升级项目", {},
     [*_to_executing(310, 260), (15, "applicant", "request_acceptance", lambda d: {}),
      *_uploads(12),
      (5, "applicant", "record_acceptance",
       lambda d: {"held_on": d, "passed": False, "opinion": "软件测评遗留问题未关闭",
                  "rectify_by": d + dt.timedelta(days=45)})]),
    ("杨浦区政务外网安全监测平台升级项目", {},
     [*_to_executing(320, 290), (90, "applicant", "request_acceptance", lambda d: {}),
      *_accepted(80),
      (70, "applicant", "file_acceptance",
       lambda d: {"files": {"acceptance_report": _pdf("验收意见.pdf")}})]),
    ("杨浦区档案数字化管理系统升级项目", {"budget_year_offset": -1},
     [*_to_executing(600, 540), (420, "applicant", "request_acceptance", lambda d: {}),
      *_accepted(410),
      (400, "applicant", "file_acceptance",
       lambda d: {"files": {"acceptance_report": _pdf("验收意见.pdf")}}),
      (250, "applicant", "submit_self_evaluation",
       lambda d: {"year": d.year - 1, "goals_met": True, "summary": "绩效目标全部实现"}),
      (200, "office", "sample_post_evaluation", lambda d: {})]),
    ("杨浦区人口信息综合应用系统升级项目", {},
     [(220, "finance", "release_budget", lambda d: {"released_on": d}),
      (30, "office", "place_on_stop_agenda", lambda d: {}),
      (10, "chair", "record_stop_decision",  # applied as the signed minutes apply it
       lambda d: {"decision": "stop", "note": "超过半年未启动采购且未备案说明原因,联席会议决定停止实施"})]),
]


def _users() -> dict[str, Any]:
    names = ("applicant", "office", "third_party", "expert", "chair", "finance")
    found = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    return found if len(found) == len(names) else {}


def _approve(name: str, changes: dict[str, Any], users: dict[str, Any], budget_year: int
             ) -> Application:
    from egovpm.declarations.demo import declare
    from egovpm.review.services import application_transition, assessment_report

    body = demo_declaration(name, budget_year=budget_year, **changes)
    app = declare(applicant=users["applicant"], body=body)
    app = application_transition(application=app, action="submit", actor=users["applicant"])
    app = application_transition(
        application=app, action="office_accept", actor=users["office"],
        payload={"assessors": {"third_party": "third_party", "expert": "expert"}})
    for assessment in app.assessments.filter(round=app.review_round):
        who = users["expert"] if assessment.kind == "expert" else users["third_party"]
        assessment_report(assessment=assessment, actor=who, result="pass",
                          opinion="方案可行,预算符合《配置标准》")
    app.refresh_from_db()
    return application_transition(application=app, action="meeting_approve",
                                  actor=users["chair"], internal=True,
                                  payload={"approved_amount": body["total_amount"]})


@transaction.atomic
def load() -> str:
    users = _users()
    if not users:
        return "缺少演示用户,跳过"
    today = timezone.localdate()
    created = []
    for name, changes, plan in DEMO:
        if Application.objects.filter(name=name).exists():
            continue
        changes = dict(changes)
        budget_year = today.year + changes.pop("budget_year_offset", 0)
        lifecycle = lifecycle_open(application=_approve(name, changes, users, budget_year))
        for days_ago, who, action, payload in plan:
            day = today - dt.timedelta(days=days_ago)
            take = (lifecycle_apply_meeting_decision if action in MEETING_ACTIONS
                    else lifecycle_transition)
            lifecycle = take(lifecycle=lifecycle, action=action, actor=users[who],
                             payload=payload(day), today=day)
        created.append(name)
    opened = lifecycles_open_missing()
    return f"新建实施项目 {len(created)} 个,另为已批准申报开启 {opened} 个"
