"""`egovpm check --deploy` with production settings: no errors, only the explained HSTS warning."""

from __future__ import annotations

import runpy
import secrets

from django.core.checks import Warning as CheckWarning
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings

from egovpm.config import settings as project_settings

PRODUCTION = {
    "DEBUG": False,
    "SECRET_KEY": secrets.token_urlsafe(64),
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "ALLOWED_HOSTS": ["egovpm.yangpu.example"],
    "AUDIT_CHAIN_KEY": secrets.token_urlsafe(48),
}


def test_check_deploy_passes_with_production_settings(monkeypatch):
    # Set by the browser tests' conftest in this process (async.E001); never set in production.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    with override_settings(**PRODUCTION):
        call_command("check", "--deploy", "--fail-level", "ERROR")
        ids = {message.id for message in run_checks(include_deployment_checks=True)}
    # SECURE_HSTS_PRELOAD stays off: an intranet host name cannot be on the browsers' list.
    assert ids == {"security.W021"}


def test_check_deploy_complains_about_the_development_defaults():
    ids = {message.id for message in run_checks(include_deployment_checks=True)
           if isinstance(message, CheckWarning)}
    assert {"security.W004", "security.W008", "security.W009", "security.W012",
            "egovpm.audit.W001"} <= ids


def test_check_deploy_flags_a_short_audit_key():
    with override_settings(AUDIT_CHAIN_KEY="short-but-not-default"):
        ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert "egovpm.audit.W001" in ids


def settings_under(monkeypatch, **env: str) -> dict:
    """The settings module's names as a fresh run under `env` (the live settings are untouched)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(project_settings.__file__)


def test_secure_cookie_flag_turns_on_https_settings(monkeypatch):
    production = settings_under(monkeypatch, EGOVPM_SECURE_COOKIES="true", EGOVPM_TLS_PROXY="true")
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_plain_http_development_defaults(monkeypatch):
    monkeypatch.delenv("EGOVPM_SECURE_COOKIES", raising=False)
    monkeypatch.delenv("EGOVPM_TLS_PROXY", raising=False)
    development = settings_under(monkeypatch)
    assert development["SECURE_HSTS_SECONDS"] == 0 and development["SECURE_SSL_REDIRECT"] is False
    assert "SECURE_PROXY_SSL_HEADER" not in development


def test_session_settings_come_from_the_environment(monkeypatch):
    custom = settings_under(monkeypatch, EGOVPM_SESSION_IDLE_MINUTES="15",
                            EGOVPM_SESSION_MAX_HOURS="4")
    assert custom["SESSION_IDLE_MINUTES"] == 15
    assert custom["SESSION_COOKIE_AGE"] == 4 * 3600
