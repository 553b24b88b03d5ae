import pytest
from django.test import Client

from egovpm.audit.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_login_page_is_chinese(client):
    html = client.get(LOGIN).content.decode()
    assert "登录" in html and "用户名" in html and "密码" in html


def test_login_success_redirects_and_is_audited_with_client_address(applicant_kewei):
    client = Client(REMOTE_ADDR="192.168.10.20")
    response = client.post(LOGIN, {"username": "applicant_kewei", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant_kewei.pk)
    entry = AuditEntry.objects.get(action="login")
    assert (entry.actor_username, entry.actor_role, entry.client_ip) == (
        "applicant_kewei", "applicant", "192.168.10.20")


def test_login_follows_next(applicant_kewei, client):
    response = client.post(LOGIN + "?next=/audit/",
                           {"username": "applicant_kewei", "password": PASSWORD, "next": "/audit/"})
    assert response["Location"] == "/audit/"


def test_wrong_password_shows_chinese_error_and_is_audited(applicant_kewei):
    client = Client(REMOTE_ADDR="10.0.0.66")
    response = client.post(LOGIN, {"username": "applicant_kewei", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.client_ip == "10.0.0.66" and entry.actor_username == "applicant_kewei"


def test_fifth_failure_shows_lock_message_and_right_password_then_fails(applicant_kewei, client):
    for _ in range(4):
        client.post(LOGIN, {"username": "applicant_kewei", "password": "nope"})
    response = client.post(LOGIN, {"username": "applicant_kewei", "password": "nope"})
    assert "已被锁定" in response.content.decode()
    response = client.post(LOGIN, {"username": "applicant_kewei", "password": PASSWORD})
    assert response.status_code == 200 and "已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_log_in(applicant_kewei, client):
    applicant_kewei.is_active = False
    applicant_kewei.save()
    response = client.post(LOGIN, {"username": "applicant_kewei", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_logout_is_post_only_and_audited(applicant_kewei, client):
    client.post(LOGIN, {"username": "applicant_kewei", "password": PASSWORD})
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="logout", actor=applicant_kewei).count() == 1


def test_logout_when_anonymous_writes_nothing(client):
    client.post("/accounts/logout/")
    assert not AuditEntry.objects.exists()
