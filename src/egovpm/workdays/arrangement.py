"""One year's statutory holiday arrangement (部分节假日安排) as data, and its strict reader.

The State Council publishes, usually in November, the days off (放假调休) and the weekend days
that become working days (调休上班) for the next year. A year file records that notice: its number
and title, each holiday period with the clause it comes from, and the make-up working days. The
same format (TOML or JSON) is bundled for the years we ship and accepted from administrators
for every later year, so it is validated strictly: a bad file is rejected as a whole, with a
Chinese message naming each faulty field, and nothing is installed.

The format (TOML; JSON has the same keys with dates as "YYYY-MM-DD" strings)::

    year = 2026
    notice = "国办发明电〔2025〕7号"
    title = "国务院办公厅关于2026年部分节假日安排的通知"
    issued_on = 2025-11-04          # optional
    note = "…"                      # optional

    [[holidays]]                    # one table per clause of the notice
    name = "春节"
    first = 2026-02-15              # first and last day off, weekend days included
    last = 2026-02-23
    makeup_days = [2026-02-14, 2026-02-28]   # weekend days worked (调休上班); may be []
    text = "二、春节：……"           # optional: the clause itself
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

MIN_YEAR = 2000
MAX_YEAR = 2199
# A holiday period longer than a month is a typo (the longest ordinary one is 9 days).
MAX_PERIOD_DAYS = 31
MAX_FILE_BYTES = 64 * 1024

_TOP_KEYS = {"year", "notice", "title", "issued_on", "note", "holidays"}
_HOLIDAY_KEYS = {"name", "first", "last", "makeup_days", "text"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEKDAY_NAMES = "一二三四五六日"


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}：{self.message}"


class InvalidArrangement(ValueError):
    """A year file that cannot be installed; `.errors` lists every faulty field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        self.field = errors[0].field
        super().__init__("；".join(str(e) for e in errors))


@dataclass(frozen=True, slots=True)
class HolidayPeriod:
    """Consecutive days off named by one clause of the notice (weekend days included)."""

    name: str
    first: dt.date
    last: dt.date
    makeup_days: tuple[dt.date, ...] = ()
    text: str = ""

    def days(self) -> Iterator[dt.date]:
        day = self.first
        while day <= self.last:
            yield day
            day += dt.timedelta(days=1)

    @property
    def length(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True, slots=True)
class Arrangement:
    """The holiday arrangement of one calendar year, as published in one notice."""

    year: int
    notice: str
    title: str
    holidays: tuple[HolidayPeriod, ...]
    issued_on: dt.date | None = None
    note: str = ""

    @property
    def rest_days(self) -> frozenset[dt.date]:
        return frozenset(day for period in self.holidays for day in period.days())

    @property
    def makeup_days(self) -> frozenset[dt.date]:
        return frozenset(day for period in self.holidays for day in period.makeup_days)

    def to_dict(self) -> dict[str, Any]:
        """The year-file shape with ISO date strings (JSON-serialisable, re-readable)."""
        return {
            "year": self.year,
            "notice": self.notice,
            "title": self.title,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "note": self.note,
            "holidays": [
                {
                    "name": p.name,
                    "first": p.first.isoformat(),
                    "last": p.last.isoformat(),
                    "makeup_days": [d.isoformat() for d in p.makeup_days],
                    "text": p.text,
                }
                for p in self.holidays
            ],
        }


def weekday_label(day: dt.date) -> str:
    """周一 … 周日, as the notices write it."""
    return "周" + _WEEKDAY_NAMES[day.weekday()]


class _Reader:
    """Collects every problem of one file instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def text(self, data: Mapping[str, Any], key: str, field: str, *, required: bool,
             max_length: int) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(field, "必填，不能为空")
            return ""
        if not isinstance(value, str):
            self.fail(field, "须为文字")
            return ""
        value = value.strip()
        if required and not value:
            self.fail(field, "必填，不能为空")
        if len(value) > max_length:
            self.fail(field, f"不能超过 {max_length} 个字")
        return value

    def date(self, value: Any, field: str, *, year: int | None) -> dt.date | None:
        if isinstance(value, dt.datetime):
            self.fail(field, f"须为日期（YYYY-MM-DD），不能带时间：{value}")
            return None
        if isinstance(value, str):
            if not _ISO_DATE.match(value.strip()):
                self.fail(field, f"须为 YYYY-MM-DD 格式的日期，收到「{value}」")
                return None
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                self.fail(field, f"不是有效日期：「{value}」")
                return None
        if not isinstance(value, dt.date):
            self.fail(field, f"须为 YYYY-MM-DD 格式的日期，收到「{value!r}」")
            return None
        if year is not None and value.year != year:
            self.fail(field, f"日期须在 {year} 年内，收到 {value.isoformat()}")
            return None
        return value

    def unknown_keys(self, data: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
        for key in sorted(set(data) - allowed, key=str):
            self.fail(f"{prefix}{key}", "不认识的字段（允许：" + "、".join(sorted(allowed)) + "）")


def parse_arrangement(data: Any) -> Arrangement:
    """Validate a year file's content (TOML/JSON already decoded) into an `Arrangement`.

    Raises `InvalidArrangement` listing every faulty field.
    """
    reader = _Reader()
    if not isinstance(data, Mapping):
        raise InvalidArrangement([FieldError("file", "内容须为一个对象（键值表）")])
    reader.unknown_keys(data, _TOP_KEYS, "")

    year_value = data.get("year")
    year: int | None = None
    if year_value is None:
        reader.fail("year", "必填，不能为空")
    elif isinstance(year_value, bool) or not isinstance(year_value, int):
        reader.fail("year", f"须为整数年份，收到「{year_value!r}」")
    elif not MIN_YEAR <= year_value <= MAX_YEAR:
        reader.fail("year", f"须在 {MIN_YEAR}–{MAX_YEAR} 之间，收到 {year_value}")
    else:
        year = year_value

    notice = reader.text(data, "notice", "notice", required=True, max_length=100)
    title = reader.text(data, "title", "title", required=True, max_length=200)
    note = reader.text(data, "note", "note", required=False, max_length=1000)
    issued_on = None
    if data.get("issued_on") not in (None, ""):
        issued_on = reader.date(data["issued_on"], "issued_on", year=None)
        if issued_on and year and issued_on.year > year:
            reader.fail("issued_on", f"发文日期不能晚于 {year} 年，收到 {issued_on.isoformat()}")

    periods = _read_holidays(reader, data.get("holidays"), year)
    if reader.errors:
        raise InvalidArrangement(reader.errors)
    assert year is not None
    return Arrangement(year=year, notice=notice, title=title, holidays=periods,
                       issued_on=issued_on, note=note)


def _read_holidays(reader: _Reader, raw: Any, year: int | None) -> tuple[HolidayPeriod, ...]:
    if raw is None or raw == []:
        reader.fail("holidays", "必填：至少列出一个放假时段")
        return ()
    if not isinstance(raw, list):
        reader.fail("holidays", "须为放假时段的列表")
        return ()
    periods: list[tuple[int, HolidayPeriod]] = []
    for index, item in enumerate(raw):
        prefix = f"holidays[{index}]"
        if not isinstance(item, Mapping):
            reader.fail(prefix, "须为一个对象（name、first、last、makeup_days）")
            continue
        reader.unknown_keys(item, _HOLIDAY_KEYS, prefix + ".")
        name = reader.text(item, "name", f"{prefix}.name", required=True, max_length=50)
        text = reader.text(item, "text", f"{prefix}.text", required=False, max_length=1000)
        first = last = None
        for key in ("first", "last"):
            if item.get(key) in (None, ""):
                reader.fail(f"{prefix}.{key}", "必填，不能为空")
        if item.get("first") not in (None, ""):
            first = reader.date(item["first"], f"{prefix}.first", year=year)
        if item.get("last") not in (None, ""):
            last = reader.date(item["last"], f"{prefix}.last", year=year)
        makeup = _read_makeup_days(reader, item.get("makeup_days", []), prefix, year)
        if first is None or last is None:
            continue
        if last < first:
            reader.fail(f"{prefix}.last", f"结束日 {last.isoformat()} 早于开始日 {first.isoformat()}")
            continue
        period = HolidayPeriod(name=name, first=first, last=last, makeup_days=makeup, text=text)
        if period.length > MAX_PERIOD_DAYS:
            reader.fail(f"{prefix}.last", f"放假时段共 {period.length} 天，超过 {MAX_PERIOD_DAYS} 天")
            continue
        periods.append((index, period))
    _check_across_periods(reader, periods)
    return tuple(p for _, p in sorted(periods, key=lambda ip: ip[1].first))


def _read_makeup_days(reader: _Reader, raw: Any, prefix: str,
                      year: int | None) -> tuple[dt.date, ...]:
    if not isinstance(raw, list):
        reader.fail(f"{prefix}.makeup_days", "须为日期列表（可为空 []）")
        return ()
    days: list[dt.date] = []
    for position, value in enumerate(raw):
        field = f"{prefix}.makeup_days[{position}]"
        day = reader.date(value, field, year=year)
        if day is None:
            continue
        if day.weekday() < 5:
            # A make-up working day (调休上班) is by definition a Saturday or Sunday.
            reader.fail(field, f"调休上班日须为周六或周日，{day.isoformat()} 是{weekday_label(day)}")
            continue
        days.append(day)
    return tuple(sorted(days))


def _check_across_periods(reader: _Reader, periods: list[tuple[int, HolidayPeriod]]) -> None:
    rest_owner: dict[dt.date, int] = {}
    for index, period in periods:
        for day in period.days():
            if day in rest_owner:
                reader.fail(f"holidays[{index}].first",
                            f"与 holidays[{rest_owner[day]}] 的放假日重叠（{day.isoformat()}）")
                break
            rest_owner[day] = index
    makeup_owner: dict[dt.date, str] = {}
    for index, period in periods:
        for position, day in enumerate(period.makeup_days):
            field = f"holidays[{index}].makeup_days[{position}]"
            if day in rest_owner:
                reader.fail(field, f"{day.isoformat()} 同时是放假日和调休上班日")
            elif day in makeup_owner:
                reader.fail(field, f"{day.isoformat()} 重复（已见于 {makeup_owner[day]}）")
            else:
                makeup_owner[day] = field


def decode_arrangement_file(content: bytes, *, filename: str) -> Any:
    """Decode a year file's bytes (TOML or JSON, chosen by the file name's suffix)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in (".toml", ".json"):
        raise InvalidArrangement([FieldError("file", f"只接受 .toml 或 .json 文件，收到「{filename}」")])
    if len(content) > MAX_FILE_BYTES:
        raise InvalidArrangement([FieldError("file", f"文件过大（上限 {MAX_FILE_BYTES // 1024} KB）")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidArrangement([FieldError("file", "文件须为 UTF-8 编码")]) from None
    try:
        return tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        kind = "TOML" if suffix == ".toml" else "JSON"
        raise InvalidArrangement([FieldError("file", f"不是有效的 {kind}：{exc}")]) from None


def read_arrangement_file(path: str | Path) -> Arrangement:
    """Read and validate a year file from disk."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise InvalidArrangement([FieldError("file", f"无法读取文件 {path}：{exc.strerror}")]) from None
    return parse_arrangement(decode_arrangement_file(content, filename=path.name))


def bundled_arrangements() -> list[Arrangement]:
    """The years shipped with the package (`data/<year>.toml`), oldest first."""
    folder = resources.files("egovpm.workdays") / "data"
    arrangements = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            arrangements.append(parse_arrangement(data))
    return arrangements
