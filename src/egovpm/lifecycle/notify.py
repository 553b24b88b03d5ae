"""In-app notifications about projects, through the platform's `Notification` model."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model

from egovpm.accounts.models import Role
from egovpm.lifecycle.models import ProjectLifecycle


def unit_people(lifecycle: ProjectLifecycle) -> list[Any]:
    """The project officers and project leads of the project's unit."""
    return list(
        get_user_model().objects.filter(
            unit=lifecycle.unit, role__in=[Role.APPLICANT, Role.UNIT_LEADER], is_active=True,
        )
    )


def office_people() -> list[Any]:
    return list(get_user_model().objects.filter(role=Role.OFFICE, is_active=True))


def notify(
    *, recipients: Iterable[Any], lifecycle: ProjectLifecycle, verb: str, title: str,
    body: str = "",
) -> int:
    """Create one notification per recipient; returns how many."""
    from egovpm.meetings.models import Notification

    link = f"/lifecycle/{lifecycle.pk}/"
    rows = [
        Notification(recipient=user, verb=verb, title=title[:200], body=body, link=link)
        for user in recipients
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)
