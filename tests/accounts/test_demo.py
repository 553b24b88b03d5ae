import io

import pytest
from django.core.management import call_command

from egovpm.accounts import demo
from egovpm.accounts.models import Role, Unit, UnitKind, User
from egovpm.audit.models import AuditEntry
from egovpm.audit.verify import audit_verify

pytestmark = pytest.mark.django_db

MEMBER_UNITS = {
    "区委办公室（区机要局）", "区委网信办", "区档案局", "区委保密办（区保密局）",
    "区政府办公室（电子政务科、审改科）", "区发展改革委", "区科委（区信息委）", "区司法局",
    "区财政局", "区审计局", "区地区办", "区机管局（区政府采购中心）", "区城运中心", "区大数据中心",
}


def test_demo_units_and_users():
    report = demo.load()
    assert set(Unit.objects.filter(is_member=True).values_list("name", flat=True)) == MEMBER_UNITS
    assert Unit.objects.filter(kind=UnitKind.STREET).count() >= 3
    assert Unit.objects.filter(kind=UnitKind.AGENCY).count() == 2
    sub = Unit.objects.get(name="区科技创新服务中心")
    assert (sub.kind, sub.supervisor.name) == (UnitKind.SUBORDINATE, "区科委（区信息委）")
    # one user per role, all with the documented password
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for username in ["applicant", "unit_leader", "supervisor", "office", "third_party", "expert",
                     "member", "chair", "finance", "auditor", "sysadmin", "secadmin",
                     "auditadmin", "applicant_sub", "expert2"]:
        assert User.objects.get(username=username).check_password(demo.DEMO_PASSWORD), username
    assert User.objects.get(username="applicant_sub").unit == sub
    # every member unit has exactly one representative
    members = User.objects.filter(role=Role.MEMBER)
    assert sorted(m.unit.name for m in members) == sorted(MEMBER_UNITS)
    assert len(report.users) == User.objects.count()
    assert audit_verify().ok
    assert AuditEntry.objects.count() == Unit.objects.count() + User.objects.count()


def test_demo_load_twice_changes_nothing():
    demo.load()
    counts = (Unit.objects.count(), User.objects.count(), AuditEntry.objects.count())
    report = demo.load()
    assert (report.units, report.users) == ([], [])
    assert (Unit.objects.count(), User.objects.count(), AuditEntry.objects.count()) == counts


def test_load_demo_command_twice_same_counts():
    """The whole command, including the other apps' demo loaders that exist."""
    call_command("load_demo", stdout=io.StringIO())
    counts = {model: model.objects.count() for model in (Unit, User, AuditEntry)}
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert {model: model.objects.count() for model in counts} == counts
    assert "均已存在" in out.getvalue()
