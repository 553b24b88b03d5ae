"""A project officer checks an application on the 申报自检 page as they type."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# 120万元 upgrade, lines as in POLICY.md §1 (app_dev first).
LINES = [
    ("app_dev", "800000"),
    ("hardware", "150000"),
    ("security_equipment", "50000"),
    ("product_software", "80000"),
    ("integration", "17000"),
    ("consulting", "40000"),
    ("supervision", "30000"),
    ("software_testing", "15000"),
    ("security_testing", "10800"),
    ("management", "7200"),
]


def fill_upgrade(page: Page) -> None:
    page.select_option("#f-kind", "upgrade")
    page.fill("#f-name", "区城运中心城市运行管理平台升级改造项目")
    page.fill("#f-total-amount", "1200000")
    page.fill("#f-hardware-amount", "200000")
    for index, (item, amount) in enumerate(LINES):
        if index:
            page.click("#add-budget-line")
        row = page.locator(".budget-line").nth(index)
        row.locator('[data-key="item"]').select_option(item)
        row.locator('[data-key="amount"]').fill(amount)
        if item == "app_dev":
            row.locator('[data-key="person_months"]').fill("40")


def test_route_finding_and_article(page: Page, live_server: Any, screenshot: Any) -> None:
    page.goto(live_server.url + "/")
    expect(page).to_have_title("申报自检 · 杨浦区电子政务项目管理平台")

    fill_upgrade(page)

    route = page.locator("#route")
    expect(route).to_have_attribute("data-route", "REVIEW")
    expect(route).to_have_text("审核制")
    expect(page.locator("#steps li")).to_have_count(3)
    expect(page.locator("#f-total-amount ~ .wan, .field:has(#f-total-amount) .wan")).to_have_text(
        "= 120 万元"
    )
    expect(page.locator("#budget-sum")).to_contain_text("与建设金额一致")
    rate = page.locator('.finding[data-code="PERSON_MONTH_RATE_EXCEEDED"]')
    expect(rate).to_have_count(0)

    page.locator('.budget-line [data-key="person_months"]').first.fill("33")

    expect(rate).to_have_count(1)
    expect(rate).to_contain_text("2.42")
    link = rate.locator("a.article-link")
    expect(link).to_have_text("标准 三(一)2")
    screenshot("finding")

    link.click()

    modal = page.locator("#article-modal")
    expect(modal).to_have_attribute("data-shown", "true")
    expect(modal.locator(".article-text")).to_contain_text("2.应用模块:按照日常工作需要确定基本功能要求")
    expect(modal.locator(".article-text mark")).to_contain_text("人月单价一般不超过2万元")
    expect(modal).to_contain_text("《杨浦区区本级电子政务项目通用类配置标准》")
    screenshot("article", full_page=False)


def test_bad_amount_is_shown_next_to_its_field(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/selfcheck/")
    page.select_option("#f-kind", "upgrade")
    page.fill("#f-hardware-amount", "0")

    page.fill("#f-total-amount", "-5")

    expect(page.locator("#f-total-amount")).to_have_class("form-control text-end is-invalid")
    expect(page.locator('.field-error[data-field="total_amount"]')).to_be_visible()
    expect(page.locator("#error")).to_have_attribute("data-field", "total_amount")

    page.fill("#f-total-amount", "500000")

    expect(page.locator("#route")).to_have_attribute("data-route", "FILING")
    expect(page.locator(".field-error")).to_have_count(0)
