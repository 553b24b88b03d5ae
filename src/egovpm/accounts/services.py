"""Units and users: creation and deactivation, each atomic and audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egovpm.accounts.models import ApiToken, Role, Unit, UnitKind, User
from egovpm.accounts.permissions import ADMIN_ROLES, has_role
from egovpm.audit.services import audit_record

# Roles that act for a unit and so need one; experts, the chair and administrators may have none.
UNIT_ROLES = frozenset({
    Role.APPLICANT, Role.UNIT_LEADER, Role.SUPERVISOR, Role.OFFICE, Role.THIRD_PARTY,
    Role.MEMBER, Role.FINANCE, Role.AUDITOR,
})
CREATABLE_KINDS = (UnitKind.DEPARTMENT, UnitKind.SUBORDINATE, UnitKind.STREET, UnitKind.AGENCY)
SUPERVISING_KINDS = (UnitKind.DEPARTMENT, UnitKind.STREET)

_ASCII_TO_FULLWIDTH = str.maketrans({"(": "（", ")": "）", ",": "，"})


def unit_by_name(name: str) -> Unit | None:
    """The unit named `name`; ASCII brackets match the full-width ones of official names."""
    name = name.strip()
    return (
        Unit.objects.filter(name=name).first()
        or Unit.objects.filter(name=name.translate(_ASCII_TO_FULLWIDTH)).first()
    )


def _require_sysadmin(actor: Any) -> None:
    # actor None: the operator on the command line (addunit / adduser / load_demo).
    if actor is not None and not has_role(actor, Role.SYSADMIN):
        raise PermissionDenied(_("只有系统管理员可以管理用户和单位"))


def unit_create(
    *, actor: Any, name: str, kind: str, supervisor: Unit | None = None,
    is_member: bool = False, client_ip: str | None = None,
) -> Unit:
    _require_sysadmin(actor)
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("单位名称不能为空")
    elif len(name) > 100:
        errors["name"] = _("单位名称不能超过 100 个字")
    elif unit_by_name(name) is not None:
        errors["name"] = _("单位“%(name)s”已存在") % {"name": name}
    if kind not in CREATABLE_KINDS:
        errors["kind"] = _("单位类型须为 department、subordinate、street 或 agency")
    elif kind == UnitKind.SUBORDINATE and supervisor is None:
        errors["supervisor"] = _("下属事业单位必须指定主管部门")
    elif kind != UnitKind.SUBORDINATE and supervisor is not None:
        errors["supervisor"] = _("只有下属事业单位（subordinate）才有主管部门")
    elif supervisor is not None and supervisor.kind not in SUPERVISING_KINDS:
        errors["supervisor"] = _("主管部门“%(name)s”须为委办局或街道") % {"name": supervisor}
    if is_member and kind in (UnitKind.AGENCY, UnitKind.STREET):
        errors["is_member"] = _("联席会议成员单位须为委办局或事业单位")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        unit = Unit.objects.create(name=name, kind=kind, supervisor=supervisor, is_member=is_member)
        audit_record(
            actor=actor, action="unit_create", obj=unit, client_ip=client_ip,
            changes={
                "name": {"before": None, "after": name},
                "kind": {"before": None, "after": kind},
                "supervisor": {"before": None, "after": str(supervisor) if supervisor else None},
                "is_member": {"before": None, "after": is_member},
            },
        )
    return unit


def _unit_errors(role: str, unit: Unit | None) -> str | None:
    if unit is None:
        return _("该角色必须指定所属单位") if role in UNIT_ROLES else None
    if not unit.is_active:
        return _("单位“%(name)s”已停用") % {"name": unit}
    if role == Role.THIRD_PARTY and unit.kind != UnitKind.AGENCY:
        return _("第三方评估机构人员须属于第三方机构类单位")
    if role != Role.THIRD_PARTY and unit.kind == UnitKind.AGENCY:
        return _("第三方机构的人员只能是第三方评估机构角色")
    if role == Role.MEMBER and not unit.is_member:
        return _("“%(name)s”不是联席会议成员单位") % {"name": unit}
    if role == Role.SUPERVISOR and unit.kind not in SUPERVISING_KINDS:
        return _("主管部门审核人须属于委办局或街道")
    return None


def user_create(
    *, actor: Any, username: str, role: str, unit: Unit | None, password: str,
    display_name: str = "", client_ip: str | None = None,
) -> User:
    """Create a user. Administrator accounts (三员) only from the command line (actor None)."""
    _require_sysadmin(actor)
    if actor is not None and role in ADMIN_ROLES:
        raise PermissionDenied(_("系统管理员不能创建管理员账号（三员分立），请由运维人员在命令行创建"))
    username = username.strip()
    errors: dict[str, Any] = {}
    if not username:
        errors["username"] = _("用户名不能为空")
    else:
        try:
            User.username_validator(username)
        except ValidationError as exc:
            errors["username"] = exc.messages
        if User.objects.filter(username=username).exists():
            errors["username"] = _("用户名“%(username)s”已存在") % {"username": username}
    if role not in Role.values:
        errors["role"] = _("角色须为以下之一：%(roles)s") % {"roles": ", ".join(Role.values)}
    elif (message := _unit_errors(role, unit)) is not None:
        errors["unit"] = message
    candidate = User(username=username, role=role, unit=unit, display_name=display_name)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        candidate.set_password(password)
        candidate.save()
        audit_record(
            actor=actor, action="user_create", obj=candidate, client_ip=client_ip,
            changes={
                "username": {"before": None, "after": username},
                "role": {"before": None, "after": role},
                "unit": {"before": None, "after": str(unit) if unit else None},
            },
        )
    return candidate


def user_set_active(*, actor: Any, user: User, active: bool, client_ip: str | None = None) -> User:
    """Deactivate (or reactivate) a user; deactivation also revokes their API tokens."""
    _require_sysadmin(actor)
    if actor is not None and user.role in ADMIN_ROLES:
        raise PermissionDenied(_("系统管理员不能停用或启用管理员账号（三员分立）"))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            return user
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            ApiToken.objects.filter(user=user).delete()
        audit_record(
            actor=actor, action="user_activate" if active else "user_deactivate", obj=user,
            client_ip=client_ip, changes={"is_active": {"before": not active, "after": active}},
        )
    return user
