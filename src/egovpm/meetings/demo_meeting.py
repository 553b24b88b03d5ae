"""The demo's joint meetings: one past regular meeting, held and signed through the meetings
services (so its audit rows, notices and minutes are genuine), and a draft meeting for the next
date, with applications left in ready_for_meeting for a newcomer to hold it as office and chair.

The applications the past meeting decides are declared here, through the declarations and
review services, so the declarations demo keeps its own ready applications for the newcomer.
Idempotent: once the past meeting exists, nothing is created again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from egovpm.declarations.models import Application, State
from egovpm.meetings.decisions import meeting_record_decision, meeting_sign_minutes
from egovpm.meetings.models import Meeting, MeetingKind, Outcome
from egovpm.meetings.selectors import agenda_candidates
from egovpm.meetings.services import (
    meeting_approve_agenda,
    meeting_create,
    meeting_open,
    meeting_record_attendance,
    meeting_request_leave,
    meeting_set_agenda,
)

PAST_TITLE = "演示：联席会议（已签发）"
NEXT_TITLE = "演示：下次联席会议（待拟定议题）"
PAST_DAYS_AGO = 21
NEXT_DAYS_AHEAD = 14
KEEP_READY = 2  # applications (not GOV_INVESTMENT) left in ready_for_meeting for the newcomer

# Seats whose units ask leave before the past meeting, with their written opinions (规则 四(三)).
LEAVE = {
    "区档案局": "同意办公室意见。请申报单位同步做好电子文件归档。",
    "区审计局": "同意办公室意见；建议核减后的预算严格按《配置标准》执行。",
}
ABSENT = ("区地区办",)  # neither present nor on leave: shows an unrecorded seat in the minutes

USERS = ("applicant_edu", "applicant_street", "office", "chair", "third_party", "expert")


@dataclass(frozen=True)
class Item:
    name: str
    applicant: str
    changes: dict[str, Any] = field(default_factory=dict)
    outcome: str = Outcome.APPROVE
    approved_amount: str | None = None
    conditions: str = ""
    opinion: str = "经第三方评估和专家论证，方案可行，建议同意。"


def _om(amount: str) -> dict[str, Any]:
    """An operation and maintenance project renewed at the same amount: a filing route."""
    return {"kind": "om", "total_amount": amount, "hardware_amount": None, "category": None,
            "om": {"first_application": False, "previous_amount": amount}, "budget": [],
            "maintenance": [{"item": "hosting_service", "amount": amount}]}


PAST_ITEMS = (
    Item("区教育局智慧校园统一身份认证平台升级项目", "applicant_edu",
         approved_amount="1150000.00",
         conditions="核减硬件购置费 5 万元；按方案实施，严格执行《配置标准》。"),
    Item("五角场街道网格化综合管理平台运维项目", "applicant_street", _om("300000"),
         outcome=Outcome.FILE, conditions="按运维合同执行，年度运维报告报联席会议办公室备案。",
         opinion="运维金额与上年持平，建议备案同意。"),
    Item("区教育局教育资源公共服务平台二期项目", "applicant_edu", outcome=Outcome.DEFER,
         conditions="补充与市级教育资源平台的数据对接方案，论证后提交下次会议审议。",
         opinion="与市级平台存在功能重叠风险，建议暂缓。"),
)
# Declared only when the other demos left fewer than KEEP_READY applications ready.
SPARE_ITEMS = (
    Item("五角场街道社区智慧养老服务平台升级项目", "applicant_street"),
    Item("区教育局校园安全视频联网平台升级项目", "applicant_edu"),
)


def _users() -> dict[str, Any]:
    found = {u.username: u for u in get_user_model().objects.filter(username__in=USERS)}
    return found if len(found) == len(USERS) else {}


def _declare_ready(item: Item, users: dict[str, Any]) -> Application:
    """Declared, accepted and assessed through the services, leaving it ready for the meeting."""
    from egovpm.declarations.demo import ASSESSORS, declare, demo_body
    from egovpm.review.services import application_transition, assessment_report

    app = declare(applicant=users[item.applicant], body=demo_body(item.name, **item.changes))
    app = application_transition(application=app, action="submit", actor=users[item.applicant])
    app = application_transition(application=app, action="office_accept", actor=users["office"],
                                 payload=ASSESSORS)
    for assessment in app.assessments.filter(round=app.review_round):
        assessor = users["expert"] if assessment.kind == "expert" else users["third_party"]
        assessment_report(assessment=assessment, actor=assessor, result="pass",
                          opinion="方案可行，预算符合《配置标准》。")
    app.refresh_from_db()
    if app.state != State.READY_FOR_MEETING:
        raise RuntimeError(f"demo application {item.name!r} stopped in {app.state}")
    return app


def _past_meeting(users: dict[str, Any], today: datetime.date) -> Meeting:
    office, chair = users["office"], users["chair"]
    applications = [_declare_ready(item, users) for item in PAST_ITEMS]
    meeting = meeting_create(actor=office, date=today - datetime.timedelta(days=PAST_DAYS_AGO),
                             kind=MeetingKind.REGULAR, title=PAST_TITLE)
    meeting_set_agenda(meeting=meeting, actor=office, application_ids=[a.pk for a in applications],
                       opinions={a.pk: i.opinion for a, i in zip(applications, PAST_ITEMS, strict=True)})
    meeting_approve_agenda(meeting=meeting, actor=chair)
    members = list(meeting.members.select_related("representative").order_by("seat__number"))
    for member in members:
        if member.unit_name in LEAVE and member.representative is not None:
            meeting_request_leave(meeting=meeting, actor=member.representative,
                                  opinion=LEAVE[member.unit_name])
        elif member.unit_name in LEAVE:  # no representative: the office takes the request
            meeting_record_attendance(meeting=meeting, actor=office, leave=[
                {"unit": member.unit_name, "opinion": LEAVE[member.unit_name]}])
    meeting_open(meeting=meeting, actor=office)
    present = [m.unit_name for m in members if m.unit_name not in LEAVE and m.unit_name not in ABSENT]
    meeting_record_attendance(meeting=meeting, actor=office, present_units=present)
    for application, item in zip(applications, PAST_ITEMS, strict=True):
        meeting_record_decision(meeting=meeting, actor=office, application_id=application.pk,
                                outcome=item.outcome, approved_amount=item.approved_amount,
                                conditions=item.conditions)
    return meeting_sign_minutes(meeting=meeting, actor=chair)


def ready_for_newcomer() -> list[Application]:
    """Ready applications not on a live agenda, GOV_INVESTMENT (handed over, not decided) aside."""
    return [a for a in agenda_candidates() if a.effective_route != "GOV_INVESTMENT"]


@transaction.atomic
def meetings_ensure() -> Meeting | None:
    """The past signed meeting, the draft next one, and ≥ KEEP_READY ready applications; None
    when the demo users are missing. Nothing changes once the past meeting exists."""
    existing = Meeting.objects.filter(title=PAST_TITLE).first()
    if existing is not None:
        return existing
    users = _users()
    if not users:
        return None
    today = timezone.localdate()
    meeting = _past_meeting(users, today)
    spares = [i for i in SPARE_ITEMS if not Application.objects.filter(name=i.name).exists()]
    for item in spares[: max(0, KEEP_READY - len(ready_for_newcomer()))]:
        _declare_ready(item, users)
    if not Meeting.objects.filter(title=NEXT_TITLE).exists():
        meeting_create(actor=users["office"], date=today + datetime.timedelta(days=NEXT_DAYS_AHEAD),
                       kind=MeetingKind.REGULAR, title=NEXT_TITLE)
    return meeting
