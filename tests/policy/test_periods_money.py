"""Month periods (民法典 第二百零一、二百零二条) and the 万元 formatting."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from egovpm.policy import add_months
from egovpm.policy.money import percent, wan, wan_limit

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [(D(2026, 3, 1), 6, D(2026, 9, 1)), (D(2026, 8, 31), 6, D(2027, 2, 28)),
     (D(2027, 8, 31), 6, D(2028, 2, 29)), (D(2026, 12, 15), 1, D(2027, 1, 15)),
     (D(2026, 1, 31), 1, D(2026, 2, 28)), (D(2026, 5, 10), 0, D(2026, 5, 10)),
     (D(9999, 12, 31), 6, D.max)],
)
def test_add_months(start, months, end):
    assert add_months(start, months) == end


@pytest.mark.parametrize(
    ("yuan", "bound", "shown"),
    [("24242.4242", None, "2.42"), ("20000.4", "20000", "2.00004"), ("1200000", None, "120.00"),
     ("19999.99", "20000", "1.999999"), ("0", None, "0.00"), ("5", None, "0.00")],
)
def test_wan(yuan, bound, shown):
    assert wan(Decimal(yuan), None if bound is None else Decimal(bound)) == shown


def test_limits_and_percentages():
    assert wan_limit(Decimal(20000)) == "2"
    assert wan_limit(Decimal(1000000)) == "100"
    assert percent(Decimal(17000), Decimal(280000)) == "6.07"
    assert percent(Decimal(108001), Decimal(1080000), Decimal("0.1")) == "10.0001"
    assert percent(Decimal(1), Decimal(0)) == "—"
