"""Reading applications from text, splitting citations, and finding quotes: pure functions."""

from __future__ import annotations

import pytest

from egovpm.selfcheck.articles import _candidates, passage
from egovpm.selfcheck.explain import split_sources
from egovpm.selfcheck.inputs import InputError, InputShape, applicant_supplied, parse_applications


def test_one_object() -> None:
    batch = parse_applications('{"kind": "new"}')

    assert (batch.shape, batch.applications) == (InputShape.OBJECT, [{"kind": "new"}])


def test_array() -> None:
    batch = parse_applications('[{"kind": "new"}, {"kind": "om"}]')

    assert batch.shape is InputShape.ARRAY
    assert batch.places == ["第 1 项", "第 2 项"]


def test_json_lines_skip_blank_lines_and_remember_line_numbers() -> None:
    batch = parse_applications('{"kind": "new"}\n\n{"kind": "om"}\n')

    assert batch.shape is InputShape.LINES
    assert [application["kind"] for application in batch.applications] == ["new", "om"]
    assert batch.places == ["第 1 项(第 1 行)", "第 2 项(第 3 行)"]


def test_a_pretty_printed_object_is_one_object_not_lines() -> None:
    assert parse_applications('{\n  "kind": "new"\n}\n').shape is InputShape.OBJECT


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("", "输入"),
        ("   \n", "输入"),
        ("[]", "输入"),
        ("3", "输入"),
        ('[{"kind": "new"}, 3]', "第 2 项"),
        ('{"kind": "new"}\n[1]\n', "第 2 项(第 2 行)"),
        ('{"kind": "new"}\n{"kind": \n', "第 2 项(第 2 行)第 10 列"),
        ('{"kind": "new"', "第 1 行第 15 列"),
    ],
)
def test_bad_input_says_where(text: str, where: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_applications(text)

    assert raised.value.field == where


def test_applicant_cannot_set_platform_fields() -> None:
    sent = {"kind": "new", "history": {"performance_unrectified": True},
            "unit": {"kind": "subordinate", "supervisor_approved": True}}

    cleaned = applicant_supplied(sent)

    assert cleaned == {"kind": "new", "unit": {"kind": "subordinate"}}
    assert sent["unit"]["supervisor_approved"] is True  # the caller's dict is left alone


@pytest.mark.parametrize(
    ("source", "parts"),
    [
        ("标准 三(一)2", ["标准 三(一)2"]),
        ("办法 第二十一条, 标准 四(一)", ["办法 第二十一条", "标准 四(一)"]),
        ("标准 一(一)、五(四)", ["标准 一(一)", "标准 五(四)"]),
        ("", []),
    ],
)
def test_split_sources(source: str, parts: list[str]) -> None:
    assert split_sources(source) == parts


def test_a_fine_citation_falls_back_to_its_enclosing_articles() -> None:
    assert _candidates("规则 五(三) 第2款") == ["规则 五(三) 第2款", "规则 五(三)", "规则 五"]
    assert _candidates("标准 三(三)1(1)") == [
        "标准 三(三)1(1)", "标准 三(三)1", "标准 三(三)", "标准 三",
    ]
    assert _candidates("办法 第十七条") == ["办法 第十七条"]


def test_passage_splits_around_the_quote() -> None:
    found = passage("应用开发费用按人月估算,人月单价一般不超过2万元。", "人月单价一般不超过2万元")

    assert found is not None
    assert (found.before, found.quote, found.after) == ("应用开发费用按人月估算,", "人月单价一般不超过2万元", "。")
    assert passage("某段文字", "不存在的引文") is None
    assert passage("某段文字", "  ") is None
