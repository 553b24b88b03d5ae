"""Organisations and people: units, users and the roles of PRODUCT.md."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("委办局")
    SUBORDINATE = "subordinate", _("下属事业单位")
    STREET = "street", _("街道")
    AGENCY = "agency", _("第三方机构")
    OTHER = "other", _("其他")


class Role(models.TextChoices):
    APPLICANT = "applicant", _("项目经办人")
    UNIT_LEADER = "unit_leader", _("单位项目负责人")
    SUPERVISOR = "supervisor", _("主管部门审核人")
    OFFICE = "office", _("联席会议办公室")
    THIRD_PARTY = "third_party", _("第三方评估机构")
    EXPERT = "expert", _("行业专家")
    MEMBER = "member", _("成员单位代表")
    CHAIR = "chair", _("分管副区长")
    FINANCE = "finance", _("区财政局")
    AUDITOR = "auditor", _("区审计局")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITADMIN = "auditadmin", _("安全审计员")


class Unit(models.Model):
    """A unit of the district: a department, street, subordinate institution or agency.

    A subordinate institution names its supervising department (规则 五(一)2); a joint-meeting
    member unit (规则 二) is flagged `is_member` and is usually also a declaring department.
    """

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    kind = models.CharField(_("单位类型"), max_length=20, choices=UnitKind.choices)
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("主管部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
    )
    is_member = models.BooleanField(_("联席会议成员单位"), default=False)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="subordinate", supervisor__isnull=False) | ~Q(kind="subordinate"),
                name="subordinate_has_supervisor",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person with exactly one role, acting for one unit."""

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username
