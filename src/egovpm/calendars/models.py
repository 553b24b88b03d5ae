"""Year arrangements an administrator loaded (the bundled years live in `egovpm.workdays`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egovpm.workdays.arrangement import MAX_YEAR, MIN_YEAR


class YearArrangement(models.Model):
    """One year's holiday arrangement as loaded: `data` is the validated year file (ISO dates).

    Loading a year again replaces the row; the audit trail keeps what it was before.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    notice = models.CharField(_("通知文号"), max_length=100)
    title = models.CharField(_("通知标题"), max_length=200)
    data = models.JSONField(_("放假安排数据"))
    loaded_at = models.DateTimeField(_("载入时间"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("载入人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("年度放假安排")
        verbose_name_plural = _("年度放假安排")
        ordering = ("year",)
        constraints = (
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="calendar_year_in_range"
            ),
        )

    def __str__(self) -> str:
        return f"{self.year}（{self.notice}）"
