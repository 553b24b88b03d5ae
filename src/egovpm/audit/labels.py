"""Chinese names of audit actions. Other apps add theirs with `register_action_labels` (e.g. in
their AppConfig.ready); an action without a name is shown by its code."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, str | Promise] = {
    "login": _("登录"),
    "logout": _("退出登录"),
    "login_failed": _("登录失败"),
    "login_refused_locked": _("锁定期间尝试登录"),
    "account_locked": _("账号锁定"),
    "account_unlock": _("解除锁定"),
    "token_issue": _("签发接口令牌"),
    "security_policy_update": _("修改安全策略"),
    "unit_create": _("新建单位"),
    "user_create": _("新建用户"),
    "user_deactivate": _("停用用户"),
    "user_activate": _("启用用户"),
}


def register_action_labels(labels: Mapping[str, str | Promise]) -> None:
    ACTION_LABELS.update(labels)


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))
