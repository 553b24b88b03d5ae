"""Role checks for views and services: `has_role(user, *roles)` and `@require_role(*roles)`.

三员分立 (separation of the three administrators, 等保 2.0 8.1.4.2): the system, security and
audit administrators each get their own pages; none of them holds another's role, and the
system administrator cannot create or deactivate administrator accounts (only the command line,
run by the operator, can).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from egovpm.accounts.models import Role, User

ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})
AUDIT_READERS = frozenset({Role.AUDITOR, Role.AUDITADMIN})


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a view that requires a login; anyone else is refused."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def has_role(user: Any, *roles: str) -> bool:
    """True when `user` is an active, authenticated user holding one of `roles`."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role in roles
    )


def require_role(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: anonymous → login page; logged in without one of `roles` → 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator
