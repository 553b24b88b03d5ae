"""Canonical serialisation and HMAC-SM3 (国密 GB/T 32905) digests of the audit chain."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings

# Every content field of AuditEntry, in no particular order (the serialisation sorts keys).
CONTENT_FIELDS = (
    "seq", "at", "actor_id", "actor_username", "actor_role", "actor_unit", "client_ip",
    "action", "object_type", "object_id", "object_repr", "from_state", "to_state", "reason",
    "changes", "prev_digest",
)


def _key() -> bytes:
    return str(settings.AUDIT_CHAIN_KEY).encode("utf-8")


def _hmac_sm3(data: bytes) -> str:
    mac = hmac.HMAC(_key(), hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()


def canonical_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def canonical_bytes(fields: Mapping[str, Any]) -> bytes:
    """Sorted-key JSON (ensure_ascii=False, no spaces) of the content fields, UTF-8 encoded."""
    payload = {name: fields[name] for name in CONTENT_FIELDS}
    payload["at"] = canonical_time(payload["at"])
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def entry_digest(fields: Mapping[str, Any]) -> str:
    return _hmac_sm3(canonical_bytes(fields))


def entry_fields(entry: Any) -> dict[str, Any]:
    """The content fields of a stored AuditEntry, as the digest sees them."""
    return {name: getattr(entry, name) for name in CONTENT_FIELDS}


def head_mac(last_seq: int, last_digest: str) -> str:
    return _hmac_sm3(f"head|{last_seq}|{last_digest}".encode())
