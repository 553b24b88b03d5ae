"""The review lifecycle as one table: (state, action) → target, roles, owner check, guards.

`egovpm.review.services.application_transition` is the only code that applies it. The table is
documented, row by row, in docs/workflow.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egovpm.accounts.models import Role, UnitKind
from egovpm.declarations.models import Application, State


class Action(models.TextChoices):
    SUBMIT = "submit", gettext_lazy("提交申报")
    SUPERVISOR_APPROVE = "supervisor_approve", gettext_lazy("主管部门审核同意")
    SUPERVISOR_RETURN = "supervisor_return", gettext_lazy("主管部门退回")
    OFFICE_ACCEPT = "office_accept", gettext_lazy("联席办受理")
    OFFICE_RETURN = "office_return", gettext_lazy("联席办退回修改")
    DEFER = "defer", gettext_lazy("暂缓")
    RESERVE = "reserve", gettext_lazy("列入后备库")
    REJECT = "reject", gettext_lazy("不予通过")
    WITHDRAW = "withdraw", gettext_lazy("撤回")
    # Automatic: taken by the assessment report service, never requested directly.
    ASSESSMENTS_PASSED = "assessments_passed", gettext_lazy("论证评估全部通过")
    ASSESSMENT_FAILED = "assessment_failed", gettext_lazy("论证评估未通过")
    # Internal: the joint meeting's outcomes (规则 四(五)), taken only by the meetings module when
    # the chair signs the minutes; refused when requested through the API or the pages.
    MEETING_APPROVE = "meeting_approve", gettext_lazy("联席会议审核同意")
    MEETING_FILE = "meeting_file", gettext_lazy("联席会议备案")
    MEETING_DEFER = "meeting_defer", gettext_lazy("联席会议暂缓")
    MEETING_RESERVE = "meeting_reserve", gettext_lazy("联席会议列入后备库")
    MEETING_REJECT = "meeting_reject", gettext_lazy("联席会议不予通过")
    MEETING_HANDOVER = "meeting_handover", gettext_lazy("转政府投资项目程序")
    # Internal: a reconsideration (复议, 规则 四(七)) revising an effective decision, taken only by
    # the meetings module (the chair's resolution, or signed minutes that revise it).
    RECONSIDER_APPROVE = "reconsider_approve", gettext_lazy("复议变更为审核同意")
    RECONSIDER_FILE = "reconsider_file", gettext_lazy("复议变更为备案")
    RECONSIDER_DEFER = "reconsider_defer", gettext_lazy("复议变更为暂缓")
    RECONSIDER_RESERVE = "reconsider_reserve", gettext_lazy("复议变更为列入后备库")
    RECONSIDER_REJECT = "reconsider_reject", gettext_lazy("复议变更为不予通过")
    RECONSIDER_HANDOVER = "reconsider_handover", gettext_lazy("复议变更为转政府投资项目程序")


class Owner(models.TextChoices):
    """Whose application it must be, beyond the role."""

    ANY = "any", gettext_lazy("不限")
    UNIT = "unit", gettext_lazy("本单位")
    SUPERVISOR = "supervisor", gettext_lazy("所属主管部门")


class InvalidTransition(Exception):
    """An illegal move: wrong state, or a guard that does not hold. ``reason`` is Chinese;
    ``findings`` lists the blocking findings when a submission is refused."""

    def __init__(self, reason: str, *, findings: list[dict] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.findings = findings or []


@dataclass
class Context:
    """What the guards see and may leave behind for the effect (e.g. the decision)."""

    application: Application
    actor: Any
    reason: str
    payload: dict
    notes: dict = field(default_factory=dict)


Guard = Callable[[Context], None]

ROUTE_ASSESSMENTS: dict[str, tuple[str, ...]] = {
    # 规则 五(三): who argues or assesses on each route.
    "REVIEW": ("third_party", "expert"),
    "FILING": ("third_party",),
    "INFO_PUBLISHING": ("third_party",),  # its cac_filing step is the applicant's declaration
    "GOV_INVESTMENT": ("argument",),  # third_party_argument, then 政府投资项目管理办法
    "DIRECT_FILING": (),
    "FEE_FILING": (),
    "MARKET_FILING": (),
    "RENEWAL_FILING": (),
}
FILING_ROUTES = {"FILING", "DIRECT_FILING", "FEE_FILING", "MARKET_FILING", "RENEWAL_FILING"}
# A blocking finding that the supervisor's step itself resolves (规则 五(一)2).
RESOLVED_BY_SUPERVISOR = "SUBORDINATE_NOT_APPROVED"


def reason_required(ctx: Context) -> None:
    if not ctx.reason.strip():
        raise InvalidTransition(_("此操作须填写理由"))


def no_blocking_findings(ctx: Context) -> None:
    """规则 五(一)2, 五(四)3, 五(五)7, 五(六)1: blocked applications are not accepted."""
    from egovpm.declarations.selectors import application_preview

    app = ctx.application
    if submit_target(app) == State.SUPERVISOR_REVIEW:
        # A new submission needs the supervisor's approval again (on the locked copy only;
        # the service saves nothing when a guard refuses).
        app.supervisor_approved = False
    decision = application_preview(app, declared_on=ctx.notes["today"])
    blocking = [
        f for f in decision.findings if f.blocking and f.code != RESOLVED_BY_SUPERVISOR
    ]
    if blocking:
        raise InvalidTransition(
            _("存在阻断性问题,不能提交:%(codes)s") % {
                "codes": "、".join(f"{f.code}({f.source})" for f in blocking)
            },
            findings=[finding_dict(f) for f in blocking],
        )
    ctx.notes["decision"] = decision


def finding_dict(finding: Any) -> dict:
    return {
        "code": finding.code, "severity": finding.severity, "blocking": finding.blocking,
        "source": finding.source, "field": finding.field, "message": finding.message,
    }


def route_is_gov_investment(ctx: Context) -> None:
    if ctx.application.effective_route != "GOV_INVESTMENT":
        raise InvalidTransition(_("仅政府投资类(GOV_INVESTMENT)项目转政府投资项目程序"))


def route_not_gov_investment(ctx: Context) -> None:
    if ctx.application.effective_route == "GOV_INVESTMENT":
        raise InvalidTransition(
            _("政府投资类项目经论证后按《杨浦区政府投资项目管理办法》执行,不由联席会议审核同意")
        )


def route_not_filing(ctx: Context) -> None:
    if ctx.application.effective_route in FILING_ROUTES:
        raise InvalidTransition(_("该项目走备案流程,应备案而非审核同意"))


def route_is_filing(ctx: Context) -> None:
    if ctx.application.effective_route not in FILING_ROUTES:
        raise InvalidTransition(_("该项目的评审流程不是备案类,不能备案"))


def approved_amount_valid(ctx: Context) -> None:
    from egovpm.declarations.inputs import ApplicationInputError, parse_amount

    amount = parse_amount(ctx.payload.get("approved_amount"), "approved_amount", required=False)
    if amount is not None and amount > ctx.application.total_amount:
        raise ApplicationInputError("approved_amount", _("核定金额不得超过申报金额"))
    ctx.notes["approved_amount"] = amount


def submit_target(app: Application) -> State:
    """A subordinate institution's declaration goes to its supervising department first
    (规则 五(一)2); after deferral the supplementary argument goes straight to the office."""
    if app.state == State.DEFERRED:
        return State.OFFICE_INTAKE
    if app.unit.kind == UnitKind.SUBORDINATE:
        return State.SUPERVISOR_REVIEW
    return State.OFFICE_INTAKE


def accept_target(app: Application) -> State:
    return State.ASSESSMENT if ROUTE_ASSESSMENTS.get(app.effective_route) else State.READY_FOR_MEETING


@dataclass(frozen=True)
class Transition:
    source: State
    action: Action
    target: State | Callable[[Application], State]
    roles: frozenset[str]
    owner: Owner = Owner.ANY
    guards: tuple[Guard, ...] = ()
    automatic: bool = False  # taken by the assessment report service, never requested
    internal: bool = False  # taken only by the meetings module (`internal=True`), never requested

    def target_for(self, app: Application) -> State:
        return self.target(app) if callable(self.target) else self.target


APPLICANTS = frozenset({Role.APPLICANT, Role.UNIT_LEADER})
OFFICE = frozenset({Role.OFFICE})
CHAIR = frozenset({Role.CHAIR})
ASSESSORS = frozenset({Role.THIRD_PARTY, Role.EXPERT})


# The states a joint-meeting decision leaves an application in; a reconsideration moves it
# from one of them to another (规则 四(七)).
DECIDED_STATES = (State.APPROVED, State.FILED, State.DEFERRED, State.RESERVE, State.REJECTED,
                  State.HANDED_OVER)
# Each outcome of the meeting: its target and guards. 审核同意 only on review routes (GOV_INVESTMENT
# is handed over instead), 备案 only on filing routes, the others with the reason.
OUTCOME_TARGETS: dict[str, tuple[State, tuple[Guard, ...]]] = {
    "approve": (State.APPROVED, (route_not_gov_investment, route_not_filing, approved_amount_valid)),
    "file": (State.FILED, (route_is_filing,)),
    "defer": (State.DEFERRED, (reason_required,)),
    "reserve": (State.RESERVE, (reason_required,)),
    "reject": (State.REJECTED, (reason_required,)),
    "handover": (State.HANDED_OVER, (route_is_gov_investment,)),
}


def _outcome_rows(sources: tuple[State, ...], actions: tuple[Action, ...]) -> list[Transition]:
    """Internal chair rows, one per source and outcome (never to the state it leaves from)."""
    rows = []
    for action in actions:
        target, guards = OUTCOME_TARGETS[action.value.split("_", 1)[1]]
        rows += [Transition(source, action, target, CHAIR, guards=guards, internal=True)
                 for source in sources if source != target]
    return rows


def _rows() -> list[Transition]:
    S, A = State, Action
    rows = [
        *(Transition(s, A.SUBMIT, submit_target, APPLICANTS, Owner.UNIT, (no_blocking_findings,))
          for s in (S.DRAFT, S.RETURNED, S.DEFERRED)),
        Transition(S.SUPERVISOR_REVIEW, A.SUPERVISOR_APPROVE, S.OFFICE_INTAKE,
                   frozenset({Role.SUPERVISOR}), Owner.SUPERVISOR),
        Transition(S.SUPERVISOR_REVIEW, A.SUPERVISOR_RETURN, S.RETURNED,
                   frozenset({Role.SUPERVISOR}), Owner.SUPERVISOR, (reason_required,)),
        Transition(S.OFFICE_INTAKE, A.OFFICE_ACCEPT, accept_target, OFFICE),
        *(Transition(s, A.OFFICE_RETURN, S.RETURNED, OFFICE, guards=(reason_required,))
          for s in (S.OFFICE_INTAKE, S.ASSESSMENT)),
        *(Transition(s, A.DEFER, S.DEFERRED, OFFICE, guards=(reason_required,))
          for s in (S.ASSESSMENT, S.READY_FOR_MEETING)),
        *(Transition(s, A.RESERVE, S.RESERVE, OFFICE, guards=(reason_required,))
          for s in (S.ASSESSMENT, S.READY_FOR_MEETING)),
        *(Transition(s, A.REJECT, S.REJECTED, OFFICE, guards=(reason_required,))
          for s in (S.OFFICE_INTAKE, S.ASSESSMENT)),
        *(Transition(s, A.WITHDRAW, S.WITHDRAWN, APPLICANTS, Owner.UNIT)
          for s in (S.DRAFT, S.RETURNED, S.SUPERVISOR_REVIEW, S.OFFICE_INTAKE, S.DEFERRED,
                    S.RESERVE)),
        Transition(S.ASSESSMENT, A.ASSESSMENTS_PASSED, S.READY_FOR_MEETING, ASSESSORS,
                   automatic=True),
        Transition(S.ASSESSMENT, A.ASSESSMENT_FAILED, S.RETURNED, ASSESSORS, automatic=True),
        *_outcome_rows(
            (S.READY_FOR_MEETING,),
            (A.MEETING_APPROVE, A.MEETING_FILE, A.MEETING_DEFER, A.MEETING_RESERVE,
             A.MEETING_REJECT, A.MEETING_HANDOVER),
        ),
        *_outcome_rows(
            DECIDED_STATES,
            (A.RECONSIDER_APPROVE, A.RECONSIDER_FILE, A.RECONSIDER_DEFER, A.RECONSIDER_RESERVE,
             A.RECONSIDER_REJECT, A.RECONSIDER_HANDOVER),
        ),
    ]
    return rows


TRANSITIONS: dict[tuple[str, str], Transition] = {(t.source, t.action): t for t in _rows()}
ROLES_BY_ACTION: dict[str, frozenset[str]] = {}
for _t in TRANSITIONS.values():
    ROLES_BY_ACTION[_t.action] = ROLES_BY_ACTION.get(_t.action, frozenset()) | _t.roles


def is_owner(transition: Transition, app: Application, actor: Any) -> bool:
    if transition.owner == Owner.UNIT:
        return actor.unit_id is not None and actor.unit_id == app.unit_id
    if transition.owner == Owner.SUPERVISOR:
        return actor.unit_id is not None and actor.unit_id == app.unit.supervisor_id
    return True


def may_act(transition: Transition, app: Application, actor: Any) -> bool:
    """Role and ownership; guards and state are the caller's business."""
    return actor.role in transition.roles and is_owner(transition, app, actor)
