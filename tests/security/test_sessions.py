"""Session timeout (等保 三级 8.1.4.1 b): sliding idle timeout, absolute lifetime, key rotation."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, override_settings

from egovpm.audit.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PAGE = "/declarations/"


def get_at(client: Client, moment: dt.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return client.get(PAGE).status_code


def logged_in_at(user, moment: dt.datetime) -> Client:
    client = Client()
    with time_machine.travel(moment, tick=False):
        response = client.post(settings.LOGIN_URL, {"username": user.username,
                                                    "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_settings_default_to_thirty_minutes_idle_and_browser_session():
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_idle_session_is_signed_out_at_the_limit_and_audited(applicant_kewei):
    client = logged_in_at(applicant_kewei, T0)
    assert get_at(client, T0) == 200
    assert get_at(client, T0 + dt.timedelta(minutes=29, seconds=59)) == 200
    # Idle for exactly 30 minutes since the last request: signed out, sent to the login page.
    later = T0 + dt.timedelta(minutes=59, seconds=59)
    with time_machine.travel(later, tick=False):
        response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL)
    assert AuditEntry.objects.filter(action="logout", actor_username="applicant_kewei").exists()
    # Signed out for good: coming back later does not revive the session.
    assert get_at(client, later + dt.timedelta(minutes=1)) == 302


def test_activity_slides_the_idle_deadline(applicant_kewei):
    client = logged_in_at(applicant_kewei, T0)
    for minutes in range(0, 150, 25):  # 2.5 hours, never idle for 30 minutes
        assert get_at(client, T0 + dt.timedelta(minutes=minutes)) == 200, minutes


@override_settings(SESSION_IDLE_MINUTES=5)
def test_idle_limit_comes_from_the_setting(applicant_kewei):
    client = logged_in_at(applicant_kewei, T0)
    assert get_at(client, T0 + dt.timedelta(minutes=4)) == 200
    assert get_at(client, T0 + dt.timedelta(minutes=9, seconds=1)) == 302


@override_settings(SESSION_COOKIE_AGE=3600)
def test_absolute_lifetime_ends_an_active_session(applicant_kewei):
    client = logged_in_at(applicant_kewei, T0)
    assert get_at(client, T0 + dt.timedelta(minutes=20)) == 200
    assert get_at(client, T0 + dt.timedelta(minutes=40)) == 200
    assert get_at(client, T0 + dt.timedelta(minutes=59, seconds=59)) == 200
    assert get_at(client, T0 + dt.timedelta(minutes=60)) == 302


def test_login_rotates_the_session_key_and_sets_a_browser_session_cookie(applicant_kewei):
    anonymous = SessionStore()
    anonymous["probe"] = 1
    anonymous.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = anonymous.session_key
    response = client.post(settings.LOGIN_URL, {"username": "applicant_kewei",
                                                "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value and cookie.value != anonymous.session_key
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # gone when the browser closes
    assert cookie["httponly"]
    assert client.get(PAGE).status_code == 200


def test_anonymous_requests_are_untouched(db):
    response = Client().get(settings.LOGIN_URL)
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
