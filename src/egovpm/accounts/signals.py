"""Session login and logout go to the audit trail (a cross-cutting concern, hence signals).

Failed logins are recorded by the authentication backend, which also counts them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from egovpm.audit.services import audit_record, client_ip_of


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit_record(actor=user, action="login", obj=user, client_ip=client_ip_of(request))


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    with transaction.atomic():
        audit_record(actor=user, action="logout", obj=user, client_ip=client_ip_of(request))
