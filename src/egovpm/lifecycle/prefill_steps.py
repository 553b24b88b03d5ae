"""Follow-up declarations prefilled from the approved one (the lifecycle reminds; the unit files).

- 招一续二 (规则 五(三)): before the 2nd and 3rd contract year the unit files the renewal with the
  joint meeting; `prefill_renewal` writes that draft (route RENEWAL_FILING).
- 等保测评、密评服务费用 (规则 五(三)): filed after acceptance; `prefill_security_fees` writes a
  `security_assessment_fee` draft (route FEE_FILING).

Both create a DRAFT through `egovpm.declarations.services.application_create` as the acting
officer, on the same project; the unit reviews and submits it like any declaration.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from egovpm.lifecycle import inputs
from egovpm.lifecycle.models import Stage
from egovpm.lifecycle.steps import Context, step
from egovpm.lifecycle.transitions import Action, InvalidStep

SECURITY_LINES = ("security_testing", "crypto_testing")
CLOSED_STATES = ("withdrawn", "rejected")


def _original_data(application: Any) -> dict[str, Any]:
    """The approved declaration as a §1 body (its applicant-set fields and data catalogue)."""
    from egovpm.declarations.inputs import EDITABLE_FIELDS, catalog_as_dict, jsonable

    data = {name: jsonable(getattr(application, name)) for name in EDITABLE_FIELDS}
    catalog = catalog_as_dict(application)
    if catalog is not None:
        data["data_catalog"] = catalog
    return data


def _create(ctx: Context, data: dict[str, Any]) -> Any:
    from egovpm.declarations.services import application_create

    try:
        created = application_create(actor=ctx.actor, data=data,
                                     project_id=ctx.lifecycle.application.project_id)
    except ValueError as error:  # ApplicationInputError / InvalidApplication, naming the field
        raise InvalidStep(str(error), field=getattr(error, "field", "")) from None
    ctx.changes.update(application=created.pk, name=created.name)
    return created


def _open_follow_ups(ctx: Context) -> Any:
    from egovpm.declarations.models import Application

    return Application.objects.filter(project_id=ctx.lifecycle.application.project_id).exclude(
        pk=ctx.lifecycle.application_id).exclude(state__in=CLOSED_STATES)


@step(Action.PREFILL_RENEWAL)
def prefill_renewal(ctx: Context) -> None:
    lc = ctx.lifecycle
    if not lc.one_plus_two:
        raise InvalidStep(_("本项目不是招一续二项目"))
    if lc.contract_effective_on is None:
        raise InvalidStep(_("合同尚未生效,不能准备续签备案"))
    year = inputs.integer(ctx.payload, "contract_year", low=2, high=3)
    if _open_follow_ups(ctx).filter(tender__mode="one_plus_two",
                                    tender__contract_year=year).exists():
        raise InvalidStep(_("第%(n)d年的续签备案申报已存在") % {"n": year}, field="contract_year")
    original = lc.application
    data = _original_data(original)
    data.update(
        name=f"{original.name}(第{year}年)"[:200],
        budget_year=original.budget_year + year - 1,
        tender={"mode": "one_plus_two", "contract_year": year},
    )
    _create(ctx, data)
    ctx.changes["contract_year"] = year


@step(Action.PREFILL_SECURITY_FEES)
def prefill_security_fees(ctx: Context) -> None:
    lc = ctx.lifecycle
    if lc.accepted_on is None or lc.stage in (Stage.ACCEPTANCE_FAILED, Stage.RECTIFYING):
        raise InvalidStep(_("项目通过竣工验收后方可申请等保测评、密评服务费用备案(规则 五(三))"))
    if not lc.has_obligation("SECURITY_FEES_FILING_AFTER_ACCEPTANCE"):
        raise InvalidStep(_("本项目无等保测评、密评服务费用备案事项"))
    if _open_follow_ups(ctx).filter(kind="security_assessment_fee").exists():
        raise InvalidStep(_("本项目的等保测评、密评服务费用备案申报已存在"))
    original = lc.application
    lines = [line for line in original.budget or [] if line.get("item") in SECURITY_LINES]
    amount = inputs.amount(ctx.payload, "amount", required=False)
    if amount is not None:
        lines = [{"item": "security_testing", "amount": format(amount, "f")}]
    total = sum((Decimal(str(line["amount"])) for line in lines), Decimal(0))
    if total <= 0:
        raise InvalidStep(_("原申报预算中没有等保测评、密评费用,请填写费用金额"), field="amount")
    budget_year = (inputs.integer(ctx.payload, "budget_year", low=2000, high=2100)
                   if ctx.payload.get("budget_year") not in (None, "") else ctx.today.year + 1)
    _create(ctx, {
        "name": f"{original.name}等保测评、密评服务费用"[:200],
        "kind": "security_assessment_fee",
        "budget_year": budget_year,
        "total_amount": format(total, "f"),
        "budget": lines,
        "compliance": dict(original.compliance or {}),
        "content": _("%(name)s已于%(day)s通过竣工验收,申请等保测评、密评服务费用备案。")
        % {"name": original.name, "day": lc.accepted_on.isoformat()},
    })
    ctx.changes["amount"] = format(total, "f")
