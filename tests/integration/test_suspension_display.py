"""The suspension shown with a project (规则 五(四)3) follows the policy pack in force, exactly as
the engine's SUSPENDED_AFTER_FAILURES does: display and refusal cannot drift."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm.declarations import selectors
from egovpm.policy import evaluate, get_pack, register_pack_dir, unregister_pack_dir
from tests.policy.conftest import simple

FICTITIOUS = """
name = "yangpu-test-suspension"
title = "测试用虚构版本"
extends = "yangpu-2023"
effective_from = 2031-01-01

[params.expert_failure_limit]
value = 1
unit = "次"
source = "规则 五(四)3"
quote = "测试"

[params.suspension_months]
value = 3
unit = "月"
source = "规则 五(四)3"
quote = "测试"
"""


@pytest.fixture
def fictitious_pack(tmp_path):
    (tmp_path / "pack.toml").write_text(FICTITIOUS, encoding="utf-8")
    register_pack_dir(tmp_path)
    yield get_pack("yangpu-test-suspension")
    unregister_pack_dir(tmp_path)


def engine_until(expert: list[dt.date], on: dt.date) -> str | None:
    app = simple("new", declared_on=on.isoformat())
    app["history"] = {"third_party_failures": [], "expert_failures": [d.isoformat() for d in expert],
                      "failed_acceptance_unrectified": False, "performance_unrectified": False}
    found = [f for f in evaluate(app).findings if f.code == "SUSPENDED_AFTER_FAILURES"]
    return found[0].params["until"] if found else None


@pytest.mark.parametrize(
    ("failures", "today", "until"),
    [  # built-in pack: two expert failures, six months
        ([dt.date(2026, 3, 1)], dt.date(2026, 4, 1), None),
        ([dt.date(2026, 3, 1), dt.date(2026, 3, 10)], dt.date(2026, 4, 1), dt.date(2026, 9, 10)),
        # the fictitious pack from 2031: one expert failure, three months
        ([dt.date(2031, 3, 1)], dt.date(2031, 4, 1), dt.date(2031, 6, 1)),
        ([dt.date(2031, 3, 1)], dt.date(2031, 6, 2), None),
    ],
)
def test_display_equals_the_engine(fictitious_pack, monkeypatch, failures, today, until):
    monkeypatch.setattr(selectors, "project_failure_dates", lambda project_id: ([], failures))
    shown = selectors.suspended_until(1, today=today)
    assert shown == until
    assert engine_until(failures, today) == (until.isoformat() if until else None)
