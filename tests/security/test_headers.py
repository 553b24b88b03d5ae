"""Security headers on pages, the API and its Swagger page; the CSP allowances stay exact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import egovpm
from egovpm.config.security import HTMX_INDICATOR_STYLE, csp_hash
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PACKAGE = Path(egovpm.__file__).parent


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def assert_common_headers(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    policy = directives(response)
    for name in ("script-src", "style-src", "img-src", "font-src", "connect-src", "default-src"):
        assert policy[name][0] == "'self'", name
        assert "*" not in policy[name] and not any(s.startswith("http") for s in policy[name])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in policy["script-src"]


def test_login_page_anonymous(db):
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert_common_headers(response)
    policy = directives(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]


@pytest.mark.parametrize("path", ["/", "/declarations/", "/todo/", "/calendar/", "/lifecycle/"])
def test_authenticated_pages_are_not_cached(applicant_kewei, login_client, path):
    response = login_client(applicant_kewei).get(path)
    assert response.status_code == 200
    assert_common_headers(response)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_nonce_is_fresh_per_response(applicant_kewei, login_client):
    client = login_client(applicant_kewei)
    nonces = {
        next(s for s in directives(client.get("/declarations/"))["script-src"]
             if s.startswith("'nonce-"))
        for _ in range(3)
    }
    assert len(nonces) == 3


def test_api_with_bearer_token_is_not_cached(applicant_kewei):
    from egovpm.accounts.tokens import token_issue

    token = token_issue(username="applicant_kewei", password=PASSWORD)
    response = Client().get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert_common_headers(response)


def test_swagger_page_gets_the_relaxed_policy_only_there(db):
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert_common_headers(docs)
    assert "'unsafe-inline'" in directives(docs)["style-src"]
    assert "'unsafe-inline'" not in directives(docs)["script-src"]
    page = Client().get("/accounts/login/")
    assert "'unsafe-inline'" not in directives(page)["style-src"]


HANDLER = re.compile(r'<[^>]*(?<![\w-])on[a-z]+\s*=\s*["\']', re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r'<[^>]*(?<![\w-])style\s*=\s*["\']', re.IGNORECASE)


def _sources() -> list[Path]:
    """Templates, and the site's own scripts (they could build markup from strings)."""
    return [*PACKAGE.rglob("*.html"), *(PACKAGE / "static/egovpm").glob("*.js")]


def test_no_inline_handler_or_style_attribute_in_templates_or_scripts():
    """The policy refuses both: a new one fails here (move it into static/egovpm/*.js or site.css)."""
    offenders = [f"{path.relative_to(PACKAGE)}: {match.group(0)[:80]}"
                 for path in _sources()
                 for pattern in (HANDLER, STYLE_ATTRIBUTE)
                 for match in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_patterns_would_catch_an_inline_handler_and_a_style_attribute():
    assert HANDLER.search('<select id="s" onchange="this.form.submit()">')
    assert STYLE_ATTRIBUTE.search('<div class="x" style="max-width: 28rem">')
    assert not HANDLER.search('<tr data-onchange="x" data-action="withdraw">')
    assert not STYLE_ATTRIBUTE.search('<link rel="stylesheet" data-style="x">')


def test_page_policy_allows_no_inline_handler_or_style_attribute(db):
    policy = directives(Client().get("/accounts/login/"))
    assert "'unsafe-hashes'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert "style-src-attr" not in policy  # falls back to style-src: no inline attributes
    assert "script-src-attr" not in policy


def test_no_inline_script_in_templates():
    script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
    offenders = [str(t) for t in PACKAGE.rglob("*.html") if script.search(t.read_text("utf-8"))]
    assert offenders == []


def test_hashed_htmx_style_matches_the_vendored_htmx():
    htmx = (PACKAGE / "static/vendor/htmx.min.js").read_text(encoding="utf-8")
    assert "{opacity:0;visibility: hidden} `" in htmx
    assert "{opacity:1;visibility: visible;transition: opacity 200ms ease-in}" in htmx
    assert HTMX_INDICATOR_STYLE.startswith(".htmx-indicator{opacity:0;visibility: hidden} ")


def test_csp_hash_is_the_standard_sha256_base64():
    # The example of the CSP specification: alert('Hello, world.');
    assert csp_hash("alert('Hello, world.');") == (
        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    )
