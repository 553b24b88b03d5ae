"""Declarations (申报): projects, applications, their data catalogue, attachments and events.

Budget and maintenance lines are kept as validated JSON lists in the POLICY.md §1 shape rather
than child tables: they are always edited, validated (by the policy engine, the one validator)
and evaluated as a whole set, nobody queries a single line, and a frozen submission must keep
exactly the lines the decision was computed on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egovpm.declarations.files import StoredFile


class State(models.TextChoices):
    """Where an application stands in review; the transition table says how it moves."""

    DRAFT = "draft", _("草稿")  # being written by its unit; private to the unit
    SUPERVISOR_REVIEW = "supervisor_review", _("主管部门审核")  # subordinate's, awaiting supervisor
    OFFICE_INTAKE = "office_intake", _("联席办受理")  # submitted, awaiting the office
    ASSESSMENT = "assessment", _("论证评估")  # third-party / expert assessments running
    RETURNED = "returned", _("退回修改")  # back with the applicant for correction
    READY_FOR_MEETING = "ready_for_meeting", _("待上会")  # ready for the joint meeting
    DEFERRED = "deferred", _("暂缓")  # supplementary argument, then reviewed again (规则 五(四)3)
    RESERVE = "reserve", _("后备库")  # reserve pool, priority next year (规则 五(四)2)
    REJECTED = "rejected", _("不予通过")  # refused
    WITHDRAWN = "withdrawn", _("已撤回")  # withdrawn by its unit
    APPROVED = "approved", _("审核同意")  # joint meeting agreed
    FILED = "filed", _("已备案")  # joint meeting filed it
    HANDED_OVER = "handed_over", _("转政府投资程序")  # GOV_INVESTMENT handed to 政府投资项目管理办法


class Kind(models.TextChoices):
    """Project kinds of POLICY.md §1."""

    NEW = "new", _("新建")
    UPGRADE = "upgrade", _("升级改造")
    CONTINUATION = "continuation", _("续建")
    OM = "om", _("运维")
    SERVICE = "service", _("服务")
    INFO_PUBLISHING = "info_publishing", _("信息发布类")
    SECURITY_ASSESSMENT_FEE = "security_assessment_fee", _("等保测评/密评费用")
    MARKET_SOFTWARE = "market_software", _("电子集市软件采购")


class AttachmentKind(models.TextChoices):
    """Materials of 规则 五(一)2, plus assessment reports and anything else."""

    PRE_REVIEW_FORM = "pre_review_form", _("前置审核表")
    BASIS = "basis", _("建设依据")
    CONSTRUCTION_PLAN = "construction_plan", _("建设方案")
    BUDGET_PLAN = "budget_plan", _("预算方案")
    ORIGINAL_APPROVAL = "original_approval", _("原项目立项批复")
    CONTRACT = "contract", _("合同")
    ACCEPTANCE_DOCS = "acceptance_docs", _("验收材料")
    OPERATION_REPORT = "operation_report", _("运行情况报告")
    ASSESSMENT_REPORT = "assessment_report", _("评估报告")
    OTHER = "other", _("其他")


# The attachment kinds the policy engine knows (POLICY.md §5 ATTACHMENTS_MISSING).
POLICY_ATTACHMENT_KINDS = frozenset(AttachmentKind.values) - {"assessment_report", "other"}

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class Project(models.Model):
    """One project across its declarations: a returned and resubmitted application, and a new
    declaration after rejection or withdrawal, belong to the same project, so assessment
    failures are counted per project (规则 五(四)3)."""

    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("申报单位"), on_delete=models.PROTECT,
        related_name="projects",
    )
    name = models.CharField(_("项目名称"), max_length=200)
    # Set by the lifecycle module (规则 五(五)7, 五(六)1); never by the applicant.
    failed_acceptance_unrectified = models.BooleanField(_("验收不合格未整改"), default=False)
    # Deprecated: no longer written or read; 规则 五(六)1 is read from the self-evaluations by
    # `egovpm.lifecycle.selectors.unit_performance_unrectified` (unit-wide). Kept to avoid a
    # migration now; drop it with the next declarations migration.
    performance_unrectified = models.BooleanField(_("绩效评价问题未整改"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """A declaration (申报) of a project in the POLICY.md §1 shape, plus its review state."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="applications",
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("申报单位"), on_delete=models.PROTECT,
        related_name="applications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
        related_name="applications_created",
    )
    name = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("项目类型"), max_length=30, choices=Kind.choices)
    state = models.CharField(
        _("状态"), max_length=30, choices=State.choices, default=State.DRAFT, db_index=True,
    )
    budget_year = models.PositiveIntegerField(_("预算年度"))
    mid_year_adjustment = models.BooleanField(_("中期预算调整"), default=False)
    total_amount = models.DecimalField(_("建设金额(元)"), **MONEY)
    hardware_amount = models.DecimalField(_("硬件建设金额(元)"), null=True, blank=True, **MONEY)
    pure_software = models.BooleanField(_("纯软件开发项目"), default=False)
    om = models.JSONField(_("运维信息"), default=dict, blank=True)
    tender = models.JSONField(_("招标方式"), default=dict, blank=True)
    higher_approval = models.JSONField(_("上级部门审批"), null=True, blank=True)
    cac_filing_approved = models.BooleanField(_("区委网信办备案同意"), default=False)
    key_project = models.BooleanField(_("年度重点数字化项目"), default=False)
    category = models.JSONField(_("类别测算"), default=dict, blank=True)
    budget = models.JSONField(_("预算明细"), default=list, blank=True)
    maintenance = models.JSONField(_("运维明细"), default=list, blank=True)
    compliance = models.JSONField(_("合规声明"), default=dict, blank=True)
    content = models.TextField(_("建设内容"), blank=True)
    period_months = models.PositiveIntegerField(_("建设周期(月)"), null=True, blank=True)

    # Server-side facts.
    supervisor_approved = models.BooleanField(_("主管部门已审核同意"), default=False)
    route = models.CharField(_("评审流程"), max_length=30, blank=True)
    route_override = models.CharField(_("联席办调整后的流程"), max_length=30, blank=True)
    route_override_reason = models.TextField(_("调整流程理由"), blank=True)
    decision = models.JSONField(_("提交时的判定"), null=True, blank=True)
    policy = models.CharField(_("政策版本"), max_length=40, blank=True)
    declared_on = models.DateField(_("申报日期"), null=True, blank=True)
    review_round = models.PositiveIntegerField(_("评估轮次"), default=0)
    approved_amount = models.DecimalField(_("核定金额(元)"), null=True, blank=True, **MONEY)
    approval_conditions = models.TextField(_("审核意见/条件"), blank=True)
    reserve_priority_year = models.PositiveIntegerField(_("后备库优先年度"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("项目申报")
        verbose_name_plural = _("项目申报")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total_amount__gte=0), name="app_total_nonnegative"),
            models.CheckConstraint(
                condition=Q(route_override="") | ~Q(route_override_reason=""),
                name="app_route_override_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "withdrawn"]) | Q(declared_on__isnull=False),
                name="app_submitted_has_declared_on",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_route(self) -> str:
        return self.route_override or self.route


class DataCatalog(models.Model):
    """资源目录信息 required for public data (办法 第二十二条)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="data_catalog",
    )
    resource_format = models.CharField(_("资源目录格式"), max_length=100, blank=True)
    collection_method = models.CharField(_("归集方式"), max_length=100, blank=True)
    collection_frequency = models.CharField(_("归集频率"), max_length=100, blank=True)
    sharing_type = models.CharField(_("共享类型"), max_length=100, blank=True)
    sharing_method = models.CharField(_("共享方式"), max_length=100, blank=True)
    update_frequency = models.CharField(_("更新频度"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("数据资源目录")
        verbose_name_plural = _("数据资源目录")

    def __str__(self) -> str:
        return f"{self.application} — {_('数据资源目录')}"


class DataTable(models.Model):
    catalog = models.ForeignKey(DataCatalog, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("表名"), max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("数据表")
        verbose_name_plural = _("数据表")

    def __str__(self) -> str:
        return self.name


class DataField(models.Model):
    """信息项信息: 字段名, 数据类型, 数据长度, 主键, 时间戳 (办法 第二十二条)."""

    table = models.ForeignKey(DataTable, on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(_("字段名"), max_length=100)
    data_type = models.CharField(_("数据类型"), max_length=50)
    length = models.PositiveIntegerField(_("数据长度"), null=True, blank=True)
    primary_key = models.BooleanField(_("主键"), default=False)
    timestamp = models.BooleanField(_("时间戳"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("信息项")
        verbose_name_plural = _("信息项")

    def __str__(self) -> str:
        return self.name


class Attachment(StoredFile):
    """An uploaded file, stored under MEDIA_ROOT by a generated name, never served by URL."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="attachments",
    )
    kind = models.CharField(_("材料类型"), max_length=30, choices=AttachmentKind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attachments_uploaded",
    )

    class Meta(StoredFile.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")


class ApplicationEvent(models.Model):
    """What happened to an application, in order: the history shown with it and the 已办 list.
    The tamper-evident trail is the audit module's; this is its readable projection."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
        related_name="application_events",
    )
    from_state = models.CharField(_("原状态"), max_length=30, blank=True)
    to_state = models.CharField(_("新状态"), max_length=30, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申报事件")
        verbose_name_plural = _("申报事件")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action}"
