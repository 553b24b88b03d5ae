"""Reads of the account pages."""

from __future__ import annotations

from django.db.models import QuerySet

from egovpm.accounts.models import LoginThrottle, Unit, User


def users_listed() -> QuerySet[User]:
    return User.objects.select_related("unit").order_by("unit__name", "role", "username")


def units_listed() -> QuerySet[Unit]:
    return Unit.objects.select_related("supervisor").order_by("kind", "name")


def locked_or_failing_names(limit: int = 200) -> QuerySet[LoginThrottle]:
    """User names with failed logins since their last success, newest first."""
    return LoginThrottle.objects.filter(failures__gt=0).order_by("-last_failure_at")[:limit]
