"""Bearer tokens of the REST API: issued for a username and password, stored only as SM3 hashes."""

from __future__ import annotations

import datetime as dt
import secrets

from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egovpm.accounts.models import ApiToken, User
from egovpm.audit.services import audit_record

# `last_used` is kept to this resolution, so a read request does not always write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


def _ttl() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "API_TOKEN_TTL_HOURS", 12)))


def token_hash(raw: str) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(raw.encode("utf-8"))
    return digest.finalize().hex()


def token_issue(*, username: str, password: str, client_ip: str | None = None) -> str:
    """Authenticate (lockout and inactive users respected) and return a new raw token.

    Raises PermissionDenied on bad credentials or a locked or inactive user. The failed attempt
    is counted and audited in its own transaction before that: a caller must not wrap this call
    in a transaction it rolls back on PermissionDenied, or the count is lost.
    """
    user = authenticate(None, username=username, password=password, client_ip=client_ip)
    if user is None:
        raise PermissionDenied(_("用户名或密码错误，或账号已被锁定、停用"))
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, key_hash=token_hash(raw), expires=timezone.now() + _ttl()
        )
        audit_record(actor=user, action="token_issue", obj=user, client_ip=client_ip,
                     changes={"expires": {"before": None, "after": token.expires}})
    return raw


def token_user(raw: str) -> User | None:
    """The active user a valid, unexpired token belongs to; None otherwise."""
    if not raw:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=token_hash(raw), expires__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used is None or now - token.last_used >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


def token_revoke(*, raw: str) -> bool:
    """Delete the token (logout from the API). True when a token was deleted."""
    deleted, _details = ApiToken.objects.filter(key_hash=token_hash(raw)).delete()
    return deleted > 0
