"""Steps of acceptance, the filings after it, and evaluation (规则 五(三), 五(五)7, 五(六))."""

from __future__ import annotations

from django.utils.translation import gettext as _

from egovpm.lifecycle import inputs
from egovpm.lifecycle.deadlines import deadline_meet, deadline_open
from egovpm.lifecycle.models import (
    ACCEPTANCE_PREREQUISITES,
    AcceptanceRecord,
    DocumentKind,
    SelfEvaluation,
    Stage,
)
from egovpm.lifecycle.notify import notify, unit_people
from egovpm.lifecycle.steps import (
    Context,
    K,
    missing_documents,
    set_project_flags,
    step,
    store_document,
    store_files,
)
from egovpm.lifecycle.transitions import Action, InvalidStep

# -- acceptance (规则 五(五)7) -----------------------------------------------------------------


@step(Action.REQUEST_ACCEPTANCE)
def request_acceptance(ctx: Context) -> None:
    if not ctx.lifecycle.contract_filed_on:
        raise InvalidStep(_("合同尚未备案(规则 五(五)2)"))


@step(Action.UPLOAD_ACCEPTANCE_PREREQUISITE)
def upload_acceptance_prerequisite(ctx: Context) -> None:
    kind = str(ctx.payload.get("kind") or "")
    if kind not in ACCEPTANCE_PREREQUISITES:
        raise InvalidStep(
            _("“类型”须为以下之一:%(values)s")
            % {"values": "、".join(str(DocumentKind(k).label) for k in ACCEPTANCE_PREREQUISITES)},
            field="kind",
        )
    upload = ctx.payload.get("file")
    if upload is None:
        raise InvalidStep(_("请选择要上传的文件"), field="file")
    document = store_document(ctx, kind, upload)
    ctx.changes.update(kind=kind, document=document.pk, sm3=document.sm3)


@step(Action.RECORD_ACCEPTANCE)
def record_acceptance(ctx: Context) -> None:
    lc, data = ctx.lifecycle, ctx.payload
    if lc.has_obligation("ACCEPTANCE_PREREQUISITES"):
        missing = missing_documents(lc, ACCEPTANCE_PREREQUISITES)
        if missing:
            raise InvalidStep(
                _("竣工验收前须完成并上传:%(docs)s(规则 五(五)7)") % {"docs": "、".join(missing)}
            )
    held = inputs.date(data, "held_on", not_after=ctx.today)
    passed = inputs.boolean(data, "passed")
    rectify_by = None
    if not passed:
        rectify_by = inputs.date(data, "rectify_by")
        if rectify_by <= held:
            raise InvalidStep(_("整改期限须晚于验收日期"), field="rectify_by")
    record = AcceptanceRecord.objects.create(
        lifecycle=lc, held_on=held, passed=passed, rectify_by=rectify_by,
        opinion=inputs.text(data, "opinion", required=False), recorded_by=ctx.actor,
    )
    if passed:
        ctx.target = Stage.ACCEPTED
        lc.accepted_on = held
        if lc.has_obligation("ACCEPTANCE_FILING_15_WORKING_DAYS"):
            deadline_open(lifecycle=lc, kind=K.ACCEPTANCE_FILING, start=held,
                          working_days=ctx.params.acceptance_filing_working_days)
        set_project_flags(lc, failed_acceptance_unrectified=False)
        # Quarterly reports stop with completion: quarters not ended by the acceptance day.
        lc.deadlines.filter(kind=K.QUARTERLY_REPORT, start_date__gte=held, met_on__isnull=True,
                            waived_reason="").update(waived_reason=_("项目已通过竣工验收"))
    else:
        ctx.target = Stage.ACCEPTANCE_FAILED
        deadline_open(lifecycle=lc, kind=K.RECTIFICATION, key=str(record.pk), start=held,
                      due=rectify_by)
        # 规则 五(五)7: 未通过竣工验收的项目,其后续升级、运行及维护申请,原则上均不予受理.
        set_project_flags(lc, failed_acceptance_unrectified=True)
    ctx.changes.update(held_on=held.isoformat(), passed=passed,
                       rectify_by=rectify_by.isoformat() if rectify_by else None)


@step(Action.START_RECTIFICATION)
def start_rectification(ctx: Context) -> None:
    ctx.changes["plan"] = inputs.text(ctx.payload, "plan")
    if ctx.payload.get("file") is not None:
        store_document(ctx, DocumentKind.RECTIFICATION_PLAN, ctx.payload["file"])


@step(Action.COMPLETE_RECTIFICATION)
def complete_rectification(ctx: Context) -> None:
    last = ctx.lifecycle.acceptances.filter(passed=False).last()
    if last is not None:
        deadline_meet(lifecycle=ctx.lifecycle, kind=K.RECTIFICATION, key=str(last.pk),
                      on=ctx.today)
    ctx.changes["note"] = inputs.text(ctx.payload, "note", required=False)


@step(Action.FILE_ACCEPTANCE)
def file_acceptance(ctx: Context) -> None:
    lc = ctx.lifecycle
    stored = store_files(ctx)
    if missing_documents(lc, (DocumentKind.ACCEPTANCE_REPORT,)):
        raise InvalidStep(_("验收结果备案须上传验收意见(规则 五(五)7)"), field="files")
    lc.acceptance_filed_on = ctx.today
    deadline_meet(lifecycle=lc, kind=K.ACCEPTANCE_FILING, on=ctx.today)
    ctx.changes.update(documents=stored, filed_on=ctx.today.isoformat())
    if lc.has_obligation("SECURITY_FEES_FILING_AFTER_ACCEPTANCE"):
        notify(recipients=unit_people(lc), lifecycle=lc, verb="security_fees_filing",
               title=_("%(name)s 已验收,可申请等保测评、密评服务费用备案")
               % {"name": lc.name})


@step(Action.FILE_RENEWAL)
def file_renewal(ctx: Context) -> None:
    lc = ctx.lifecycle
    if not lc.one_plus_two:
        raise InvalidStep(_("本项目不是招一续二项目"))
    year = inputs.integer(ctx.payload, "contract_year", low=2, high=3)
    deadline = deadline_meet(lifecycle=lc, kind=K.RENEWAL_FILING, key=str(year), on=ctx.today)
    if deadline is None:
        raise InvalidStep(_("合同尚未备案,无续签备案时限"), field="contract_year")
    ctx.changes["contract_year"] = year


# -- evaluation (规则 五(六)) ------------------------------------------------------------------


@step(Action.SUBMIT_SELF_EVALUATION)
def submit_self_evaluation(ctx: Context) -> None:
    lc, data = ctx.lifecycle, ctx.payload
    year = inputs.integer(data, "year", low=lc.budget_year, high=2100)
    if year >= ctx.today.year:
        raise InvalidStep(_("年度预算执行完成后方可自评(规则 五(六)1)"), field="year")
    if lc.self_evaluations.filter(year=year).exists():
        raise InvalidStep(_("%(y)d年度已自评") % {"y": year}, field="year")
    goals_met = inputs.boolean(data, "goals_met")
    rectify_by = None if goals_met else inputs.date(data, "rectify_by")
    if rectify_by is not None and rectify_by <= ctx.today:
        raise InvalidStep(_("整改期限须晚于今天"), field="rectify_by")
    SelfEvaluation.objects.create(
        lifecycle=lc, year=year, goals_met=goals_met, summary=inputs.text(data, "summary"),
        rectify_by=rectify_by, submitted_by=ctx.actor, submitted_on=ctx.today,
    )
    deadline_meet(lifecycle=lc, kind=K.SELF_EVALUATION, key=str(year), on=ctx.today)
    if goals_met:
        if lc.stage == Stage.OPERATING:
            ctx.target = Stage.EVALUATED
    else:
        # 规则 五(六)1: 未落实整改的,暂缓其后续项目的审核和运维项目资金的投入 — read from the
        # evaluations by `egovpm.lifecycle.selectors.unit_performance_unrectified`.
        deadline_open(lifecycle=lc, kind=K.PERFORMANCE_RECTIFICATION, key=str(year),
                      start=ctx.today, due=rectify_by)
    ctx.changes.update(year=year, goals_met=goals_met)


@step(Action.COMPLETE_PERFORMANCE_RECTIFICATION)
def complete_performance_rectification(ctx: Context) -> None:
    lc = ctx.lifecycle
    year = inputs.integer(ctx.payload, "year", low=2000, high=2100)
    evaluation = lc.self_evaluations.filter(
        year=year, goals_met=False, rectified_on__isnull=True).first()
    if evaluation is None:
        raise InvalidStep(_("该年度没有待整改的绩效自评"), field="year")
    evaluation.rectified_on = ctx.today
    evaluation.save(update_fields=["rectified_on"])
    deadline_meet(lifecycle=lc, kind=K.PERFORMANCE_RECTIFICATION, key=str(year), on=ctx.today)
    still_open = SelfEvaluation.objects.filter(
        lifecycle__application__project=lc.application.project, goals_met=False,
        rectified_on__isnull=True,
    ).exists()
    if not still_open and lc.stage == Stage.OPERATING:
        ctx.target = Stage.EVALUATED
    ctx.changes.update(year=year, note=inputs.text(ctx.payload, "note", required=False))


@step(Action.SAMPLE_POST_EVALUATION)
def sample_post_evaluation(ctx: Context) -> None:
    if ctx.lifecycle.sampled_for_post_evaluation:
        raise InvalidStep(_("已抽取后评价"))
    ctx.lifecycle.sampled_for_post_evaluation = True


@step(Action.RECORD_POST_EVALUATION)
def record_post_evaluation(ctx: Context) -> None:
    if not ctx.lifecycle.sampled_for_post_evaluation:
        raise InvalidStep(_("项目未被抽取后评价"))
    ctx.lifecycle.post_evaluation_opinion = inputs.text(ctx.payload, "opinion")
    ctx.changes["opinion"] = ctx.lifecycle.post_evaluation_opinion
