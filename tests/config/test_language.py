"""The interface is Chinese whatever language the browser asks for."""

import pytest


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_form_errors(client, applicant_kewei):
    client.force_login(applicant_kewei)
    response = client.post("/declarations/new/", {}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = response.content.decode()
    assert "This field is required" not in text
    assert "这个字段是必填项" in text
