"""The audit trail: append-only rows, each chained to the previous one by an HMAC-SM3 digest.

The database refuses UPDATE and DELETE on `AuditEntry` (triggers, see `guards`), but the real
guarantee is the chain: whoever writes to the database directly — even after dropping the
triggers — cannot re-sign a row without the key, which lives outside the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_DIGEST = "0" * 64


class AuditEntry(models.Model):
    """One action: who (as they were then), from where, on what, from → to, why, what changed."""

    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    # The FK only helps navigation; the names below are what the row attests to. No database
    # constraint, so deleting a user never has to touch (update) an audit row.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    actor_username = models.CharField(_("用户名"), max_length=150, blank=True)
    actor_role = models.CharField(_("角色"), max_length=20, blank=True)
    actor_unit = models.CharField(_("单位"), max_length=100, blank=True)
    client_ip = models.CharField(_("客户端地址"), max_length=45, blank=True)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    from_state = models.CharField(_("原状态"), max_length=40, blank=True)
    to_state = models.CharField(_("新状态"), max_length=40, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    prev_digest = models.CharField(_("前序摘要"), max_length=64)
    digest = models.CharField(_("摘要"), max_length=64)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """The single row every append locks: the last sequence number and digest, MAC-signed.

    Locking it serialises appends (no fork of the chain); its MAC makes a truncated tail
    detectable even when the truncating party rewrites this row too.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_digest = models.CharField(max_length=64, default=GENESIS_DIGEST)
    mac = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_single_head")]

    def __str__(self) -> str:
        return f"head #{self.last_seq}"
