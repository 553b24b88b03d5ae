"""Append-only guard: triggers refusing UPDATE/DELETE on the audit table (SQLite, PostgreSQL)."""

from django.db import migrations

from egovpm.audit import guards


def install(apps, schema_editor):
    guards.install(schema_editor.connection)


def drop(apps, schema_editor):
    guards.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, drop)]
