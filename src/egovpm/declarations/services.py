"""Writes on declarations: create and edit an application, upload attachments.

Review moves (submit, accept, …) are `egovpm.review.services.application_transition`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from egovpm.accounts.models import Role
from egovpm.audit.services import audit_record, field_changes
from egovpm.declarations import files
from egovpm.declarations.inputs import (
    EDITABLE_FIELDS,
    ApplicationInputError,
    application_fields_from_input,
    catalog_as_dict,
    catalog_from_input,
)
from egovpm.declarations.models import (
    Application,
    ApplicationEvent,
    Attachment,
    AttachmentKind,
    DataCatalog,
    DataField,
    DataTable,
    Project,
    State,
)
from egovpm.declarations.selectors import (
    EDITABLE_STATES,
    application_preview,
    applications_visible_to,
)
from egovpm.review.transitions import InvalidTransition

APPLICANT_ROLES = (Role.APPLICANT, Role.UNIT_LEADER)


def _check_unit(actor: Any, data: Mapping[str, Any]) -> None:
    """The body's `unit` is checked against the caller's unit, never trusted."""
    unit = data.get("unit")
    if unit is None:
        return
    name = unit.get("name") if isinstance(unit, Mapping) else None
    if name is not None and name != actor.unit.name:
        raise ApplicationInputError("unit", _("申报单位与当前用户所属单位不一致"))


def _validate(app: Application, catalog: Mapping[str, Any] | None) -> None:
    """The policy engine is the one validator of the §1 shape: InvalidApplication names the
    field. Attachments and history play no part in validity."""
    application_preview(app, catalog=catalog, attachment_kinds=[])


def _write_catalog(app: Application, catalog: Mapping[str, Any] | None) -> None:
    if catalog is None:
        return
    DataCatalog.objects.filter(application=app).delete()
    record = DataCatalog.objects.create(
        application=app, **{k: v for k, v in catalog.items() if k != "tables"}
    )
    for t, table in enumerate(catalog["tables"]):
        row = DataTable.objects.create(catalog=record, name=table["name"], position=t)
        DataField.objects.bulk_create(
            DataField(table=row, position=f, **field) for f, field in enumerate(table["fields"])
        )


def _normalised(name: str) -> str:
    """Whitespace carries no meaning in a (Chinese) project name: "OA 系统" is "OA系统"."""
    return "".join(name.split())


def _project_named(unit_id: int, name: str) -> Project | None:
    """The unit's (oldest) project of that name, whitespace ignored."""
    wanted = _normalised(name)
    for project in Project.objects.filter(unit_id=unit_id).order_by("id"):
        if _normalised(project.name) == wanted:
            return project
    return None


def application_create(
    *, actor: Any, data: Mapping[str, Any], project_id: int | None = None,
    client_ip: str | None = None,
) -> Application:
    """A new draft for the actor's unit; ``project_id`` marks a re-declaration of a project of
    the same unit (so its assessment history counts, 规则 五(四)3). Without it, a project of the
    unit with the same name is the one declared again: a suspension is not dodged by declaring
    the same project as "new"."""
    if actor.role not in APPLICANT_ROLES or actor.unit_id is None:
        raise PermissionDenied(_("只有申报单位的项目经办人可以创建申报"))
    _check_unit(actor, data)
    fields = application_fields_from_input(data)
    catalog = catalog_from_input(data.get("data_catalog"))
    with transaction.atomic():
        if project_id is not None:
            project = Project.objects.filter(pk=project_id, unit_id=actor.unit_id).first()
            if project is None:
                raise ApplicationInputError("project_id", _("所选项目不存在或不属于本单位"))
        else:
            project = _project_named(actor.unit_id, fields["name"]) or Project(
                unit=actor.unit, name=fields["name"])
        app = Application(unit=actor.unit, created_by=actor, project=project, **fields)
        _validate(app, catalog)
        if project.pk is None:
            project.save()
            app.project = project
        app.save()
        _write_catalog(app, catalog)
        ApplicationEvent.objects.create(application=app, action="create", actor=actor,
                                        to_state=State.DRAFT)
        audit_record(
            actor=actor, action="application.create", obj=app, to_state=State.DRAFT,
            changes={k: {"before": None, "after": v} for k, v in fields.items()},
            client_ip=client_ip,
        )
    return app


def _lock_own_editable(application: Application | int, actor: Any) -> Application:
    pk = application.pk if isinstance(application, Application) else application
    app = Application.objects.select_for_update().select_related("unit", "project").get(pk=pk)
    if not applications_visible_to(actor).filter(pk=pk).exists():
        raise Application.DoesNotExist
    if actor.role not in APPLICANT_ROLES or actor.unit_id != app.unit_id:
        raise PermissionDenied(_("只有申报单位的项目经办人可以修改申报"))
    if app.state not in EDITABLE_STATES:
        raise InvalidTransition(
            _("当前状态“%(state)s”下不能修改申报") % {"state": State(app.state).label}
        )
    return app


def application_update(
    *, actor: Any, application: Application | int, data: Mapping[str, Any],
    client_ip: str | None = None,
) -> Application:
    """Edit the fields present in ``data`` (draft, returned or deferred; the owning unit's
    applicant). A ``version`` in ``data`` that is not the current one is refused (someone else
    saved in between)."""
    with transaction.atomic():
        app = _lock_own_editable(application, actor)
        if "version" in data and data["version"] != app.version:
            raise InvalidTransition(_("申报已被他人修改,请刷新后重试"))
        _check_unit(actor, data)
        fields = application_fields_from_input(data, partial=True)
        catalog = catalog_from_input(data["data_catalog"]) if "data_catalog" in data else None
        before = {name: getattr(app, name) for name in EDITABLE_FIELDS}
        for name, value in fields.items():
            setattr(app, name, value)
        _validate(app, catalog if catalog is not None else catalog_as_dict(app))
        changes = field_changes(before, {name: getattr(app, name) for name in EDITABLE_FIELDS})
        if catalog is not None:
            _write_catalog(app, catalog)
            changes["data_catalog"] = {"before": None, "after": catalog}
        app.version += 1
        app.save()
        ApplicationEvent.objects.create(application=app, action="update", actor=actor,
                                        from_state=app.state, to_state=app.state)
        audit_record(actor=actor, action="application.update", obj=app, from_state=app.state,
                     to_state=app.state, changes=changes, client_ip=client_ip)
    return app


def attachment_upload(
    *, actor: Any, application: Application | int, kind: str, name: str,
    chunks: Iterable[bytes], client_ip: str | None = None,
) -> Attachment:
    """Check (size, extension, content), store under a generated name, record the SM3 digest.

    Materials (规则 五(一)2) come from the owning unit while the application is editable; an
    assessment report from an assessor with a pending assessment on it."""
    from egovpm.review.models import Assessment, AssessmentResult

    if kind not in AttachmentKind.values:
        raise files.AttachmentRejected(_("材料类型无效:%(kind)s") % {"kind": kind}, field="kind")
    with transaction.atomic():
        pk = application.pk if isinstance(application, Application) else application
        app = Application.objects.select_for_update().get(pk=pk)
        if not applications_visible_to(actor).filter(pk=pk).exists():
            raise Application.DoesNotExist
        if kind == AttachmentKind.ASSESSMENT_REPORT:
            pending = Assessment.objects.filter(
                application=app, assignee=actor, result=AssessmentResult.PENDING
            )
            if not pending.exists():
                raise PermissionDenied(_("只有待评估的评估人可以上传评估报告"))
        else:
            _lock_own_editable(app, actor)
        with files.stored_upload(name=name, chunks=chunks) as stored:
            attachment = Attachment.objects.create(
                application=app, kind=kind, uploaded_by=actor, **stored,
            )
            audit_record(
                actor=actor, action="attachment.upload", obj=attachment,
                changes={"kind": {"before": None, "after": kind},
                         "sm3": {"before": None, "after": attachment.sm3},
                         "size": {"before": None, "after": attachment.size}},
                client_ip=client_ip,
            )
    return attachment
