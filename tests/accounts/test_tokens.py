import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from egovpm.accounts.models import ApiToken
from egovpm.accounts.tokens import token_hash, token_issue, token_revoke, token_user
from egovpm.audit.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_issue_returns_raw_token_stores_only_its_hash_and_audits(applicant_kewei):
    raw = token_issue(username="applicant_kewei", password=PASSWORD, client_ip="10.9.8.7")
    assert len(raw) >= 40
    token = ApiToken.objects.get()
    assert token.key_hash == token_hash(raw) and raw not in token.key_hash
    assert token.user == applicant_kewei
    entry = AuditEntry.objects.get(action="token_issue")
    assert (entry.actor_username, entry.client_ip) == ("applicant_kewei", "10.9.8.7")
    assert raw not in str(entry.changes)


def test_token_user_returns_the_user_and_marks_use(applicant_kewei):
    raw = token_issue(username="applicant_kewei", password=PASSWORD)
    assert token_user(raw) == applicant_kewei
    assert ApiToken.objects.get().last_used is not None


def test_last_used_is_written_at_most_every_five_minutes(applicant_kewei):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        raw = token_issue(username="applicant_kewei", password=PASSWORD)
        token_user(raw)
    assert ApiToken.objects.get().last_used == start
    with time_machine.travel(start + dt.timedelta(minutes=4, seconds=59), tick=False):
        assert token_user(raw) == applicant_kewei
    assert ApiToken.objects.get().last_used == start  # a read within the window writes nothing
    later = start + dt.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        assert token_user(raw) == applicant_kewei
    assert ApiToken.objects.get().last_used == later


def test_each_issue_gives_a_different_token(applicant_kewei):
    first = token_issue(username="applicant_kewei", password=PASSWORD)
    second = token_issue(username="applicant_kewei", password=PASSWORD)
    assert first != second
    assert token_user(first) == token_user(second) == applicant_kewei


@pytest.mark.parametrize("raw", ["", "nonsense", "x" * 43])
def test_unknown_token_is_none(applicant_kewei, raw):
    token_issue(username="applicant_kewei", password=PASSWORD)
    assert token_user(raw) is None


def test_token_expires_after_the_configured_hours(applicant_kewei, settings):
    settings.API_TOKEN_TTL_HOURS = 12
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        raw = token_issue(username="applicant_kewei", password=PASSWORD)
    with time_machine.travel(start + dt.timedelta(hours=11, minutes=59), tick=False):
        assert token_user(raw) == applicant_kewei
    with time_machine.travel(start + dt.timedelta(hours=12), tick=False):
        assert token_user(raw) is None


def test_inactive_user_token_stops_working(applicant_kewei):
    raw = token_issue(username="applicant_kewei", password=PASSWORD)
    applicant_kewei.is_active = False
    applicant_kewei.save()
    assert token_user(raw) is None


@pytest.mark.parametrize(
    ("username", "password"),
    [("applicant_kewei", "wrong-password"), ("nobody", PASSWORD), ("", "")],
)
def test_bad_credentials_raise_permission_denied(applicant_kewei, username, password):
    with pytest.raises(PermissionDenied):
        token_issue(username=username, password=password)
    assert not ApiToken.objects.exists()


def test_inactive_user_gets_no_token(applicant_kewei):
    applicant_kewei.is_active = False
    applicant_kewei.save()
    with pytest.raises(PermissionDenied):
        token_issue(username="applicant_kewei", password=PASSWORD)


def test_locked_user_gets_no_token_even_with_the_right_password(applicant_kewei):
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            token_issue(username="applicant_kewei", password="wrong")
    with pytest.raises(PermissionDenied):
        token_issue(username="applicant_kewei", password=PASSWORD)
    assert not ApiToken.objects.exists()
    assert AuditEntry.objects.filter(action="login_refused_locked").count() == 1


def test_revoke(applicant_kewei):
    raw = token_issue(username="applicant_kewei", password=PASSWORD)
    assert token_revoke(raw=raw) is True
    assert token_user(raw) is None
    assert token_revoke(raw=raw) is False
