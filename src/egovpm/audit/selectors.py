"""Reading the audit trail."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from egovpm.audit.models import AuditEntry


def audit_entries(
    *, actor: str = "", action: str = "", obj: str = "",
    date_from: dt.date | None = None, date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first, filtered by actor name, action code, object and date (inclusive)."""
    entries = AuditEntry.objects.order_by("-seq")
    if actor:
        entries = entries.filter(actor_username__icontains=actor)
    if action:
        entries = entries.filter(action=action)
    if obj:
        entries = entries.filter(
            Q(object_repr__icontains=obj) | Q(object_type__icontains=obj) | Q(object_id=obj)
        )
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
