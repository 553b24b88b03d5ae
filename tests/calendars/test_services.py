"""Loading a year through the service: stored, audited, installed and announced after commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from egovpm import workdays
from egovpm.audit.models import AuditEntry
from egovpm.calendars.models import YearArrangement
from egovpm.calendars.selectors import deadline_after, ensure_calendar_loaded
from egovpm.calendars.services import arrangement_load
from egovpm.calendars.signals import year_loaded
from egovpm.workdays import Deadline, InvalidArrangement
from tests.workdays.samples import fictitious_2027

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """The years announced through `year_loaded`."""
    years: list[int] = []

    def receiver(sender, year, **kwargs):
        years.append(year)

    year_loaded.connect(receiver)
    yield years
    year_loaded.disconnect(receiver)


def test_a_provisional_deadline_is_recomputed_when_its_year_is_loaded(
    sysadmin, django_capture_on_commit_callbacks
):
    # A consumer (the lifecycle module, later) keeps deadlines and recomputes the provisional
    # ones when a year is announced.
    kept = {"contract_filing": (dt.date(2026, 12, 31), 10, deadline_after(dt.date(2026, 12, 31), 10))}
    assert kept["contract_filing"][2].label == "2027-01-14(暂定)"
    heard: list[int] = []

    def recompute(sender, year, **kwargs):
        heard.append(year)
        for key, (start, n, deadline) in list(kept.items()):
            if year in deadline.assumed_years:
                kept[key] = (start, n, deadline_after(start, n))

    year_loaded.connect(recompute)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            arrangement_load(data=fictitious_2027(), actor=sysadmin)
    finally:
        year_loaded.disconnect(recompute)

    assert heard == [2027]
    assert kept["contract_filing"][2] == Deadline(date=dt.date(2027, 1, 15), provisional=False)
    assert kept["contract_filing"][2].label == "2027-01-15"


def test_nothing_is_installed_or_announced_before_commit(
    sysadmin, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = arrangement_load(data=fictitious_2027(), actor=sysadmin)
    assert row.year == 2027
    assert len(callbacks) == 1
    assert not workdays.is_loaded(2027)
    assert announced == []


def test_a_rolled_back_load_leaves_no_trace(sysadmin, announced, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            arrangement_load(data=fictitious_2027(), actor=sysadmin)
            raise RuntimeError("the caller's transaction fails")
    assert not YearArrangement.objects.exists()
    assert not AuditEntry.objects.filter(action="year_arrangement_load").exists()
    assert not workdays.is_loaded(2027)
    assert announced == []


def test_load_is_stored_and_audited(sysadmin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = arrangement_load(data=fictitious_2027(), actor=sysadmin, client_ip="10.0.0.8")
    row.refresh_from_db()
    assert (row.year, row.notice, row.loaded_by) == (2027, "测试〔2026〕1号", sysadmin)
    assert row.data["holidays"][1]["makeup_days"] == ["2027-02-20"]
    entry = AuditEntry.objects.get(action="year_arrangement_load")
    assert (entry.actor_username, entry.object_id, entry.client_ip) == ("sysadmin_zhou", str(row.pk), "10.0.0.8")
    assert entry.changes["notice"] == {"before": None, "after": "测试〔2026〕1号"}


def test_loading_a_year_again_replaces_it(sysadmin, announced, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        arrangement_load(data=fictitious_2027(), actor=sysadmin)
    changed = fictitious_2027()
    changed["notice"] = "测试〔2026〕2号"
    changed["holidays"][1]["makeup_days"] = ["2027-02-13"]
    changed["holidays"][1]["last"] = "2027-02-11"
    with django_capture_on_commit_callbacks(execute=True):
        arrangement_load(data=changed, actor=None)
    assert YearArrangement.objects.get().notice == "测试〔2026〕2号"
    assert workdays.is_working_day(dt.date(2027, 2, 13))
    assert not workdays.is_working_day(dt.date(2027, 2, 20))
    assert announced == [2027, 2027]
    second = AuditEntry.objects.filter(action="year_arrangement_load").order_by("seq").last()
    assert second.actor_username == ""  # the operator at the console
    assert second.changes["makeup_days"] == {"before": ["2027-02-20"], "after": ["2027-02-13"]}


def test_an_invalid_file_stores_nothing(sysadmin, announced, django_capture_on_commit_callbacks):
    data = fictitious_2027()
    data["holidays"][0]["last"] = "2028-01-03"
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidArrangement) as caught:
        arrangement_load(data=data, actor=sysadmin)
    assert caught.value.field == "holidays[0].last"
    assert not YearArrangement.objects.exists()
    assert not AuditEntry.objects.exists()
    assert announced == []


def test_only_a_system_administrator_may_load(applicant_kewei):
    with pytest.raises(PermissionDenied):
        arrangement_load(data=fictitious_2027(), actor=applicant_kewei)
    assert not YearArrangement.objects.exists()


def test_ensure_calendar_loaded_installs_years_stored_by_another_process():
    row = YearArrangement.objects.create(
        year=2027, notice="测试〔2026〕1号", title="虚构", data=fictitious_2027(),
        loaded_at=timezone.now(),
    )
    assert not workdays.is_loaded(2027)  # nothing queries the database at start-up
    ensure_calendar_loaded()
    assert workdays.is_loaded(2027)
    assert not workdays.is_working_day(dt.date(2027, 2, 8))

    # the other process reloads the year: this one notices the new timestamp
    changed = fictitious_2027()
    changed["holidays"] = changed["holidays"][:1]
    YearArrangement.objects.filter(pk=row.pk).update(
        data=changed, loaded_at=row.loaded_at + dt.timedelta(seconds=1)
    )
    ensure_calendar_loaded()
    assert workdays.is_working_day(dt.date(2027, 2, 8))
