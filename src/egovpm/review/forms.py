"""Inputs of the review actions: a reason, the office's acceptance, an assessment report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egovpm.review.models import AssessmentResult

TEXTAREA = forms.Textarea(attrs={"rows": 4, "class": "form-control"})
SELECT = {"class": "form-select"}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=TEXTAREA, max_length=2000)

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required

    def payload(self) -> dict[str, Any]:
        return {}


class AcceptForm(forms.Form):
    """联席办受理: the assessors the route needs, and an optional route override with reason."""

    third_party = forms.ChoiceField(label=_("第三方评估机构"), required=False,
                                    widget=forms.Select(attrs=SELECT))
    expert = forms.ChoiceField(label=_("行业专家"), required=False,
                               widget=forms.Select(attrs=SELECT))
    route = forms.ChoiceField(label=_("调整评审流程(可选)"), required=False,
                              widget=forms.Select(attrs=SELECT))
    reason = forms.CharField(label=_("调整理由(调整流程时必填)"), required=False,
                             widget=TEXTAREA, max_length=2000)

    def __init__(self, *args: Any, third_parties: list, experts: list, routes: list,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, first, rest in (("third_party", "—", third_parties), ("expert", "—", experts),
                                  ("route", _("按系统计算的流程"), routes)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", first), *rest]

    def payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        payload: dict[str, Any] = {"assessors": {"third_party": d["third_party"],
                                                 "expert": d["expert"]}}
        if d["route"]:
            payload["route"] = d["route"]
        return payload


class ReportForm(forms.Form):
    result = forms.ChoiceField(
        label=_("评估结论"), widget=forms.RadioSelect,
        choices=[(AssessmentResult.PASS, _("通过")), (AssessmentResult.FAIL, _("未通过"))])
    opinion = forms.CharField(label=_("评估意见"), widget=TEXTAREA, max_length=10000)
    file = forms.FileField(label=_("评估报告附件(可选)"), required=False,
                           widget=forms.ClearableFileInput(attrs={"class": "form-control"}))
