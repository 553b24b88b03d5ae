"""Helpers for the cross-module tests: lifecycle steps on given days, small PDF uploads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from egovpm.lifecycle.services import lifecycle_transition


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test\n", content_type="application/pdf")


class Steps:
    """Takes lifecycle steps as the unit's applicant (or another named person) on given days."""

    def __init__(self, lifecycle: Any, people: dict[str, Any]) -> None:
        self.lc, self.people = lifecycle, people

    def __call__(self, action: str, today: dt.date, who: str = "applicant_kewei",
                 **payload: Any) -> Any:
        self.lc = lifecycle_transition(lifecycle=self.lc, action=action, actor=self.people[who],
                                       payload=payload, today=today)
        return self.lc

    def to_acceptance(self, day: dt.date, accepted_on: dt.date) -> None:
        """Budgeted → procurement → contract filed → executing → acceptance requested with
        its five prerequisite reports (the obligations of the REVIEW example)."""
        self("start_procurement", day, started_on=day, method="public_tender")
        self("file_contract", day, effective_date=day, files={
            kind: pdf(f"{kind}.pdf") for kind in ("contract_copy", "construction_plan", "schedule")})
        self("assign_leader", day, leader_name="李强", leader_title="副主任", staff_name="张敏")
        for kind in ("engineering", "investment"):
            self("record_supervision", day, kind=kind, firm="上海某监理公司", contracted_on=day)
        self("start_execution", day)
        self("request_acceptance", accepted_on)
        for kind in ("self_check", "software_testing", "security_testing", "crypto_testing",
                     "summary"):
            self("upload_acceptance_prerequisite", accepted_on, kind=kind, file=pdf(f"{kind}.pdf"))
