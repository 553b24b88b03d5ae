"""`egovpm load_demo`: demo units and users, then each app's demo data (idempotent)."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.core.management.base import BaseCommand

from egovpm.accounts import demo

# Loaded in this order after the accounts; a module that does not exist (yet) is skipped.
DEMO_MODULES = ("egovpm.declarations.demo", "egovpm.meetings.demo", "egovpm.lifecycle.demo")


def _exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # the parent package does not exist
        return False


class Command(BaseCommand):
    help = "载入演示数据：杨浦区单位、每个角色一个演示用户，以及各模块的演示申报、会议等。"

    def handle(self, *args: Any, **options: Any) -> None:
        report = demo.load()
        self.stdout.write(f"单位：新建 {len(report.units)} 个")
        if report.users:
            self.stdout.write(f"用户：新建 {len(report.users)} 个（密码均为 {demo.DEMO_PASSWORD}）："
                              + ", ".join(report.users))
        else:
            self.stdout.write("用户：均已存在，未改动")
        for module_name in DEMO_MODULES:
            if not _exists(module_name):
                self.stdout.write(f"{module_name}：不存在，跳过")
                continue
            result = importlib.import_module(module_name).load()
            self.stdout.write(f"{module_name}：{result if result is not None else '已载入'}")
