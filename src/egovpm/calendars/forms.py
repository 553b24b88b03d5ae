"""Forms of the calendar page: they parse input only; the service decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egovpm.workdays import InvalidArrangement, decode_arrangement_file
from egovpm.workdays.arrangement import MAX_FILE_BYTES


class ArrangementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("年度放假安排文件"),
        help_text=_("TOML 或 JSON 格式，字段与内置的 2024–2026 年文件相同。"),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("文件过大（上限 64 KB）"))
        try:
            return decode_arrangement_file(upload.read(), filename=upload.name)
        except InvalidArrangement as exc:
            raise forms.ValidationError(str(exc)) from None


class DeadlineForm(forms.Form):
    start = forms.DateField(label=_("起算日"), widget=forms.DateInput(attrs={"type": "date"}))
    n = forms.IntegerField(label=_("工作日数"), min_value=1, max_value=1000, initial=10)
