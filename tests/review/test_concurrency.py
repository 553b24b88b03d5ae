"""Two people acting at once cannot both win: the row lock serialises the transition."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from egovpm.audit.models import AuditEntry
from egovpm.declarations.models import Application
from egovpm.review.services import application_transition
from egovpm.review.transitions import InvalidTransition

THREADS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_returns_one_wins(flow, people):
    app = flow.submitted()
    clerk = people["office_clerk"]
    stale = [Application.objects.get(pk=app.pk) for _ in range(THREADS)]  # all see office_intake
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(instance: Application) -> None:
        try:
            application_transition(application=instance, action="office_return", actor=clerk,
                                   reason="材料不全")
            result = "ok"
        except InvalidTransition:
            result = "conflict"
        except Exception as exc:  # reported, so a failure says what went wrong
            result = f"error: {exc!r}"
        with lock:
            outcomes.append(result)

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(THREADS)

        def run(instance: Application) -> None:
            barrier.wait()
            try:
                attempt(instance)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(s,)) for s in stale]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        # SQLite has no row locks: the same 20 stale copies, one after the other. The service
        # must re-read the row rather than trust the caller's copy.
        for instance in stale:
            attempt(instance)

    assert sorted(outcomes) == ["conflict"] * (THREADS - 1) + ["ok"]
    assert AuditEntry.objects.filter(action="application.office_return").count() == 1
    assert Application.objects.get(pk=app.pk).state == "returned"
    assert Application.objects.get(pk=app.pk).events.filter(action="office_return").count() == 1
