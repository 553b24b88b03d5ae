"""Category findings (标准 五, 二(三)2, 一(一); POLICY.md §4)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from egovpm.policy import evaluate

from .conftest import codes, simple

WAN = 10_000


def category(type_: str, total: int = 10 * WAN, kind: str = "upgrade", **fields) -> dict:
    app = simple(kind, total)
    app["category"] = {"type": type_, **fields}
    return app


def category_codes(app: dict) -> list[str]:
    return [f.code for f in evaluate(app).findings]


@pytest.mark.parametrize(
    ("type_", "scale", "cap"),
    [("oa", "small", 25), ("oa", "medium", 75), ("oa", "large", 160),
     ("website", "small", 30), ("website", "medium", 90), ("website", "large", 140),
     ("video_conference", "small", 50), ("video_conference", "medium", 165),
     ("machine_room", "small", 30), ("machine_room", "medium", 100),
     ("machine_room", "large", 240)],
)
def test_cost_caps_at_and_past_the_limit(type_, scale, cap):
    assert category_codes(category(type_, cap * WAN, scale=scale)) == []
    assert category_codes(category(type_, cap * WAN + 1, scale=scale)) == [
        "CATEGORY_COST_CAP_EXCEEDED"
    ]


def test_large_video_conference_has_no_cost_cap():
    assert category_codes(category("video_conference", 900 * WAN, scale="large")) == []


def test_cost_cap_leaves_out_djbh3_lines():
    app = category("oa", 25 * WAN + 5 * WAN, scale="small")
    testing = app["budget"][1]
    app["budget"] = [app["budget"][0], testing, {"item": "djbh3_testing", "amount": str(5 * WAN)}]
    app["budget"][0]["amount"] = str(25 * WAN - int(testing["amount"]))
    found = category_codes(app)
    assert "CATEGORY_COST_CAP_EXCEEDED" not in found
    assert "DJBH3_FEES_IN_BUDGET" in found


def test_category_caps_do_not_apply_to_om():
    app = simple("om", 500 * WAN)
    app["category"] = {"type": "oa", "scale": "small", "person_months": 50, "servers": 9}
    assert codes(app) == []


@pytest.mark.parametrize(("type_", "scale", "limit"),
                         [("oa", "small", "5"), ("oa", "medium", "15"), ("oa", "large", "40"),
                          ("website", "small", "7.5"), ("website", "medium", "15"),
                          ("website", "large", "25")])
def test_person_month_limits(type_, scale, limit):
    assert category_codes(category(type_, scale=scale, person_months=limit)) == []
    over = category(type_, scale=scale, person_months=str(Decimal(limit) + Decimal("0.01")))
    assert "CATEGORY_PERSON_MONTHS_EXCEEDED" in category_codes(over)


def test_person_months_omitted_checks_nothing():
    assert category_codes(category("oa", scale="small")) == []


@pytest.mark.parametrize(("scale", "servers"), [("small", 1), ("medium", 2), ("large", 3)])
def test_servers_reference_counts(scale, servers):
    assert category_codes(category("oa", scale=scale, servers=servers)) == []
    app = category("oa", scale=scale, servers=servers + 1)
    found = evaluate(app).findings
    assert [(f.code, f.severity) for f in found] == [("CATEGORY_SERVERS_EXCEEDED", "warning")]


@pytest.mark.parametrize(
    ("type_", "fields", "declared", "mismatch"),
    [("oa", {"person_months": 5}, "small", False), ("oa", {"person_months": 6}, "small", True),
     ("oa", {"person_months": 6}, "medium", False), ("oa", {"person_months": 3}, "large", True),
     ("website", {"person_months": "7.5"}, "small", False),
     ("video_conference", {"endpoints": 9}, "small", False),
     ("video_conference", {"endpoints": 11}, "small", True),
     ("video_conference", {"endpoints": 31}, "large", False),
     ("machine_room", {"area_m2": "100.5"}, "large", False),
     ("machine_room", {"area_m2": 50}, "small", True),
     ("oa", {}, "small", False)],
)
def test_scale_mismatch(type_, fields, declared, mismatch):
    app = category(type_, 1 * WAN, scale=declared, **fields)
    assert ("CATEGORY_SCALE_MISMATCH" in category_codes(app)) is mismatch


@pytest.mark.parametrize(
    ("type_", "fields", "ambiguous", "implied_small"),
    [("video_conference", {"endpoints": 10}, True, True),
     ("video_conference", {"endpoints": 30}, True, False),
     ("video_conference", {"endpoints": 29}, False, False),
     ("machine_room", {"area_m2": 20}, True, True),
     ("machine_room", {"area_m2": "100"}, True, False),
     ("machine_room", {"area_m2": "20.01"}, False, False)],
)
def test_ambiguous_boundaries(type_, fields, ambiguous, implied_small):
    app = category(type_, 1 * WAN, scale="small", **fields)
    found = evaluate(app).findings
    assert ("AMBIGUOUS_BOUNDARY" in [f.code for f in found]) is ambiguous
    assert ("CATEGORY_SCALE_MISMATCH" not in [f.code for f in found]) is implied_small
    for f in found:
        if f.code == "AMBIGUOUS_BOUNDARY":
            assert (f.severity, f.source) == ("warning", "标准 五")


def test_scale_omitted_uses_the_implied_band():
    app = category("video_conference", 50 * WAN + 1, endpoints=5)
    assert category_codes(app) == ["CATEGORY_COST_CAP_EXCEEDED"]
    app = category("oa", 160 * WAN + 1)  # nothing known: the largest band still caps it
    assert category_codes(app) == ["CATEGORY_COST_CAP_EXCEEDED"]


@pytest.mark.parametrize(("area", "out"), [(300, False), ("300.01", True)])
def test_machine_room_above_300_is_out_of_standard(area, out):
    app = category("machine_room", 500 * WAN, area_m2=area, scale="large")
    found = category_codes(app)
    assert ("OUT_OF_STANDARD" in found) is out
    assert ("CATEGORY_COST_CAP_EXCEEDED" in found) is not out  # 500万 > 240万 unless 一事一议


@pytest.mark.parametrize(("seats", "merge"), [(30, True), (31, False), (0, True), (None, False)])
def test_hotline_seats(seats, merge):
    app = category("hotline", seats=seats)
    found = evaluate(app).findings
    assert ([(f.code, f.severity) for f in found] == [("HOTLINE_SHOULD_MERGE_12345", "error")]) \
        is merge
    if not merge:
        assert found == []


@pytest.mark.parametrize(("kind", "warned"), [("new", True), ("upgrade", False)])
def test_new_machine_room(kind, warned):
    app = category("machine_room", 10 * WAN, kind=kind, area_m2=15)
    found = [f for f in evaluate(app).findings if f.code == "NEW_MACHINE_ROOM"]
    assert bool(found) is warned
    if found:
        assert found[0].severity == "warning"
