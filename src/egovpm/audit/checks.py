"""Deployment checks of the audit trail (`egovpm check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

MIN_KEY_LENGTH = 32


@register(Tags.security, deploy=True)
def check_audit_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The chain's HMAC key must be a real secret: with the development default or a short key,
    anyone who can write to the database could re-sign a forged row."""
    key = str(settings.AUDIT_CHAIN_KEY)
    if key == settings.DEV_AUDIT_CHAIN_KEY or len(key) < MIN_KEY_LENGTH:
        return [
            Warning(
                "审计链密钥 EGOVPM_AUDIT_KEY 仍为开发默认值或过短(少于 32 个字符)。",
                hint="生产环境请设置足够长的随机密钥,并保存在数据库之外。",
                id="egovpm.audit.W001",
            )
        ]
    return []
