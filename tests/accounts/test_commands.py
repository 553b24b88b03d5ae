import io

import pytest
from django.core.management import CommandError, call_command

from egovpm.accounts.models import Unit, UnitKind, User
from egovpm.audit.models import AuditEntry
from egovpm.audit.verify import audit_verify

pytestmark = pytest.mark.django_db


def addunit(*args: str) -> str:
    out = io.StringIO()
    call_command("addunit", *args, stdout=out)
    return out.getvalue()


def adduser(*args: str, password: str = "Strong@Pass1\n") -> str:
    out = io.StringIO()
    call_command("adduser", *args, "--password-stdin", stdout=out, stdin=io.StringIO(password))
    return out.getvalue()


# ---- addunit -------------------------------------------------------------------------------

def test_addunit_department_member_and_audit():
    assert "已创建单位：区科委（区信息委）" in addunit("区科委（区信息委）", "--kind", "department", "--member")
    unit = Unit.objects.get(name="区科委（区信息委）")
    assert (unit.kind, unit.is_member, unit.supervisor) == (UnitKind.DEPARTMENT, True, None)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_id, entry.actor_username) == ("unit_create", None, "")
    assert entry.changes["is_member"] == {"before": None, "after": True}
    assert audit_verify().ok


def test_addunit_subordinate_with_supervisor_ascii_brackets_match():
    addunit("区科委（区信息委）", "--kind", "department")
    addunit("区科技创新服务中心", "--kind", "subordinate", "--supervisor", "区科委(区信息委)")
    sub = Unit.objects.get(name="区科技创新服务中心")
    assert sub.supervisor.name == "区科委（区信息委）"


@pytest.mark.parametrize("kind", ["street", "agency"])
def test_addunit_other_kinds(kind):
    addunit("某单位", "--kind", kind)
    assert Unit.objects.get(name="某单位").kind == kind


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["区甲局"], "--kind"),
        (["区甲局", "--kind", "ministry"], "--kind"),
        (["区甲局", "--kind", "other"], "--kind"),
        (["区甲中心", "--kind", "subordinate"], "--supervisor"),
        (["区甲中心", "--kind", "subordinate", "--supervisor", "不存在的局"], "--supervisor"),
        (["区甲局", "--kind", "department", "--supervisor", "区已有局"], "--supervisor"),
        (["区甲中心", "--kind", "subordinate", "--supervisor", "示例机构"], "--supervisor"),
        (["区已有局", "--kind", "department"], "NAME"),
        (["  ", "--kind", "department"], "NAME"),
        (["某街道", "--kind", "street", "--member"], "--member"),
        (["某机构", "--kind", "agency", "--member"], "--member"),
    ],
)
def test_addunit_errors_name_the_argument_and_change_nothing(args, names):
    Unit.objects.create(name="区已有局", kind=UnitKind.DEPARTMENT)
    Unit.objects.create(name="示例机构", kind=UnitKind.AGENCY)
    with pytest.raises(CommandError) as excinfo:
        addunit(*args)
    assert names in str(excinfo.value)
    assert Unit.objects.count() == 2
    assert AuditEntry.objects.count() == 0


# ---- adduser -------------------------------------------------------------------------------

@pytest.fixture
def kewei():
    return Unit.objects.create(name="区科委（区信息委）", kind=UnitKind.DEPARTMENT, is_member=True)


def test_adduser_reads_password_from_stdin_and_audits(kewei):
    out = adduser("zhangmin", "--role", "applicant", "--unit", "区科委（区信息委）",
                  "--display-name", "张敏")
    assert "已创建用户：zhangmin" in out
    user = User.objects.get(username="zhangmin")
    assert (user.role, user.unit, user.display_name) == ("applicant", kewei, "张敏")
    assert user.check_password("Strong@Pass1")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_repr, entry.actor_id) == ("user_create", "张敏", None)
    assert "Strong@Pass1" not in str(entry.changes)


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin", "expert", "chair"])
def test_adduser_roles_without_unit(role):
    adduser(f"u_{role}", "--role", role)
    assert User.objects.get(username=f"u_{role}").unit is None


@pytest.mark.parametrize(
    ("args", "password", "names"),
    [
        (["x1", "--role", "applicant", "--unit", "区科委（区信息委）"], "Strong@Pass1\n", None),
        (["x2", "--role", "king", "--unit", "区科委（区信息委）"], "Strong@Pass1\n", "--role"),
        (["x3", "--unit", "区科委（区信息委）"], "Strong@Pass1\n", "--role"),
        (["x4", "--role", "applicant"], "Strong@Pass1\n", "--unit"),
        (["x5", "--role", "applicant", "--unit", "不存在"], "Strong@Pass1\n", "--unit"),
        (["x6", "--role", "third_party", "--unit", "区科委（区信息委）"], "Strong@Pass1\n", "--unit"),
        (["x7", "--role", "applicant", "--unit", "区科委（区信息委）"], "123\n", "密码"),
        (["x8", "--role", "applicant", "--unit", "区科委（区信息委）"], "12345678901\n", "密码"),
        (["x9", "--role", "applicant", "--unit", "区科委（区信息委）"], "\n", "密码"),
        (["bad name!", "--role", "applicant", "--unit", "区科委（区信息委）"], "Strong@Pass1\n", "USERNAME"),
        (["existing", "--role", "applicant", "--unit", "区科委（区信息委）"], "Strong@Pass1\n", "USERNAME"),
    ],
)
def test_adduser_errors_name_the_argument_and_change_nothing(kewei, args, password, names):
    User.objects.create(username="existing", role="applicant", unit=kewei)
    if names is None:  # the control row: the same call succeeds with good input
        adduser(*args, password=password)
        assert User.objects.count() == 2
        return
    with pytest.raises(CommandError) as excinfo:
        adduser(*args, password=password)
    assert names in str(excinfo.value)
    assert User.objects.count() == 1
    assert AuditEntry.objects.count() == 0


def test_adduser_without_password_stdin_flag_is_refused(kewei):
    with pytest.raises(CommandError, match="--password-stdin"):
        call_command("adduser", "x", "--role", "applicant", "--unit", "区科委（区信息委）",
                     stdout=io.StringIO())
    assert not User.objects.exists()


def test_adduser_member_requires_member_unit(kewei):
    Unit.objects.create(name="区教育局", kind=UnitKind.DEPARTMENT)
    with pytest.raises(CommandError, match="--unit"):
        adduser("m1", "--role", "member", "--unit", "区教育局")
    adduser("m2", "--role", "member", "--unit", "区科委（区信息委）")
    assert User.objects.filter(role="member").count() == 1
