"""The post-approval stages as one table: action → from stages, target, roles, step.

`egovpm.lifecycle.services.lifecycle_transition` is the only code that applies it; the steps
(guards plus effects) live in `egovpm.lifecycle.steps`. A row whose target is None records
something without moving the project (a report, a filing, a leader).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy

from egovpm.accounts.models import Role
from egovpm.lifecycle.models import Stage

S = Stage
UNIT = frozenset({Role.APPLICANT, Role.UNIT_LEADER})
OFFICE = frozenset({Role.OFFICE})
CHAIR = frozenset({Role.CHAIR})
FINANCE = frozenset({Role.FINANCE})

# Every stage in which the project is alive (not stopped).
ACTIVE = frozenset(set(Stage) - {S.STOPPED})
AFTER_BUDGET = frozenset(ACTIVE - {S.AWAITING_BUDGET})
BUILDING = frozenset({S.BUDGETED, S.PROCUREMENT, S.CONTRACTED, S.EXECUTING, S.ACCEPTANCE,
                      S.ACCEPTANCE_FAILED, S.RECTIFYING})
REPORTING = frozenset({S.EXECUTING, S.ACCEPTANCE, S.ACCEPTANCE_FAILED, S.RECTIFYING})


class Action(models.TextChoices):
    RELEASE_BUDGET = "release_budget", gettext_lazy("登记预算下达")
    FILE_LATE_REASON = "file_late_reason", gettext_lazy("备案逾期未启动采购原因")
    START_PROCUREMENT = "start_procurement", gettext_lazy("启动政府采购")
    PLACE_ON_STOP_AGENDA = "place_on_stop_agenda", gettext_lazy("提请联席会议审议停止实施")
    RECORD_STOP_DECISION = "record_stop_decision", gettext_lazy("登记联席会议停止/继续决定")
    STOP_AFTER_RECONSIDERATION = (
        "stop_after_reconsideration", gettext_lazy("复议变更原决定,停止实施"))
    RECORD_CONTRACT = "record_contract", gettext_lazy("登记合同生效")
    FILE_CONTRACT = "file_contract", gettext_lazy("合同备案")
    ASSIGN_LEADER = "assign_leader", gettext_lazy("指定项目负责人")
    RECORD_SUPERVISION = "record_supervision", gettext_lazy("登记监理单位")
    START_EXECUTION = "start_execution", gettext_lazy("开始实施")
    SUBMIT_QUARTERLY_REPORT = "submit_quarterly_report", gettext_lazy("填报季度执行情况表")
    ISSUE_RECTIFICATION_ADVICE = "issue_rectification_advice", gettext_lazy("提出整改建议(督办)")
    REQUEST_CHANGE = "request_change", gettext_lazy("申请项目变更")
    DECIDE_CHANGE = "decide_change", gettext_lazy("登记联席会议变更决定")
    REQUEST_ACCEPTANCE = "request_acceptance", gettext_lazy("进入竣工验收")
    UPLOAD_ACCEPTANCE_PREREQUISITE = (
        "upload_acceptance_prerequisite", gettext_lazy("上传验收前置报告"))
    RECORD_ACCEPTANCE = "record_acceptance", gettext_lazy("登记验收结果")
    START_RECTIFICATION = "start_rectification", gettext_lazy("提交整改方案")
    COMPLETE_RECTIFICATION = "complete_rectification", gettext_lazy("整改完成,申请再次验收")
    FILE_ACCEPTANCE = "file_acceptance", gettext_lazy("验收结果备案")
    FILE_RENEWAL = "file_renewal", gettext_lazy("续签合同前备案")
    SUBMIT_SELF_EVALUATION = "submit_self_evaluation", gettext_lazy("提交绩效自评")
    COMPLETE_PERFORMANCE_RECTIFICATION = (
        "complete_performance_rectification", gettext_lazy("绩效整改完成"))
    SAMPLE_POST_EVALUATION = "sample_post_evaluation", gettext_lazy("抽取后评价")
    RECORD_POST_EVALUATION = "record_post_evaluation", gettext_lazy("登记后评价意见")
    PREFILL_RENEWAL = "prefill_renewal", gettext_lazy("生成续签合同备案申报(草稿)")
    PREFILL_SECURITY_FEES = "prefill_security_fees", gettext_lazy("生成等保测评、密评费用备案申报(草稿)")


class InvalidStep(Exception):
    """A step refused: wrong stage, a gate that does not hold, or bad input.

    ``reason`` is Chinese and says what is missing; ``field`` names the input at fault, if any.
    """

    def __init__(self, reason: str, *, field: str = "") -> None:
        super().__init__(reason)
        self.reason = str(reason)
        self.field = field


@dataclass(frozen=True)
class Row:
    sources: frozenset[str]
    target: str | None  # None: the stage does not change (or the step decides)
    roles: frozenset[str]
    own_unit: bool  # the actor must belong to the project's unit
    # Taken only by the meetings module (`internal=True`), never requested through the pages or
    # the API, like the review module's internal actions.
    internal: bool = False


A = Action
TABLE: dict[str, Row] = {
    A.RELEASE_BUDGET: Row(frozenset({S.AWAITING_BUDGET}), S.BUDGETED, FINANCE, False),
    A.FILE_LATE_REASON: Row(frozenset({S.BUDGETED}), None, UNIT, True),
    A.START_PROCUREMENT: Row(frozenset({S.BUDGETED}), S.PROCUREMENT, UNIT, True),
    A.PLACE_ON_STOP_AGENDA: Row(frozenset({S.BUDGETED}), None, OFFICE, False),
    # 规则 五(五)1: the stop (or continue) is the joint meeting's decision; it takes effect only
    # when the chair signs the minutes (`lifecycle_apply_meeting_decision`).
    A.RECORD_STOP_DECISION: Row(frozenset({S.BUDGETED}), None, OFFICE, False, internal=True),
    # 规则 四(七): a reconsideration (the chair's resolution or a signed meeting) took the approval
    # away before procurement started; the project will not be carried out.
    A.STOP_AFTER_RECONSIDERATION: Row(
        frozenset({S.AWAITING_BUDGET, S.BUDGETED}), S.STOPPED, CHAIR, False, internal=True),
    A.RECORD_CONTRACT: Row(frozenset({S.BUDGETED, S.PROCUREMENT}), S.CONTRACTED, UNIT, True),
    # From budgeted/procurement it records the contract too (and moves to contracted).
    A.FILE_CONTRACT: Row(
        frozenset({S.BUDGETED, S.PROCUREMENT, S.CONTRACTED, S.EXECUTING}), None, UNIT, True),
    A.ASSIGN_LEADER: Row(BUILDING, None, UNIT, True),
    A.RECORD_SUPERVISION: Row(BUILDING, None, UNIT, True),
    A.START_EXECUTION: Row(frozenset({S.CONTRACTED}), S.EXECUTING, UNIT, True),
    A.SUBMIT_QUARTERLY_REPORT: Row(REPORTING, None, UNIT, True),
    A.ISSUE_RECTIFICATION_ADVICE: Row(REPORTING, None, OFFICE, False),
    A.REQUEST_CHANGE: Row(BUILDING, None, UNIT, True),
    # 规则 五(五)5: nothing changes before the joint meeting consents; applied on signing.
    A.DECIDE_CHANGE: Row(BUILDING, None, OFFICE, False, internal=True),
    A.REQUEST_ACCEPTANCE: Row(frozenset({S.EXECUTING}), S.ACCEPTANCE, UNIT, True),
    A.UPLOAD_ACCEPTANCE_PREREQUISITE: Row(
        frozenset({S.EXECUTING, S.ACCEPTANCE, S.RECTIFYING}), None, UNIT, True),
    A.RECORD_ACCEPTANCE: Row(frozenset({S.ACCEPTANCE}), None, UNIT, True),
    A.START_RECTIFICATION: Row(frozenset({S.ACCEPTANCE_FAILED}), S.RECTIFYING, UNIT, True),
    A.COMPLETE_RECTIFICATION: Row(frozenset({S.RECTIFYING}), S.ACCEPTANCE, UNIT, True),
    A.FILE_ACCEPTANCE: Row(frozenset({S.ACCEPTED}), S.OPERATING, UNIT, True),
    A.FILE_RENEWAL: Row(
        frozenset(AFTER_BUDGET - {S.BUDGETED, S.PROCUREMENT}), None, UNIT, True),
    A.SUBMIT_SELF_EVALUATION: Row(AFTER_BUDGET - {S.EVALUATED}, None, UNIT, True),
    A.COMPLETE_PERFORMANCE_RECTIFICATION: Row(AFTER_BUDGET, None, UNIT, True),
    A.SAMPLE_POST_EVALUATION: Row(frozenset({S.OPERATING, S.EVALUATED}), None, OFFICE, False),
    A.RECORD_POST_EVALUATION: Row(frozenset({S.OPERATING, S.EVALUATED}), None, OFFICE, False),
    # Follow-up declarations written as drafts for the unit (egovpm.lifecycle.prefill_steps).
    A.PREFILL_RENEWAL: Row(
        frozenset(AFTER_BUDGET - {S.BUDGETED, S.PROCUREMENT}), None, UNIT, True),
    A.PREFILL_SECURITY_FEES: Row(
        frozenset({S.ACCEPTED, S.OPERATING, S.EVALUATED}), None, UNIT, True),
}
