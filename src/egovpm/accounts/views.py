"""Account pages: login/logout, user and unit management (sysadmin), security (secadmin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egovpm.accounts.forms import LoginForm, SecurityPolicyForm, UnitCreateForm, UserCreateForm
from egovpm.accounts.lockout import account_unlock, security_policy, security_policy_update
from egovpm.accounts.models import Role, User
from egovpm.accounts.permissions import require_role
from egovpm.accounts.selectors import locked_or_failing_names, units_listed, users_listed
from egovpm.accounts.services import unit_create, user_create, user_set_active
from egovpm.audit.services import client_ip_of

login_view = auth_views.LoginView.as_view(
    template_name="accounts/login.html", authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout_view = auth_views.LogoutView.as_view()


def _attach(form: UserCreateForm | UnitCreateForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_role(Role.SYSADMIN)
def users(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create(
                actor=request.user, username=data["username"], role=data["role"],
                unit=data["unit"], password=data["password"],
                display_name=data["display_name"], client_ip=client_ip_of(request),
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("已创建用户 %(username)s") % {"username": user.username})
            return redirect("accounts:users")
    return render(request, "accounts/users.html", {"form": form, "users": users_listed()})


@require_POST
@require_role(Role.SYSADMIN)
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    user_set_active(actor=request.user, user=user, active=active, client_ip=client_ip_of(request))
    messages.success(request, (_("已启用 %(u)s") if active else _("已停用 %(u)s")) % {"u": user.username})
    return redirect("accounts:users")


@require_role(Role.SYSADMIN)
def units(request: HttpRequest) -> HttpResponse:
    form = UnitCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = unit_create(
                actor=request.user, name=data["name"], kind=data["kind"],
                supervisor=data["supervisor"], is_member=data["is_member"],
                client_ip=client_ip_of(request),
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("已创建单位 %(name)s") % {"name": unit.name})
            return redirect("accounts:units")
    return render(request, "accounts/units.html", {"form": form, "units": units_listed()})


@require_role(Role.SECADMIN)
def security(request: HttpRequest) -> HttpResponse:
    form = SecurityPolicyForm(request.POST or None, instance=security_policy())
    if request.method == "POST" and form.is_valid():
        security_policy_update(
            actor=request.user, client_ip=client_ip_of(request),
            lockout_threshold=form.cleaned_data["lockout_threshold"],
            lockout_minutes=form.cleaned_data["lockout_minutes"],
        )
        messages.success(request, _("安全策略已保存"))
        return redirect("accounts:security")
    return render(request, "accounts/security.html",
                  {"form": form, "throttles": locked_or_failing_names()})


@require_POST
@require_role(Role.SECADMIN)
def unlock(request: HttpRequest) -> HttpResponse:
    username = request.POST.get("username", "")
    account_unlock(actor=request.user, username=username, client_ip=client_ip_of(request))
    messages.success(request, _("已解除 %(u)s 的锁定") % {"u": username})
    return redirect("accounts:security")
