import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from egovpm.audit.chain import entry_digest, entry_fields
from egovpm.audit.models import GENESIS_DIGEST, AuditChainHead, AuditEntry
from egovpm.audit.services import audit_record, field_changes
from egovpm.audit.verify import audit_verify
from tests.audit.helpers import append

pytestmark = pytest.mark.django_db


def test_empty_chain_is_intact():
    result = audit_verify()
    assert result.ok and result.count == 0
    assert result.message == "审计链完整, 0 条"


def test_append_copies_actor_object_and_chains_rows(applicant_kewei, units):
    unit = units["区科委（区信息委）"]
    with transaction.atomic():
        first = audit_record(actor=applicant_kewei, action="submit", obj=unit,
                             from_state="draft", to_state="office_intake", reason="提交申报",
                             changes={"amount": {"before": Decimal("10.50"), "after": Decimal("20")}},
                             client_ip="10.1.2.3")
        second = audit_record(actor=None, action="system_tick")
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_digest == GENESIS_DIGEST and second.prev_digest == first.digest
    stored = AuditEntry.objects.get(seq=1)
    assert stored.actor_username == "applicant_kewei"
    assert stored.actor_role == "applicant"
    assert stored.actor_unit == "区科委（区信息委）"
    assert (stored.object_type, stored.object_id, stored.object_repr) == (
        "accounts.unit", str(unit.pk), "区科委（区信息委）")
    assert stored.changes == {"amount": {"before": "10.50", "after": "20"}}  # Decimal kept exact
    assert stored.client_ip == "10.1.2.3"
    assert AuditEntry.objects.get(seq=2).actor_username == ""
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_digest) == (2, second.digest)


def test_digest_recomputed_from_database_equals_stored(auditor):
    append(3, actor=auditor)
    for entry in AuditEntry.objects.all():
        assert entry_digest(entry_fields(entry)) == entry.digest


def test_digest_covers_every_content_field(auditor):
    append(1, actor=auditor)
    entry = AuditEntry.objects.get()
    fields = entry_fields(entry)
    for name, value in fields.items():
        changed = dict(fields)
        if name == "at":
            changed[name] = value + dt.timedelta(microseconds=1)
        elif name == "changes":
            changed[name] = {"x": 1}
        elif isinstance(value, int) or value is None:
            changed[name] = (value or 0) + 1
        else:
            changed[name] = value + "x"
        assert entry_digest(changed) != entry.digest, name


def test_digest_depends_on_the_key(settings, auditor):
    append(1, actor=auditor)
    entry = AuditEntry.objects.get()
    settings.AUDIT_CHAIN_KEY = "another-key"
    assert entry_digest(entry_fields(entry)) != entry.digest
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 1


def test_verify_intact_chain_counts_rows(auditor):
    append(5, actor=auditor)
    result = audit_verify()
    assert result.ok and result.count == 5 and result.first_bad_seq is None
    assert result.message == "审计链完整, 5 条"
    assert result.triggers_present


def test_rolled_back_action_leaves_no_row_and_chain_stays_intact(auditor):
    append(2, actor=auditor)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=auditor, action="doomed")
        raise RuntimeError
    append(1, actor=auditor)
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
    assert audit_verify().ok


def test_field_changes_lists_only_differences():
    assert field_changes({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {
        "b": {"before": 2, "after": 3}, "c": {"before": None, "after": 4}}
