import datetime as dt

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from egovpm.accounts.lockout import (
    account_unlock,
    login_locked_until,
    security_policy,
    security_policy_update,
)
from egovpm.accounts.models import LoginThrottle
from egovpm.audit.models import AuditEntry
from egovpm.audit.verify import audit_verify
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def fail(username: str, times: int = 1) -> None:
    for _ in range(times):
        assert authenticate(None, username=username, password="wrong") is None


def test_four_failures_do_not_lock_the_fifth_does(applicant_kewei):
    fail("applicant_kewei", 4)
    assert login_locked_until(username="applicant_kewei") is None
    assert authenticate(None, username="applicant_kewei", password=PASSWORD) == applicant_kewei
    fail("applicant_kewei", 5)
    assert login_locked_until(username="applicant_kewei") is not None
    assert authenticate(None, username="applicant_kewei", password=PASSWORD) is None


def test_success_resets_the_count(applicant_kewei):
    fail("applicant_kewei", 4)
    assert authenticate(None, username="applicant_kewei", password=PASSWORD)
    fail("applicant_kewei", 4)
    assert login_locked_until(username="applicant_kewei") is None
    assert LoginThrottle.objects.get(username="applicant_kewei").failures == 4


def test_lock_lasts_fifteen_minutes(applicant_kewei):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail("applicant_kewei", 5)
    with time_machine.travel(start + dt.timedelta(minutes=14, seconds=59), tick=False):
        assert authenticate(None, username="applicant_kewei", password=PASSWORD) is None
    with time_machine.travel(start + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert authenticate(None, username="applicant_kewei", password=PASSWORD) == applicant_kewei


def test_attempts_during_the_lock_do_not_extend_it(applicant_kewei):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail("applicant_kewei", 5)
    until = login_locked_until(username="applicant_kewei")
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        fail("applicant_kewei", 3)
    assert LoginThrottle.objects.get(username="applicant_kewei").locked_until == until


def test_after_a_lock_runs_out_counting_starts_again(applicant_kewei):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail("applicant_kewei", 5)
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        fail("applicant_kewei", 1)
        assert login_locked_until(username="applicant_kewei") is None
        assert LoginThrottle.objects.get(username="applicant_kewei").failures == 1


def test_unknown_names_are_locked_alike(db):
    fail("ghost", 5)
    assert login_locked_until(username="ghost") is not None


def test_failures_and_lock_are_audited(applicant_kewei):
    fail("applicant_kewei", 5)
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    assert actions == ["login_failed"] * 5 + ["account_locked"]
    assert AuditEntry.objects.filter(actor=applicant_kewei).count() == 6
    assert audit_verify().ok


def test_inactive_user_cannot_authenticate(applicant_kewei):
    applicant_kewei.is_active = False
    applicant_kewei.save()
    assert authenticate(None, username="applicant_kewei", password=PASSWORD) is None


def test_secadmin_changes_policy_and_unlocks(secadmin, applicant_kewei):
    security_policy_update(actor=secadmin, lockout_threshold=3, lockout_minutes=30)
    fail("applicant_kewei", 3)
    until = login_locked_until(username="applicant_kewei")
    assert until is not None
    assert until - LoginThrottle.objects.get(username="applicant_kewei").last_failure_at == \
        dt.timedelta(minutes=30)
    account_unlock(actor=secadmin, username="applicant_kewei")
    assert authenticate(None, username="applicant_kewei", password=PASSWORD) == applicant_kewei
    assert AuditEntry.objects.filter(action="security_policy_update").get().changes == {
        "lockout_threshold": {"before": 5, "after": 3},
        "lockout_minutes": {"before": 15, "after": 30},
    }
    assert AuditEntry.objects.filter(action="account_unlock").exists()


@pytest.mark.parametrize("role", ["sysadmin", "auditadmin", "auditor"])
def test_only_secadmin_may_change_policy_or_unlock(personas, role):
    with pytest.raises(PermissionDenied):
        security_policy_update(actor=personas[role], lockout_threshold=1, lockout_minutes=1)
    with pytest.raises(PermissionDenied):
        account_unlock(actor=personas[role], username="x")
    assert security_policy().lockout_threshold == 5


@pytest.mark.parametrize(("threshold", "minutes"), [(0, 15), (5, 0), (21, 15), (5, 1441)])
def test_policy_bounds(secadmin, threshold, minutes):
    with pytest.raises(ValidationError):
        security_policy_update(actor=secadmin, lockout_threshold=threshold, lockout_minutes=minutes)
    policy = security_policy()
    assert (policy.lockout_threshold, policy.lockout_minutes) == (5, 15)
