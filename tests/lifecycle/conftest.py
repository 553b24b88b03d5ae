"""Lifecycle fixtures: approved applications written directly, then opened as lifecycles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from egovpm import workdays
from egovpm.calendars.selectors import forget_installed
from egovpm.declarations.models import Application, Project
from egovpm.lifecycle.models import ProjectLifecycle
from egovpm.lifecycle.services import (
    lifecycle_apply_meeting_decision,
    lifecycle_open,
    lifecycle_transition,
)
from tests.browser.conftest import browser, page, playwright_instance  # noqa: F401 — shared

# The obligations the engine gives a 120万 upgrade that is a key project (POLICY.md §6).
REVIEW_OBLIGATIONS = [
    "GOV_PROCUREMENT_REQUIRED", "PROCUREMENT_START_3_MONTHS", "CONTRACT_FILING_10_WORKING_DAYS",
    "PROJECT_LEADER_REQUIRED", "QUARTERLY_EXECUTION_REPORT", "CHANGE_NEEDS_APPROVAL",
    "SUPERVISION_REQUIRED", "INVESTMENT_SUPERVISION_REQUIRED", "ACCEPTANCE_PREREQUISITES",
    "ACCEPTANCE_FILING_15_WORKING_DAYS", "SECURITY_FEES_FILING_AFTER_ACCEPTANCE",
    "ANNUAL_SELF_EVALUATION",
]


@pytest.fixture(autouse=True)
def pristine_calendar() -> Iterator[None]:
    saved = workdays.default_calendar.snapshot()
    forget_installed()
    yield
    workdays.default_calendar.restore(saved)
    forget_installed()


@pytest.fixture(autouse=True)
def attachments_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "attachments"


def pdf(name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test\n", content_type="application/pdf")


def make_application(
    creator: Any, *, name: str = "区城运中心城市运行管理平台升级改造项目",
    kind: str = "upgrade", total: str = "1200000", key_project: bool = True,
    one_plus_two: bool = False, obligations: list[str] | None = None, budget_year: int = 2026,
) -> Application:
    codes = REVIEW_OBLIGATIONS if obligations is None else obligations
    project = Project.objects.create(unit=creator.unit, name=name)
    return Application.objects.create(
        project=project, unit=creator.unit, created_by=creator, name=name, kind=kind,
        state="approved", budget_year=budget_year, total_amount=Decimal(total),
        key_project=key_project, declared_on=dt.date(budget_year - 1, 5, 10),
        tender={"mode": "one_plus_two" if one_plus_two else "single", "contract_year": 1},
        decision={"obligations": [{"code": c, "source": "规则"} for c in codes]},
    )


@pytest.fixture
def make_lifecycle(applicant_kewei: Any) -> Callable[..., ProjectLifecycle]:
    def make(**kwargs: Any) -> ProjectLifecycle:
        return lifecycle_open(application=make_application(applicant_kewei, **kwargs))

    return make


@pytest.fixture
def lifecycle(make_lifecycle: Callable[..., ProjectLifecycle]) -> ProjectLifecycle:
    return make_lifecycle()


SHANGHAI = ZoneInfo("Asia/Shanghai")


def frozen(day: dt.date, hour: int = 10) -> Any:
    """Freeze the clock at `hour` o'clock, Shanghai time, on `day`."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI),
                               tick=False)


class Driver:
    """Takes steps on one lifecycle with a frozen `today`, as the named people."""

    def __init__(self, lifecycle: ProjectLifecycle, people: dict[str, Any]) -> None:
        self.lifecycle = lifecycle
        self.people = people

    def __call__(self, action: str, today: dt.date, who: str = "applicant", **payload: Any
                 ) -> ProjectLifecycle:
        with frozen(today):
            self.lifecycle = lifecycle_transition(
                lifecycle=self.lifecycle, action=action, actor=self.people[who], payload=payload,
            )
        return self.lifecycle

    def meeting_decides(self, action: str, today: dt.date, **payload: Any) -> ProjectLifecycle:
        """Apply a joint-meeting decision as the chair's signature on the minutes does."""
        with frozen(today):
            self.lifecycle = lifecycle_apply_meeting_decision(
                lifecycle=self.lifecycle, action=action, actor=self.people["chair"],
                payload=payload,
            )
        return self.lifecycle

    def deadline(self, kind: str, key: str = "") -> Any:
        return self.lifecycle.deadlines.get(kind=kind, key=key)


@pytest.fixture
def drive(lifecycle: ProjectLifecycle, applicant_kewei: Any, finance: Any, office_clerk: Any,
          chair: Any) -> Driver:
    return Driver(lifecycle, {"applicant": applicant_kewei, "finance": finance,
                              "office": office_clerk, "chair": chair})


CONTRACT_FILES = {"contract_copy": None, "construction_plan": None, "schedule": None}


def contract_files() -> dict[str, SimpleUploadedFile]:
    return {kind: pdf(f"{kind}.pdf") for kind in CONTRACT_FILES}


def to_executing(drive: Driver, *, released: dt.date, started: dt.date, effective: dt.date,
                 filed: dt.date) -> None:
    """Budget → procurement → contract filed → leader, supervision → executing."""
    drive("release_budget", released, who="finance", released_on=released)
    drive("start_procurement", started, started_on=started, method="gov_procurement")
    drive("file_contract", filed, effective_date=effective, files=contract_files())
    drive("assign_leader", filed, leader_name="李强", leader_title="副主任", staff_name="张敏")
    drive("record_supervision", filed, kind="engineering", firm="上海某监理公司",
          contracted_on=effective)
    drive("record_supervision", filed, kind="investment", firm="上海某投资监理公司",
          contracted_on=effective)
    drive("start_execution", filed)

