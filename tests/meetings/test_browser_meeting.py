"""The joint meeting in the browser: office drafts the agenda, chair approves, attendance and
decisions are recorded (refused without a quorum), chair signs, the applicant is told."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from egovpm.declarations.models import Application, State
from tests.browser.conftest import act_as
from tests.meetings.conftest import units

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page: Page, name: str) -> None:
    page.get_by_role("button", name=name).click()


def test_office_and_chair_hold_a_meeting(page: Page, live_server, seats, office_clerk, chair,
                                         applicant_kewei, make_ready):
    app = make_ready("REVIEW", "2000000.00", name="区科委数据中台建设项目")
    act_as(page, live_server, office_clerk)
    page.goto(f"{live_server.url}/meetings/")
    page.fill("#m-date", "2026-05-20")
    press(page, "新建会议")
    expect(page.get_by_test_id("meeting-state")).to_have_text("议题拟定中")
    page.check(f"#app-{app.pk}")
    page.fill(f'input[name="opinion_{app.pk}"]', "经论证评估，建议同意")
    page.get_by_test_id("save-agenda").click()
    expect(page.get_by_text("办公室意见：经论证评估，建议同意")).to_be_visible()
    meeting_url = page.url

    act_as(page, live_server, chair)
    page.goto(meeting_url)
    press(page, "审定议题")
    expect(page.get_by_test_id("meeting-state")).to_have_text("议题已审定")

    act_as(page, live_server, office_clerk)
    page.goto(meeting_url)
    press(page, "开始会议")
    for index in range(1, 7):
        page.check(f"#present-{index}")
    page.get_by_test_id("save-attendance").click()
    # Six of fourteen: the page says why no decision can be recorded.
    expect(page.get_by_test_id("quorum")).to_contain_text("未达到法定人数，不能记录决定")
    expect(page.get_by_role("button", name="记录决定")).to_be_disabled()
    page.check("#present-7")
    page.get_by_test_id("save-attendance").click()
    expect(page.get_by_test_id("quorum")).to_contain_text("已到会 7 家")
    item = page.get_by_test_id(f"item-{app.pk}")
    item.get_by_label("决定").select_option("approve")
    item.get_by_label("核定金额").fill("1800000")
    item.get_by_label("条件").fill("分两期实施")
    press(page, "记录决定")
    expect(item).to_contain_text("待签发")
    assert Application.objects.get(pk=app.pk).state == State.READY_FOR_MEETING

    act_as(page, live_server, chair)
    page.goto(meeting_url)
    with page.expect_download() as download:
        page.get_by_test_id("minutes-docx").click()
    assert download.value.suggested_filename.endswith("minutes-draft.docx")
    page.get_by_test_id("sign-minutes").click()
    expect(page.get_by_test_id("meeting-state")).to_have_text("纪要已签发")
    expect(page.get_by_test_id(f"item-{app.pk}")).to_contain_text("已生效")
    for unit in units(7):
        expect(page.get_by_test_id("members")).to_contain_text(unit)

    act_as(page, live_server, applicant_kewei)
    page.goto(f"{live_server.url}/meetings/notifications/")
    expect(page.get_by_test_id("notifications")).to_contain_text("区科委数据中台建设项目」联席会议决定：审核同意")
    expect(page.get_by_test_id("notifications")).to_contain_text("核定金额 1800000.00 元")
    application = Application.objects.get(pk=app.pk)
    assert application.state == State.APPROVED
