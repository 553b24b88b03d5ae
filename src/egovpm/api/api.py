"""The one REST API (`/api/v1/`): authentication, error shapes, and the routers of each app.

Another app adds its endpoints by appending a router to `ROUTERS` (prefix, router).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from egovpm.accounts.tokens import token_user
from egovpm.declarations.files import AttachmentRejected
from egovpm.declarations.inputs import ApplicationInputError
from egovpm.policy import InvalidApplication
from egovpm.review.transitions import InvalidTransition


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>` from `POST /api/v1/auth/token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return token_user(token)


class SessionAuth(APIKeyCookie):
    """The web UI's own session; unsafe methods need the CSRF token (as Django forms do)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, _("CSRF 校验失败"))
        return user


class DecimalJSONParser(Parser):
    """JSON numbers become Decimal, never binary floats (money, POLICY.md conventions)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return json.loads(request.body, parse_float=Decimal)


api = NinjaAPI(
    title="杨浦区电子政务项目管理平台 API",
    version="1",
    description=_(
        "申报、审核与论证评估的接口。认证:POST /api/v1/auth/token 获取令牌,"
        "之后在请求头中携带 Authorization: Bearer <token>。状态与操作见 docs/workflow.md。"
    ),
    urls_namespace="api",
    auth=[BearerAuth(), SessionAuth()],
    parser=DecimalJSONParser(),
)


def _error(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(ObjectDoesNotExist)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, _("对象不存在或无权查看"))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, str(exc) or _("无权执行此操作"))


@api.exception_handler(InvalidTransition)
def _conflict(request: HttpRequest, exc: InvalidTransition) -> HttpResponse:
    return _error(request, 409, exc.reason, findings=exc.findings)


@api.exception_handler(ApplicationInputError)
def _bad_input(request: HttpRequest, exc: ApplicationInputError) -> HttpResponse:
    return _error(request, 400, str(exc), field=exc.field)


@api.exception_handler(InvalidApplication)
def _invalid_application(request: HttpRequest, exc: InvalidApplication) -> HttpResponse:
    return _error(request, 400, str(exc), field=exc.field)


@api.exception_handler(AttachmentRejected)
def _bad_file(request: HttpRequest, exc: AttachmentRejected) -> HttpResponse:
    return _error(request, 400, str(exc), field=exc.field)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, _("未登录或令牌无效"))


_PYDANTIC_MESSAGES = {
    "missing": "为必填项",
    "literal_error": "取值无效",
    "decimal_parsing": "不是有效的数字",
    "decimal_type": "不是有效的数字",
    "finite_number": "不能是无穷大或非数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为布尔值",
    "bool_type": "应为布尔值",
    "string_type": "应为文本",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "model_attributes_type": "应为对象",
    "json_invalid": "不是有效的 JSON",
}


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """pydantic's English messages → one Chinese message naming the field (422)."""
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        # ("body", "payload", "budget", "0", "amount") → "budget[0].amount"
        parts = loc[2:] if len(loc) > 2 and loc[0] in ("body", "form", "file") else loc[1:]
        field = ""
        for part in parts:
            field += f"[{part}]" if part.isdigit() else (f".{part}" if field else part)
        text = _PYDANTIC_MESSAGES.get(error.get("type", ""), "格式不正确")
        errors.append({"field": field or (loc[-1] if loc else ""), "message": f"{field} {text}"})
    first = errors[0] if errors else {"field": "", "message": "请求格式不正确"}
    return _error(request, 422, first["message"].strip(), field=first["field"], errors=errors)


def _routers() -> list[tuple[str, Router]]:
    from egovpm.api.applications import router as applications
    from egovpm.api.auth import router as auth
    from egovpm.api.todo import router as todo

    return [("/auth", auth), ("/applications", applications), ("/", todo)]


ROUTERS = _routers()
for _prefix, _router in ROUTERS:
    api.add_router(_prefix, _router)
api.add_router("/", "egovpm.meetings.api.router")  # joint meetings, plans, notifications
api.add_router("/", "egovpm.lifecycle.api.router")  # projects after approval, clocks
