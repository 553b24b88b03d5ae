import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.audit.helpers import append, raw

pytestmark = pytest.mark.django_db


def test_audit_verify_exits_zero_and_counts(auditor):
    append(3, actor=auditor)
    out = io.StringIO()
    call_command("audit-verify", stdout=out)
    assert out.getvalue().strip() == "审计链完整, 3 条"


def test_audit_verify_fails_naming_the_altered_row(auditor):
    append(4, actor=auditor)
    raw("UPDATE audit_auditentry SET actor_username = 'someone' WHERE seq = 2")
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("audit-verify", stderr=err)
    assert excinfo.value.returncode != 0
    assert "seq=2" in str(excinfo.value)
    assert "第 2 条" in str(excinfo.value)
    assert "触发器不存在" in err.getvalue()  # raw() dropped them


def test_console_script_exit_status_against_direct_database_writes(tmp_path):
    """As an operator runs it: 0 when intact; non-zero naming the row after a direct write."""
    (tmp_path / "var").mkdir()
    env = {"EGOVPM_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    egovpm = str(Path(sys.executable).parent / "egovpm")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([egovpm, *args, "--skip-checks"], env=env, capture_output=True,
                              text=True, check=False)

    assert run("migrate", "--noinput").returncode == 0
    assert run("addunit", "区测试局", "--kind", "department").returncode == 0
    intact = run("audit-verify")
    assert intact.returncode == 0, intact.stderr
    assert "审计链完整, 1 条" in intact.stdout

    with sqlite3.connect(tmp_path / "var" / "egovpm.sqlite3") as db:
        db.execute("DROP TRIGGER audit_entry_no_update")
        db.execute("UPDATE audit_auditentry SET reason = 'forged' WHERE seq = 1")
    broken = run("audit-verify")
    assert broken.returncode != 0
    assert "seq=1" in broken.stderr
