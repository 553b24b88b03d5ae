"""The error pages are Chinese, lead back home and keep the API's JSON answers."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client, RequestFactory

from egovpm.config.security import server_error

pytestmark = pytest.mark.django_db

HOME_LINK = '<a class="btn btn-primary" href="/">返回首页</a>'


def test_unknown_url_gives_the_chinese_404_page():
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and HOME_LINK in body
    assert "Not Found" not in body
    assert "/static/egovpm/site.css" in body  # the site's own look (base.html)


def test_404_page_keeps_the_signed_in_navigation(applicant_kewei, login_client):
    body = login_client(applicant_kewei).get("/declarations/999999/").content.decode()
    assert "页面不存在" in body
    assert 'data-testid="current-user"' in body


def test_unknown_api_url_stays_json():
    response = Client().get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "请求的接口不存在"}


def test_forbidden_page_gives_the_chinese_403_page_with_the_reason(applicant_kewei, login_client):
    response = login_client(applicant_kewei).post("/calendar/", {})
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问" in body and HOME_LINK in body
    assert "只有系统管理员可以载入年度放假安排" in body


@pytest.mark.urls("tests.security.errors_urls")
def test_permission_denied_anywhere_gives_the_403_page_with_its_reason():
    response = Client().get("/forbidden/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问" in body and "不许" in body
    assert "登录" in body  # anonymous: offered the login page


@pytest.mark.urls("tests.security.errors_urls")
def test_an_unexpected_error_gives_the_standalone_500_page():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器内部错误" in body and HOME_LINK in body
    assert "/static/vendor/bootstrap.min.css" in body


def test_the_500_handler_renders_without_database_or_context(django_assert_num_queries):
    request = RequestFactory().get("/somewhere/")  # no user, no session, no messages
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器内部错误" in body and HOME_LINK in body and 'data-testid="error-500"' in body


def test_the_500_handler_answers_even_when_its_template_fails():
    with mock.patch("egovpm.config.security.loader.render_to_string",
                    side_effect=RuntimeError("template broken")):
        response = server_error(RequestFactory().get("/somewhere/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器内部错误" in body and "template broken" not in body


def test_the_500_handler_answers_json_under_the_api():
    response = server_error(RequestFactory().get("/api/v1/applications"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")


def test_csrf_failure_gives_the_chinese_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "请求已失效" in body and HOME_LINK in body
    assert "CSRF verification failed" not in body
