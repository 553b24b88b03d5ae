"""The audit trail page: read-only, for the auditor (区审计局) and the audit administrator."""

from __future__ import annotations

import json

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from egovpm.accounts.models import Role
from egovpm.accounts.permissions import AUDIT_READERS, require_role
from egovpm.audit.labels import action_label
from egovpm.audit.selectors import audit_actions, audit_entries
from egovpm.audit.verify import audit_verify

PAGE_SIZE = 50


def _change_rows(changes: object) -> list[tuple[str, str]]:
    """`changes` as (field, "before → after") rows; values not in that shape shown as they are."""
    if not isinstance(changes, dict):
        return [("", json.dumps(changes, ensure_ascii=False))]
    rows = []
    for name, value in changes.items():
        if isinstance(value, dict) and set(value) == {"before", "after"}:
            before, after = (("—" if v is None else json.dumps(v, ensure_ascii=False).strip('"'))
                             for v in (value["before"], value["after"]))
            rows.append((name, f"{before} → {after}"))
        else:
            rows.append((name, json.dumps(value, ensure_ascii=False)))
    return rows


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("操作"), required=False)
    obj = forms.CharField(label=_("对象"), required=False, max_length=200)
    date_from = forms.DateField(label=_("起始日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", _("全部"))] + [
            (code, action_label(code)) for code in audit_actions()
        ]


@require_safe
@require_role(*AUDIT_READERS)
def trail(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(
        actor=filters.get("actor", ""), action=filters.get("action", ""),
        obj=filters.get("obj", ""), date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        # Display-only attributes for the template, set on the page's rows.
        entry.action_label = action_label(entry.action)  # type: ignore[attr-defined]
        entry.change_rows = _change_rows(entry.changes)  # type: ignore[attr-defined]
        entry.role_label = (  # type: ignore[attr-defined]
            Role(entry.actor_role).label if entry.actor_role in Role.values else ""
        )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("verify", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "verification": audit_verify() if request.GET.get("verify") else None,
    }
    return render(request, "audit/trail.html", context)
