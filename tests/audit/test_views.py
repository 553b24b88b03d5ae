import datetime as dt

import pytest
import time_machine
from django.db import transaction

from egovpm.accounts.models import Role
from egovpm.audit.services import audit_record
from tests.audit.helpers import append, raw

pytestmark = pytest.mark.django_db

URL = "/audit/"
READERS = {Role.AUDITOR, Role.AUDITADMIN}


@pytest.mark.parametrize("role", Role.values)
def test_audit_page_permission_matrix(role, personas, login_client):
    response = login_client(personas[role]).get(URL)
    assert response.status_code == (200 if role in READERS else 403)


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/audit/")


def test_inactive_reader_is_refused(auditor, login_client):
    c = login_client(auditor)
    auditor.is_active = False
    auditor.save()
    assert c.get(URL).status_code in (302, 403)


def test_page_is_read_only(auditor, login_client):
    assert login_client(auditor).post(URL).status_code == 405


def test_list_shows_entries_in_chinese(auditor, applicant_kewei, login_client):
    with transaction.atomic():
        audit_record(actor=applicant_kewei, action="user_create", obj=applicant_kewei,
                     reason="测试理由", client_ip="10.0.0.9",
                     changes={"role": {"before": None, "after": "applicant"}},
                     from_state="draft", to_state="submitted")
    html = login_client(auditor).get(URL).content.decode()
    for text in ("审计日志", "新建用户", "applicant_kewei", "项目经办人", "区科委（区信息委）",
                 "10.0.0.9", "测试理由", "draft → submitted", "role"):
        assert text in html, text


def test_filters_by_actor_action_object_and_date(auditor, applicant_kewei, outsider, login_client):
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC), tick=False), \
            transaction.atomic():
        audit_record(actor=applicant_kewei, action="alpha_action", obj=applicant_kewei)
    with time_machine.travel(dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC), tick=False), \
            transaction.atomic():
        audit_record(actor=outsider, action="beta_action", obj=outsider)
    c = login_client(auditor)

    def seqs(**params) -> list[int]:
        return [e.seq for e in c.get(URL, params).context["page"]]

    assert seqs(actor="kewei") == [1]
    assert seqs(action="beta_action") == [2]
    assert seqs(obj="陈静") == [2]  # str(user) is the display name
    assert seqs(obj="accounts.user") == [3, 2, 1]
    assert seqs(date_from="2026-03-02") == [3, 2]  # 3: the login of the auditor, today
    assert seqs(date_from="2026-03-01", date_to="2026-03-04") == [1]
    bad = c.get(URL, {"date_from": "not-a-date"})
    assert bad.status_code == 200 and "date_from" in bad.context["form"].errors


def test_pagination(auditor, login_client):
    append(120, actor=auditor)
    c = login_client(auditor)  # +1 login row
    first = c.get(URL).context["page"]
    assert len(first) == 50 and first[0].seq == 121
    third = c.get(URL, {"page": 3}).context["page"]
    assert [e.seq for e in third][-1] == 1 and len(third) == 21


def test_verify_result_shown_intact_and_broken(auditadmin, login_client):
    append(3)
    c = login_client(auditadmin)
    html = c.get(URL, {"verify": "1"}).content.decode()
    assert "审计链完整, 4 条" in html  # 3 + the login of auditadmin
    raw("UPDATE audit_auditentry SET reason = 'x' WHERE seq = 2")
    html = c.get(URL, {"verify": "1"}).content.decode()
    assert "审计链校验失败" in html and "第 2 条" in html
    assert c.get(URL).context["verification"] is None  # only on request


def test_changes_in_other_shapes_are_shown_as_they_are(auditor, login_client):
    with transaction.atomic():
        audit_record(actor=None, action="meeting_add_item", changes={"item": "议题一"})
        audit_record(actor=None, action="x", changes={"amount": {"before": "1.00", "after": None}})
    html = login_client(auditor).get(URL).content.decode()
    assert "<code>item</code>: &quot;议题一&quot;" in html
    assert "<code>amount</code>: 1.00 → —" in html


def test_registered_action_labels_are_shown(auditor, login_client):
    from egovpm.audit.labels import ACTION_LABELS, register_action_labels

    with transaction.atomic():
        audit_record(actor=None, action="zz_test_action")
    register_action_labels({"zz_test_action": "测试动作"})
    try:
        assert "测试动作" in login_client(auditor).get(URL).content.decode()
    finally:
        ACTION_LABELS.pop("zz_test_action")
