"""`egovpm addunit NAME --kind department|subordinate|street|agency [--supervisor NAME] [--member]`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from egovpm.accounts.management.commands._errors import command_error
from egovpm.accounts.services import unit_by_name, unit_create

ARGUMENTS = {"name": "NAME（单位名称）", "kind": "--kind", "supervisor": "--supervisor",
             "is_member": "--member"}


class Command(BaseCommand):
    help = "新建单位（委办局、下属事业单位、街道或第三方机构）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="单位名称")
        parser.add_argument("--kind", default="", help="department | subordinate | street | agency")
        parser.add_argument("--supervisor", default="", help="主管部门名称（下属事业单位必填）")
        parser.add_argument("--member", action="store_true", help="联席会议成员单位（如区科委）")

    def handle(self, *args: Any, **options: Any) -> None:
        supervisor = None
        if options["supervisor"]:
            supervisor = unit_by_name(options["supervisor"])
            if supervisor is None:
                raise CommandError(f"--supervisor：单位“{options['supervisor']}”不存在")
        if not options["kind"]:
            raise CommandError("--kind：必须指定单位类型 department、subordinate、street 或 agency")
        try:
            unit = unit_create(actor=None, name=options["name"], kind=options["kind"],
                               supervisor=supervisor, is_member=options["member"])
        except ValidationError as exc:
            raise command_error(exc, ARGUMENTS) from exc
        self.stdout.write(f"已创建单位：{unit.name}（{unit.get_kind_display()}）")
