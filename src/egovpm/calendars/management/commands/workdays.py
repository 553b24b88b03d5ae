"""`egovpm workdays load FILE | show YEAR | add DATE N`: the working-day calendar at the console.

Bad input exits with status 2 and a Chinese message naming the field; nothing is changed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egovpm import workdays
from egovpm.calendars.selectors import deadline_after, ensure_calendar_loaded
from egovpm.calendars.services import arrangement_load
from egovpm.workdays import InvalidArrangement
from egovpm.workdays.arrangement import decode_arrangement_file, weekday_label

BAD_INPUT = 2


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


class Command(BaseCommand):
    help = "法定工作日日历：载入年度放假安排（load FILE）、查看（show YEAR）、推算期限（add DATE N）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,show,add}")
        load = sub.add_parser("load", help="载入一个年度放假安排文件（.toml 或 .json）")
        load.add_argument("file")
        show = sub.add_parser("show", help="列出某年的放假时段和调休上班日")
        show.add_argument("year")
        add = sub.add_parser("add", help="某日之后第 N 个工作日")
        add.add_argument("date")
        add.add_argument("n")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _load(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise _bad(f"file：无法读取文件 {path}：{exc.strerror}") from None
        try:
            row = arrangement_load(data=decode_arrangement_file(content, filename=path.name))
        except InvalidArrangement as exc:
            lines = "\n".join(f"  {error}" for error in exc.errors)
            raise _bad(f"年度放假安排文件 {path} 有误，未作任何更改：\n{lines}") from None
        self.stdout.write(f"已载入 {row.year} 年放假安排：{row.title}（{row.notice}）")

    def _show(self, options: dict[str, Any]) -> None:
        year = _parse_int(options["year"], "year")
        ensure_calendar_loaded()
        arrangement = workdays.default_calendar.arrangement(year)
        if arrangement is None:
            self.stdout.write(f"{year} 年放假安排未载入：按周末推算，期限均为暂定。")
            return
        self.stdout.write(f"{year} 年：{arrangement.title}（{arrangement.notice}）")
        for period in arrangement.holidays:
            self.stdout.write(
                f"  {period.name}：{_day(period.first)} 至 {_day(period.last)} 放假，共 {period.length} 天"
            )
            for day in period.makeup_days:
                self.stdout.write(f"    调休上班：{_day(day)}")

    def _add(self, options: dict[str, Any]) -> None:
        try:
            start = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise _bad(f"date：须为 YYYY-MM-DD 格式的日期，收到「{options['date']}」") from None
        n = _parse_int(options["n"], "n")
        if n < 1:
            raise _bad(f"n：工作日数须至少为 1，收到 {n}")
        deadline = deadline_after(start, n)
        suffix = ""
        if deadline.provisional:
            years = "、".join(str(y) for y in deadline.assumed_years)
            suffix = f"（{years} 年放假安排未载入，按周末推算）"
        self.stdout.write(f"{deadline.label} {weekday_label(deadline.date)}{suffix}")


def _parse_int(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise _bad(f"{field}：须为整数，收到「{value}」") from None


def _day(day: dt.date) -> str:
    return f"{day.isoformat()}（{weekday_label(day)}）"
