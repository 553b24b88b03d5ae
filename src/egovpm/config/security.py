"""等保 2.0 三级 (GB/T 22239-2019) controls that sit in front of every view.

- `SecurityHeadersMiddleware`: Content-Security-Policy with a per-response nonce,
  Permissions-Policy, and `Cache-Control: no-store` on every authenticated response
  (8.1.4.8 剩余信息保护: nothing a signed-in person saw stays in a shared browser or proxy cache).
  X-Content-Type-Options, Referrer-Policy, X-Frame-Options and HSTS come from Django's own
  middleware and the settings.
- `SessionIdleTimeoutMiddleware`: sliding idle timeout and absolute lifetime of a session
  (8.1.4.1 b): 应具有登录失败处理功能，应配置并启用结束会话、限制非法登录次数和当网络登录连接超时
  自动退出等相关措施).
- `GenericServerErrorMiddleware`: an unexpected exception answers a generic Chinese message,
  never a stack trace, file path or SQL (8.1.4.4 入侵防范: nothing that helps an attacker).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template import loader
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger("egovpm.security")

NONCE = "{nonce}"

# The indicator rule the vendored htmx 2 injects as a <style> element on load.
HTMX_INDICATOR_STYLE = (
    ".htmx-indicator{opacity:0;visibility: hidden} "
    ".htmx-request .htmx-indicator, .htmx-request.htmx-indicator"
    "{opacity:1;visibility: visible;transition: opacity 200ms ease-in}"
)


def csp_hash(source: str) -> str:
    """The CSP source expression `'sha256-…'` of an inline script, handler or style."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _render(policy: dict[str, Iterable[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in policy.items())


# Scripts, styles, images, fonts and connections from this origin only; one deliberate
# allowance: `data:` images (Bootstrap draws select arrows and check marks as data: SVG in its
# CSS). Inline <script> and <style> need the nonce; inline event handlers and style="…"
# attributes are refused (behaviour lives in static/egovpm/*.js, looks in site.css; setting
# `element.style` from those scripts is not an inline attribute and stays allowed).
PAGE_POLICY = _render({
    "default-src": ["'self'"],
    "script-src": ["'self'", f"'nonce-{NONCE}'"],
    "style-src": ["'self'", f"'nonce-{NONCE}'", csp_hash(HTMX_INDICATOR_STYLE)],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
})
# The vendored Swagger UI (ninja's static files) styles itself with inline <style> elements.
API_DOCS_POLICY = _render({
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
})
API_DOCS_PATH = "/api/v1/docs"

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()" for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "payment", "usb",
    )
)


def _is_authenticated(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return "HTTP_AUTHORIZATION" in request.META  # a bearer-token API call


class SecurityHeadersMiddleware:
    """Adds the security headers; `request.csp_nonce` is the nonce for inline script/style."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = API_DOCS_POLICY if request.path.startswith(API_DOCS_PATH) else PAGE_POLICY
            response["Content-Security-Policy"] = policy.replace(NONCE, nonce)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _is_authenticated(request):
            add_never_cache_headers(response)
        return response


def _now() -> int:
    return int(timezone.now().timestamp())


class SessionIdleTimeoutMiddleware:
    """Sign out a session idle for `SESSION_IDLE_MINUTES` or older than `SESSION_COOKIE_AGE`.

    Every request of a signed-in person moves the idle deadline (sliding expiry); the last
    activity is written at most once a minute so that reading pages does not write the session
    table on every request. Signing out goes through `logout()`, so it is audited like any logout.
    """

    LAST_ACTIVITY = "_egovpm_last_activity"
    STARTED = "_egovpm_session_started"
    WRITE_EVERY_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        response = self.get_response(request)
        # A login in this very request: the absolute lifetime counts from now.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self.STARTED not in request.session:
            request.session[self.STARTED] = request.session[self.LAST_ACTIVITY] = _now()
        return response

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = _now()
        last = session.get(self.LAST_ACTIVITY, now)
        started = session.get(self.STARTED, now)
        idle_limit = int(settings.SESSION_IDLE_MINUTES) * 60
        if now - last >= idle_limit or now - started >= int(settings.SESSION_COOKIE_AGE):
            logout(request)
            if hasattr(request, "_messages"):
                messages.info(request, _("长时间未操作，会话已超时，请重新登录"))
            return
        if self.STARTED not in session:
            session[self.STARTED] = started
        if self.LAST_ACTIVITY not in session or now - last >= self.WRITE_EVERY_SECONDS:
            session[self.LAST_ACTIVITY] = now


# Exceptions Django turns into a 4xx answer itself (django.core.handlers.exception).
CLIENT_ERRORS = (Http404, PermissionDenied, BadRequest, SuspiciousOperation, MultiPartParserError)


class GenericServerErrorMiddleware:
    """Answer an unhandled exception with a generic message (JSON under /api/), log the detail.

    With DEBUG on (a developer's machine) Django's technical page is left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG or isinstance(exception, CLIENT_ERRORS):
            return None  # Django answers these with its own 400/403/404
        logger.error("Unhandled exception on %s %s", request.method, request.path,
                     exc_info=exception)
        return server_error(request)


# The error pages (handler403/404/500 in config/urls.py): Chinese pages from templates/403.html,
# 404.html and 500.html; under /api/ the same answers as JSON, like the API's own errors.
def _api_error(request: HttpRequest, status: int, message: str) -> JsonResponse | None:
    if not request.path.startswith("/api/"):
        return None
    return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return (_api_error(request, 404, _("请求的接口不存在"))
            or defaults.page_not_found(request, exception))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return (_api_error(request, 403, str(exception) or _("无权办理此操作"))
            or defaults.permission_denied(request, exception))


def server_error(request: HttpRequest) -> HttpResponse:
    """500.html is standalone (no request, context processors or database); should even it
    fail, a bare page with the same words answers."""
    message = _("服务器内部错误，请稍后重试；如持续出现请联系系统管理员")
    if (api := _api_error(request, 500, message)) is not None:
        return api
    try:
        body: str = loader.render_to_string("500.html")
    except Exception:  # the template itself is broken: never let the error page raise
        logger.exception("500.html could not be rendered")
        body = (f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">'
                f"<title>{_('服务器内部错误')}</title></head><body><h1>{_('服务器内部错误')}</h1>"
                f'<p>{message}</p><p><a href="/">{_("返回首页")}</a></p></body></html>')
    return HttpResponseServerError(body, content_type="text/html; charset=utf-8")
