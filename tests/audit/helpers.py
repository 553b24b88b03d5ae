"""Tampering with the audit table the way someone with direct database access would."""

from __future__ import annotations

from typing import Any

from django.db import connection

from egovpm.audit import guards
from egovpm.audit.services import audit_record


def raw(sql: str, params: list[Any] | None = None) -> None:
    """Run SQL with the append-only triggers dropped (as an attacker with DDL rights can)."""
    guards.drop(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def append(n: int, *, actor: Any = None, action: str = "test_action") -> None:
    for i in range(n):
        audit_record(actor=actor, action=action, reason=f"第{i + 1}次", changes={"n": {"before": i, "after": i + 1}})
