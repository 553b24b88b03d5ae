"""Authentication backend: Django's ModelBackend plus the login lockout."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from egovpm.accounts.lockout import (
    login_failure_register,
    login_locked_until,
    login_refused_register,
    login_success_register,
)
from egovpm.audit.services import client_ip_of


class LockoutBackend(ModelBackend):
    """Refuses a locked user name before looking at the password; counts every failure.

    Raising PermissionDenied makes `django.contrib.auth.authenticate` stop and return None.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None,
        password: str | None = None, **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        client_ip = kwargs.pop("client_ip", None) or client_ip_of(request)
        if login_locked_until(username=username) is not None:
            login_refused_register(username=username, client_ip=client_ip)
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_register(username=username, client_ip=client_ip)
        else:
            login_success_register(username=username)
        return user
