"""Forms of the account pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egovpm.accounts.lockout import login_locked_until
from egovpm.accounts.models import Role, SecurityPolicy, Unit, UnitKind
from egovpm.accounts.permissions import ADMIN_ROLES
from egovpm.accounts.services import CREATABLE_KINDS


class LoginForm(AuthenticationForm):
    """Django's login form, telling a locked user until when the lock lasts."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码错误。连续失败多次后账号将被临时锁定。"),
        "inactive": _("该账号已停用。"),
        "locked": _("该账号因连续登录失败已被锁定，请于 %(until)s 后再试，或联系安全管理员解除锁定。"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            username = self.cleaned_data.get("username") or ""
            until = login_locked_until(username=username)
            if until is None:
                raise
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"until": timezone.localtime(until).strftime("%H:%M")},
            ) from None


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    role = forms.ChoiceField(
        label=_("角色"), choices=[(r.value, r.label) for r in Role if r not in ADMIN_ROLES]
    )
    unit = forms.ModelChoiceField(
        label=_("所属单位"), queryset=Unit.objects.filter(is_active=True), required=False
    )
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, strip=False)
    password_confirm = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if data.get("password") and data.get("password") != data.get("password_confirm"):
            self.add_error("password_confirm", _("两次输入的密码不一致"))
        return data


class UnitCreateForm(forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=100)
    kind = forms.ChoiceField(
        label=_("单位类型"), choices=[(k.value, k.label) for k in UnitKind if k in CREATABLE_KINDS]
    )
    supervisor = forms.ModelChoiceField(
        label=_("主管部门"), required=False,
        queryset=Unit.objects.filter(is_active=True, kind__in=[UnitKind.DEPARTMENT, UnitKind.STREET]),
    )
    is_member = forms.BooleanField(label=_("联席会议成员单位"), required=False)


class SecurityPolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = ["lockout_threshold", "lockout_minutes"]
