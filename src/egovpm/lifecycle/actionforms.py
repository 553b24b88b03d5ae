"""The inputs of each step as the pages show them (the service validates; these only render)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egovpm.lifecycle.models import (
    ACCEPTANCE_PREREQUISITES,
    ChangeKind,
    DocumentKind,
    ProcurementMethod,
    SupervisionKind,
)
from egovpm.lifecycle.transitions import Action

YES_NO = (("true", _("是")), ("false", _("否")))


@dataclass(frozen=True)
class Field:
    name: str
    label: str | Promise  # lazy translations render in the template's language
    kind: str = "text"  # text | textarea | date | money | int | select | file
    choices: tuple = ()
    required: bool = True
    help: str = ""


A = Action
FORMS: dict[str, tuple[Field, ...]] = {
    A.RELEASE_BUDGET: (
        Field("released_on", _("预算下达日期"), "date"),
        Field("amount", _("下达金额(元,默认核定金额)"), "money", required=False),
    ),
    A.FILE_LATE_REASON: (Field("reason", _("暂缓实施原因"), "textarea"),),
    A.START_PROCUREMENT: (
        Field("started_on", _("启动采购日期"), "date"),
        Field("method", _("采购方式"), "select", tuple(ProcurementMethod.choices)),
    ),
    A.RECORD_CONTRACT: (
        Field("effective_date", _("合同生效日期"), "date"),
        Field("amount", _("合同金额(元)"), "money", required=False),
    ),
    A.FILE_CONTRACT: (
        Field("effective_date", _("合同生效日期(已登记的可不填)"), "date", required=False),
        Field("amount", _("合同金额(元)"), "money", required=False),
        Field("files.contract_copy", DocumentKind.CONTRACT_COPY.label, "file"),
        Field("files.construction_plan", DocumentKind.CONSTRUCTION_PLAN.label, "file"),
        Field("files.schedule", DocumentKind.SCHEDULE.label, "file"),
    ),
    A.ASSIGN_LEADER: (
        Field("leader_name", _("项目负责人(部门领导)")),
        Field("leader_title", _("职务")),
        Field("staff_name", _("具体负责人")),
    ),
    A.RECORD_SUPERVISION: (
        Field("kind", _("监理类型"), "select", tuple(SupervisionKind.choices)),
        Field("firm", _("监理单位")),
        Field("contracted_on", _("委托日期"), "date"),
    ),
    A.SUBMIT_QUARTERLY_REPORT: (
        Field("year", _("年度"), "int"),
        Field("quarter", _("季度"), "select", tuple((str(q), f"第{q}季度") for q in range(1, 5))),
        Field("planned_progress", _("计划进度(%)"), "int"),
        Field("actual_progress", _("实际进度(%)"), "int"),
        Field("amount_spent", _("累计支出(元)"), "money"),
        Field("problems", _("存在问题"), "textarea", required=False),
    ),
    A.ISSUE_RECTIFICATION_ADVICE: (
        Field("year", _("年度"), "int"),
        Field("quarter", _("季度"), "select", tuple((str(q), f"第{q}季度") for q in range(1, 5))),
        Field("advice", _("整改建议"), "textarea"),
    ),
    A.REQUEST_CHANGE: (
        Field("kind", _("变更类型"), "select", tuple(ChangeKind.choices)),
        Field("description", _("变更内容及理由"), "textarea"),
        Field("new_amount", _("变更后金额(元,金额变更必填)"), "money", required=False),
    ),
    A.UPLOAD_ACCEPTANCE_PREREQUISITE: (
        Field("kind", _("报告类型"), "select",
              tuple((k.value, k.label) for k in ACCEPTANCE_PREREQUISITES)),
        Field("file", _("文件"), "file"),
    ),
    A.RECORD_ACCEPTANCE: (
        Field("held_on", _("验收日期"), "date"),
        Field("passed", _("是否通过"), "select", YES_NO),
        Field("opinion", _("验收意见"), "textarea", required=False),
        Field("rectify_by", _("整改期限(未通过时必填)"), "date", required=False),
    ),
    A.START_RECTIFICATION: (
        Field("plan", _("整改方案"), "textarea"),
        Field("file", _("整改方案文件"), "file", required=False),
    ),
    A.COMPLETE_RECTIFICATION: (Field("note", _("整改情况"), "textarea", required=False),),
    A.FILE_ACCEPTANCE: (
        Field("files.acceptance_report", DocumentKind.ACCEPTANCE_REPORT.label, "file"),
    ),
    A.FILE_RENEWAL: (
        Field("contract_year", _("续签合同年度"), "select", (("2", _("第二年")), ("3", _("第三年")))),
    ),
    A.SUBMIT_SELF_EVALUATION: (
        Field("year", _("评价年度"), "int"),
        Field("goals_met", _("是否实现绩效目标"), "select", YES_NO),
        Field("summary", _("自评说明"), "textarea"),
        Field("rectify_by", _("整改期限(未实现时必填)"), "date", required=False),
    ),
    A.COMPLETE_PERFORMANCE_RECTIFICATION: (
        Field("year", _("评价年度"), "int"),
        Field("note", _("整改情况"), "textarea", required=False),
    ),
    A.RECORD_POST_EVALUATION: (Field("opinion", _("后评价意见"), "textarea"),),
    A.PREFILL_RENEWAL: (
        Field("contract_year", _("续签合同年度"), "select", (("2", _("第二年")), ("3", _("第三年")))),
    ),
    A.PREFILL_SECURITY_FEES: (
        Field("amount", _("费用金额(元,默认取原预算中的测评费用)"), "money", required=False),
        Field("budget_year", _("预算年度(默认下一年度)"), "int", required=False),
    ),
}


def form_for(action: str) -> tuple[Field, ...]:
    return FORMS.get(action, ())
