"""`egovpm evaluate`: output mirrors the input's shape; bad input exits 2, names the field, prints
nothing on stdout."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

EGOVPM = Path(sys.executable).with_name("egovpm")
DECISION_KEYS = {"route", "route_label", "steps", "basis", "findings", "eligible", "obligations", "policy"}


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(EGOVPM), "evaluate", *args],
        input=None if stdin is None else stdin.encode("utf-8"),
        capture_output=True,
        timeout=120,
        check=False,
    )


def call(*args: str) -> str:
    out = io.StringIO()
    call_command("evaluate", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write(tmp_path: Path, text: str, name: str = "application.json") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_one_object_gives_one_decision_object(tmp_path: Path, upgrade: dict[str, Any]) -> None:
    out = call(write(tmp_path, json.dumps(upgrade, ensure_ascii=False)))

    decision = json.loads(out)
    assert set(decision) == DECISION_KEYS
    assert decision["route"] == "REVIEW"
    assert decision["findings"] == []
    assert "审核制" in out  # UTF-8, not \u escapes
    assert out.startswith('{\n  "route"')  # indented by two


def test_array_gives_array_in_order(
    tmp_path: Path, upgrade: dict[str, Any], fee_filing: dict[str, Any]
) -> None:
    out = call(write(tmp_path, json.dumps([upgrade, fee_filing])))

    assert [decision["route"] for decision in json.loads(out)] == ["REVIEW", "FEE_FILING"]


def test_json_lines_give_one_decision_per_line(
    tmp_path: Path, upgrade: dict[str, Any], fee_filing: dict[str, Any]
) -> None:
    text = json.dumps(fee_filing) + "\n\n" + json.dumps(upgrade, ensure_ascii=False) + "\n"

    lines = call(write(tmp_path, text, "batch.jsonl")).strip().split("\n")

    assert [json.loads(line)["route"] for line in lines] == ["FEE_FILING", "REVIEW"]


def test_stdin_dash_reads_standard_input(upgrade: dict[str, Any]) -> None:
    result = run_cli("-", stdin=json.dumps(upgrade, ensure_ascii=False))

    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout.decode("utf-8"))["route"] == "REVIEW"
    assert "审核制".encode() in result.stdout


def test_stdin_dash_in_process(monkeypatch: pytest.MonkeyPatch, fee_filing: dict[str, Any]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(fee_filing)))

    assert json.loads(call("-"))["route"] == "FEE_FILING"


def test_finding_is_reported_with_its_article(
    tmp_path: Path, upgrade_33_person_months: dict[str, Any]
) -> None:
    decision = json.loads(call(write(tmp_path, json.dumps(upgrade_33_person_months))))

    [finding] = decision["findings"]
    assert (finding["code"], finding["source"], finding["field"]) == (
        "PERSON_MONTH_RATE_EXCEEDED", "标准 三(一)2", "budget[0]",
    )


def test_text_format_explains_in_chinese(
    tmp_path: Path, upgrade_33_person_months: dict[str, Any], fee_filing: dict[str, Any]
) -> None:
    out = call(write(tmp_path, json.dumps([upgrade_33_person_months, fee_filing])), "--format", "text")

    first, second = out.strip().split("\n\n")
    assert "审批路径:审核制(REVIEW)" in first
    assert "项目:区城运中心城市运行管理平台升级改造项目" in first
    assert "  1. " in first and "third_party_assessment" in first
    assert "[错误] PERSON_MONTH_RATE_EXCEEDED — " in first
    assert first.rstrip().count("(标准 三(一)2)") == 1
    assert "GOV_PROCUREMENT_REQUIRED" in first
    assert "(FEE_FILING)" in second
    assert "问题:无" in second


def test_pack_option_names_the_pack(tmp_path: Path, upgrade: dict[str, Any]) -> None:
    out = call(write(tmp_path, json.dumps(upgrade)), "--pack", "yangpu-2023")

    assert json.loads(out)["policy"] == "yangpu-2023"


def test_unknown_pack_is_bad_input(tmp_path: Path, upgrade: dict[str, Any]) -> None:
    with pytest.raises(CommandError) as raised:
        call(write(tmp_path, json.dumps(upgrade)), "--pack", "nowhere-1999")

    assert raised.value.returncode == 2
    assert "--pack" in str(raised.value)


def _negative_second_line(upgrade: dict[str, Any], fee_filing: dict[str, Any]) -> str:
    upgrade["budget"][3]["amount"] = "-80000"
    return json.dumps([fee_filing, upgrade])


def _missing_kind(upgrade: dict[str, Any], fee_filing: dict[str, Any]) -> str:
    del upgrade["kind"]
    return json.dumps(upgrade)


def _bad_date_in_lines(upgrade: dict[str, Any], fee_filing: dict[str, Any]) -> str:
    upgrade["declared_on"] = "2026-02-30"
    return json.dumps(fee_filing) + "\n" + json.dumps(upgrade) + "\n"


def _broken_line(upgrade: dict[str, Any], fee_filing: dict[str, Any]) -> str:
    return json.dumps(fee_filing) + "\n" + '{"kind": "new",' + "\n"


@pytest.mark.parametrize(
    ("make_text", "named"),
    [
        (lambda up, fee: '{"kind": "new", ', ["JSON", "第 1 行"]),
        (lambda up, fee: "42", ["JSON 对象"]),
        (lambda up, fee: "", ["输入为空"]),
        (lambda up, fee: "[]", ["数组为空"]),
        (lambda up, fee: json.dumps([fee, "new"]), ["第 2 项", "JSON 对象"]),
        (_negative_second_line, ["第 2 项", "budget[3].amount"]),
        (_missing_kind, ["kind"]),
        (_bad_date_in_lines, ["第 2 项", "declared_on"]),
        (_broken_line, ["第 2 项", "第 2 行"]),
    ],
    ids=["syntax", "not-object", "empty", "empty-array", "array-item-not-object",
         "negative-amount-in-batch", "missing-kind", "impossible-date-in-lines", "broken-line"],
)
def test_bad_input_exits_2_names_the_field_and_prints_nothing(
    tmp_path: Path, upgrade: dict[str, Any], fee_filing: dict[str, Any], make_text: Any,
    named: list[str],
) -> None:
    result = run_cli(write(tmp_path, make_text(upgrade, fee_filing)))

    assert result.returncode == 2
    assert result.stdout == b""
    stderr = result.stderr.decode("utf-8")
    for word in named:
        assert word in stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "nothing.json"))

    assert (result.returncode, result.stdout) == (2, b"")
    assert "nothing.json" in result.stderr.decode("utf-8")


def test_bad_text_format_exits_2_with_nothing_on_stdout(tmp_path: Path, upgrade: dict[str, Any]) -> None:
    upgrade["total_amount"] = "NaN"

    result = run_cli(write(tmp_path, json.dumps(upgrade)), "--format", "text")

    assert (result.returncode, result.stdout) == (2, b"")
    assert "total_amount" in result.stderr.decode("utf-8")
