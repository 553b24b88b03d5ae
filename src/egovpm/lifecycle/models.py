"""Approved projects after the joint meeting: stages, clocks and what each gate records.

规则 五(五) sets clocks and gates on every approved project (procurement, contract filing,
project leader, quarterly reports, changes, supervision, acceptance) and 五(六) the yearly
self-evaluation and post-evaluation. A `ProjectLifecycle` follows one approved (or filed)
application; it has its own stage table (`egovpm.lifecycle.transitions`) and never touches the
review states.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egovpm.declarations.files import StoredFile

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class Stage(models.TextChoices):
    """Where an approved project stands (PRODUCT.md "Life of a project")."""

    AWAITING_BUDGET = "awaiting_budget", _("待下达预算")  # approved; finance has not released
    BUDGETED = "budgeted", _("预算已下达")  # procurement clock running (规则 五(五)1)
    PROCUREMENT = "procurement", _("采购中")  # government procurement started
    CONTRACTED = "contracted", _("合同已签订")  # contract in force; filing clock running
    EXECUTING = "executing", _("实施中")  # leader named; quarterly reports, changes
    ACCEPTANCE = "acceptance", _("验收中")  # prerequisites being uploaded, acceptance held
    ACCEPTED = "accepted", _("已通过验收")  # acceptance filing clock running (五(五)7)
    ACCEPTANCE_FAILED = "acceptance_failed", _("验收未通过")  # rectification ordered
    RECTIFYING = "rectifying", _("整改中")  # rectifying before re-acceptance
    OPERATING = "operating", _("运行维护")  # acceptance filed; in operation
    EVALUATED = "evaluated", _("已评价")  # self-evaluation submitted, goals met
    STOPPED = "stopped", _("已停止")  # stopped by the joint meeting (五(五)1)


class ProcurementMethod(models.TextChoices):
    PUBLIC_TENDER = "public_tender", _("公开招标")
    GOV_PROCUREMENT = "gov_procurement", _("政府采购(其他方式)")
    SELF = "self", _("自行采购")  # below the procurement threshold


class ProjectLifecycle(models.Model):
    """One approved project from budget release to evaluation.

    Facts the clocks need are copied from the application when the lifecycle opens, so that a
    later edit of the application cannot move a clock; the obligations are the codes of the
    decision frozen at submission (POLICY.md §6).
    """

    application = models.OneToOneField(
        "declarations.Application", verbose_name=_("项目申报"), on_delete=models.PROTECT,
        related_name="lifecycle",
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("建设单位"), on_delete=models.PROTECT,
        related_name="lifecycles",
    )
    name = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("项目类型"), max_length=30)
    approved_amount = models.DecimalField(_("核定金额(元)"), **MONEY)
    budget_year = models.PositiveIntegerField(_("预算年度"))
    key_project = models.BooleanField(_("年度重点数字化项目"), default=False)
    one_plus_two = models.BooleanField(_("招一续二"), default=False)
    obligations = models.JSONField(_("实施义务"), default=list, blank=True)
    stage = models.CharField(
        _("阶段"), max_length=20, choices=Stage.choices, default=Stage.AWAITING_BUDGET,
        db_index=True,
    )

    budget_released_on = models.DateField(_("预算下达日期"), null=True, blank=True)
    budget_amount = models.DecimalField(_("下达金额(元)"), null=True, blank=True, **MONEY)
    procurement_started_on = models.DateField(_("启动采购日期"), null=True, blank=True)
    procurement_method = models.CharField(
        _("采购方式"), max_length=20, choices=ProcurementMethod.choices, blank=True,
    )
    late_reason = models.TextField(_("逾期未启动原因(备案)"), blank=True)
    late_reason_filed_on = models.DateField(_("原因备案日期"), null=True, blank=True)
    stop_review_since = models.DateField(_("提请联席会议审议停止日期"), null=True, blank=True)
    contract_effective_on = models.DateField(_("合同生效日期"), null=True, blank=True)
    contract_amount = models.DecimalField(_("合同金额(元)"), null=True, blank=True, **MONEY)
    contract_filed_on = models.DateField(_("合同备案日期"), null=True, blank=True)
    leader_name = models.CharField(_("项目负责人(部门领导)"), max_length=50, blank=True)
    leader_title = models.CharField(_("负责人职务"), max_length=50, blank=True)
    staff_name = models.CharField(_("具体负责人"), max_length=50, blank=True)
    execution_started_on = models.DateField(_("开始实施日期"), null=True, blank=True)
    accepted_on = models.DateField(_("通过验收日期"), null=True, blank=True)
    acceptance_filed_on = models.DateField(_("验收备案日期"), null=True, blank=True)
    stopped_on = models.DateField(_("停止日期"), null=True, blank=True)
    stop_reason = models.TextField(_("停止理由"), blank=True)
    sampled_for_post_evaluation = models.BooleanField(_("抽取后评价"), default=False)
    post_evaluation_opinion = models.TextField(_("后评价意见"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Not a field: what the last step recorded, set on the instance `lifecycle_transition` returns.
    step_changes: dict[str, Any]

    class Meta:
        verbose_name = _("项目实施")
        verbose_name_plural = _("项目实施")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage="awaiting_budget") | Q(stage="stopped")
                | Q(budget_released_on__isnull=False),
                name="lifecycle_budget_released_after_budget",
            ),
            models.CheckConstraint(
                condition=Q(late_reason="") | Q(late_reason_filed_on__isnull=False),
                name="lifecycle_late_reason_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def has_obligation(self, code: str) -> bool:
        return code in self.obligations


class DeadlineKind(models.TextChoices):
    """Each clock of 规则 五(五), 五(六), with its one-line meaning."""

    PROCUREMENT_START = "procurement_start", _("启动政府采购")  # 3 months from budget release
    PROCUREMENT_STOP_REVIEW = "procurement_stop_review", _("超半年未启动采购")  # 6 months
    CONTRACT_FILING = "contract_filing", _("合同备案")  # 10 working days from effect
    QUARTERLY_REPORT = "quarterly_report", _("季度执行情况表")  # key projects
    ACCEPTANCE_FILING = "acceptance_filing", _("验收结果备案")  # 15 working days
    RECTIFICATION = "rectification", _("验收整改")  # the deadline the acceptance set
    RENEWAL_FILING = "renewal_filing", _("续签合同前备案")  # one-plus-two, years 2 and 3
    SELF_EVALUATION = "self_evaluation", _("绩效自评")  # after the budget year
    PERFORMANCE_RECTIFICATION = "performance_rectification", _("绩效整改")  # unmet goals


class Deadline(models.Model):
    """One running clock. `key` tells repeated clocks apart (a quarter, a contract year)."""

    lifecycle = models.ForeignKey(
        ProjectLifecycle, on_delete=models.CASCADE, related_name="deadlines",
    )
    kind = models.CharField(_("事项"), max_length=30, choices=DeadlineKind.choices)
    key = models.CharField(_("期次"), max_length=20, blank=True)
    start_date = models.DateField(_("起算日"))
    working_days = models.PositiveSmallIntegerField(_("工作日数"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("月数"), null=True, blank=True)
    due_date = models.DateField(_("截止日"), db_index=True)
    provisional = models.BooleanField(_("暂定"), default=False)
    met_on = models.DateField(_("完成日期"), null=True, blank=True)
    waived_reason = models.TextField(_("免除理由"), blank=True)

    class Meta:
        verbose_name = _("时限")
        verbose_name_plural = _("时限")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lifecycle", "kind", "key"], name="one_deadline_per_kind_and_key",
            ),
            models.CheckConstraint(
                condition=~Q(working_days__isnull=False, months__isnull=False),
                name="deadline_counts_days_or_months",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lifecycle} {self.get_kind_display()} {self.due_date}"

    @property
    def is_open(self) -> bool:
        return self.met_on is None and not self.waived_reason

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and today > self.due_date

    @property
    def due_label(self) -> str:
        text = self.due_date.isoformat()
        return f"{text}(暂定)" if self.provisional else text


class DocumentKind(models.TextChoices):
    CONTRACT_COPY = "contract_copy", _("盖章合同复印件")
    CONSTRUCTION_PLAN = "construction_plan", _("项目建设方案")
    SCHEDULE = "schedule", _("实施进度计划")
    SELF_CHECK = "self_check", _("项目自检报告")
    SOFTWARE_TESTING = "software_testing", _("软件测评报告")
    SECURITY_TESTING = "security_testing", _("信息安全测评报告")
    CRYPTO_TESTING = "crypto_testing", _("密码应用测评报告")
    SUMMARY = "summary", _("项目总结")
    ACCEPTANCE_REPORT = "acceptance_report", _("验收意见")
    RECTIFICATION_PLAN = "rectification_plan", _("整改方案")
    EVALUATION_REPORT = "evaluation_report", _("绩效自评报告")
    OTHER = "other", _("其他")


# 规则 五(五)7: 自检、软件测评、信息安全测评和密码应用测评、项目总结 before acceptance.
ACCEPTANCE_PREREQUISITES = (
    DocumentKind.SELF_CHECK, DocumentKind.SOFTWARE_TESTING, DocumentKind.SECURITY_TESTING,
    DocumentKind.CRYPTO_TESTING, DocumentKind.SUMMARY,
)
# 规则 五(五)2: 盖章确认的合同复印件及项目建设方案、实施进度.
CONTRACT_DOCUMENTS = (
    DocumentKind.CONTRACT_COPY, DocumentKind.CONSTRUCTION_PLAN, DocumentKind.SCHEDULE,
)


class Document(StoredFile):
    """A file filed for a lifecycle step, stored like declaration attachments."""

    lifecycle = models.ForeignKey(
        ProjectLifecycle, on_delete=models.PROTECT, related_name="documents",
    )
    kind = models.CharField(_("材料类型"), max_length=30, choices=DocumentKind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
    )

    class Meta(StoredFile.Meta):
        verbose_name = _("实施材料")
        verbose_name_plural = _("实施材料")


class QuarterlyReport(models.Model):
    """《杨浦区电子政务项目执行情况表》 for one quarter (规则 五(五)4)."""

    lifecycle = models.ForeignKey(
        ProjectLifecycle, on_delete=models.CASCADE, related_name="quarterly_reports",
    )
    year = models.PositiveIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    planned_progress = models.PositiveSmallIntegerField(_("计划进度(%)"))
    actual_progress = models.PositiveSmallIntegerField(_("实际进度(%)"))
    amount_spent = models.DecimalField(_("累计支出(元)"), **MONEY)
    problems = models.TextField(_("存在问题"), blank=True)
    lagging = models.BooleanField(_("明显落后于进度计划"), default=False)
    advice = models.TextField(_("整改建议(督办)"), blank=True)
    advice_on = models.DateField(_("督办日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("季度执行情况")
        verbose_name_plural = _("季度执行情况")
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["lifecycle", "year", "quarter"], name="one_report_per_quarter",
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="q_1_to_4"),
            models.CheckConstraint(
                condition=Q(planned_progress__lte=100, actual_progress__lte=100),
                name="progress_is_percent",
            ),
            models.CheckConstraint(condition=Q(amount_spent__gte=0), name="spent_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.lifecycle} {self.year}Q{self.quarter}"


class ChangeKind(models.TextChoices):
    SCOPE = "scope", _("建设内容")
    AMOUNT = "amount", _("金额")
    SCHEDULE = "schedule", _("进度")


class ChangeState(models.TextChoices):
    PENDING = "pending", _("待联席会议审议")
    APPROVED = "approved", _("联席会议同意")
    REJECTED = "rejected", _("联席会议不同意")


class ChangeRequest(models.Model):
    """A change needs the joint meeting's consent before anything changes (规则 五(五)5)."""

    lifecycle = models.ForeignKey(
        ProjectLifecycle, on_delete=models.CASCADE, related_name="change_requests",
    )
    kind = models.CharField(_("变更类型"), max_length=10, choices=ChangeKind.choices)
    description = models.TextField(_("变更内容及理由"))
    new_amount = models.DecimalField(_("变更后金额(元)"), null=True, blank=True, **MONEY)
    state = models.CharField(
        _("状态"), max_length=10, choices=ChangeState.choices, default=ChangeState.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_note = models.TextField(_("决定说明"), blank=True)

    class Meta:
        verbose_name = _("项目变更")
        verbose_name_plural = _("项目变更")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lifecycle"], condition=Q(state="pending"), name="one_pending_change",
            ),
            models.CheckConstraint(
                condition=~Q(kind="amount") | Q(new_amount__gte=0), name="amount_change_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lifecycle} {self.get_kind_display()}"


class SupervisionKind(models.TextChoices):
    ENGINEERING = "engineering", _("工程监理")
    INVESTMENT = "investment", _("投资监理")


class Supervision(models.Model):
    """The supervising firm engaged (规则 五(五)6)."""

    lifecycle = models.ForeignKey(
        ProjectLifecycle, on_delete=models.CASCADE, related_name="supervisions",
    )
    kind = models.CharField(_("监理类型"), max_length=12, choices=SupervisionKind.choices)
    firm = models.CharField(_("监理单位"), max_length=200)
    contracted_on = models.DateField(_("委托日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("监理")
        verbose_name_plural = _("监理")
        constraints = [
            models.UniqueConstraint(fields=["lifecycle", "kind"], name="one_supervision_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.firm}"


class AcceptanceRecord(models.Model):
    """One acceptance (竣工验收) and its result; a failure orders rectification by a date."""

    lifecycle = models.ForeignKey(
        ProjectLifecycle, on_delete=models.CASCADE, related_name="acceptances",
    )
    held_on = models.DateField(_("验收日期"))
    passed = models.BooleanField(_("通过"))
    opinion = models.TextField(_("验收意见"), blank=True)
    rectify_by = models.DateField(_("整改期限"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("竣工验收")
        verbose_name_plural = _("竣工验收")
        ordering = ["held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(passed=True) | Q(rectify_by__isnull=False),
                name="failed_acceptance_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lifecycle} {self.held_on}"


class SelfEvaluation(models.Model):
    """Yearly self-evaluation of the performance goals (规则 五(六)1)."""

    lifecycle = models.ForeignKey(
        ProjectLifecycle, on_delete=models.CASCADE, related_name="self_evaluations",
    )
    year = models.PositiveIntegerField(_("评价年度"))
    goals_met = models.BooleanField(_("实现绩效目标"))
    summary = models.TextField(_("自评说明"))
    rectify_by = models.DateField(_("整改期限"), null=True, blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
    )
    submitted_on = models.DateField(_("提交日期"))

    class Meta:
        verbose_name = _("绩效自评")
        verbose_name_plural = _("绩效自评")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["lifecycle", "year"], name="one_evaluation_per_year"),
            models.CheckConstraint(
                condition=Q(goals_met=True) | Q(rectify_by__isnull=False),
                name="unmet_goals_have_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lifecycle} {self.year}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")


class ReminderSent(models.Model):
    """Makes the reminder job idempotent: one reminder of each kind per deadline and due day
    (a provisional deadline that moves when its year is loaded is reminded of again)."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    due_date = models.DateField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind", "due_date"], name="one_reminder_per_due_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline} {self.kind} {self.sent_on}"
