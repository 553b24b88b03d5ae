"""In the browser, with the clock set to each day: finance releases the budget, the unit starts
procurement, files its contract late and sees it flagged, reports a quarter, passes acceptance
and files it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import Page, expect

from tests.browser.conftest import act_as
from tests.lifecycle.conftest import SHANGHAI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OBLIGATIONS = [
    "GOV_PROCUREMENT_REQUIRED", "PROCUREMENT_START_3_MONTHS", "CONTRACT_FILING_10_WORKING_DAYS",
    "PROJECT_LEADER_REQUIRED", "QUARTERLY_EXECUTION_REPORT", "ACCEPTANCE_PREREQUISITES",
    "ACCEPTANCE_FILING_15_WORKING_DAYS",
]
PDF = b"%PDF-1.4 journey\n"


def on(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=SHANGHAI), tick=True)


def take(page: Page, action: str, fields: dict[str, str] | None = None,
         files: dict[str, str] | None = None) -> None:
    form = page.locator(f'details[data-action="{action}"]')
    form.locator("summary").click()
    for name, value in (fields or {}).items():
        box = form.locator(f'[id="{action}-{name}"]')
        if box.evaluate("e => e.tagName") == "SELECT":
            box.select_option(value)
        else:
            box.fill(value)
    for name, filename in (files or {}).items():
        form.locator(f'[id="{action}-{name}"]').set_input_files(
            {"name": filename, "mimeType": "application/pdf", "buffer": PDF})
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert").first).to_contain_text("已完成")


def status_of(page: Page, kind: str):
    return page.locator(f'tr[data-kind="{kind}"] .badge').last


def test_from_budget_release_to_filed_acceptance(page: Page, live_server, settings, finance,
                                                 applicant_kewei, make_lifecycle) -> None:
    # Frozen days lie in the past; a session cookie with an expiry date would look stale to
    # the browser, which keeps real time.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    lifecycle = make_lifecycle(total="800000", obligations=OBLIGATIONS)
    url = f"{live_server.url}/lifecycle/{lifecycle.pk}/"

    with on(dt.date(2026, 3, 2)):
        act_as(page, live_server, finance)
        page.goto(url)
        take(page, "release_budget", {"released_on": "2026-03-02"})
        expect(page.get_by_test_id("stage")).to_have_text("预算已下达")
        expect(page.locator('tr[data-kind="procurement_start"]')).to_contain_text("2026-06-02")

    with on(dt.date(2026, 3, 20)):
        act_as(page, live_server, applicant_kewei)
        page.goto(url)
        take(page, "start_procurement", {"started_on": "2026-03-20",
                                         "method": "gov_procurement"})
        expect(page.get_by_test_id("stage")).to_have_text("采购中")

    # Effective Wed 1 Apr 2026; 清明 4–6 Apr: due Thu 16 Apr; filed on the 20th.
    with on(dt.date(2026, 4, 20)):
        act_as(page, live_server, applicant_kewei)
        page.goto(url)
        take(page, "file_contract", {"effective_date": "2026-04-01"},
             {"files.contract_copy": "合同.pdf", "files.construction_plan": "建设方案.pdf",
              "files.schedule": "实施进度.pdf"})
        expect(page.get_by_test_id("stage")).to_have_text("合同已签订")
        expect(page.locator('tr[data-kind="contract_filing"]')).to_contain_text("2026-04-16")
        expect(status_of(page, "contract_filing")).to_have_text("逾期完成")
        take(page, "assign_leader", {"leader_name": "李强", "leader_title": "副主任",
                                     "staff_name": "张敏"})
        take(page, "start_execution")
        expect(page.get_by_test_id("stage")).to_have_text("实施中")

    with on(dt.date(2026, 7, 3)):
        act_as(page, live_server, applicant_kewei)
        page.goto(url)
        take(page, "submit_quarterly_report",
             {"year": "2026", "quarter": "2", "planned_progress": "40", "actual_progress": "35",
              "amount_spent": "200000", "problems": "无"})
        expect(page.get_by_test_id("quarterly")).to_contain_text("2026Q2")
        expect(page.locator('tr[data-kind="quarterly_report"]').first).to_contain_text("按时完成")

    with on(dt.date(2026, 9, 3)):
        act_as(page, live_server, applicant_kewei)
        page.goto(url)
        take(page, "request_acceptance")
        for kind in ("self_check", "software_testing", "security_testing", "crypto_testing",
                     "summary"):
            take(page, "upload_acceptance_prerequisite", {"kind": kind}, {"file": f"{kind}.pdf"})
        take(page, "record_acceptance", {"held_on": "2026-09-03", "passed": "true",
                                         "opinion": "同意通过竣工验收"})
        expect(page.get_by_test_id("stage")).to_have_text("已通过验收")
        expect(page.locator('tr[data-kind="acceptance_filing"]')).to_contain_text("2026-09-23")  # make-up Sunday 20 Sep counts

    with on(dt.date(2026, 9, 10)):
        act_as(page, live_server, applicant_kewei)
        page.goto(url)
        take(page, "file_acceptance", files={"files.acceptance_report": "验收意见.pdf"})
        expect(page.get_by_test_id("stage")).to_have_text("运行维护")
        expect(status_of(page, "acceptance_filing")).to_have_text("按时完成")
