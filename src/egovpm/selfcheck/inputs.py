"""Reading applications from text: one JSON object, a JSON array of them, or JSON Lines.

Pure functions; the command line and tests share them. A problem raises `InputError`, whose
message names where it is (item number, line, field) in Chinese.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


class InputShape(enum.Enum):
    """How the applications were written; the answer is written the same way."""

    OBJECT = "object"  # one JSON object -> one decision object
    ARRAY = "array"  # a JSON array -> a JSON array of decisions
    LINES = "lines"  # JSON Lines -> one decision per line


class InputError(ValueError):
    """Input that cannot be read as applications; `field` says where."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Batch:
    shape: InputShape
    applications: list[Mapping[str, Any]]
    # Where item i came from, for messages: "第 2 项" or "第 2 项(第 5 行)".
    places: list[str]


def _syntax_error(error: json.JSONDecodeError, *, place: str = "") -> InputError:
    if place:  # one line of JSON Lines: the place already names the line
        where = _("第 %(column)d 列") % {"column": error.colno}
    else:
        where = _("第 %(line)d 行第 %(column)d 列") % {"line": error.lineno, "column": error.colno}
    prefix = f"{place}:" if place else ""
    return InputError(
        _("%(prefix)s输入不是有效的 JSON(%(where)s):%(reason)s")
        % {"prefix": prefix, "where": where, "reason": error.msg},
        field=f"{place}{where}",
    )


def _item_place(number: int, line: int | None = None) -> str:
    if line is None:
        return _("第 %(number)d 项") % {"number": number}
    return _("第 %(number)d 项(第 %(line)d 行)") % {"number": number, "line": line}


def _require_object(value: Any, place: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InputError(
            _("%(place)s:申报必须是 JSON 对象({...})") % {"place": place}, field=place
        )
    return value


def parse_applications(text: str) -> Batch:
    """Read `text` as one application, an array of them, or JSON Lines (one per line)."""
    if not text.strip():
        raise InputError(_("输入为空:请提供 JSON 格式的申报"), field=_("输入"))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as whole_error:
        lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
        if len(lines) < 2:
            raise _syntax_error(whole_error) from None
        return _parse_lines(lines)
    if isinstance(document, list):
        if not document:
            raise InputError(_("输入的数组为空:没有要检查的申报"), field=_("输入"))
        places = [_item_place(number) for number in range(1, len(document) + 1)]
        return Batch(
            InputShape.ARRAY,
            [_require_object(item, place) for item, place in zip(document, places, strict=True)],
            places,
        )
    if not isinstance(document, dict):
        raise InputError(_("申报必须是 JSON 对象({...})或对象数组"), field=_("输入"))
    return Batch(InputShape.OBJECT, [document], [""])


def _parse_lines(lines: list[tuple[int, str]]) -> Batch:
    applications: list[Mapping[str, Any]] = []
    places: list[str] = []
    for number, (line_number, line) in enumerate(lines, start=1):
        place = _item_place(number, line_number)
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise _syntax_error(error, place=place) from None
        applications.append(_require_object(value, place))
        places.append(place)
    return Batch(InputShape.LINES, applications, places)


# Set by the platform from its own records, never taken from what an applicant sends (POLICY.md §1).
_PLATFORM_KEYS = ("history",)
_PLATFORM_UNIT_KEYS = ("supervisor_approved",)


def applicant_supplied(application: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `application` without the fields only the platform may set."""
    cleaned = {key: value for key, value in application.items() if key not in _PLATFORM_KEYS}
    unit = cleaned.get("unit")
    if isinstance(unit, dict):
        cleaned["unit"] = {k: v for k, v in unit.items() if k not in _PLATFORM_UNIT_KEYS}
    return cleaned
