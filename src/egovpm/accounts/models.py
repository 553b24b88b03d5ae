"""Organisations and people: units, users and the roles of PRODUCT.md."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
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


class SecurityPolicy(models.Model):
    """The security settings the security administrator (安全管理员) keeps: one row.

    等保 2.0 (GB/T 22239) 8.1.4.1 b): login failure handling — lock after repeated failures.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    lockout_threshold = models.PositiveSmallIntegerField(
        _("连续登录失败锁定次数"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    lockout_minutes = models.PositiveSmallIntegerField(
        _("锁定时长（分钟）"), default=15,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
    )

    class Meta:
        verbose_name = _("安全策略")
        verbose_name_plural = _("安全策略")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="single_security_policy"),
            models.CheckConstraint(condition=Q(lockout_threshold__gte=1), name="lockout_threshold_positive"),
            models.CheckConstraint(condition=Q(lockout_minutes__gte=1), name="lockout_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.lockout_threshold}/{self.lockout_minutes}"


class LoginThrottle(models.Model):
    """Consecutive login failures of one user name (existing or not), and its lock."""

    username = models.CharField(_("用户名"), max_length=150, unique=True)
    failures = models.PositiveIntegerField(_("连续失败次数"), default=0)
    last_failure_at = models.DateTimeField(_("最近失败时间"), null=True, blank=True)
    last_ip = models.CharField(_("最近失败地址"), max_length=45, blank=True)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")
        ordering = ["-last_failure_at"]

    def __str__(self) -> str:
        return f"{self.username}: {self.failures}"


class ApiToken(models.Model):
    """A bearer token of the REST API. Only a hash of the token is stored."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    created = models.DateTimeField(_("签发时间"), auto_now_add=True)
    expires = models.DateTimeField(_("失效时间"), db_index=True)
    last_used = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.user} → {self.expires:%Y-%m-%d %H:%M}"
