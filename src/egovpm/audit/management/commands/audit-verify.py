"""`egovpm audit-verify`: exit 0 when the audit chain is intact, non-zero naming the bad row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from egovpm.audit.verify import audit_verify


class Command(BaseCommand):
    help = "校验审计链（HMAC-SM3）：完整时退出码为 0，否则指出第一条被篡改、删除或插入的记录。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if not result.triggers_present:
            self.stderr.write(_("警告：审计表的只追加触发器不存在（已被删除？）"))
        if not result.ok:
            raise CommandError(
                _("审计链校验失败：%(message)s（seq=%(seq)s）")
                % {"message": result.message, "seq": result.first_bad_seq},
                returncode=2,
            )
        self.stdout.write(result.message)
