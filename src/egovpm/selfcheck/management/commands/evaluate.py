"""`egovpm evaluate FILE|-`: the policy engine's decision for one application or a batch.

Output mirrors the input: a JSON object gives a decision object, a JSON array an array of
decisions, JSON Lines one decision per line; `--format text` explains each in Chinese. Bad
input exits with status 2 and a message on stderr naming the item and field; the whole batch is
checked before anything is printed, so stdout stays empty on error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from egovpm.policy import InvalidApplication, evaluate, get_pack
from egovpm.selfcheck.explain import decision_text
from egovpm.selfcheck.inputs import Batch, InputError, InputShape, parse_applications

BAD_INPUT = 2


class Command(BaseCommand):
    help = "检查申报(JSON、JSON 数组或 JSON Lines),输出审批路径、流程、问题及依据条款。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="申报文件(UTF-8 JSON);“-”表示标准输入")
        parser.add_argument(
            "--format", choices=["json", "text"], default="json", help="输出格式(默认 json)"
        )
        parser.add_argument("--pack", default=None, help="政策包名称(默认按申报日期选择)")

    def handle(self, *args: Any, **options: Any) -> None:
        for stream in (self.stdout, self.stderr):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:  # a real console: always UTF-8, whatever the locale
                reconfigure(encoding="utf-8")
        pack = options["pack"]
        if pack is not None:
            _check_pack(pack)
        try:
            batch = parse_applications(_read(options["file"]))
        except InputError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        decisions = _evaluate_all(batch, pack=pack)
        if options["format"] == "text":
            names = [_name_of(application) for application in batch.applications]
            texts = [
                decision_text(decision, name=name)
                for decision, name in zip(decisions, names, strict=True)
            ]
            self.stdout.write("\n\n".join(texts))
        elif batch.shape is InputShape.OBJECT:
            self.stdout.write(json.dumps(decisions[0].to_dict(), ensure_ascii=False, indent=2))
        elif batch.shape is InputShape.ARRAY:
            dicts = [decision.to_dict() for decision in decisions]
            self.stdout.write(json.dumps(dicts, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(
                "\n".join(json.dumps(d.to_dict(), ensure_ascii=False) for d in decisions)
            )


def _check_pack(name: str) -> None:
    try:
        get_pack(name)
    except (LookupError, ValueError) as error:
        raise CommandError(
            _("--pack:没有名为 %(name)s 的政策包(%(error)s)") % {"name": name, "error": error},
            returncode=BAD_INPUT,
        ) from None


def _read(file: str) -> str:
    try:
        if file == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            if stdin is None:  # already text (a test's replacement stream)
                return sys.stdin.read()
            raw = stdin.read()
        else:
            raw = Path(file).read_bytes()
    except OSError as error:
        raise CommandError(
            _("FILE:无法读取文件 %(file)s(%(error)s)")
            % {"file": file, "error": error.strerror or error},
            returncode=BAD_INPUT,
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(
            _("FILE:%(file)s 不是 UTF-8 编码的文本") % {"file": file}, returncode=BAD_INPUT
        ) from None


def _evaluate_all(batch: Batch, *, pack: str | None) -> list[Any]:
    """Every decision, or a CommandError listing every bad application (nothing half-printed)."""
    decisions = []
    problems = []
    for application, place in zip(batch.applications, batch.places, strict=True):
        try:
            decisions.append(evaluate(application, pack=pack))
        except InvalidApplication as error:
            message = str(error)
            if error.field and error.field not in message:
                message = f"{error.field}:{message}"
            problems.append(f"{place}:{message}" if place else message)
    if problems:
        raise CommandError("\n".join(problems), returncode=BAD_INPUT)
    return decisions


def _name_of(application: Any) -> str:
    name = application.get("name")
    return name.strip() if isinstance(name, str) else ""
