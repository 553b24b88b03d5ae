from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _reinstall_guards(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # A SQLite table rebuild (ALTER in a later migration) silently drops triggers.
    from egovpm.audit import guards

    connection = connections[using]
    if guards.TABLE in connection.introspection.table_names():
        guards.install(connection)


class AuditConfig(AppConfig):
    name = "egovpm.audit"
    verbose_name = "审计"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from egovpm.audit import checks  # noqa: F401  (registers the deploy checks)

        post_migrate.connect(_reinstall_guards, sender=self, dispatch_uid="audit_guards")
