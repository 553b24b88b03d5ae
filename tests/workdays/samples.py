"""A fictitious 2027 arrangement (NOT a real notice) for tests of loading a new year."""

from __future__ import annotations

import copy
from typing import Any

_FICTITIOUS_2027: dict[str, Any] = {
    "year": 2027,
    "notice": "测试〔2026〕1号",
    "title": "（测试用虚构）2027年部分节假日安排",
    "issued_on": "2026-11-01",
    "holidays": [
        {"name": "元旦", "first": "2027-01-01", "last": "2027-01-03", "makeup_days": []},
        {
            "name": "春节",
            "first": "2027-02-05",
            "last": "2027-02-12",
            "makeup_days": ["2027-02-20"],
            "text": "虚构条文：2月5日至12日放假调休，共8天。2月20日（周六）上班。",
        },
    ],
}

FICTITIOUS_2027_TOML = """\
year = 2027
notice = "测试〔2026〕1号"
title = "（测试用虚构）2027年部分节假日安排"
issued_on = 2026-11-01

[[holidays]]
name = "元旦"
first = 2027-01-01
last = 2027-01-03
makeup_days = []

[[holidays]]
name = "春节"
first = 2027-02-05
last = 2027-02-12
makeup_days = [2027-02-20]
text = "虚构条文：2月5日至12日放假调休，共8天。2月20日（周六）上班。"
"""


def fictitious_2027() -> dict[str, Any]:
    """A fresh copy each time, so a test may break it without affecting another."""
    return copy.deepcopy(_FICTITIOUS_2027)
