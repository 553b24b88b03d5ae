"""The clock periods come from the policy pack in force, not from literals in the code."""

from __future__ import annotations

import datetime as dt

import pytest

from egovpm.lifecycle.parameters import ClockParameters, clock_parameters
from egovpm.policy import get_pack

D = dt.date


def test_the_pack_gives_the_periods_of_the_seed() -> None:
    params = clock_parameters(D(2026, 3, 1))
    assert (params.procurement_start_months, params.procurement_stop_months,
            params.contract_filing_working_days, params.acceptance_filing_working_days) == (
        3, 6, 10, 15)


def test_a_changed_pack_parameter_changes_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    pack = get_pack(on=D(2026, 3, 1))
    monkeypatch.setattr(pack.params, "contract_filing_working_days", 7)
    monkeypatch.setattr(pack.params, "procurement_start_months", 2)
    params = clock_parameters(D(2026, 3, 1))
    assert params.contract_filing_working_days == 7
    assert params.procurement_start_months == 2


def test_before_any_edition_the_defaults_apply() -> None:
    assert clock_parameters(D(2000, 1, 1)) == ClockParameters()
