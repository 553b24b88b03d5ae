"""The Content-Security-Policy breaks nothing a person does: no violation in a real browser."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_console(page: Page) -> list[str]:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_pages_and_scripts_work_under_the_policy(page: Page, live_server: Any, applicant_kewei):
    problems = watch_console(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill('input[name="username"]', "applicant_kewei")
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"], form input[type="submit"]').first.click()
    page.wait_for_url(f"{live_server.url}/")

    # The self-check page: its script reads the JSON strings block and evaluates live.
    response = page.goto(f"{live_server.url}/selfcheck/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.select_option("#f-kind", "upgrade")

    # The state filter submits itself (declarations.js; no inline handler).
    page.goto(f"{live_server.url}/declarations/")
    page.select_option("#state-filter", "draft")
    page.wait_for_url("**/declarations/?state=draft")

    # The declaration form: htmx renders the live findings panel.
    page.get_by_test_id("new-application").locator("select").select_option("upgrade")
    page.get_by_role("button", name="新建申报").click()
    page.fill("#id_name", "区科委政务协同平台升级改造项目")
    page.fill("#id_total_amount", "1000000")
    page.fill("#id_hardware_amount", "0")
    row = page.locator("#budget-rows tr").first
    row.locator('[name="budget-item"]').select_option("app_dev")
    row.locator('[name="budget-amount"]').fill("1000000")
    expect(page.locator("#decision-panel").get_by_test_id("route")).to_have_text("审核制")

    assert problems == []


def test_swagger_page_renders_under_its_policy(page: Page, live_server: Any, db):
    problems = watch_console(page)
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert "style-src 'self' 'unsafe-inline'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert [p for p in problems if "Content Security Policy" in p] == []


def test_withdraw_asks_first_through_the_static_script(page: Page, live_server: Any,
                                                       applicant_kewei):
    """The confirmation once an inline onclick: now declarations.js, its text from data-confirm."""
    from egovpm.declarations.models import Application
    from egovpm.declarations.services import application_create
    from tests.declarations.fixtures import review_body

    app = application_create(actor=applicant_kewei, data=review_body())
    problems = watch_console(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill('input[name="username"]', "applicant_kewei")
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"], form input[type="submit"]').first.click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/declarations/{app.pk}/")
    asked: list[str] = []

    def dismiss(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator('button[data-action="withdraw"]').click()
    page.wait_for_timeout(300)
    assert asked == ["确定撤回该申报?"]
    assert Application.objects.get(pk=app.pk).state == "draft"  # dismissed: nothing sent

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator('button[data-action="withdraw"]').click()
    page.wait_for_load_state("networkidle")
    expect(page.locator('button[data-action="withdraw"]')).to_have_count(0)
    assert Application.objects.get(pk=app.pk).state == "withdrawn"
    assert problems == []
