"""Someone writes to the database directly, after dropping the triggers: verify names the row."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from egovpm.audit import guards
from egovpm.audit.chain import entry_digest, entry_fields
from egovpm.audit.models import AuditChainHead, AuditEntry
from egovpm.audit.verify import audit_verify
from tests.audit.helpers import append, raw

pytestmark = pytest.mark.django_db

T = "audit_auditentry"


@pytest.fixture
def chain(auditor):
    append(8, actor=auditor)
    assert audit_verify().ok


def test_triggers_refuse_update(chain):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(seq=3).update(reason="改写")
    assert AuditEntry.objects.get(seq=3).reason == "第3次"


def test_triggers_refuse_delete(chain):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(seq=3).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {T}")
    assert AuditEntry.objects.count() == 8


def test_triggers_can_be_dropped_and_verify_reports_it(chain):
    guards.drop(connection)
    assert not guards.present(connection)
    assert audit_verify().triggers_present is False
    guards.install(connection)
    assert guards.present(connection)


def test_altered_row_is_named(chain):
    raw(f"UPDATE {T} SET reason = %s WHERE seq = 5", ["改过的理由"])
    result = audit_verify()
    assert not result.ok
    assert (result.first_bad_seq, result.problem) == (5, "altered")
    assert "第 5 条" in result.message


def test_altered_changes_json_is_detected(chain):
    entry = AuditEntry.objects.get(seq=2)
    tampered = {"n": {"before": 1, "after": 999}}
    guards.drop(connection)
    AuditEntry.objects.filter(pk=entry.pk).update(changes=tampered)
    result = audit_verify()
    assert (result.ok, result.first_bad_seq) == (False, 2)


def test_altered_row_with_recomputed_digest_still_breaks_without_the_key(chain, settings):
    """An attacker re-signs the altered row with a key guess: the digest still does not match."""
    entry = AuditEntry.objects.get(seq=4)
    entry.reason = "伪造"
    real_key = settings.AUDIT_CHAIN_KEY
    settings.AUDIT_CHAIN_KEY = "attacker-guess"
    forged = entry_digest(entry_fields(entry))
    settings.AUDIT_CHAIN_KEY = real_key
    raw(f"UPDATE {T} SET reason = %s, digest = %s WHERE seq = 4", ["伪造", forged])
    assert audit_verify().first_bad_seq == 4


def test_deleted_row_is_named(chain):
    raw(f"DELETE FROM {T} WHERE seq = 3")
    result = audit_verify()
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 3, "missing")
    assert "第 3 条记录缺失" in result.message


def test_deleted_then_renumbered_rows_are_caught_at_the_gap(chain):
    raw(f"DELETE FROM {T} WHERE seq = 3")
    for seq in range(4, 9):
        raw(f"UPDATE {T} SET seq = %s WHERE seq = %s", [seq - 1, seq])
    raw("UPDATE audit_auditchainhead SET last_seq = 7")
    result = audit_verify()
    assert (result.ok, result.first_bad_seq) == (False, 3)


def test_truncated_tail_is_named_by_the_head(chain):
    raw(f"DELETE FROM {T} WHERE seq >= 7")
    result = audit_verify()
    assert (result.ok, result.first_bad_seq, result.problem) == (False, 7, "missing")
    assert result.count == 6


def test_truncated_tail_with_rewritten_head_is_caught_by_the_head_mac(chain):
    last = AuditEntry.objects.get(seq=6)
    raw(f"DELETE FROM {T} WHERE seq >= 7")
    raw("UPDATE audit_auditchainhead SET last_seq = 6, last_digest = %s", [last.digest])
    result = audit_verify()
    assert (result.ok, result.problem) == (False, "head")


def test_deleted_head_is_reported(chain):
    AuditChainHead.objects.all().delete()
    result = audit_verify()
    assert (result.ok, result.problem) == (False, "head")


def _copy_row(seq: int, new_seq: int, **overrides: str) -> None:
    source = AuditEntry.objects.get(seq=seq)
    values = {f.column: getattr(source, f.attname) for f in AuditEntry._meta.concrete_fields
              if f.column != "id"}
    values["seq"] = new_seq
    values["changes"] = AuditEntry._meta.get_field("changes").get_db_prep_value(
        source.changes, connection)
    values.update(overrides)
    columns = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    raw(f"INSERT INTO {T} ({columns}) VALUES ({marks})", list(values.values()))


def test_row_inserted_at_the_end_is_named(chain):
    """A replayed row (valid digest for its old position) appended as seq 9."""
    _copy_row(3, 9)
    result = audit_verify()
    assert (result.ok, result.first_bad_seq) == (False, 9)


def test_row_appended_with_correct_links_but_no_key_is_named(chain):
    """Even with prev_digest right, the attacker cannot produce the digest."""
    last = AuditEntry.objects.get(seq=8)
    _copy_row(8, 9, prev_digest=last.digest)
    assert audit_verify().first_bad_seq == 9


def test_row_inserted_in_the_middle_is_named(chain):
    # Make room at seq 5 by shifting 5..8 up (highest first, seq is unique), then insert.
    for seq in range(8, 4, -1):
        raw(f"UPDATE {T} SET seq = %s WHERE seq = %s", [seq + 1, seq])
    _copy_row(2, 5)
    result = audit_verify()
    assert (result.ok, result.first_bad_seq) == (False, 5)


def test_swapped_rows_are_named(chain):
    raw(f"UPDATE {T} SET seq = 100 WHERE seq = 3")
    raw(f"UPDATE {T} SET seq = 3 WHERE seq = 4")
    raw(f"UPDATE {T} SET seq = 4 WHERE seq = 100")
    assert audit_verify().first_bad_seq == 3


def test_row_with_seq_zero_is_reported_as_inserted(chain):
    _copy_row(1, 0)
    result = audit_verify()
    assert (result.first_bad_seq, result.problem) == (0, "inserted")


def test_database_refuses_a_second_row_with_the_same_seq(chain):
    """A fork of the chain (two rows claiming one position) cannot even be stored."""
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy_row(8, 8)


def test_guards_are_reinstalled_after_migrate(chain):
    """A SQLite table rebuild drops triggers; the post_migrate hook puts them back."""
    from django.apps import apps

    from egovpm.audit.apps import _reinstall_guards

    guards.drop(connection)
    _reinstall_guards(apps.get_app_config("audit"), using="default")
    assert guards.present(connection)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).delete()
