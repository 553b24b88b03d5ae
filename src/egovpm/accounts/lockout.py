"""Login failure handling (等保 2.0 8.1.4.1 b): lock a user name after N consecutive failures.

Failures are counted per user name as typed, whether or not such a user exists, so the lock
message reveals nothing about which accounts exist. The security administrator sets N and the
lock duration (`SecurityPolicy`) and can lift a lock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egovpm.accounts.models import LoginThrottle, Role, SecurityPolicy, User
from egovpm.accounts.permissions import has_role
from egovpm.audit.services import audit_record


def security_policy() -> SecurityPolicy:
    policy, _created = SecurityPolicy.objects.get_or_create(pk=1)
    return policy


def login_locked_until(*, username: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the lock on `username` ends, or None when it may try to log in."""
    now = now or timezone.now()
    until = (
        LoginThrottle.objects.filter(username=username, locked_until__gt=now)
        .values_list("locked_until", flat=True)
        .first()
    )
    return until


def _known_user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def login_failure_register(*, username: str, client_ip: str | None = None) -> LoginThrottle:
    """Count one failed attempt; lock the name when the policy's threshold is reached."""
    now = timezone.now()
    policy = security_policy()
    with transaction.atomic():
        throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(
            username=username[:150]
        )
        if throttle.locked_until is not None and throttle.locked_until <= now:
            throttle.failures, throttle.locked_until = 0, None  # the last lock has run out
        throttle.failures += 1
        throttle.last_failure_at = now
        throttle.last_ip = (client_ip or "")[:45]
        locks_now = throttle.failures >= policy.lockout_threshold
        if locks_now:
            throttle.locked_until = now + dt.timedelta(minutes=policy.lockout_minutes)
        throttle.save()
        actor = _known_user(username)
        reason = _("尝试的用户名：%(username)s") % {"username": username}
        audit_record(actor=actor, action="login_failed", reason=reason, client_ip=client_ip,
                     changes={"failures": {"before": throttle.failures - 1,
                                           "after": throttle.failures}})
        if locks_now:
            audit_record(
                actor=actor, action="account_locked", reason=reason, client_ip=client_ip,
                changes={"locked_until": {"before": None, "after": throttle.locked_until}},
            )
    return throttle


def login_refused_register(*, username: str, client_ip: str | None = None) -> None:
    """An attempt on a locked name: refused without checking the password, and recorded."""
    with transaction.atomic():
        audit_record(
            actor=_known_user(username), action="login_refused_locked", client_ip=client_ip,
            reason=_("尝试的用户名：%(username)s") % {"username": username},
        )


def login_success_register(*, username: str) -> None:
    LoginThrottle.objects.filter(username=username).update(failures=0, locked_until=None)


def account_unlock(*, actor: Any, username: str, client_ip: str | None = None) -> None:
    """The security administrator lifts the lock on `username`."""
    if not has_role(actor, Role.SECADMIN):
        raise PermissionDenied(_("只有安全管理员可以解除锁定"))
    with transaction.atomic():
        throttle = LoginThrottle.objects.select_for_update().filter(username=username).first()
        if throttle is None:
            return
        before = throttle.locked_until
        throttle.failures, throttle.locked_until = 0, None
        throttle.save(update_fields=["failures", "locked_until"])
        audit_record(
            actor=actor, action="account_unlock", obj=_known_user(username), client_ip=client_ip,
            reason=_("解除锁定：%(username)s") % {"username": username},
            changes={"locked_until": {"before": before, "after": None}},
        )


def security_policy_update(
    *, actor: Any, lockout_threshold: int, lockout_minutes: int, client_ip: str | None = None
) -> SecurityPolicy:
    """The security administrator changes the lockout policy (values validated by the form)."""
    if not has_role(actor, Role.SECADMIN):
        raise PermissionDenied(_("只有安全管理员可以修改安全策略"))
    with transaction.atomic():
        policy, _created = SecurityPolicy.objects.select_for_update().get_or_create(pk=1)
        before = {"lockout_threshold": policy.lockout_threshold,
                  "lockout_minutes": policy.lockout_minutes}
        policy.lockout_threshold = lockout_threshold
        policy.lockout_minutes = lockout_minutes
        policy.full_clean()
        policy.save()
        after = {"lockout_threshold": lockout_threshold, "lockout_minutes": lockout_minutes}
        changes = {k: {"before": before[k], "after": after[k]} for k in after if before[k] != after[k]}
        audit_record(actor=actor, action="security_policy_update", obj=policy,
                     changes=changes, client_ip=client_ip)
    return policy
