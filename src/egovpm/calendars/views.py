"""The calendar page: the loaded years, a deadline calculator, and the upload of a new year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from egovpm.accounts.models import Role
from egovpm.audit.services import client_ip_of
from egovpm.calendars.forms import ArrangementUploadForm, DeadlineForm
from egovpm.calendars.selectors import deadline_after, loaded_years
from egovpm.calendars.services import arrangement_load
from egovpm.workdays import InvalidArrangement, is_loaded, is_working_day


def _can_upload(request: HttpRequest) -> bool:
    return getattr(request.user, "role", None) == Role.SYSADMIN


@login_required
def calendar_index(request: HttpRequest) -> HttpResponse:
    upload_form = ArrangementUploadForm() if _can_upload(request) else None
    status = 200
    if request.method == "POST":
        if not _can_upload(request):
            raise PermissionDenied(_("只有系统管理员可以载入年度放假安排"))
        upload_form = ArrangementUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            try:
                row = arrangement_load(
                    data=upload_form.cleaned_data["file"],
                    actor=request.user,
                    client_ip=client_ip_of(request),
                )
            except InvalidArrangement as exc:
                for error in exc.errors:
                    upload_form.add_error("file", str(error))
            else:
                messages.success(
                    request,
                    _("已载入 %(year)s 年放假安排（%(notice)s），暂定期限将重新推算。")
                    % {"year": row.year, "notice": row.notice},
                )
                return redirect("calendars:index")
        status = 400

    today = timezone.localdate()
    deadline_form = DeadlineForm(request.GET or None, initial={"start": today, "n": 10})
    deadline = None
    if deadline_form.is_bound and deadline_form.is_valid():
        deadline = deadline_after(deadline_form.cleaned_data["start"], deadline_form.cleaned_data["n"])
    years = loaded_years()
    return render(
        request,
        "calendars/index.html",
        {
            "years": years,
            "today": today,
            "today_is_working": is_working_day(today),
            "next_year": today.year + 1,
            "next_year_loaded": is_loaded(today.year + 1),
            "deadline_form": deadline_form,
            "deadline": deadline,
            "upload_form": upload_form,
        },
        status=status,
    )
