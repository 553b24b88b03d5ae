"""User and unit management (sysadmin), security settings (secadmin): 三员分立 by role."""

import pytest

from egovpm.accounts.models import ApiToken, Role, Unit, User
from egovpm.accounts.tokens import token_issue
from egovpm.audit.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PAGES = {
    "/accounts/users/": {Role.SYSADMIN},
    "/accounts/units/": {Role.SYSADMIN},
    "/accounts/security/": {Role.SECADMIN},
    "/audit/": {Role.AUDITOR, Role.AUDITADMIN},
}


@pytest.mark.parametrize("url", list(PAGES))
@pytest.mark.parametrize("role", Role.values)
def test_permission_matrix(url, role, personas, login_client):
    response = login_client(personas[role]).get(url)
    assert response.status_code == (200 if role in PAGES[url] else 403)


@pytest.mark.parametrize("url", [*PAGES, "/accounts/security/unlock/"])
def test_anonymous_redirected_to_login(url, client):
    response = client.get(url) if url != "/accounts/security/unlock/" else client.post(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SYSADMIN])
def test_post_actions_refused_for_other_roles(role, personas, login_client, applicant_kewei):
    c = login_client(personas[role])
    assert c.post("/accounts/users/", {"username": "x"}).status_code == 403
    assert c.post(f"/accounts/users/{applicant_kewei.pk}/active/", {"active": "0"}).status_code == 403
    applicant_kewei.refresh_from_db()
    assert applicant_kewei.is_active


def test_sysadmin_creates_user(sysadmin, units, login_client):
    c = login_client(sysadmin)
    response = c.post("/accounts/users/", {
        "username": "newbie", "display_name": "新人", "role": "applicant",
        "unit": units["区教育局"].pk, "password": "Strong@Pass1", "password_confirm": "Strong@Pass1",
    })
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert (user.role, user.unit.name) == ("applicant", "区教育局")
    entry = AuditEntry.objects.get(action="user_create")
    assert entry.actor_username == "sysadmin"
    assert "newbie" in c.get("/accounts/users/").content.decode()


def test_user_form_errors_are_shown_and_nothing_created(sysadmin, units, login_client):
    c = login_client(sysadmin)
    response = c.post("/accounts/users/", {
        "username": "newbie", "role": "third_party", "unit": units["区教育局"].pk,
        "password": "123", "password_confirm": "123",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "unit" in errors and "password" in errors
    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_sysadmin_cannot_create_administrators(sysadmin, role, login_client):
    c = login_client(sysadmin)
    response = c.post("/accounts/users/", {
        "username": "evil", "role": role, "password": "Strong@Pass1",
        "password_confirm": "Strong@Pass1",
    })
    assert response.status_code == 200 and "role" in response.context["form"].errors
    assert not User.objects.filter(username="evil").exists()


def test_sysadmin_deactivates_and_reactivates_user_revoking_tokens(sysadmin, applicant_kewei,
                                                                  login_client):
    token_issue(username="applicant_kewei", password=PASSWORD)
    c = login_client(sysadmin)
    c.post(f"/accounts/users/{applicant_kewei.pk}/active/", {"active": "0"})
    applicant_kewei.refresh_from_db()
    assert not applicant_kewei.is_active and not ApiToken.objects.exists()
    c.post(f"/accounts/users/{applicant_kewei.pk}/active/", {"active": "1"})
    applicant_kewei.refresh_from_db()
    assert applicant_kewei.is_active
    assert list(AuditEntry.objects.filter(action__startswith="user_").values_list(
        "action", flat=True).order_by("seq")) == ["user_deactivate", "user_activate"]


@pytest.mark.parametrize("target", ["secadmin", "auditadmin"])
def test_sysadmin_cannot_deactivate_administrators(sysadmin, target, personas, login_client):
    victim = personas[target]
    response = login_client(sysadmin).post(f"/accounts/users/{victim.pk}/active/", {"active": "0"})
    assert response.status_code == 403
    victim.refresh_from_db()
    assert victim.is_active


def test_sysadmin_creates_unit(sysadmin, units, login_client):
    c = login_client(sysadmin)
    response = c.post("/accounts/units/", {"name": "区教育信息中心", "kind": "subordinate",
                                           "supervisor": units["区教育局"].pk})
    assert response.status_code == 302
    assert Unit.objects.get(name="区教育信息中心").supervisor.name == "区教育局"
    response = c.post("/accounts/units/", {"name": "区教育信息中心", "kind": "department"})
    assert response.status_code == 200 and "name" in response.context["form"].errors


def test_secadmin_sees_failures_changes_policy_and_unlocks(secadmin, applicant_kewei, client,
                                                           login_client):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "applicant_kewei", "password": "nope"})
    c = login_client(secadmin)
    html = c.get("/accounts/security/").content.decode()
    assert "applicant_kewei" in html and "解除锁定" in html
    assert c.post("/accounts/security/", {"lockout_threshold": "0", "lockout_minutes": "15"}
                  ).status_code == 200  # invalid: re-rendered with errors
    assert c.post("/accounts/security/", {"lockout_threshold": "3", "lockout_minutes": "10"}
                  ).status_code == 302
    c.post("/accounts/security/unlock/", {"username": "applicant_kewei"})
    response = client.post("/accounts/login/", {"username": "applicant_kewei", "password": PASSWORD})
    assert response.status_code == 302
