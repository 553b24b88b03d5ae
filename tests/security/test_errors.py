"""Unexpected errors answer a generic Chinese message: no stack trace, path or exception text."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.security.errors_urls import SECRET_PATH

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.errors_urls")]


def client() -> Client:
    return Client(raise_request_exception=False)


def test_debug_is_off_by_default():
    assert settings.DEBUG is False


def assert_nothing_leaks(body: str) -> None:
    for secret in (SECRET_PATH, "Traceback", "RuntimeError", "site-packages", ".py"):
        assert secret not in body


def test_api_500_is_generic_chinese_json(caplog):
    response = client().get("/api/v1/failing/boom")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "服务器内部错误，请稍后重试；如持续出现请联系系统管理员"}
    assert_nothing_leaks(response.content.decode())
    # The detail is kept for the administrators, in the log.
    assert any(SECRET_PATH in str(record.exc_info[1]) for record in caplog.records
               if record.exc_info)


def test_page_500_is_generic_chinese_html():
    response = client().get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器内部错误" in body
    assert_nothing_leaks(body)
    assert "Content-Security-Policy" in response


def test_client_errors_keep_their_status():
    assert client().get("/forbidden/").status_code == 403
    assert client().get("/no/such/page/").status_code == 404


@override_settings(DEBUG=True)
def test_debug_keeps_the_technical_page_for_developers():
    response = client().get("/boom/")
    assert response.status_code == 500
    assert "RuntimeError" in response.content.decode()
