"""Bad input on the pages: a clear message naming the field, and nothing changed."""

from __future__ import annotations

from typing import Any

from egovpm.declarations.models import Application, Attachment
from egovpm.review.models import Assessment
from tests.declarations.fixtures import review_body
from tests.web.helpers import form_data


def errors_of(response: Any) -> str:
    return " ".join(response.context["summary"])


def test_a_bad_amount_is_named_and_nothing_is_saved(people: dict, login_client: Any) -> None:
    client = login_client(people["applicant_kewei"])
    response = client.post("/declarations/new/", form_data(review_body(), total_amount="12万"))
    assert response.status_code == 400
    assert "建设金额(元)" in errors_of(response)
    assert response.context["form"].errors["total_amount"]
    assert not Application.objects.exists()


def test_a_missing_name_is_named(people: dict, login_client: Any) -> None:
    client = login_client(people["applicant_kewei"])
    response = client.post("/declarations/new/", form_data(review_body(), name=""))
    assert response.status_code == 400
    assert "项目名称" in errors_of(response)
    assert not Application.objects.exists()


def test_a_bad_budget_line_is_named_with_its_row(people: dict, login_client: Any) -> None:
    client = login_client(people["applicant_kewei"])
    data = form_data(review_body())
    data["budget-amount"][2] = "-50000"
    response = client.post("/declarations/new/", data)
    assert response.status_code == 400
    assert "预算明细第 3 行 金额" in errors_of(response)
    assert response.context["rows"]["budget"][2]["errors"]["amount"]
    assert 'value="-50000"' in response.content.decode()  # what was typed stays on the page
    assert not Application.objects.exists()


def test_a_bad_catalogue_length_is_named(people: dict, login_client: Any) -> None:
    client = login_client(people["applicant_kewei"])
    data = form_data(review_body(), **{
        "catalog-table": ["t_case"], "catalog-name": ["case_id"], "catalog-data_type": ["INT"],
        "catalog-length": ["十"], "catalog-primary_key": ["1"], "catalog-timestamp": ["0"]})
    response = client.post("/declarations/new/", data)
    assert response.status_code == 400
    assert "数据表结构第 1 行" in errors_of(response) and "数据长度" in errors_of(response)
    assert not Application.objects.exists()


def test_the_catalogue_is_saved_and_decides_completeness(people: dict, login_client: Any) -> None:
    client = login_client(people["applicant_kewei"])
    data = form_data(review_body(), **{
        "data_catalog_resource_format": "数据库表", "data_catalog_collection_method": "接口",
        "data_catalog_collection_frequency": "每日", "data_catalog_sharing_type": "有条件共享",
        "data_catalog_sharing_method": "接口", "data_catalog_update_frequency": "每日",
        "catalog-table": ["t_case", "t_case"], "catalog-name": ["case_id", "updated_at"],
        "catalog-data_type": ["INT", "DATETIME"], "catalog-length": ["10", ""],
        "catalog-primary_key": ["1", "0"], "catalog-timestamp": ["0", "1"]})
    response = client.post("/declarations/new/", data)
    assert response.status_code == 302
    app = Application.objects.get()
    table = app.data_catalog.tables.get()
    assert [(f.name, f.length, f.primary_key, f.timestamp) for f in table.fields.all()] == [
        ("case_id", 10, True, False), ("updated_at", None, False, True)]
    page = client.get(f"/declarations/{app.pk}/").content.decode()
    assert "DATA_CATALOG_INCOMPLETE" not in page
    preview = client.post(f"/declarations/{app.pk}/preview/",
                          form_data(review_body())).content.decode()  # no catalogue rows typed
    assert 'data-code="DATA_CATALOG_INCOMPLETE"' in preview


def test_the_live_preview_shows_a_cost_finding_with_its_article(
    people: dict, login_client: Any,
) -> None:
    client = login_client(people["applicant_kewei"])
    data = form_data(review_body())
    data["budget-person_months"][0] = "33"
    page = client.post("/declarations/preview/", data).content.decode()
    assert 'data-code="PERSON_MONTH_RATE_EXCEEDED"' in page
    assert "2.42" in page and "/policy/articles/?source=" in page
    bad = client.post("/declarations/preview/", form_data(review_body(), hardware_amount="x"))
    assert "硬件建设金额" in bad.content.decode()
    assert not Application.objects.exists()


def test_a_stale_edit_is_refused(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.create()
    client = login_client(people["applicant_kewei"])
    stale = form_data(review_body(name="改名一次"), version=str(app.version))
    assert client.post(f"/declarations/{app.pk}/edit/", stale).status_code == 302
    again = client.post(f"/declarations/{app.pk}/edit/", stale)  # the same old version
    assert again.status_code == 400
    assert "他人修改" in errors_of(again)


def test_a_reason_is_required_and_named(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.submitted()
    client = login_client(people["office_clerk"])
    response = client.post(f"/review/{app.pk}/act/office_return/", {"reason": ""})
    assert response.status_code == 400
    assert "理由" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == "office_intake"


def test_a_wrong_assessor_is_named(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.submitted()
    client = login_client(people["office_clerk"])
    response = client.post(f"/review/{app.pk}/act/office_accept/",
                           {"third_party": "third_party_a", "expert": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["expert"]
    assert "行业专家" in response.content.decode()
    override = client.post(f"/review/{app.pk}/act/office_accept/",
                           {"third_party": "third_party_a", "route": "FILING", "reason": ""})
    assert override.status_code == 400 and override.context["form"].errors["reason"]
    assert Application.objects.get(pk=app.pk).state == "office_intake"
    assert not Assessment.objects.exists()


def test_an_override_with_reason_routes_to_filing(people: dict, login_client: Any,
                                                  flow: Any) -> None:
    app = flow.submitted()
    client = login_client(people["office_clerk"])
    response = client.post(f"/review/{app.pk}/act/office_accept/", {
        "third_party": "third_party_a", "route": "FILING", "reason": "上级已明确建设内容"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.state, app.route_override) == ("assessment", "FILING")
    assert list(app.assessments.values_list("kind", flat=True)) == ["third_party"]


def test_a_report_needs_an_opinion(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.accepted()
    item = Assessment.objects.get(application=app, kind="expert")
    client = login_client(people["expert_wang"])
    response = client.post(f"/review/assessments/{item.pk}/report/", {"result": "pass"})
    assert response.status_code == 400
    assert "评估意见" in response.content.decode()
    item.refresh_from_db()
    assert item.result == "pending"


def test_a_report_file_with_the_wrong_content_is_refused(people: dict, login_client: Any,
                                                         flow: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    app = flow.accepted()
    item = Assessment.objects.get(application=app, kind="expert")
    client = login_client(people["expert_wang"])
    fake = SimpleUploadedFile("报告.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(f"/review/assessments/{item.pk}/report/",
                           {"result": "pass", "opinion": "同意", "file": fake})
    assert response.status_code == 400
    assert "与扩展名" in response.content.decode()
    item.refresh_from_db()
    assert item.result == "pending" and not Attachment.objects.exists()


def test_an_upload_with_the_wrong_content_is_refused(people: dict, login_client: Any,
                                                     flow: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    app = flow.create()
    client = login_client(people["applicant_kewei"])
    fake = SimpleUploadedFile("方案.docx", b"plain text", content_type="application/octet-stream")
    response = client.post(f"/declarations/{app.pk}/attachments/",
                           {"kind": "construction_plan", "file": fake}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("文件:") and "docx" in m for m in messages)
    assert not Attachment.objects.exists()
