"""A URLconf for tests/security/test_errors.py: the real one plus views that fail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path
from ninja import NinjaAPI

from egovpm.config.urls import handler403, handler404, handler500  # noqa: F401 — the real ones
from egovpm.config.urls import urlpatterns as real_urlpatterns

SECRET_PATH = "/srv/egovpm/var/attachments/ab/secret.pdf"

failing_api = NinjaAPI(urls_namespace="failing-api")


@failing_api.get("/boom")
def api_boom(request: HttpRequest) -> dict:
    raise RuntimeError(f"cannot open {SECRET_PATH}")


def page_boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"cannot open {SECRET_PATH}")


def page_forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("不许")


urlpatterns = [
    path("api/v1/failing/", failing_api.urls),
    path("boom/", page_boom),
    path("forbidden/", page_forbidden),
    *real_urlpatterns,
]
