"""`egovpm workdays load FILE | show YEAR | add DATE N`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from egovpm import workdays
from egovpm.calendars.models import YearArrangement
from tests.workdays.samples import FICTITIOUS_2027_TOML, fictitious_2027

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_load_a_toml_file(tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "2027.toml"
    path.write_text(FICTITIOUS_2027_TOML, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        output = run("load", str(path))
    assert "已载入 2027 年放假安排" in output
    assert YearArrangement.objects.get().notice == "测试〔2026〕1号"
    assert workdays.is_loaded(2027)


def test_load_a_json_file(tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(fictitious_2027(), ensure_ascii=False), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        run("load", str(path))
    assert YearArrangement.objects.get().year == 2027


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [
        ("2027.toml", None, "file"),  # does not exist
        ("2027.yaml", "year: 2027", "file"),
        ("2027.toml", "year = = 2027", "file"),
        ("2027.json", "{\"year\": 2027,}", "file"),
        ("2027.toml", FICTITIOUS_2027_TOML.replace("2027-02-20", "2027-02-19"), "holidays[1].makeup_days[0]"),
        ("2027.toml", FICTITIOUS_2027_TOML.replace("year = 2027", "year = 1999"), "year"),
        ("2027.toml", FICTITIOUS_2027_TOML.replace("last = 2027-01-03", "last = 2026-12-30"),
         "holidays[0].last"),
        ("2027.toml", FICTITIOUS_2027_TOML.replace("makeup_days = [2027-02-20]", "makeup_days = [2027-02-06]"),
         "holidays[1].makeup_days[0]"),
    ],
    ids=["missing", "suffix", "toml-syntax", "json-syntax", "weekday-makeup", "year", "outside-year",
         "holiday-and-makeup"],
)
def test_bad_files_exit_2_and_change_nothing(tmp_path, name, content, field):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("load", str(path))
    assert caught.value.returncode == 2
    assert field in str(caught.value)
    assert not YearArrangement.objects.exists()
    assert not workdays.is_loaded(2027)


def test_the_console_script_exits_2_on_a_bad_file(tmp_path):
    path = tmp_path / "2027.toml"
    path.write_text(FICTITIOUS_2027_TOML.replace("2027-02-20", "2027-02-19"), encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "-m", "egovpm", "workdays", "load", str(path)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "holidays[1].makeup_days[0]" in result.stderr
    assert "调休上班日须为周六或周日" in result.stderr


def test_show_lists_holidays_and_make_up_days():
    output = run("show", "2025")
    assert "国办发明电〔2024〕12号" in output
    assert "国庆节、中秋节：2025-10-01（周三） 至 2025-10-08（周三） 放假，共 8 天" in output
    assert "调休上班：2025-09-28（周日）" in output
    assert "调休上班：2025-10-11（周六）" in output


def test_show_an_unloaded_year():
    assert "未载入" in run("show", "2027")


def test_add_prints_the_deadline_and_marks_provisional_ones():
    assert run("add", "2026-09-30", "4").strip() == "2026-10-12 周一"
    assert run("add", "2024-02-03", "1").startswith("2024-02-04 周日")
    provisional = run("add", "2026-12-31", "10")
    assert provisional.startswith("2027-01-14(暂定)")
    assert "2027 年放假安排未载入" in provisional


def test_add_sees_a_year_stored_in_the_database(tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "2027.toml"
    path.write_text(FICTITIOUS_2027_TOML, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        run("load", str(path))
    assert run("add", "2026-12-31", "10").strip() == "2027-01-15 周五"


@pytest.mark.parametrize(
    ("args", "field"),
    [(("add", "2026-13-01", "1"), "date"), (("add", "2026-12-01", "0"), "n"),
     (("add", "2026-12-01", "ten"), "n"), (("show", "二〇二七"), "year")],
)
def test_bad_arguments_exit_2(args, field):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    assert str(caught.value).startswith(field)
