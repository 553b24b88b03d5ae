"""Strict reading of year files: every faulty field named, nothing half-accepted."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from egovpm.workdays import (
    InvalidArrangement,
    decode_arrangement_file,
    parse_arrangement,
    read_arrangement_file,
)
from tests.workdays.samples import FICTITIOUS_2027_TOML, fictitious_2027


def _set(path: str, value):
    """A mutation of the valid sample: `path` like "holidays.0.first"; value None deletes."""

    def mutate(data):
        *parents, last = path.split(".")
        target = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        key = int(last) if isinstance(target, list) else last
        if value is None:
            del target[key]
        else:
            target[key] = value
        return data

    return mutate


def test_valid_sample_reads():
    arrangement = parse_arrangement(fictitious_2027())
    assert arrangement.year == 2027
    assert arrangement.makeup_days == frozenset({dt.date(2027, 2, 20)})
    assert dt.date(2027, 2, 8) in arrangement.rest_days
    assert len(arrangement.rest_days) == 3 + 8


def test_toml_and_json_give_the_same_arrangement(tmp_path):
    toml_file = tmp_path / "2027.toml"
    toml_file.write_text(FICTITIOUS_2027_TOML, encoding="utf-8")
    json_file = tmp_path / "2027.json"
    json_file.write_text(json.dumps(fictitious_2027(), ensure_ascii=False), encoding="utf-8")
    assert read_arrangement_file(toml_file) == read_arrangement_file(json_file)


@pytest.mark.parametrize(
    ("mutation", "field"),
    [
        (_set("year", None), "year"),
        (_set("year", "2027"), "year"),
        (_set("year", True), "year"),
        (_set("year", 1999), "year"),
        (_set("notice", None), "notice"),
        (_set("notice", "   "), "notice"),
        (_set("title", 12), "title"),
        (_set("issued_on", "2028-01-01"), "issued_on"),
        (_set("issued_on", "2026/11/01"), "issued_on"),
        (_set("years", 2027), "years"),
        (_set("holidays", None), "holidays"),
        (_set("holidays", []), "holidays"),
        (_set("holidays", {"name": "元旦"}), "holidays"),
        (_set("holidays.0", "元旦"), "holidays[0]"),
        (_set("holidays.0.name", None), "holidays[0].name"),
        (_set("holidays.0.first", None), "holidays[0].first"),
        (_set("holidays.0.first", "2026-12-31"), "holidays[0].first"),
        (_set("holidays.0.first", "2027-02-30"), "holidays[0].first"),
        (_set("holidays.0.first", "2027-01-01T00:00"), "holidays[0].first"),
        (_set("holidays.0.last", "2028-01-01"), "holidays[0].last"),
        (_set("holidays.1.last", "2027-02-04"), "holidays[1].last"),
        (_set("holidays.1.last", "2027-03-31"), "holidays[1].last"),
        (_set("holidays.0.end", "2027-01-03"), "holidays[0].end"),
        (_set("holidays.1.makeup_days", "2027-02-20"), "holidays[1].makeup_days"),
        # a make-up working day must be a weekend day: 2027-02-19 is a Friday
        (_set("holidays.1.makeup_days.0", "2027-02-19"), "holidays[1].makeup_days[0]"),
        (_set("holidays.1.makeup_days.0", "2028-02-19"), "holidays[1].makeup_days[0]"),
        # both a day off and a make-up day
        (_set("holidays.1.makeup_days.0", "2027-02-06"), "holidays[1].makeup_days[0]"),
        # two periods that overlap
        (lambda d: _set("holidays.1.last", "2027-01-05")(_set("holidays.1.first", "2027-01-03")(d)),
         "holidays[1].first"),
    ],
)
def test_bad_field_is_named(mutation, field):
    with pytest.raises(InvalidArrangement) as caught:
        parse_arrangement(mutation(fictitious_2027()))
    assert caught.value.field == field
    assert field in str(caught.value)


def test_boundary_a_31_day_period_is_accepted_and_32_is_not():
    data = fictitious_2027()
    data["holidays"][1].update(first="2027-03-01", last="2027-03-31", makeup_days=[])
    assert parse_arrangement(data).holidays[1].length == 31
    data["holidays"][1]["last"] = "2027-04-01"
    with pytest.raises(InvalidArrangement) as caught:
        parse_arrangement(data)
    assert caught.value.field == "holidays[1].last"


def test_a_make_up_day_listed_twice_is_rejected():
    data = fictitious_2027()
    data["holidays"][0]["makeup_days"] = ["2027-02-20"]
    with pytest.raises(InvalidArrangement) as caught:
        parse_arrangement(data)
    assert caught.value.field == "holidays[1].makeup_days[0]"


def test_every_fault_is_reported_not_only_the_first():
    data = fictitious_2027()
    data["notice"] = ""
    data["holidays"][1]["makeup_days"] = ["2027-02-19"]
    with pytest.raises(InvalidArrangement) as caught:
        parse_arrangement(data)
    assert [e.field for e in caught.value.errors] == ["notice", "holidays[1].makeup_days[0]"]


def test_the_content_must_be_a_table():
    with pytest.raises(InvalidArrangement) as caught:
        parse_arrangement([2027])
    assert caught.value.field == "file"


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"year = 2027", "2027.txt"),
        (b"year = = 2027", "2027.toml"),
        (b"{year: 2027}", "2027.json"),
        ("year = 2027".encode("gb18030") + b"\xff\xfe", "2027.toml"),
        (b"#" * (64 * 1024 + 1), "2027.toml"),
    ],
    ids=["suffix", "toml-syntax", "json-syntax", "encoding", "size"],
)
def test_undecodable_files_are_rejected_on_the_file_field(content, filename):
    with pytest.raises(InvalidArrangement) as caught:
        decode_arrangement_file(content, filename=filename)
    assert caught.value.field == "file"


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(InvalidArrangement) as caught:
        read_arrangement_file(tmp_path / "2027.toml")
    assert caught.value.field == "file"
