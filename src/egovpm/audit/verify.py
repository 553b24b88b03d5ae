"""Checking the audit chain: recompute every digest in sequence order, then the signed head."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from egovpm.audit import guards
from egovpm.audit.chain import entry_digest, entry_fields, head_mac
from egovpm.audit.models import GENESIS_DIGEST, AuditChainHead, AuditEntry


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of `audit_verify`: `ok`, rows checked, and the first bad row if any."""

    ok: bool
    count: int
    first_bad_seq: int | None = None
    problem: str = ""  # altered | missing | inserted | head
    message: str = ""
    triggers_present: bool = True


def _fail(count: int, seq: int | None, problem: str, message: str) -> VerifyResult:
    return VerifyResult(
        ok=False, count=count, first_bad_seq=seq, problem=problem, message=message,
        triggers_present=guards.present(connection),
    )


def audit_verify() -> VerifyResult:
    """Walk the chain from seq 1. Reports the first row that was altered, deleted or inserted.

    - altered: the recomputed HMAC-SM3 differs from the stored digest;
    - deleted: a gap in seq, or a tail shorter than the signed head says;
    - inserted or moved: a seq out of order, or a prev_digest that is not the previous digest.
    """
    expected_seq = 1
    prev = GENESIS_DIGEST
    count = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq < expected_seq:
            return _fail(count, entry.seq, "inserted",
                         _("第 %(seq)s 条记录序号错乱（被插入）") % {"seq": entry.seq})
        if entry.seq > expected_seq:
            return _fail(count, expected_seq, "missing",
                         _("第 %(seq)s 条记录缺失（被删除）") % {"seq": expected_seq})
        if entry_digest(entry_fields(entry)) != entry.digest:
            return _fail(count, entry.seq, "altered",
                         _("第 %(seq)s 条记录被篡改（摘要不符）") % {"seq": entry.seq})
        if entry.prev_digest != prev:
            return _fail(count, entry.seq, "inserted",
                         _("第 %(seq)s 条记录与前一条不相连（被插入或调换）") % {"seq": entry.seq})
        prev = entry.digest
        expected_seq += 1
        count += 1

    head = AuditChainHead.objects.filter(pk=1).first()
    last_seq = expected_seq - 1
    if head is None:
        if count:
            return _fail(count, last_seq, "head", _("审计链头缺失"))
    elif head.mac != head_mac(head.last_seq, head.last_digest):
        return _fail(count, head.last_seq, "head", _("审计链头被篡改"))
    elif head.last_seq > last_seq:
        return _fail(count, last_seq + 1, "missing",
                     _("第 %(seq)s 条起的记录缺失（尾部被删除）") % {"seq": last_seq + 1})
    elif head.last_seq < last_seq:
        return _fail(count, head.last_seq + 1, "inserted",
                     _("第 %(seq)s 条记录未经审计链写入（被插入）") % {"seq": head.last_seq + 1})
    elif head.last_digest != prev:
        return _fail(count, last_seq, "altered",
                     _("第 %(seq)s 条记录与链头不符") % {"seq": last_seq})
    return VerifyResult(
        ok=True, count=count, message=_("审计链完整, %(count)s 条") % {"count": count},
        triggers_present=guards.present(connection),
    )
