"""The self-check page, its JSON endpoint and the article page."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

EVALUATE_URL = "/selfcheck/evaluate"
ARTICLE_URL = "/policy/articles/"


def post(client: Client, payload: Any) -> Any:
    return client.post(EVALUATE_URL, data=json.dumps(payload), content_type="application/json")


# ---- the page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/selfcheck/"])
def test_page_is_the_chinese_self_check(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>申报自检" in html
    assert '<html lang="zh-Hans">' in html
    assert "杨浦区电子政务项目管理平台" in html
    assert "csrftoken" in response.cookies


def test_page_loads_only_local_assets(client: Client) -> None:
    html = client.get("/").content.decode()

    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assets = re.findall(r"""(?:src|href)=["'](/static/[^"']+)["']""", html)
    assert {"/static/vendor/bootstrap.min.css", "/static/vendor/bootstrap.bundle.min.js",
            "/static/egovpm/selfcheck.js"} <= set(assets)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset


def test_page_offers_every_kind_item_and_attachment(client: Client) -> None:
    html = client.get("/").content.decode()

    for code in ["new", "upgrade", "continuation", "om", "service", "info_publishing",
                 "security_assessment_fee", "market_software"]:
        assert f'<option value="{code}">' in html
    for item in ["app_dev", "integration", "contingency", "office_equipment", "idc", "djbh3_testing"]:
        assert f'<option value="{item}">' in html
    assert html.count('data-list="attachments"') == 8


@pytest.mark.django_db
def test_signed_in_user_sees_name_role_and_logout(client: Client, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(
        username="kewei", password="x-unused-9", role="applicant", display_name="柯伟"
    )
    client.force_login(user)

    html = client.get("/").content.decode()

    assert "柯伟" in html
    assert "项目经办人" in html
    assert 'action="/accounts/logout/"' in html


def test_anonymous_visitor_sees_no_logout(client: Client) -> None:
    assert 'action="/accounts/logout/"' not in client.get("/").content.decode()


# ---- the JSON endpoint -----------------------------------------------------------------------------


def test_valid_application_gets_route_and_labels(client: Client, upgrade: dict[str, Any]) -> None:
    response = post(client, upgrade)

    assert response.status_code == 200
    decision = response.json()["decision"]
    assert (decision["route"], decision["route_label"]) == ("REVIEW", "审核制")
    assert [step["code"] for step in decision["step_items"]] == decision["steps"]
    assert all(step["label"] and step["label"] != step["code"] for step in decision["step_items"])
    assert all(obligation["label"] for obligation in decision["obligations"])
    assert decision["basis"][0]["sources"] == [decision["basis"][0]["source"]]


def test_finding_carries_title_and_severity_label(
    client: Client, upgrade_33_person_months: dict[str, Any]
) -> None:
    [finding] = post(client, upgrade_33_person_months).json()["decision"]["findings"]

    assert finding["code"] == "PERSON_MONTH_RATE_EXCEEDED"
    assert finding["sources"] == ["标准 三(一)2"]
    assert finding["severity_label"] == "错误"
    assert finding["title"] and finding["title"] != finding["code"]
    assert "人月单价一般不超过2万元" in finding["quote"]


def test_invalid_application_is_400_naming_the_field(client: Client, upgrade: dict[str, Any]) -> None:
    upgrade["budget"][2]["amount"] = "-1"

    response = post(client, upgrade)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "budget[2].amount"
    assert error["message"]


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"text"'])
def test_body_that_is_not_an_object_is_400(client: Client, body: str) -> None:
    response = client.post(EVALUATE_URL, data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_endpoint_refuses_get(client: Client) -> None:
    assert client.get(EVALUATE_URL).status_code == 405


def test_endpoint_needs_the_csrf_token(upgrade: dict[str, Any]) -> None:
    browser = Client(enforce_csrf_checks=True)
    assert post(browser, upgrade).status_code == 403

    token = browser.get("/").cookies["csrftoken"].value
    response = browser.post(
        EVALUATE_URL, data=json.dumps(upgrade), content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200


def test_platform_fields_sent_by_the_applicant_are_ignored(
    client: Client, upgrade: dict[str, Any]
) -> None:
    upgrade["unit"] = {"kind": "subordinate", "supervisor_approved": True}
    upgrade["history"]["performance_unrectified"] = True

    codes = {finding["code"] for finding in post(client, upgrade).json()["decision"]["findings"]}

    assert "SUBORDINATE_NOT_APPROVED" in codes
    assert "PERFORMANCE_UNRECTIFIED" not in codes


# ---- the article page ------------------------------------------------------------------------------


def test_article_page_shows_the_verbatim_text(client: Client) -> None:
    response = client.get(ARTICLE_URL, {"source": "标准 三(一)2"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "人月单价一般不超过2万元" in html
    assert "《杨浦区区本级电子政务项目通用类配置标准》" in html
    assert "<html" in html


def test_article_quote_is_highlighted_and_fragment_has_no_page(client: Client) -> None:
    response = client.get(
        ARTICLE_URL, {"source": "标准 三(一)2", "quote": "人月单价一般不超过2万元", "partial": "1"}
    )

    html = response.content.decode()
    assert "<mark>人月单价一般不超过2万元</mark>" in html
    assert "<html" not in html


def test_article_with_several_citations_shows_each(client: Client) -> None:
    html = client.get(ARTICLE_URL, {"source": "办法 第二十二条, 标准 四(三)"}).content.decode()

    assert html.count('class="article-text"') == 2


@pytest.mark.parametrize("params", [{"source": "标准 九(九)9"}, {"source": ""}, {},
                                    {"source": "标准 三(一)2", "pack": "nowhere-1999"}])
def test_unknown_article_is_404(client: Client, params: dict[str, str]) -> None:
    assert client.get(ARTICLE_URL, params).status_code == 404
