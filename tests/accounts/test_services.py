import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from egovpm.accounts.models import Role, Unit, UnitKind, User
from egovpm.accounts.permissions import has_role, require_role
from egovpm.accounts.services import unit_by_name, unit_create, user_create, user_set_active
from egovpm.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SYSADMIN])
def test_only_sysadmin_or_the_command_line_manages_users_and_units(personas, role, units):
    actor = personas[role]
    with pytest.raises(PermissionDenied):
        unit_create(actor=actor, name="新单位", kind=UnitKind.DEPARTMENT)
    with pytest.raises(PermissionDenied):
        user_create(actor=actor, username="nu", role=Role.EXPERT, unit=None, password="Strong@Pass1")
    with pytest.raises(PermissionDenied):
        user_set_active(actor=actor, user=personas[Role.APPLICANT], active=False)
    assert not Unit.objects.filter(name="新单位").exists()
    assert not User.objects.filter(username="nu").exists()


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN])
def test_sysadmin_cannot_create_administrators_even_through_the_service(sysadmin, role):
    with pytest.raises(PermissionDenied):
        user_create(actor=sysadmin, username="adm", role=role, unit=None, password="Strong@Pass1")
    user = user_create(actor=None, username="adm", role=role, unit=None, password="Strong@Pass1")
    assert user.role == role


def test_validation_errors_collect_every_field(units):
    with pytest.raises(ValidationError) as excinfo:
        user_create(actor=None, username="", role="nope", unit=None, password="1")
    assert set(excinfo.value.message_dict) == {"username", "role", "password"}
    assert not AuditEntry.objects.exists()


def test_inactive_unit_refused(units):
    edu = units["区教育局"]
    edu.is_active = False
    edu.save()
    with pytest.raises(ValidationError) as excinfo:
        user_create(actor=None, username="u", role=Role.APPLICANT, unit=edu, password="Strong@Pass1")
    assert "unit" in excinfo.value.message_dict


def test_supervisor_role_needs_a_supervising_kind_of_unit(units):
    with pytest.raises(ValidationError) as excinfo:
        user_create(actor=None, username="s", role=Role.SUPERVISOR,
                    unit=units["区科技创新服务中心"], password="Strong@Pass1")
    assert "unit" in excinfo.value.message_dict


def test_unit_by_name_matches_ascii_brackets(units):
    assert unit_by_name("区科委(区信息委)") == units["区科委（区信息委）"]
    assert unit_by_name(" 区教育局 ") == units["区教育局"]
    assert unit_by_name("区不存在局") is None


def test_has_role(applicant_kewei, auditor):
    assert has_role(applicant_kewei, Role.APPLICANT)
    assert not has_role(applicant_kewei, Role.AUDITOR, Role.OFFICE)
    assert not has_role(None, Role.APPLICANT)
    applicant_kewei.is_active = False
    assert not has_role(applicant_kewei, Role.APPLICANT)


def test_require_role_records_roles_for_introspection():
    @require_role(Role.OFFICE, Role.CHAIR)
    def view(request):
        return None

    assert view.required_roles == {Role.OFFICE, Role.CHAIR}
