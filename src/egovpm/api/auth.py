"""`POST /api/v1/auth/token`: a bearer token for a username and password."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Status

from egovpm.accounts.tokens import token_issue
from egovpm.api.schemas import ErrorOut, TokenIn, TokenOut
from egovpm.audit.services import client_ip_of

router = Router(tags=["认证"])


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut})
def issue_token(request: HttpRequest, payload: TokenIn):
    """用户名和密码换取 API 令牌(有效期有限);之后以 `Authorization: Bearer <token>` 调用。"""
    try:
        token = token_issue(username=payload.username, password=payload.password,
                            client_ip=client_ip_of(request))
    except PermissionDenied as exc:
        return Status(401, {"detail": str(exc)})
    return Status(200, {"token": token})
