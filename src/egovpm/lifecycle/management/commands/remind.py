"""`egovpm remind [--date YYYY-MM-DD]`: the daily reminder job (run it from cron/systemd)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from egovpm.lifecycle.reminders import reminders_run


class Command(BaseCommand):
    help = "提醒到期及逾期事项,开启季度填报时限,将超半年未启动采购的项目提请联席会议审议"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="按指定日期运行(YYYY-MM-DD),默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date 须为 YYYY-MM-DD,收到 {options['date']!r}") from None
        result = reminders_run(today=today)
        self.stdout.write(
            f"{today.isoformat()}: 新建项目实施 {result.opened},季度时限 {result.quarters},"
            f"到期提醒 {result.due_soon},逾期提醒 {result.overdue},提请停止 {result.stop_reviews}"
        )
