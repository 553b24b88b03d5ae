"""Database triggers that make the audit table append-only (UPDATE and DELETE refused).

They stop the application and careless operators; someone with DDL rights can drop them, which
is why `audit_verify` checks the HMAC chain rather than trusting the triggers. On SQLite a table
rebuild (an ALTER in a future migration) drops the triggers, so `install` runs after every
`migrate` as well (see apps.py) and is idempotent.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditentry"
MESSAGE = "audit trail is append-only"

_SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete",
]
_PG_INSTALL = [
    "CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    f"RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP; "
    "END; $$",
    f"DROP TRIGGER IF EXISTS audit_entry_no_change ON {TABLE}",
    f"CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()",
]
_PG_DROP = [f"DROP TRIGGER IF EXISTS audit_entry_no_change ON {TABLE}"]


def _statements(connection: BaseDatabaseWrapper, *, drop: bool) -> list[str]:
    if connection.vendor == "sqlite":
        return _SQLITE_DROP if drop else _SQLITE_INSTALL
    if connection.vendor == "postgresql":
        return _PG_DROP if drop else _PG_INSTALL
    return []  # other databases: the chain still detects tampering


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, drop=False):
            cursor.execute(sql)


def drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, drop=True):
            cursor.execute(sql)


def present(connection: BaseDatabaseWrapper) -> bool:
    """Whether the append-only triggers are in place on this database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            return cursor.fetchone()[0] == 2
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_entry_no_change' "
                "AND tgrelid = %s::regclass",
                [TABLE],
            )
            return cursor.fetchone()[0] == 1
    return False


def purge_for_tests(connection: BaseDatabaseWrapper) -> None:
    """Empty the audit table (triggers lifted for the moment): test teardown only.

    Django's test flush on SQLite deletes row by row, which the triggers refuse.
    """
    drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
    finally:
        install(connection)
