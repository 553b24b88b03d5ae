"""申报自检: the self-check page, its JSON evaluation endpoint and the article text page.

Nothing here stores anything or needs a login: the page sends what the officer typed, the
policy engine decides, the page shows the decision with the articles behind it.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from egovpm.policy import InvalidApplication, evaluate, get_pack
from egovpm.policy.examples import example_application
from egovpm.selfcheck import choices
from egovpm.selfcheck.articles import find_articles, passage
from egovpm.selfcheck.explain import decision_payload
from egovpm.selfcheck.inputs import applicant_supplied

MAX_BODY_BYTES = 512 * 1024


@require_GET
@ensure_csrf_cookie
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "selfcheck/index.html",
        {
            "today": today.isoformat(),
            "next_year": today.year + 1,
            "kinds": choices.PROJECT_KINDS,
            "unit_kinds": choices.APPLICANT_UNIT_KINDS,
            "tender_modes": choices.TenderMode.choices,
            "category_types": choices.CategoryType.choices,
            "category_scales": choices.CategoryScale.choices,
            "budget_item_groups": choices.BUDGET_ITEM_GROUPS,
            "maintenance_kinds": choices.MaintenanceKind.choices,
            "device_classes": choices.DeviceClass.choices,
            "software_classes": choices.SoftwareClass.choices,
            "complexities": choices.Complexity.choices,
            "attachments": choices.ATTACHMENTS,
            "compliance_flags": choices.COMPLIANCE_FLAGS,
            "xinchuang_exemption_flags": choices.XINCHUANG_EXEMPTION_FLAGS,
            "djbh_levels": [1, 2, 3, 4, 5],
            "contract_years": [1, 2, 3],
            "strings": _page_strings(),
            "example": example_application(
                declared_on=today.isoformat(), budget_year=today.year + 1
            ),
        },
    )


def _page_strings() -> dict[str, str]:
    """Texts the page's script shows, translated here so the script holds none."""
    return {
        "loading": _("正在载入条款…"),
        "articleFailed": _("无法载入条款原文"),
        "eligible": _("可以申报"),
        "ineligible": _("存在阻断性问题,不予受理"),
        "sum": _("明细合计"),
        "diff": _("与建设金额相差"),
        "equal": _("与建设金额一致"),
        "wan": _("万元"),
        "yuan": _("元"),
        "unreachable": _("暂时无法连接服务器,请稍后再试"),
        "locate": _("定位"),
        "basis": _("依据"),
        "blocking": _("阻断"),
    }


def _error(field: str, message: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"error": {"field": field, "message": message}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


@require_POST
def evaluate_application(request: HttpRequest) -> JsonResponse:
    """POST an application as JSON; answer `{"decision": …}` or `{"error": {field, message}}`."""
    if len(request.body) > MAX_BODY_BYTES:
        return _error("", _("申报内容过大"), status=413)
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error("", _("请求内容不是有效的 JSON"))
    if not isinstance(payload, dict):
        return _error("", _("申报必须是 JSON 对象"))
    try:
        decision = evaluate(applicant_supplied(payload))
    except InvalidApplication as error:
        return _error(error.field, str(error))
    return JsonResponse(
        {"decision": decision_payload(decision)}, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def article(request: HttpRequest) -> HttpResponse:
    """The verbatim text of the article(s) a citation names (`?source=标准 三(一)2`).

    `pack` chooses the policy pack (default: the one in force today), `quote` is highlighted
    where it occurs, `partial=1` answers only the fragment (for the page's dialog).
    """
    source = request.GET.get("source", "").strip()
    if not source:
        raise Http404(_("缺少条款出处(source)"))
    try:
        pack = get_pack(request.GET.get("pack") or None, on=timezone.localdate())
    except (LookupError, ValueError) as error:
        raise Http404(_("没有这个政策包")) from error
    articles = find_articles(pack, source)
    if not articles:
        raise Http404(_("政策包中没有条款 %(source)s") % {"source": source})
    quote = request.GET.get("quote", "")
    context = {
        "source": source,
        "pack": pack,
        "articles": [
            {"article": found, "passage": passage(found.text, quote)} for found in articles
        ],
    }
    template = "selfcheck/_article.html" if request.GET.get("partial") else "selfcheck/article.html"
    return render(request, template, context)
