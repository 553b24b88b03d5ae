"""Budget findings (标准 三; 规则 一(二), 五(一)2, 五(三); POLICY.md §4, §8).

Each threshold at the limit, one 元 past it, and with the field omitted; codes, not messages.
"""

from __future__ import annotations

import pytest

from egovpm.policy import evaluate

from .conftest import codes, findings_of, simple

WAN = 10_000


def with_budget(lines: list[tuple[str, int]], kind: str = "new", **changes) -> dict:
    """An application whose total and hardware amount agree with ``lines``."""
    total = sum(amount for _, amount in lines)
    hardware = sum(a for item, a in lines if item in ("hardware", "security_equipment"))
    app = simple(kind, total)
    app["budget"] = [{"item": item, "amount": str(amount)} for item, amount in lines]
    app["hardware_amount"] = str(hardware)
    app.update(changes)
    return app


def test_lines_missing_for_implementation_kinds_only():
    for kind in ("new", "upgrade", "continuation", "om", "service", "info_publishing"):
        app = simple(kind, 5 * WAN)
        app["budget"] = []
        app["maintenance"] = []
        (finding,) = findings_of(app, "BUDGET_LINES_MISSING")
        assert (finding.severity, finding.field) == ("error", "budget")
        assert "AMOUNT_INCONSISTENT" not in codes(app)
    for kind in ("security_assessment_fee", "market_software"):
        app = simple(kind, 5 * WAN)
        app["budget"] = []
        assert codes(app) == []


@pytest.mark.parametrize(("delta", "expected"), [(0, []), (1, ["AMOUNT_INCONSISTENT"]),
                                                 (-1, ["AMOUNT_INCONSISTENT"])])
def test_lines_must_add_up_to_the_total(delta, expected):
    app = simple("new", 50 * WAN)
    app["total_amount"] = str(50 * WAN + delta)
    assert codes(app) == expected


def test_sum_includes_maintenance_and_excluded_lines():
    app = simple("om", 10 * WAN)
    app["maintenance"] = [{"item": "hosting_service", "amount": "60000"},
                          {"item": "idc", "amount": "40000"}]
    assert codes(app) == ["EXCLUDED_EXPENSE"]


def test_amounts_with_cents_add_up_exactly():
    app = with_budget([("app_dev", 1)])
    app["budget"] = [{"item": "app_dev", "amount": "0.1"}, {"item": "app_dev", "amount": "0.2"}]
    app["total_amount"] = "0.3"
    assert "AMOUNT_INCONSISTENT" not in codes(app)


@pytest.mark.parametrize(("declared", "expected"), [(20 * WAN, []), (20 * WAN + 1,
                                                    ["HARDWARE_AMOUNT_MISMATCH"])])
def test_hardware_amount_must_match_hardware_lines(declared, expected):
    app = with_budget([("app_dev", 90 * WAN), ("hardware", 15 * WAN),
                       ("security_equipment", 5 * WAN), ("integration", 1 * WAN),
                       ("security_testing", 9000)])
    app["hardware_amount"] = str(declared)
    app["total_amount"] = str(int(app["total_amount"]))
    assert [c for c in codes(app) if c == "HARDWARE_AMOUNT_MISMATCH"] == expected


def test_hardware_mismatch_ignores_maintenance_and_needs_budget_lines():
    app = simple("service", 10 * WAN)
    app["budget"] = []
    app["maintenance"] = [{"item": "hardware", "device_class": "A", "amount": str(10 * WAN),
                           "purchase_amount": str(1000 * WAN)}]
    app["hardware_amount"] = str(5 * WAN)
    assert "HARDWARE_AMOUNT_MISMATCH" not in codes(app)


def test_pure_software_with_hardware():
    app = with_budget([("app_dev", 50 * WAN), ("hardware", 1), ("security_testing", 5000),
                       ("integration", 0)], pure_software=True)
    assert "PURE_SOFTWARE_WITH_HARDWARE" in codes(app)
    app = with_budget([("app_dev", 50 * WAN), ("security_testing", 5000)], pure_software=True)
    assert "PURE_SOFTWARE_WITH_HARDWARE" not in codes(app)


@pytest.mark.parametrize(
    ("amount", "months", "exceeded"),
    [(40 * WAN, 20, False), (40 * WAN + 1, 20, True), (40 * WAN, None, False),
     (0, 0, False)],
)
def test_person_month_rate(amount, months, exceeded):
    line = {"item": "app_dev", "amount": str(amount)}
    if months is not None:
        line["person_months"] = months
    app = simple("new", amount)
    app["budget"] = [line]
    app["total_amount"] = str(amount)
    found = findings_of(app, "PERSON_MONTH_RATE_EXCEEDED")
    assert bool(found) is exceeded
    if exceeded:
        assert (found[0].severity, found[0].field) == ("error", "budget[0]")


def test_person_month_rate_fractional_months():
    app = with_budget([("app_dev", 15 * WAN), ("security_testing", 1500)])
    app["budget"][0]["person_months"] = "7.5"
    assert codes(app) == []
    app["budget"][0]["person_months"] = "7.49"
    assert codes(app) == ["PERSON_MONTH_RATE_EXCEEDED"]


# C = 100万 of app_dev; 安全测评 1% keeps that rule quiet.
def fees(**extra: int) -> dict:
    lines = [("app_dev", 100 * WAN), ("security_testing", 1 * WAN)]
    lines += [(item, amount) for item, amount in extra.items()]
    return with_budget(lines)


@pytest.mark.parametrize(
    ("extra", "exceeded"),
    [({"consulting": 4 * WAN, "supervision": 3 * WAN, "software_testing": 2 * WAN}, False),
     ({"consulting": 4 * WAN, "supervision": 3 * WAN, "software_testing": 2 * WAN + 1}, True),
     ({"management": 50 * WAN, "contingency": 10 * WAN, "crypto_testing": 5 * WAN}, False),
     ({}, False)],
)
def test_other_fees_cap_10_percent(extra, exceeded):
    assert ("OTHER_FEES_OVER_CAP" in codes(fees(**extra))) is exceeded


def test_fee_ratios_skip_om_info_publishing_and_filing_kinds():
    for kind in ("info_publishing", "security_assessment_fee", "market_software"):
        app = with_budget([("app_dev", 5 * WAN), ("consulting", 5 * WAN)], kind=kind)
        app.pop("hardware_amount")
        found = set(codes(app))
        assert not found & {"OTHER_FEES_OVER_CAP", "SECURITY_TESTING_FEE_OUT_OF_RANGE",
                            "INTEGRATION_FEE_OUT_OF_RANGE"}


def integration(fee: int | None, purchases: int = 100 * WAN) -> dict:
    lines = [("app_dev", 400 * WAN), ("security_testing", 4 * WAN + purchases // 100)]
    if purchases:
        lines.append(("product_software", purchases))
    if fee is not None:
        lines.append(("integration", fee))
    return with_budget(lines)


@pytest.mark.parametrize(
    ("app", "severity"),
    [(integration(5 * WAN), None), (integration(8 * WAN), None),
     (integration(8 * WAN + 1), "error"), (integration(5 * WAN - 1), "warning"),
     (integration(None), "warning"),                 # purchases, no integration line: 0%
     (integration(1 * WAN, purchases=0), "error"),   # integration with nothing purchased
     (integration(None, purchases=0), None)],
)
def test_integration_fee_range(app, severity):
    found = findings_of(app, "INTEGRATION_FEE_OUT_OF_RANGE")
    assert (found[0].severity if found else None) == severity


def security_testing(fee: int | None, cost: int = 100 * WAN) -> dict:
    lines = [("app_dev", cost)] if cost else [("consulting", 1 * WAN)]
    if fee is not None:
        lines.append(("security_testing", fee))
    return with_budget(lines)


@pytest.mark.parametrize(
    ("app", "severity"),
    [(security_testing(5000), None), (security_testing(2 * WAN), None),
     (security_testing(2 * WAN + 1), "error"), (security_testing(4999), "warning"),
     (security_testing(None), "warning"),               # C > 0, no line: 0%
     (security_testing(1000, cost=0), "error"),          # a line with C = 0
     (security_testing(None, cost=0), None)],
)
def test_security_testing_fee_range(app, severity):
    found = findings_of(app, "SECURITY_TESTING_FEE_OUT_OF_RANGE")
    assert (found[0].severity if found else None) == severity


def maintenance(*lines: dict) -> dict:
    app = simple("om", 1)
    app["maintenance"] = list(lines)
    app["total_amount"] = str(sum(int(line["amount"]) for line in lines))
    return app


@pytest.mark.parametrize(
    ("line", "exceeded"),
    [
        ({"device_class": "A", "amount": "4000"}, False),
        ({"device_class": "A", "amount": "4001"}, True),
        ({"device_class": "B", "amount": "6000"}, False),
        ({"device_class": "B", "amount": "6001"}, True),
        ({"device_class": "C", "amount": "8000"}, False),
        ({"device_class": "C", "amount": "8001"}, True),
        ({"device_type": "核心层交换机", "amount": "4001"}, True),     # A
        ({"device_type": "工作站", "amount": "6000"}, False),          # B
        ({"device_type": "工作站", "amount": "6001"}, True),
        ({"device_type": "PC服务器", "amount": "8000"}, False),        # C
        ({"device_type": "量子计算机", "amount": "4001"}, True),       # unlisted: A (及其它)
        ({"device_type": "PC服务器", "device_class": "A", "amount": "4001"}, True),  # class wins
    ],
)
def test_hardware_maintenance_rates(line, exceeded):
    app = maintenance({"item": "hardware", "purchase_amount": "100000", **line})
    found = findings_of(app, "HW_MAINTENANCE_RATE_EXCEEDED")
    assert bool(found) is exceeded
    if found:
        assert (found[0].severity, found[0].field) == ("warning", "maintenance[0]")


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ({"item": "security_device", "amount": "10000"}, None),
        ({"item": "security_device", "amount": "10001"}, "SECURITY_DEVICE_MAINTENANCE_EXCEEDED"),
        ({"item": "product_software", "software_class": "tool", "amount": "5000"}, None),
        ({"item": "product_software", "software_class": "tool", "amount": "5001"},
         "PRODUCT_SOFTWARE_MAINTENANCE_EXCEEDED"),
        ({"item": "product_software", "software_class": "domestic", "amount": "10000"}, None),
        ({"item": "product_software", "software_class": "domestic", "amount": "10001"},
         "PRODUCT_SOFTWARE_MAINTENANCE_EXCEEDED"),
        ({"item": "product_software", "software_class": "other", "amount": "90000"}, None),
    ],
)
def test_security_device_and_product_software_rates(line, code):
    app = maintenance({"purchase_amount": "100000", **line})
    found = [f for f in evaluate(app).findings if f.code.endswith("MAINTENANCE_EXCEEDED")]
    assert [f.code for f in found] == ([code] if code else [])
    for f in found:
        assert f.severity == "error"


@pytest.mark.parametrize(
    ("complexity", "at_limit"), [("simple", 7000), ("complex", 12000), ("very_complex", 20000)]
)
def test_app_maintenance_coefficients(complexity, at_limit):
    def app_line(amount: int) -> dict:
        return maintenance({"item": "app_software", "complexity": complexity,
                            "dev_amount": "100000", "amount": str(amount)})

    assert "APP_MAINTENANCE_COEFFICIENT_EXCEEDED" not in codes(app_line(at_limit))
    assert "APP_MAINTENANCE_COEFFICIENT_EXCEEDED" in codes(app_line(at_limit + 1))


def test_rate_with_zero_purchase_amount():
    app = maintenance({"item": "security_device", "purchase_amount": "0", "amount": "1"})
    assert codes(app) == ["SECURITY_DEVICE_MAINTENANCE_EXCEEDED"]
    app = maintenance({"item": "security_device", "purchase_amount": "0", "amount": "0"})
    assert codes(app) == []


def test_unrated_maintenance_lines_have_no_cap():
    app = maintenance({"item": "hosting_service", "amount": "500000"},
                      {"item": "data_service", "amount": "1"},
                      {"item": "security_service", "amount": "1"})
    assert codes(app) == []


@pytest.mark.parametrize("item", ["office_equipment", "communication"])
def test_never_e_government_expenses(item):
    app = with_budget([("app_dev", 10 * WAN), ("security_testing", 1000), (item, 1)])
    (finding,) = findings_of(app, "EXCLUDED_EXPENSE")
    assert (finding.source, finding.field) == ("规则 一(二)", "budget[2]")


@pytest.mark.parametrize("item", ["data_purchase", "idc", "machine_room_construction"])
def test_om_excluded_expenses(item):
    app = maintenance({"item": "hosting_service", "amount": "1000"}, {"item": item, "amount": "1"})
    (finding,) = findings_of(app, "EXCLUDED_EXPENSE")
    assert (finding.source, finding.field) == ("标准 三(三)2", "maintenance[1]")
    # The same lines in a construction project are not excluded.
    construction = with_budget([("app_dev", 10 * WAN), ("security_testing", 1000), (item, 1)])
    assert "EXCLUDED_EXPENSE" not in codes(construction)


def test_djbh3_lines_in_the_budget():
    app = with_budget([("app_dev", 10 * WAN), ("security_testing", 1000), ("djbh3_testing", 1)])
    (finding,) = findings_of(app, "DJBH3_FEES_IN_BUDGET")
    assert finding.field == "budget[2]"
    fee = simple("security_assessment_fee", 5 * WAN)
    fee["budget"] = [{"item": "djbh3_testing", "amount": str(5 * WAN)}]
    assert codes(fee) == []
