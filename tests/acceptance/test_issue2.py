"""Acceptance of issue 2 (policy engine, command line, project), through public contracts only:
`egovpm.policy.evaluate`, `egovpm.policy.InvalidApplication`, the `egovpm` console script and
`DATABASE_URL`."""

from __future__ import annotations

import json
import math
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from egovpm.policy import InvalidApplication, evaluate, register_pack_dir, unregister_pack_dir
from tests.acceptance.examples import example

SEED = Path("/work/shared/seed/000_16402cb49d8fd98c.txt")
WAN = 10_000
DECISION_KEYS = {"route", "route_label", "steps", "basis", "findings", "eligible", "obligations",
                 "policy"}
FINDING_KEYS = {"code", "severity", "blocking", "source", "field", "message"}
REVIEW_STEPS = ["third_party_assessment", "expert_assessment", "joint_meeting_review"]
FILING_STEPS = ["third_party_assessment", "joint_meeting_filing"]


def bare(kind: str = "new", total: int | str = 50 * WAN, hardware: int | str | None = 0,
         **extra: Any) -> dict[str, Any]:
    """The smallest valid application of a kind (no lines: routes only)."""
    app: dict[str, Any] = {"kind": kind, "declared_on": "2026-05-10", "budget_year": 2027,
                           "total_amount": str(total), "unit": {"kind": "department"}}
    if hardware is not None:
        app["hardware_amount"] = str(hardware)
    app.update(extra)
    return app


def codes(decision: Any) -> set[str]:
    return {f["code"] for f in decision.to_dict()["findings"]}


# -- §2: the shape of a decision ------------------------------------------------------------


def test_the_section_1_example_gives_the_section_2_decision_exactly():
    decision = evaluate(example()).to_dict()
    assert set(decision) == DECISION_KEYS
    assert decision["route"] == "REVIEW"
    assert decision["route_label"] == "审核制"
    assert decision["steps"] == REVIEW_STEPS
    assert decision["basis"] == [{"source": "规则 五(三)", "quote": "建设金额在100万元(含)至500万元(含)间的"}]
    assert decision["findings"] == []
    assert decision["eligible"] is True
    assert decision["policy"] == "yangpu-2023"
    for obligation in decision["obligations"]:
        assert set(obligation) == {"code", "source"}
    pairs = {(o["code"], o["source"]) for o in decision["obligations"]}
    assert {("GOV_PROCUREMENT_REQUIRED", "规则 五(五)1"), ("SUPERVISION_REQUIRED", "规则 五(五)6"),
            ("QUARTERLY_EXECUTION_REPORT", "规则 五(五)4")} <= pairs
    json.dumps(decision, ensure_ascii=False)  # plain JSON, no Decimal or date objects


def test_any_read_only_mapping_is_accepted_and_left_unchanged():
    app = example()
    frozen = MappingProxyType(app)
    assert evaluate(frozen).to_dict() == evaluate(example()).to_dict()
    assert app == example()


def test_the_section_2_finding_example_word_for_word():
    app = example()
    app["budget"][0]["person_months"] = 33
    decision = evaluate(app).to_dict()
    assert decision["findings"] == [{
        "code": "PERSON_MONTH_RATE_EXCEEDED", "severity": "error", "blocking": False,
        "source": "标准 三(一)2", "field": "budget[0]",
        "message": "应用开发人月单价 2.42 万元,超过《配置标准》三(一)2 规定的 2 万元",
    }]
    assert decision["eligible"] is True  # an error, not blocking


def test_every_finding_and_basis_carries_a_quote_or_article_from_the_source_text():
    app = bare("new", 600 * WAN, 300 * WAN, compliance={"new_private_network": True},
               unit={"kind": "subordinate"})
    decision = evaluate(app).to_dict()
    seed = SEED.read_text(encoding="utf-8")
    assert decision["basis"]
    for basis in decision["basis"]:
        assert set(basis) == {"source", "quote"}
        assert basis["quote"] and basis["quote"] in seed
    assert decision["findings"]
    for finding in decision["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in {"error", "warning"}
        assert isinstance(finding["blocking"], bool)
        assert finding["source"] and any("\u4e00" <= ch <= "\u9fff" for ch in finding["message"])
    blocking = {f["code"] for f in decision["findings"] if f["blocking"]}
    assert "SUBORDINATE_NOT_APPROVED" in blocking and decision["eligible"] is False


# -- §3: routes, row by row, and the boundaries ------------------------------------------------


@pytest.mark.parametrize(
    ("app", "route", "steps"),
    [
        (bare("security_assessment_fee", 10 * WAN, None), "FEE_FILING", ["joint_meeting_filing"]),
        (bare("market_software", 10 * WAN, None), "MARKET_FILING", ["joint_meeting_filing"]),
        (bare("om", 300 * WAN, None, om={"first_application": True},
              tender={"mode": "one_plus_two", "contract_year": 2}),
         "RENEWAL_FILING", ["joint_meeting_filing"]),
        (bare("new", 300 * WAN, higher_approval={"doc_no": "沪经信〔2026〕12号",
                                                 "argument_conclusion": True,
                                                 "standard_and_amount_defined": True}),
         "DIRECT_FILING", ["joint_meeting_direct_filing"]),
        (bare("info_publishing", 5 * WAN, None, cac_filing_approved=True), "INFO_PUBLISHING",
         ["cac_filing", "third_party_assessment", "joint_meeting_review"]),
        (bare("om", 100 * WAN - 1, None, om={"first_application": True}), "FILING", FILING_STEPS),
        (bare("om", 100 * WAN, None, om={"first_application": True}), "REVIEW", REVIEW_STEPS),
        (bare("om", 109 * WAN, None, om={"first_application": False,
                                         "previous_amount": str(100 * WAN)}),
         "FILING", FILING_STEPS),
        (bare("om", 111 * WAN, None, om={"first_application": False,
                                         "previous_amount": str(100 * WAN)}),
         "REVIEW", REVIEW_STEPS),
        (bare("om", 150 * WAN, None, om={"first_application": False, "previous_amount": "0"}),
         "REVIEW", REVIEW_STEPS),
        (bare("new", 100 * WAN - 1), "FILING", FILING_STEPS),
        (bare("service", 100 * WAN), "REVIEW", REVIEW_STEPS),
        (bare("new", 500 * WAN), "REVIEW", REVIEW_STEPS),
        (bare("new", 600 * WAN, 0, pure_software=True), "REVIEW", REVIEW_STEPS),
        (bare("upgrade", 600 * WAN, 180 * WAN), "REVIEW", REVIEW_STEPS),
        (bare("continuation", 600 * WAN, 180 * WAN + 1), "GOV_INVESTMENT",
         ["third_party_argument", "gov_investment_procedure"]),
    ],
    ids=["fee", "market", "renewal", "direct", "info", "om<100", "om=100first", "om<10%",
         "om>10%", "om-P0", "<100", "service=100", "=500", ">500-pure", "30%-exact", ">30%"],
)
def test_every_route_row(app, route, steps):
    decision = evaluate(app).to_dict()
    assert (decision["route"], decision["steps"]) == (route, steps)


def test_a_10_percent_om_change_exactly_is_review_and_says_it_is_ambiguous():
    rise = evaluate(bare("om", 110 * WAN, None, om={"first_application": False,
                                                     "previous_amount": str(100 * WAN)}))
    assert rise.route == "REVIEW" and "AMBIGUOUS_BOUNDARY" in codes(rise)
    cut = evaluate(bare("om", 180 * WAN, None, om={"first_application": False,
                                                    "previous_amount": str(200 * WAN)}))
    assert cut.route == "REVIEW" and "AMBIGUOUS_BOUNDARY" in codes(cut)


def test_pure_software_with_hardware_does_not_escape_government_investment():
    decision = evaluate(bare("new", 600 * WAN, 300 * WAN, pure_software=True))
    assert decision.route == "GOV_INVESTMENT"
    assert "PURE_SOFTWARE_WITH_HARDWARE" in codes(decision)


def test_person_month_rate_at_the_limit_and_one_yuan_past_it():
    def with_rate(amount: int) -> set[str]:
        return codes(evaluate(bare("new", amount, budget=[
            {"item": "app_dev", "amount": str(amount), "person_months": 10}])))

    assert "PERSON_MONTH_RATE_EXCEEDED" not in with_rate(20 * WAN)
    assert "PERSON_MONTH_RATE_EXCEEDED" in with_rate(20 * WAN + 1)


@pytest.mark.parametrize(
    ("app", "present"),
    [
        (bare("new", 50 * WAN, unit={"kind": "subordinate", "supervisor_approved": False}),
         True),
        (bare("new", 50 * WAN, unit={"kind": "subordinate", "supervisor_approved": True}),
         False),
    ],
)
def test_subordinate_needs_supervisor_approval_blocking(app, present):
    decision = evaluate(app)
    assert ("SUBORDINATE_NOT_APPROVED" in codes(decision)) is present
    assert decision.to_dict()["eligible"] is (not present)


def test_suspension_after_two_expert_failures_lasts_six_months_inclusive():
    history = {"expert_failures": ["2026-03-01", "2026-04-10"]}
    inside = evaluate(bare("upgrade", 50 * WAN, declared_on="2026-10-10", history=history))
    after = evaluate(bare("upgrade", 50 * WAN, declared_on="2026-10-11", history=history))
    assert "SUSPENDED_AFTER_FAILURES" in codes(inside)
    assert inside.to_dict()["eligible"] is False
    assert "SUSPENDED_AFTER_FAILURES" not in codes(after)


def test_public_tender_at_400_wan_exactly_is_ambiguous_and_above_is_required():
    def obligations(total: int) -> set[str]:
        return {o["code"] for o in evaluate(bare("new", total)).to_dict()["obligations"]}

    assert "PUBLIC_TENDER_REQUIRED" not in obligations(400 * WAN)
    assert "AMBIGUOUS_BOUNDARY" in codes(evaluate(bare("new", 400 * WAN)))
    assert "PUBLIC_TENDER_REQUIRED" in obligations(400 * WAN + 1)


# -- bad input ---------------------------------------------------------------------------------


def _without(app: dict, *path: str) -> dict:
    target = app
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return app


@pytest.mark.parametrize(
    ("app", "field"),
    [
        (bare("spaceship"), "kind"),
        (bare("new", -1), "total_amount"),
        (bare("new", "NaN"), "total_amount"),
        (bare("new", "Infinity"), "total_amount"),
        (bare("new", "一百万"), "total_amount"),
        (bare("new", 10**16), "total_amount"),
        (bare("new", 50 * WAN, 60 * WAN), "hardware_amount"),
        (bare("new", declared_on="2026-02-30"), "declared_on"),
        (bare("new", declared_on="2026/05/10"), "declared_on"),
        (_without(bare("new"), "kind"), "kind"),
        (_without(bare("new"), "declared_on"), "declared_on"),
        (_without(bare("new"), "budget_year"), "budget_year"),
        (_without(bare("new"), "total_amount"), "total_amount"),
        (_without(bare("new"), "hardware_amount"), "hardware_amount"),
        (_without(bare("new"), "unit", "kind"), "unit.kind"),
        (bare("om", 50 * WAN, None), "om.first_application"),
        (bare("new", budget=[{"item": "yacht", "amount": "1"}]), "budget[0].item"),
        (bare("new", budget=[{"item": "hardware"}]), "budget[0].amount"),
    ],
    ids=["kind", "negative", "nan", "inf", "non-numeric", "absurd", "hw>total", "impossible-date",
         "date-format", "no-kind", "no-date", "no-budget-year", "no-total", "no-hardware",
         "no-unit-kind", "no-om-first", "unknown-item", "line-no-amount"],
)
def test_bad_input_is_a_value_error_naming_the_field(app, field):
    with pytest.raises(InvalidApplication) as caught:
        evaluate(app)
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == field
    assert field in str(caught.value)


def test_float_amounts_are_read_as_decimal_without_binary_rounding():
    # 0.1 + 0.2 lines equal a 0.3 total only in decimal arithmetic.
    app = bare("new", Decimal("0.3"), budget=[{"item": "app_dev", "amount": 0.1,
                                                "person_months": 1},
                                               {"item": "app_dev", "amount": 0.2,
                                                "person_months": 1}])
    assert "AMOUNT_INCONSISTENT" not in codes(evaluate(app))
    with pytest.raises(InvalidApplication):
        evaluate(bare("new", math.nan))


# -- editions ----------------------------------------------------------------------------------


def test_the_pack_in_force_on_declared_on_and_a_date_before_every_pack():
    assert evaluate(bare("new", declared_on="2023-05-15")).policy == "yangpu-2023"
    with pytest.raises(InvalidApplication) as caught:
        evaluate(bare("new", declared_on="2023-05-14"))
    assert caught.value.field == "declared_on"


def test_a_later_edition_is_data_that_changes_one_threshold(tmp_path):
    edition = tmp_path / "acceptance_edition"
    edition.mkdir()
    (edition / "pack.toml").write_text(
        'name = "yangpu-acceptance-2040"\ntitle = "验收用虚构版本"\nextends = "yangpu-2023"\n'
        "effective_from = 2040-01-01\n\n[params.review_min]\nvalue = \"60\"\n",
        encoding="utf-8",
    )
    register_pack_dir(edition)
    try:
        before = evaluate(bare("new", 70 * WAN, declared_on="2039-12-31"))
        after = evaluate(bare("new", 70 * WAN, declared_on="2040-01-01"))
        named = evaluate(bare("new", 70 * WAN, declared_on="2040-01-01"), pack="yangpu-2023")
    finally:
        unregister_pack_dir(edition)
    assert (before.policy, before.route) == ("yangpu-2023", "FILING")
    assert (after.policy, after.route) == ("yangpu-acceptance-2040", "REVIEW")
    assert (named.policy, named.route) == ("yangpu-2023", "FILING")
    assert evaluate(bare("new", 70 * WAN, declared_on="2040-01-01")).policy == "yangpu-2023"


# -- the command line --------------------------------------------------------------------------


def run_cli(*args: str, stdin: str | None = None, home: Path,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "EGOVPM_HOME": str(home), "LANG": "C", "LC_ALL": "C",
                   **(env or {})}
    return subprocess.run([sys.executable, "-m", "egovpm", *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", env=environment,
                          cwd=home, check=False, timeout=120)


def test_cli_prints_the_decision_as_unescaped_utf8_json(tmp_path):
    path = tmp_path / "app.json"
    path.write_text(json.dumps(example(), ensure_ascii=False), encoding="utf-8")
    result = run_cli("evaluate", str(path), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "审核制" in result.stdout and "\\u" not in result.stdout
    assert json.loads(result.stdout) == evaluate(example()).to_dict()


def test_cli_text_format_explains_in_chinese(tmp_path):
    app = example()
    app["budget"][0]["person_months"] = 33
    result = run_cli("evaluate", "-", "--format", "text", stdin=json.dumps(app), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "审核制" in result.stdout
    assert "标准 三(一)2" in result.stdout or "三(一)2" in result.stdout
    assert "2.42" in result.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)


def test_cli_batch_as_array_and_as_json_lines_and_from_stdin(tmp_path):
    apps = [example(), bare("new", 50 * WAN), bare("security_assessment_fee", 10 * WAN, None)]
    routes = ["REVIEW", "FILING", "FEE_FILING"]
    array = run_cli("evaluate", "-", stdin=json.dumps(apps, ensure_ascii=False), home=tmp_path)
    assert array.returncode == 0, array.stderr
    assert [d["route"] for d in json.loads(array.stdout)] == routes
    lines_file = tmp_path / "apps.jsonl"
    lines_file.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in apps) + "\n",
                          encoding="utf-8")
    jsonl = run_cli("evaluate", str(lines_file), home=tmp_path)
    assert jsonl.returncode == 0, jsonl.stderr
    decisions = [json.loads(line) for line in jsonl.stdout.splitlines() if line.strip()]
    assert [d["route"] for d in decisions] == routes
    assert all(set(d) == DECISION_KEYS for d in decisions)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (json.dumps(bare("new", -5)), "total_amount"),
        (json.dumps([bare("new"), bare("new", declared_on="2026-13-01")]), "declared_on"),
        (json.dumps(bare("new")) + "\n" + json.dumps(bare("warp")) + "\n", "kind"),
    ],
    ids=["object", "array", "jsonl"],
)
def test_cli_bad_input_exits_2_naming_the_field_with_empty_stdout(tmp_path, payload, field):
    result = run_cli("evaluate", "-", stdin=payload, home=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert field in result.stderr


def test_cli_unreadable_json_exits_2(tmp_path):
    result = run_cli("evaluate", "-", stdin="{not json", home=tmp_path)
    assert result.returncode == 2 and result.stdout == "" and result.stderr.strip()


# -- the project -------------------------------------------------------------------------------


def test_database_url_sqlite_path_is_used_by_migrate(tmp_path):
    database = tmp_path / "elsewhere" / "chosen.sqlite3"
    database.parent.mkdir()
    result = run_cli("migrate", "--noinput", home=tmp_path,
                     env={"DATABASE_URL": f"sqlite:///{database}"})
    assert result.returncode == 0, result.stderr
    assert database.exists()
    assert not (tmp_path / "var" / "egovpm.sqlite3").exists()
    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "django_migrations" in tables
    assert any(name.startswith("declarations_") for name in tables)
