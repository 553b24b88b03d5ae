"""Journeys through the declaration and review pages in a real browser.

Each person logs in (a session made by the test client), and does in the page what they would
do at work; set-up that is not the point of a journey goes through the services.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from egovpm.declarations.models import Application, State
from tests.browser.conftest import act_as
from tests.declarations.fixtures import review_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n% test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def open_detail(page: Page, live_server: Any, app: Application) -> None:
    page.goto(f"{live_server.url}/declarations/{app.pk}/")


def state_of(page: Page) -> Any:
    return expect(page.get_by_test_id("application-detail"))


def test_applicant_fixes_a_cost_finding_and_submits(page: Page, live_server: Any, people: dict,
                                                   screenshot: Any) -> None:
    act_as(page, live_server, people["applicant_kewei"])
    page.goto(f"{live_server.url}/declarations/")
    page.get_by_test_id("new-application").locator("select").select_option("upgrade")
    page.get_by_role("button", name="新建申报").click()
    expect(page.locator("#id_kind")).to_have_value("upgrade")

    page.fill("#id_name", "区科委政务协同平台升级改造项目")
    page.fill("#id_total_amount", "1000000")
    page.fill("#id_hardware_amount", "0")
    row = page.locator("#budget-rows tr").first
    row.locator('[name="budget-item"]').select_option("app_dev")
    row.locator('[name="budget-amount"]').fill("1000000")
    row.locator('[name="budget-person_months"]').fill("40")  # 2.5万 per person-month

    panel = page.locator("#decision-panel")
    expect(panel.get_by_test_id("route")).to_have_text("审核制")
    rate = panel.locator('.finding[data-code="PERSON_MONTH_RATE_EXCEEDED"]')
    expect(rate).to_have_count(1)
    expect(rate.locator("a.article-link")).to_have_text("标准 三(一)2")
    href = rate.locator("a.article-link").get_attribute("href")
    article = page.request.get(live_server.url + href)
    assert article.ok and "人月单价一般不超过2万元" in article.text()
    screenshot("finding")

    row.locator('[name="budget-person_months"]').fill("50")  # 2万: at the limit
    expect(rate).to_have_count(0)
    expect(panel.get_by_test_id("route")).to_have_text("审核制")

    page.get_by_role("button", name="保存草稿").click()
    state_of(page).to_have_attribute("data-state", "draft")
    expect(page.get_by_text("申报已保存。")).to_be_visible()

    page.select_option("#id_kind", "pre_review_form")
    page.set_input_files("#id_file", files=[{"name": "前置审核表.pdf", "mimeType": "application/pdf",
                                              "buffer": PDF}])
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_test_id("attachments")).to_contain_text("前置审核表.pdf")

    page.locator('[data-action="submit"]').click()
    state_of(page).to_have_attribute("data-state", "office_intake")
    expect(page.get_by_text("已办理:提交申报")).to_be_visible()
    expect(page.get_by_test_id("decision")).to_have_attribute("data-route", "REVIEW")
    screenshot("submitted")
    app = Application.objects.get(name="区科委政务协同平台升级改造项目")
    assert app.state == State.OFFICE_INTAKE
    assert app.budget[0]["person_months"] == "50"


def test_supervisor_approves_a_subordinate_declaration(page: Page, live_server: Any, people: dict,
                                                       flow: Any, screenshot: Any) -> None:
    app = flow.create(review_body(name="区科技创新服务中心孵化平台升级项目"), by="applicant_sub")
    act_as(page, live_server, people["applicant_sub"])
    open_detail(page, live_server, app)
    page.locator('[data-action="submit"]').click()
    state_of(page).to_have_attribute("data-state", "supervisor_review")

    act_as(page, live_server, people["supervisor_kewei"])
    page.goto(f"{live_server.url}/todo/")
    todo = page.get_by_test_id("todo").locator(f'tr[data-application="{app.pk}"]')
    expect(todo).to_contain_text("主管部门审核同意")
    page.goto(f"{live_server.url}/review/")
    queue = page.get_by_test_id("queue")
    expect(queue).to_have_attribute("data-queue", "supervisor_review")
    queue.get_by_role("link", name=app.name).click()
    page.locator('[data-action="supervisor_approve"]').click()
    state_of(page).to_have_attribute("data-state", "office_intake")
    app.refresh_from_db()
    assert app.supervisor_approved and app.state == State.OFFICE_INTAKE


def test_office_accepts_with_assessors(page: Page, live_server: Any, people: dict, flow: Any,
                                       screenshot: Any) -> None:
    app = flow.submitted()
    act_as(page, live_server, people["office_clerk"])
    page.goto(f"{live_server.url}/review/")
    page.get_by_test_id("queue").get_by_role("link", name=app.name).click()
    page.locator('[data-action="office_accept"]').click()

    page.get_by_test_id("confirm").click()  # no assessors chosen: refused, naming the field
    expect(page.locator('[data-field="third_party"]')).to_contain_text("第三方评估机构")

    page.select_option("#id_third_party", "third_party_a")
    page.select_option("#id_expert", "expert_wang")
    screenshot("accept")
    page.get_by_test_id("confirm").click()
    state_of(page).to_have_attribute("data-state", "assessment")
    assessments = page.get_by_test_id("assessments")
    expect(assessments.locator('tr[data-result="pending"]')).to_have_count(2)

    page.goto(f"{live_server.url}/review/?queue=assessment")
    row = page.get_by_test_id("queue").locator(f'tr[data-application="{app.pk}"]')
    expect(row.locator("[data-assessment-kind]")).to_have_count(2)
    screenshot("queue")


def test_two_expert_failures_suspend_the_project(page: Page, live_server: Any, people: dict,
                                                 flow: Any, screenshot: Any) -> None:
    app = flow.accepted()
    for attempt in (1, 2):
        act_as(page, live_server, people["expert_wang"])
        page.goto(f"{live_server.url}/review/assessments/")
        page.get_by_test_id("assignments").locator('tr[data-result="pending"]').get_by_role(
            "link", name="填写评估报告").click()
        page.check('input[name="result"][value="fail"]')
        page.fill("#id_opinion", f"第{attempt}次评估:需求论证不充分")
        page.get_by_test_id("submit-report").click()
        expect(page.get_by_text("评估报告已提交。")).to_be_visible()
        app.refresh_from_db()
        assert app.state == State.RETURNED
        if attempt == 1:
            app = flow.act(app, "submit", "applicant_kewei")
            app = flow.act(app, "office_accept", "office_clerk",
                           assessors={"third_party": "third_party_a", "expert": "expert_wang"})

    act_as(page, live_server, people["applicant_kewei"])
    open_detail(page, live_server, app)
    expect(page.get_by_test_id("suspended")).to_be_visible()
    page.locator('[data-action="submit"]').click()
    refusal = page.get_by_test_id("refusal")
    expect(refusal.locator('[data-code="SUSPENDED_AFTER_FAILURES"]')).to_have_count(1)
    state_of(page).to_have_attribute("data-state", "returned")
    screenshot("suspended")

    page.goto(f"{live_server.url}/declarations/projects/")
    expect(page.get_by_test_id("suspended-until")).to_be_visible()


def test_office_defers_one_and_reserves_another(page: Page, live_server: Any, people: dict,
                                                flow: Any, screenshot: Any) -> None:
    first = flow.ready(review_body(name="区科委物联感知平台升级项目"))
    second = flow.ready(review_body(name="区科委数据共享交换平台升级项目"))
    act_as(page, live_server, people["office_clerk"])
    for app, action, reason in ((first, "defer", "需补充论证投资必要性"),
                                (second, "reserve", "年度预算不足,列入后备库")):
        page.goto(f"{live_server.url}/review/?queue=ready_for_meeting")
        page.get_by_test_id("queue").get_by_role("link", name=app.name).click()
        page.locator(f'[data-action="{action}"]').click()
        page.get_by_test_id("confirm").click()  # no reason: refused
        expect(page.locator('[data-field="reason"]')).to_contain_text("理由")
        page.fill("#id_reason", reason)
        page.get_by_test_id("confirm").click()
        state_of(page).to_have_attribute("data-state", "deferred" if action == "defer" else "reserve")

    page.goto(f"{live_server.url}/review/?queue=reserve")
    row = page.get_by_test_id("queue").locator(f'tr[data-application="{second.pk}"]')
    expect(row).to_contain_text(str(second.budget_year + 1))
    page.goto(f"{live_server.url}/review/?queue=deferred")
    expect(page.get_by_test_id("queue").locator(f'tr[data-application="{first.pk}"]')).to_be_visible()
    screenshot("deferred")
