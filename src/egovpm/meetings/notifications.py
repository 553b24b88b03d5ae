"""In-app notifications (the platform sends no mail: it runs on an isolated intranet)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from egovpm.accounts.models import User
from egovpm.meetings.models import Notification


def notify(*, recipient: User, verb: str, title: str, body: str = "", link: str = "") -> Notification:
    return Notification.objects.create(
        recipient=recipient, verb=verb, title=str(title)[:200], body=str(body), link=link
    )


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def notification_mark_read(*, user: User, notification_id: int) -> int:
    return Notification.objects.filter(recipient=user, pk=notification_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
