"""Review (联席会议办公室): assessment assignments and their reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AssessmentKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("第三方机构论证评估")
    EXPERT = "expert", _("行业专家论证评估")
    ARGUMENT = "argument", _("第三方机构论证(政府投资)")


class AssessmentResult(models.TextChoices):
    PENDING = "pending", _("待评估")
    PASS = "pass", _("通过")
    FAIL = "fail", _("未通过")
    CANCELLED = "cancelled", _("已取消")  # its round ended before it reported


# Kinds that count as 第三方机构论证评估 for the suspension rule (规则 五(四)3).
THIRD_PARTY_KINDS = (AssessmentKind.THIRD_PARTY, AssessmentKind.ARGUMENT)


class Assessment(models.Model):
    """One assessor's assignment on one review round of an application."""

    application = models.ForeignKey(
        "declarations.Application", verbose_name=_("项目申报"), on_delete=models.CASCADE,
        related_name="assessments",
    )
    round = models.PositiveIntegerField(_("轮次"))
    kind = models.CharField(_("评估类型"), max_length=20, choices=AssessmentKind.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评估人"), on_delete=models.PROTECT,
        related_name="assessments",
    )
    result = models.CharField(
        _("结论"), max_length=20, choices=AssessmentResult.choices,
        default=AssessmentResult.PENDING, db_index=True,
    )
    opinion = models.TextField(_("评估意见"), blank=True)
    report = models.ForeignKey(
        "declarations.Attachment", verbose_name=_("评估报告"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    assigned_at = models.DateTimeField(_("分派时间"), auto_now_add=True)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("论证评估")
        verbose_name_plural = _("论证评估")
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round", "kind"], name="one_assessment_per_kind_and_round",
            ),
            models.CheckConstraint(
                condition=Q(result__in=["pending", "cancelled"]) | Q(reported_on__isnull=False),
                name="reported_assessment_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()} #{self.round}"
