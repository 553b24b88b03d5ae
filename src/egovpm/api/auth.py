"""`POST /api/v1/auth/token`: a bearer token for a username and password."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import AuthenticationError

from egovpm.accounts.models import User
from egovpm.accounts.tokens import token_issue
from egovpm.api.schemas import ErrorOut, TokenIn, TokenOut
from egovpm.audit.services import client_ip_of

router = Router(tags=["认证"])


def api_user(request: HttpRequest) -> User:
    """The caller ninja authenticated for this request (`request.auth`, a `User`).

    Every endpoint but `issue_token` requires BearerAuth or SessionAuth, both of which return a
    `User`; anything else is answered as unauthenticated (401).
    """
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise AuthenticationError
    return user


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut})
def issue_token(request: HttpRequest, payload: TokenIn):
    """用户名和密码换取 API 令牌(有效期有限);之后以 `Authorization: Bearer <token>` 调用。"""
    try:
        token = token_issue(username=payload.username, password=payload.password,
                            client_ip=client_ip_of(request))
    except PermissionDenied as exc:
        return Status(401, {"detail": str(exc)})
    return Status(200, {"token": token})
