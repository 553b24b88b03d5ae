"""Concurrent appends must not fork the chain: the chain head row is locked per append."""

import threading

import pytest
from django.db import connection, connections, transaction

from egovpm.audit.models import AuditChainHead, AuditEntry
from egovpm.audit.services import audit_record
from egovpm.audit.verify import audit_verify

WORKERS = 20


def _append_in_own_transaction(barrier: threading.Barrier | None, errors: list, n: int) -> None:
    try:
        if barrier is not None:
            barrier.wait(timeout=30)
        with transaction.atomic():
            audit_record(actor=None, action="concurrent", reason=f"worker {n}")
    except Exception as exc:  # collected and asserted on below
        errors.append(exc)
    finally:
        if barrier is not None:
            connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_contiguous_and_intact():
    errors: list = []
    if connection.vendor == "postgresql":
        # Real row locking: 20 transactions race for the head row at the same instant.
        barrier = threading.Barrier(WORKERS)
        threads = [threading.Thread(target=_append_in_own_transaction, args=(barrier, errors, n))
                   for n in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads)
    else:
        # SQLite serialises writers on the whole database; the in-memory test database cannot
        # be shared between threads, so the same code path runs one transaction after another.
        for n in range(WORKERS):
            _append_in_own_transaction(None, errors, n)
    assert errors == []
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WORKERS + 1))
    reasons = set(AuditEntry.objects.values_list("reason", flat=True))
    assert reasons == {f"worker {n}" for n in range(WORKERS)}
    result = audit_verify()
    assert result.ok and result.count == WORKERS
    assert AuditChainHead.objects.get().last_seq == WORKERS
