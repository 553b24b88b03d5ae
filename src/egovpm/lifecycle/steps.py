"""What each action checks (its gate) and does, one function per row of the stage table.

A step raises `InvalidStep` with the reason (citing the rule) before changing anything it
would otherwise leave half done; the service runs it inside one transaction, so a refusal
later in a step rolls everything back too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from egovpm.lifecycle import clocks, inputs
from egovpm.lifecycle.deadlines import deadline_meet, deadline_open, deadline_waive
from egovpm.lifecycle.models import (
    CONTRACT_DOCUMENTS,
    ChangeKind,
    ChangeRequest,
    ChangeState,
    DeadlineKind,
    Document,
    DocumentKind,
    ProcurementMethod,
    ProjectLifecycle,
    QuarterlyReport,
    Stage,
    Supervision,
    SupervisionKind,
)
from egovpm.lifecycle.notify import notify, office_people, unit_people
from egovpm.lifecycle.parameters import ClockParameters
from egovpm.lifecycle.transitions import Action, InvalidStep

K = DeadlineKind
# Reading: 规则 五(五)4 "明显落后于进度计划" — actual progress 20 points or more behind plan.
LAGGING_PROGRESS_POINTS = 20


@dataclass
class Context:
    lifecycle: ProjectLifecycle
    actor: Any
    payload: dict
    today: dt.date
    params: ClockParameters
    target: str | None = None  # set by steps whose target depends on the outcome
    changes: dict = field(default_factory=dict)


Step = Callable[[Context], None]
STEPS: dict[str, Step] = {}


def step(action: Action) -> Callable[[Step], Step]:
    def register(function: Step) -> Step:
        STEPS[action] = function
        return function

    return register


def store_document(ctx: Context, kind: str, upload: Any) -> Document:
    from egovpm.declarations.files import AttachmentRejected, stored_upload

    name = getattr(upload, "name", "") or "file"
    try:
        with stored_upload(name=name, chunks=upload.chunks()) as stored:
            return Document.objects.create(
                lifecycle=ctx.lifecycle, kind=kind, uploaded_by=ctx.actor, **stored,
            )
    except AttachmentRejected as error:
        raise InvalidStep(str(error), field=kind) from None


def store_files(ctx: Context) -> list[str]:
    """Store the uploads of `payload["files"]` ({kind: file}); returns the kinds stored."""
    files = ctx.payload.get("files") or {}
    stored = []
    for kind, upload in files.items():
        if kind not in DocumentKind.values:
            raise InvalidStep(_("未知的材料类型“%(kind)s”") % {"kind": kind}, field="files")
        store_document(ctx, kind, upload)
        stored.append(kind)
    return stored


def missing_documents(lifecycle: ProjectLifecycle, kinds: tuple[str, ...]) -> list[str]:
    present = set(lifecycle.documents.values_list("kind", flat=True))
    return [str(DocumentKind(kind).label) for kind in kinds if kind not in present]


def set_project_flags(lifecycle: ProjectLifecycle, **flags: bool) -> None:
    """The history the policy engine reads lives on the declarations' Project."""
    project = lifecycle.application.project
    for name, value in flags.items():
        setattr(project, name, value)
    project.save(update_fields=list(flags))


# -- budget and procurement (规则 五(五)1) ---------------------------------------------------


@step(Action.RELEASE_BUDGET)
def release_budget(ctx: Context) -> None:
    lc, p = ctx.lifecycle, ctx.params
    released = inputs.date(ctx.payload, "released_on", not_after=ctx.today)
    budget = inputs.amount(ctx.payload, "amount", required=False) or lc.approved_amount
    lc.budget_released_on, lc.budget_amount = released, budget
    if lc.has_obligation("GOV_PROCUREMENT_REQUIRED"):
        deadline_open(lifecycle=lc, kind=K.PROCUREMENT_START, start=released,
                      months=p.procurement_start_months)
        deadline_open(lifecycle=lc, kind=K.PROCUREMENT_STOP_REVIEW, start=released,
                      months=p.procurement_stop_months)
    if lc.has_obligation("ANNUAL_SELF_EVALUATION"):
        deadline_open(lifecycle=lc, kind=K.SELF_EVALUATION, key=str(lc.budget_year),
                      start=dt.date(lc.budget_year, 12, 31), months=p.self_evaluation_months)
    ctx.changes.update(released_on=released.isoformat(), amount=str(budget))


@step(Action.FILE_LATE_REASON)
def file_late_reason(ctx: Context) -> None:
    lc = ctx.lifecycle
    if not lc.has_obligation("PROCUREMENT_START_3_MONTHS"):
        raise InvalidStep(_("本项目无政府采购启动时限,无需备案逾期原因"))
    lc.late_reason = inputs.text(ctx.payload, "reason")
    lc.late_reason_filed_on = ctx.today
    # 规则 五(五)1: a reasoned filing keeps the project from the stop decision.
    deadline_waive(lifecycle=lc, kinds=[K.PROCUREMENT_STOP_REVIEW],
                   reason=_("已向联席会议备案说明原因"))
    ctx.changes["late_reason"] = lc.late_reason


@step(Action.START_PROCUREMENT)
def start_procurement(ctx: Context) -> None:
    lc = ctx.lifecycle
    started = inputs.date(ctx.payload, "started_on", not_after=ctx.today)
    method = inputs.choice(ctx.payload, "method", ProcurementMethod)
    if lc.budget_released_on is None or started < lc.budget_released_on:
        raise InvalidStep(_("启动采购日期不能早于预算下达日期"), field="started_on")
    if lc.has_obligation("PUBLIC_TENDER_REQUIRED") and method != ProcurementMethod.PUBLIC_TENDER:
        raise InvalidStep(_("超过400万元的项目必须公开招标(规则 五(五)1)"), field="method")
    if lc.has_obligation("GOV_PROCUREMENT_REQUIRED") and method == ProcurementMethod.SELF:
        raise InvalidStep(_("超过政府采购限额的项目应实行政府采购(规则 五(五)1)"), field="method")
    due = lc.deadlines.filter(kind=K.PROCUREMENT_START).first()
    if due is not None and started > due.due_date and not lc.late_reason:
        raise InvalidStep(
            _("预算下达后3个月内(至 %(due)s)未启动政府采购,须先向联席会议备案说明原因"
              "(规则 五(五)1)") % {"due": due.due_date.isoformat()}
        )
    lc.procurement_started_on, lc.procurement_method = started, method
    deadline_meet(lifecycle=lc, kind=K.PROCUREMENT_START, on=started)
    deadline_waive(lifecycle=lc, kinds=[K.PROCUREMENT_STOP_REVIEW, K.PROCUREMENT_START],
                   reason=_("已启动政府采购"))
    lc.stop_review_since = None
    ctx.changes.update(started_on=started.isoformat(), method=method)


@step(Action.PLACE_ON_STOP_AGENDA)
def place_on_stop_agenda(ctx: Context) -> None:
    lc = ctx.lifecycle
    due = lc.deadlines.filter(kind=K.PROCUREMENT_STOP_REVIEW).first()
    if due is None or not due.is_overdue(ctx.today):
        raise InvalidStep(_("预算下达未超过半年,或已启动采购、已备案说明原因,不能提请停止"))
    if lc.stop_review_since:
        raise InvalidStep(_("已提请联席会议审议"))
    lc.stop_review_since = ctx.today
    ctx.changes["stop_review_since"] = ctx.today.isoformat()


@step(Action.RECORD_STOP_DECISION)
def record_stop_decision(ctx: Context) -> None:
    lc = ctx.lifecycle
    if not lc.stop_review_since:
        raise InvalidStep(_("项目未提请联席会议审议停止实施"))
    decision = str(ctx.payload.get("decision") or "")
    note = inputs.text(ctx.payload, "note")
    if decision == "stop":
        ctx.target = Stage.STOPPED
        lc.stopped_on, lc.stop_reason = ctx.today, note
        deadline_waive(lifecycle=lc, kinds=list(K), reason=_("联席会议决定停止实施"))
    elif decision == "continue":
        lc.stop_review_since = None
        lc.late_reason, lc.late_reason_filed_on = note, ctx.today
        deadline_waive(lifecycle=lc, kinds=[K.PROCUREMENT_STOP_REVIEW],
                       reason=_("联席会议决定继续实施"))
    else:
        raise InvalidStep(_("“决定”须为停止(stop)或继续实施(continue)"), field="decision")
    ctx.changes.update(decision=decision, note=note)


@step(Action.STOP_AFTER_RECONSIDERATION)
def stop_after_reconsideration(ctx: Context) -> None:
    """规则 四(七): a reconsideration revised the approval away before procurement started; the
    project stops as a meeting's stop decision stops it (every clock waived, the reason kept)."""
    lc = ctx.lifecycle
    note = inputs.text(ctx.payload, "reason", max_length=100_000)
    lc.stopped_on, lc.stop_reason = ctx.today, note
    deadline_waive(lifecycle=lc, kinds=list(K), reason=_("联席会议复议变更原决定，停止实施"))
    ctx.changes.update(reason=note)


# -- contract, leader, supervision (规则 五(五)2, 3, 6) --------------------------------------


def _record_contract(ctx: Context) -> None:
    lc, p = ctx.lifecycle, ctx.params
    if lc.stage == Stage.BUDGETED and lc.has_obligation("GOV_PROCUREMENT_REQUIRED"):
        raise InvalidStep(_("超过政府采购限额的项目须先启动政府采购(规则 五(五)1)"))
    effective = inputs.date(ctx.payload, "effective_date", not_after=ctx.today)
    earliest = lc.procurement_started_on or lc.budget_released_on
    if earliest is None or effective < earliest:
        raise InvalidStep(_("合同生效日期不能早于预算下达或启动采购日期"), field="effective_date")
    lc.contract_effective_on = effective
    lc.contract_amount = inputs.amount(ctx.payload, "amount", required=False)
    # 规则 五(五)2: 合同签订生效后10个工作日内备案.
    deadline_open(lifecycle=lc, kind=K.CONTRACT_FILING, start=effective,
                  working_days=p.contract_filing_working_days)
    if lc.one_plus_two:
        # 规则 五(三): 招一续二 — filed before the 2nd and 3rd year's contract is signed, i.e.
        # within the contract year before it (Reading).
        for year in (2, 3):
            anniversary = clocks.months_after(effective, 12 * (year - 1)).date
            deadline_open(lifecycle=lc, kind=K.RENEWAL_FILING, key=str(year), start=effective,
                          due=anniversary - dt.timedelta(days=1))
    ctx.target = Stage.CONTRACTED
    ctx.changes.update(effective_date=effective.isoformat(),
                       amount=str(lc.contract_amount or ""))


@step(Action.RECORD_CONTRACT)
def record_contract(ctx: Context) -> None:
    _record_contract(ctx)


@step(Action.FILE_CONTRACT)
def file_contract(ctx: Context) -> None:
    lc = ctx.lifecycle
    if lc.contract_filed_on:
        raise InvalidStep(_("合同已备案"))
    if lc.contract_effective_on is None:
        _record_contract(ctx)
    stored = store_files(ctx)
    missing = missing_documents(lc, CONTRACT_DOCUMENTS)
    if missing:
        raise InvalidStep(
            _("合同备案须提交:%(docs)s(规则 五(五)2)") % {"docs": "、".join(missing)},
            field="files",
        )
    lc.contract_filed_on = ctx.today
    deadline = deadline_meet(lifecycle=lc, kind=K.CONTRACT_FILING, on=ctx.today)
    ctx.changes.update(documents=stored, filed_on=ctx.today.isoformat(),
                       late=bool(deadline and ctx.today > deadline.due_date))


@step(Action.ASSIGN_LEADER)
def assign_leader(ctx: Context) -> None:
    lc = ctx.lifecycle
    lc.leader_name = inputs.text(ctx.payload, "leader_name", max_length=50)
    lc.leader_title = inputs.text(ctx.payload, "leader_title", max_length=50)
    lc.staff_name = inputs.text(ctx.payload, "staff_name", max_length=50)
    ctx.changes.update(leader=lc.leader_name, title=lc.leader_title, staff=lc.staff_name)


@step(Action.RECORD_SUPERVISION)
def record_supervision(ctx: Context) -> None:
    kind = inputs.choice(ctx.payload, "kind", SupervisionKind)
    firm = inputs.text(ctx.payload, "firm", max_length=200)
    on = inputs.date(ctx.payload, "contracted_on", not_after=ctx.today)
    Supervision.objects.update_or_create(
        lifecycle=ctx.lifecycle, kind=kind,
        defaults={"firm": firm, "contracted_on": on, "recorded_by": ctx.actor},
    )
    ctx.changes.update(kind=kind, firm=firm)


@step(Action.START_EXECUTION)
def start_execution(ctx: Context) -> None:
    lc = ctx.lifecycle
    missing = []
    if lc.has_obligation("PROJECT_LEADER_REQUIRED") and not (lc.leader_name and lc.staff_name):
        missing.append(_("项目负责人(部门领导)及具体负责人(规则 五(五)3)"))
    kinds = set(lc.supervisions.values_list("kind", flat=True))
    if lc.has_obligation("SUPERVISION_REQUIRED") and SupervisionKind.ENGINEERING not in kinds:
        missing.append(_("工程监理单位(规则 五(五)6)"))
    if (lc.has_obligation("INVESTMENT_SUPERVISION_REQUIRED")
            and SupervisionKind.INVESTMENT not in kinds):
        missing.append(_("投资监理单位(规则 五(五)6)"))
    if missing:
        raise InvalidStep(_("开始实施前须登记:%(what)s") % {"what": "；".join(missing)})
    lc.execution_started_on = ctx.today
    if lc.key_project:
        _open_quarter(ctx, *clocks.quarter_of(ctx.today))


def _open_quarter(ctx: Context, year: int, quarter: int) -> None:
    key = f"{year}Q{quarter}"
    if not ctx.lifecycle.deadlines.filter(kind=K.QUARTERLY_REPORT, key=key).exists():
        deadline_open(lifecycle=ctx.lifecycle, kind=K.QUARTERLY_REPORT, key=key,
                      start=clocks.quarter_end(year, quarter),
                      working_days=ctx.params.quarterly_report_working_days)


# -- execution: quarterly reports and changes (规则 五(五)4, 5) -------------------------------


@step(Action.SUBMIT_QUARTERLY_REPORT)
def submit_quarterly_report(ctx: Context) -> None:
    lc, data = ctx.lifecycle, ctx.payload
    if not lc.key_project:
        raise InvalidStep(_("仅年度重点数字化项目须填报季度执行情况表(规则 五(五)4)"))
    year = inputs.integer(data, "year", low=2000, high=2100)
    quarter = inputs.integer(data, "quarter", low=1, high=4)
    if (year, quarter) > clocks.quarter_of(ctx.today):
        raise InvalidStep(_("不能填报尚未开始的季度"), field="quarter")
    if lc.quarterly_reports.filter(year=year, quarter=quarter).exists():
        raise InvalidStep(_("%(y)d年第%(q)d季度已填报") % {"y": year, "q": quarter})
    planned = inputs.integer(data, "planned_progress", low=0, high=100)
    actual = inputs.integer(data, "actual_progress", low=0, high=100)
    report = QuarterlyReport.objects.create(
        lifecycle=lc, year=year, quarter=quarter, planned_progress=planned,
        actual_progress=actual, amount_spent=inputs.amount(data, "amount_spent"),
        problems=inputs.text(data, "problems", required=False),
        lagging=planned - actual >= LAGGING_PROGRESS_POINTS, submitted_by=ctx.actor,
    )
    deadline_meet(lifecycle=lc, kind=K.QUARTERLY_REPORT, key=f"{year}Q{quarter}", on=ctx.today)
    _open_quarter(ctx, *clocks.next_quarter(year, quarter))
    if report.lagging:
        notify(recipients=office_people(), lifecycle=lc, verb="quarterly_lagging",
               title=_("%(name)s 明显落后于进度计划") % {"name": lc.name},
               body=_("计划 %(p)d%%,实际 %(a)d%%") % {"p": planned, "a": actual})
    ctx.changes.update(quarter=f"{year}Q{quarter}", planned=planned, actual=actual,
                       lagging=report.lagging)


@step(Action.ISSUE_RECTIFICATION_ADVICE)
def issue_rectification_advice(ctx: Context) -> None:
    year = inputs.integer(ctx.payload, "year", low=2000, high=2100)
    quarter = inputs.integer(ctx.payload, "quarter", low=1, high=4)
    report = ctx.lifecycle.quarterly_reports.filter(year=year, quarter=quarter).first()
    if report is None:
        raise InvalidStep(_("该季度尚未填报执行情况表"), field="quarter")
    report.advice = inputs.text(ctx.payload, "advice")
    report.advice_on = ctx.today
    report.save(update_fields=["advice", "advice_on"])
    notify(recipients=unit_people(ctx.lifecycle), lifecycle=ctx.lifecycle,
           verb="rectification_advice",
           title=_("联席会议办公室对 %(name)s 提出整改建议") % {"name": ctx.lifecycle.name},
           body=report.advice)
    ctx.changes.update(quarter=f"{year}Q{quarter}", advice=report.advice)


@step(Action.REQUEST_CHANGE)
def request_change(ctx: Context) -> None:
    lc = ctx.lifecycle
    kind = inputs.choice(ctx.payload, "kind", ChangeKind)
    description = inputs.text(ctx.payload, "description")
    new_amount = inputs.amount(ctx.payload, "new_amount", required=kind == ChangeKind.AMOUNT)
    if lc.change_requests.filter(state=ChangeState.PENDING).exists():
        raise InvalidStep(_("已有待联席会议审议的变更申请"))
    change = ChangeRequest.objects.create(
        lifecycle=lc, kind=kind, description=description, new_amount=new_amount,
        requested_by=ctx.actor,
    )
    notify(recipients=office_people(), lifecycle=lc, verb="change_requested",
           title=_("%(name)s 申请项目变更,待提交联席会议") % {"name": lc.name}, body=description)
    ctx.changes.update(change=change.pk, kind=kind, new_amount=str(new_amount or ""))


@step(Action.DECIDE_CHANGE)
def decide_change(ctx: Context) -> None:
    lc = ctx.lifecycle
    change = lc.change_requests.filter(state=ChangeState.PENDING).first()
    if change is None:
        raise InvalidStep(_("没有待审议的变更申请"))
    approved = inputs.boolean(ctx.payload, "approved")
    change.state = ChangeState.APPROVED if approved else ChangeState.REJECTED
    change.decided_on = ctx.today
    change.decision_note = inputs.text(ctx.payload, "note", required=False)
    change.save(update_fields=["state", "decided_on", "decision_note"])
    if approved and change.kind == ChangeKind.AMOUNT:
        if change.new_amount is None:  # `request_change` requires it for an amount change
            raise InvalidStep(_("“%(field)s”必填(金额,元)") % {"field": inputs.label("new_amount")},
                              field="new_amount")
        ctx.changes["approved_amount"] = [str(lc.approved_amount), str(change.new_amount)]
        lc.approved_amount = change.new_amount
    ctx.changes.update(change=change.pk, approved=approved)


# The acceptance and evaluation steps live in their own module; importing it registers them.
from egovpm.lifecycle import acceptance_steps, prefill_steps  # noqa: E402, F401
