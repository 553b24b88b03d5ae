"""Writing the audit trail: one service, `audit_record`, used by every app."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from egovpm.audit.chain import entry_digest, head_mac
from egovpm.audit.models import GENESIS_DIGEST, AuditChainHead, AuditEntry


def client_ip_of(request: HttpRequest | None) -> str | None:
    """The client address as the server saw it (REMOTE_ADDR; proxies are not trusted)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _plain(changes: dict | None) -> dict:
    # Decimals, dates, UUIDs … become strings now (floats too: PostgreSQL's jsonb may give
    # 1e+20 back as an integer), so the digest computed here equals the one recomputed from
    # what the database gives back.
    text = json.dumps(changes or {}, cls=DjangoJSONEncoder, ensure_ascii=False)
    return json.loads(text, parse_float=str)


def _object_fields(obj: Any) -> dict[str, str]:
    if obj is None:
        return {"object_type": "", "object_id": "", "object_repr": ""}
    if isinstance(obj, models.Model):
        object_type = obj._meta.label_lower
        object_id = "" if obj.pk is None else str(obj.pk)
    else:
        object_type, object_id = type(obj).__name__, ""
    return {"object_type": object_type, "object_id": object_id, "object_repr": str(obj)[:200]}


def _locked_head() -> AuditChainHead:
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_seq": 0, "last_digest": GENESIS_DIGEST}
    )
    return head


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    changes: dict | None = None,
    client_ip: str | None = None,
) -> AuditEntry:
    """Append one chained row. Call it inside the caller's `transaction.atomic()`.

    The chain head is locked (SELECT … FOR UPDATE) until the caller's transaction ends, so
    concurrent transactions append one after the other and the chain cannot fork; a rolled
    back action leaves no row behind.
    `changes` is `{field: {"before": …, "after": …}}`; `actor` None means the system.
    """
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        unit = getattr(actor, "unit", None) if actor is not None else None
        fields: dict[str, Any] = {
            "seq": head.last_seq + 1,
            "at": timezone.now(),
            "actor_id": actor.pk if actor is not None else None,
            "actor_username": actor.get_username() if actor is not None else "",
            "actor_role": (getattr(actor, "role", "") or "") if actor is not None else "",
            "actor_unit": str(unit)[:100] if unit is not None else "",
            "client_ip": (client_ip or "")[:45],
            "action": action[:64],
            "from_state": from_state or "",
            "to_state": to_state or "",
            "reason": reason or "",
            "changes": _plain(changes),
            "prev_digest": head.last_digest,
            **_object_fields(obj),
        }
        fields["digest"] = entry_digest(fields)
        entry = AuditEntry.objects.create(**fields)
        head.last_seq = entry.seq
        head.last_digest = entry.digest
        head.mac = head_mac(entry.seq, entry.digest)
        head.save(update_fields=["last_seq", "last_digest", "mac"])
        return entry


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`{field: {"before": …, "after": …}}` for the fields whose value differs."""
    return {
        name: {"before": before.get(name), "after": after.get(name)}
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }
