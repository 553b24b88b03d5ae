"""Writes of the lifecycle module: opening a lifecycle and the one guarded transition."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egovpm.accounts.models import Role
from egovpm.lifecycle.models import ProjectLifecycle, Stage
from egovpm.lifecycle.parameters import clock_parameters
from egovpm.lifecycle.steps import STEPS, Context
from egovpm.lifecycle.transitions import TABLE, Action, InvalidStep

# Kinds that are carried out as projects (POLICY.md conventions); filing kinds are not.
IMPLEMENTATION_KINDS = frozenset(
    {"new", "upgrade", "continuation", "om", "service", "info_publishing"}
)
OPEN_STATES = frozenset({"approved", "filed"})
# Steps the scheduled job takes by itself (no person acts).
SYSTEM_ACTIONS = frozenset({Action.PLACE_ON_STOP_AGENDA})


def _audit(**kwargs: Any) -> None:
    from egovpm.audit.services import audit_record

    audit_record(**kwargs)


def lifecycle_open(
    *, application: Any, actor: Any = None, client_ip: str | None = None,
) -> ProjectLifecycle:
    """Open the lifecycle of an approved or filed application (idempotent)."""
    if application.state not in OPEN_STATES:
        raise InvalidStep(_("只有联席会议审核同意或备案的项目才进入实施管理"))
    if application.kind not in IMPLEMENTATION_KINDS:
        raise InvalidStep(_("备案类费用申报不进入实施管理"))
    with transaction.atomic():
        existing = ProjectLifecycle.objects.filter(application=application).first()
        if existing is not None:
            return existing
        decision = application.decision or {}
        codes = [o["code"] for o in decision.get("obligations", []) if "code" in o]
        tender = application.tender or {}
        lifecycle = ProjectLifecycle.objects.create(
            application=application, unit=application.unit, name=application.name,
            kind=application.kind,
            # Set by the review service at meeting_approve / reconsider_* (规则 五(四)1).
            approved_amount=(application.total_amount if application.approved_amount is None
                             else application.approved_amount),
            budget_year=application.budget_year, key_project=application.key_project,
            one_plus_two=tender.get("mode") == "one_plus_two", obligations=codes,
        )
        _audit(actor=actor, action="lifecycle.open", obj=lifecycle, to_state=lifecycle.stage,
               changes={"application": application.pk, "obligations": codes},
               client_ip=client_ip)
    return lifecycle


def lifecycle_open_after_meeting(
    *, application: Any, actor: Any = None, client_ip: str | None = None,
) -> ProjectLifecycle | None:
    """Open the lifecycle of an application the joint meeting just decided, inside the signing
    transaction; None when the decision does not start a project (deferred, rejected, handed
    over) or the kind is a filed fee, which is not carried out as a project."""
    if application.state not in OPEN_STATES or application.kind not in IMPLEMENTATION_KINDS:
        return None
    return lifecycle_open(application=application, actor=actor, client_ip=client_ip)


def lifecycles_open_missing() -> int:
    """Open the lifecycle of every approved/filed application that lacks one."""
    from egovpm.declarations.models import Application

    missing = Application.objects.filter(
        state__in=OPEN_STATES, kind__in=IMPLEMENTATION_KINDS, lifecycle__isnull=True,
    )
    count = 0
    for application in missing:
        lifecycle_open(application=application)
        count += 1
    return count


def _check_actor(action: str, lifecycle: ProjectLifecycle, actor: Any) -> None:
    row = TABLE[action]
    if actor is None:
        if action in SYSTEM_ACTIONS:
            return
        raise PermissionDenied(_("须登录"))
    if not (actor.is_active and actor.role in row.roles):
        raise PermissionDenied(_("当前角色不能执行此操作"))
    if row.own_unit and actor.unit_id != lifecycle.unit_id:
        raise PermissionDenied(_("只能办理本单位的项目"))


def lifecycle_transition(
    *,
    lifecycle: ProjectLifecycle,
    action: str,
    actor: Any,
    payload: dict | None = None,
    client_ip: str | None = None,
    today: dt.date | None = None,
    internal: bool = False,
) -> ProjectLifecycle:
    """Take one step on a project: role, stage and gate checked, applied atomically, audited.

    Raises `PermissionDenied` for the wrong person and `InvalidStep` (reason in Chinese) for a
    step the stage or a gate does not allow; nothing is changed in either case.

    ``internal=True`` is passed only by the meetings module, for the steps a reconsideration
    takes (``stop_after_reconsideration``, 规则 四(七)); the pages and the API never pass it and
    such a request is refused.
    """
    if action not in TABLE:
        raise InvalidStep(_("未知操作“%(action)s”") % {"action": action}, field="action")
    if action in MEETING_ACTIONS:  # only `lifecycle_apply_meeting_decision` applies these
        raise InvalidStep(_("“%(action)s”须经联席会议审议,分管副区长签发会议纪要后生效,"
                            "不能直接登记") % {"action": Action(action).label}, field="action")
    if TABLE[action].internal and not internal:
        raise InvalidStep(_("“%(action)s”须经联席会议复议决定(规则 四(七)),不能直接执行")
                          % {"action": Action(action).label}, field="action")
    with transaction.atomic():
        locked = ProjectLifecycle.objects.select_for_update().get(pk=lifecycle.pk)
        _check_actor(action, locked, actor)
        return _apply(locked, action, actor, dict(payload or {}), client_ip,
                      today or timezone.localdate())


# Decisions of the joint meeting that the chair's signature on the minutes applies.
MEETING_ACTIONS = frozenset({Action.DECIDE_CHANGE, Action.RECORD_STOP_DECISION})


def lifecycle_apply_meeting_decision(
    *,
    lifecycle: ProjectLifecycle,
    action: str,
    actor: Any,
    payload: dict | None = None,
    today: dt.date | None = None,
    client_ip: str | None = None,
) -> ProjectLifecycle:
    """Apply a joint-meeting decision on a change (规则 五(五)5) or a stop review (五(五)1) when
    the chair signs the minutes, inside the signing transaction with the chair as the actor.
    This is the only way these steps are taken: the rows are internal, so neither the pages nor
    the API (nor `lifecycle_transition`) accept them."""
    if action not in MEETING_ACTIONS:
        raise InvalidStep(_("联席会议不能作出“%(action)s”决定") % {"action": action},
                          field="action")
    if actor is None or not actor.is_active or actor.role != Role.CHAIR:
        raise PermissionDenied(_("联席会议决定须由区政府分管副区长签发"))
    with transaction.atomic():
        locked = ProjectLifecycle.objects.select_for_update().get(pk=lifecycle.pk)
        return _apply(locked, action, actor, dict(payload or {}), client_ip,
                      today or timezone.localdate())


def _apply(locked: ProjectLifecycle, action: str, actor: Any, payload: dict,
           client_ip: str | None, today: dt.date) -> ProjectLifecycle:
    """Stage check, step, save and audit of one action on a locked lifecycle."""
    row = TABLE[action]
    if locked.stage not in row.sources:
        raise InvalidStep(
            _("项目处于“%(stage)s”阶段,不能“%(action)s”")
            % {"stage": Stage(locked.stage).label, "action": Action(action).label}
        )
    ctx = Context(lifecycle=locked, actor=actor, payload=payload, today=today,
                  params=clock_parameters(today))
    STEPS[action](ctx)
    from_stage = locked.stage
    locked.stage = ctx.target or row.target or locked.stage
    locked.version += 1
    locked.save()
    locked.step_changes = ctx.changes  # what the step recorded, e.g. a draft it created
    _audit(actor=actor, action=f"lifecycle.{action}", obj=locked, from_state=from_stage,
           to_state=locked.stage, reason=str(payload.get("reason") or ""),
           changes=ctx.changes, client_ip=client_ip)
    return locked
