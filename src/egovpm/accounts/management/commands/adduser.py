"""`egovpm adduser USERNAME --role ROLE --unit NAME --password-stdin` (password read from stdin)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from egovpm.accounts.management.commands._errors import command_error
from egovpm.accounts.models import Role
from egovpm.accounts.services import unit_by_name, user_create

ARGUMENTS = {"username": "USERNAME（用户名）", "role": "--role", "unit": "--unit",
             "password": "密码（--password-stdin）"}


class Command(BaseCommand):
    help = "新建用户；密码从标准输入读取（--password-stdin），不出现在命令行上。"
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="用户名")
        parser.add_argument("--role", default="", help=" | ".join(Role.values))
        parser.add_argument("--unit", default="", help="所属单位名称")
        parser.add_argument("--display-name", default="", help="姓名")
        parser.add_argument("--password-stdin", action="store_true",
                            help="从标准输入读取密码（第一行）")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["password_stdin"]:
            raise CommandError("--password-stdin：请从标准输入提供密码，例如 "
                               "echo \"$PASSWORD\" | egovpm adduser 用户名 --role … --password-stdin")
        if not options["role"]:
            raise CommandError(f"--role：必须指定角色，可选 {', '.join(Role.values)}")
        unit = None
        if options["unit"]:
            unit = unit_by_name(options["unit"])
            if unit is None:
                raise CommandError(f"--unit：单位“{options['unit']}”不存在")
        stdin = options.get("stdin") or sys.stdin
        password = stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("密码（--password-stdin）：标准输入中没有密码")
        try:
            user = user_create(actor=None, username=options["username"], role=options["role"],
                               unit=unit, password=password,
                               display_name=options["display_name"])
        except ValidationError as exc:
            raise command_error(exc, ARGUMENTS) from exc
        self.stdout.write(
            f"已创建用户：{user.username}（{user.get_role_display()}，{user.unit or '无所属单位'}）"
        )
