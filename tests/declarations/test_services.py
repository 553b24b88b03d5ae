"""Creating and editing declarations; building the engine's input from the database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from egovpm.audit.models import AuditEntry
from egovpm.declarations.inputs import ApplicationInputError, application_to_policy_input
from egovpm.declarations.models import Application, DataField, Project
from egovpm.declarations.services import application_create, application_update
from egovpm.review.models import Assessment
from egovpm.review.transitions import InvalidTransition
from tests.declarations.fixtures import review_body

CATALOG = {
    "resource_format": "数据库表", "collection_method": "接口", "collection_frequency": "实时",
    "sharing_type": "有条件共享", "sharing_method": "接口", "update_frequency": "每日",
    "tables": [{"name": "city_event", "fields": [
        {"name": "event_id", "data_type": "varchar", "length": 32, "primary_key": True},
        {"name": "updated_at", "data_type": "timestamp", "timestamp": True},
    ]}],
}


def test_create_stores_amounts_as_decimal_and_audits(people):
    app = application_create(actor=people["applicant_kewei"], data=review_body())
    app.refresh_from_db()
    assert app.state == "draft" and app.unit.name == "区科委（区信息委）"
    assert app.total_amount == Decimal("1200000.00")
    assert app.budget[0] == {"item": "app_dev", "amount": "800000", "person_months": 40}
    assert app.project.unit == app.unit and app.project.name == app.name
    row = AuditEntry.objects.get(action="application.create")
    assert row.object_id == str(app.pk) and row.to_state == "draft"


def test_create_refused_for_role_without_unit_declarations(people):
    with pytest.raises(PermissionDenied):
        application_create(actor=people["office_clerk"], data=review_body())
    assert not Application.objects.exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"name": " "}, "name"),
    ({"kind": "palace"}, "kind"),
    ({"total_amount": "-1"}, "total_amount"),
    ({"total_amount": "12.345"}, "total_amount"),
    ({"total_amount": "NaN"}, "total_amount"),
    ({"budget_year": "2027x"}, "budget_year"),
    ({"unit": {"name": "区教育局"}}, "unit"),
])
def test_bad_input_names_the_field_and_changes_nothing(people, change, field):
    with pytest.raises(ApplicationInputError) as caught:
        application_create(actor=people["applicant_kewei"], data=review_body(**change))
    assert caught.value.field == field
    assert not Application.objects.exists() and not Project.objects.exists()


def test_engine_validation_error_names_the_field(people):
    from egovpm.policy import InvalidApplication

    body = review_body()
    body["budget"][1]["amount"] = "abc"
    with pytest.raises(InvalidApplication) as caught:
        application_create(actor=people["applicant_kewei"], data=body)
    assert caught.value.field.startswith("budget[1]")
    assert not Application.objects.exists()


def test_redeclaration_must_name_a_project_of_the_callers_unit(people, flow):
    other = flow.create(by="outsider")
    with pytest.raises(ApplicationInputError) as caught:
        flow.create(project_id=other.project_id)
    assert caught.value.field == "project_id"
    own = flow.create()
    again = flow.create(project_id=own.project_id)
    assert again.project_id == own.project_id


def test_server_side_facts_in_the_body_are_ignored(people):
    body = review_body(
        history={"third_party_failures": ["2026-01-01"] * 3},
        unit={"name": "区科委（区信息委）", "kind": "department", "supervisor_approved": True},
        declared_on="2020-01-01",
    )
    app = application_create(actor=people["applicant_kewei"], data=body)
    data = application_to_policy_input(app)
    assert data["history"]["third_party_failures"] == []
    assert data["unit"]["supervisor_approved"] is False
    assert app.declared_on is None


def test_policy_input_reads_history_and_attachments_from_the_database(flow):
    app = flow.accepted()
    flow.report(app, "third_party", "fail")
    again = flow.create(project_id=app.project_id)
    # The deprecated Project flag is not read (规则 五(六)1 comes from the self-evaluations).
    Project.objects.filter(pk=app.project_id).update(performance_unrectified=True)
    again.refresh_from_db()
    data = application_to_policy_input(again)
    failed = Assessment.objects.get(result="fail")
    assert data["history"]["third_party_failures"] == [failed.reported_on.isoformat()]
    assert data["history"]["expert_failures"] == []
    assert data["history"]["performance_unrectified"] is False
    assert data["attachments"] == []


def test_data_catalog_is_stored_and_decides_completion(people):
    incomplete = dict(CATALOG, update_frequency="")
    app = application_create(actor=people["applicant_kewei"],
                             data=review_body(data_catalog=incomplete))
    assert application_to_policy_input(app)["compliance"]["data_catalog_completed"] is False
    app = application_update(actor=people["applicant_kewei"], application=app,
                             data={"data_catalog": CATALOG})
    assert DataField.objects.filter(table__catalog__application=app).count() == 2
    assert application_to_policy_input(app)["compliance"]["data_catalog_completed"] is True


def test_catalog_field_errors_name_the_path(people):
    bad = {**CATALOG, "tables": [{"name": "t", "fields": [{"name": "id", "data_type": ""}]}]}
    with pytest.raises(ApplicationInputError) as caught:
        application_create(actor=people["applicant_kewei"], data=review_body(data_catalog=bad))
    assert caught.value.field == "data_catalog.tables[0].fields[0].data_type"


def test_update_only_by_owner_in_editable_states(people, flow):
    app = flow.create()
    updated = application_update(actor=people["leader_kewei"], application=app,
                                 data={"name": "新名称"})
    assert updated.name == "新名称" and updated.version == 2
    with pytest.raises(PermissionDenied):
        application_update(actor=people["supervisor_kewei"], application=app, data={"name": "x"})
    with pytest.raises(Application.DoesNotExist):
        application_update(actor=people["outsider"], application=app, data={"name": "x"})
    submitted = flow.submitted()
    with pytest.raises(InvalidTransition):
        application_update(actor=people["applicant_kewei"], application=submitted,
                           data={"name": "x"})
    submitted.refresh_from_db()
    assert submitted.name == review_body()["name"]


def test_update_with_stale_version_is_refused(people, flow):
    app = flow.create()
    application_update(actor=people["applicant_kewei"], application=app, data={"name": "一"})
    with pytest.raises(InvalidTransition):
        application_update(actor=people["applicant_kewei"], application=app,
                           data={"name": "二", "version": 1})
    app.refresh_from_db()
    assert app.name == "一"
