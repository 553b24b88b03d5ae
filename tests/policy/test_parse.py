"""Bad input (POLICY.md §1): every kind raises InvalidApplication naming the field."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from egovpm.policy import InvalidApplication, evaluate

from .conftest import example, simple


def invalid(app, field: str) -> InvalidApplication:
    with pytest.raises(InvalidApplication) as caught:
        evaluate(app)
    assert caught.value.field == field
    assert field in str(caught.value)  # the message names the field
    assert isinstance(caught.value, ValueError)
    return caught.value


def changed(path: str, value) -> dict:
    """The example with ``path`` ("a.b", "budget[3].amount") set to ``value`` (``...``: removed)."""
    app = example()
    node = app
    parts = path.replace("]", "").replace("[", ".").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    elif value is ...:
        node.pop(last, None)
    else:
        node[last] = value
    return app


REMOVED = ...


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        # unknown codes
        ("kind", "rebuild", "kind"),
        ("kind", None, "kind"),
        ("kind", ["new"], "kind"),
        ("budget[3].item", "furniture", "budget[3].item"),
        ("unit.kind", "company", "unit.kind"),
        ("category.type", "erp", "category.type"),
        ("category.scale", "huge", "category.scale"),
        ("tender.mode", "two_plus_one", "tender.mode"),
        # amounts
        ("total_amount", "-1", "total_amount"),
        ("total_amount", -1, "total_amount"),
        ("total_amount", "NaN", "total_amount"),
        ("total_amount", "Infinity", "total_amount"),
        ("total_amount", float("nan"), "total_amount"),
        ("total_amount", float("inf"), "total_amount"),
        ("total_amount", Decimal("NaN"), "total_amount"),
        ("total_amount", Decimal("-Infinity"), "total_amount"),
        ("total_amount", "12万", "total_amount"),
        ("total_amount", "1e6", "total_amount"),
        ("total_amount", " 1200000", "total_amount"),
        ("total_amount", "1_200_000", "total_amount"),
        ("total_amount", "１２００", "total_amount"),
        ("total_amount", "", "total_amount"),
        ("total_amount", True, "total_amount"),
        ("total_amount", "10000000000000000", "total_amount"),  # 10^16
        ("total_amount", 10**16, "total_amount"),
        ("total_amount", "1200000.001", "total_amount"),
        ("total_amount", [1], "total_amount"),
        ("budget[3].amount", "abc", "budget[3].amount"),
        ("budget[3].amount", None, "budget[3].amount"),
        ("hardware_amount", "1200001", "hardware_amount"),  # > total
        ("om.previous_amount", "-5", "om.previous_amount"),
        # required fields
        ("declared_on", REMOVED, "declared_on"),
        ("budget_year", REMOVED, "budget_year"),
        ("total_amount", REMOVED, "total_amount"),
        ("unit", REMOVED, "unit"),
        ("unit.kind", REMOVED, "unit.kind"),
        ("hardware_amount", REMOVED, "hardware_amount"),
        ("budget[0].item", REMOVED, "budget[0].item"),
        ("budget[0].amount", REMOVED, "budget[0].amount"),
        # dates
        ("declared_on", "2026-02-30", "declared_on"),
        ("declared_on", "2026-13-01", "declared_on"),
        ("declared_on", "2026/05/10", "declared_on"),
        ("declared_on", "20260510", "declared_on"),
        ("declared_on", "2026-5-10", "declared_on"),
        ("declared_on", "2026-05-10T00:00:00", "declared_on"),
        ("declared_on", 20260510, "declared_on"),
        ("declared_on", "2023-05-14", "declared_on"),  # before every pack
        ("history.expert_failures", ["2026-02-29"], "history.expert_failures[0]"),
        # numbers, booleans, structure
        ("budget_year", "2027", "budget_year"),
        ("budget_year", 1900, "budget_year"),
        ("budget[0].person_months", 0, "budget[0].person_months"),
        ("budget[0].person_months", "-3", "budget[0].person_months"),
        ("key_project", "yes", "key_project"),
        ("mid_year_adjustment", 1, "mid_year_adjustment"),
        ("compliance.xinchuang", "true", "compliance.xinchuang"),
        ("compliance.djbh_level", 6, "compliance.djbh_level"),
        ("compliance.djbh_level", True, "compliance.djbh_level"),
        ("compliance.system_count_change", 1.5, "compliance.system_count_change"),
        ("category.servers", -1, "category.servers"),
        ("category.endpoints", "10", "category.endpoints"),
        ("category.area_m2", "-20", "category.area_m2"),
        ("category", "general", "category"),
        ("budget", {"item": "app_dev"}, "budget"),
        ("budget[2]", "hardware", "budget[2]"),
        ("attachments", "pre_review_form", "attachments"),
        ("attachments", [1], "attachments[0]"),
        ("history", [], "history"),
        ("higher_approval", {"doc_no": 12}, "higher_approval.doc_no"),
        ("higher_approval", "沪经信〔2026〕12号", "higher_approval"),
        ("tender", {"mode": "one_plus_two"}, "tender.contract_year"),
        ("tender", {"mode": "one_plus_two", "contract_year": 4}, "tender.contract_year"),
        ("tender", {"mode": "one_plus_two", "contract_year": 0}, "tender.contract_year"),
    ],
)
def test_bad_input(path, value, field):
    invalid(changed(path, value), field)


def test_om_first_application_is_required_for_om():
    app = simple("om")
    app["om"] = {"previous_amount": "1"}
    invalid(app, "om.first_application")
    app["om"] = None
    invalid(app, "om.first_application")


def test_hardware_amount_required_for_service_but_not_om():
    app = simple("service")
    app.pop("hardware_amount")
    invalid(app, "hardware_amount")
    app = simple("om")
    app.pop("hardware_amount")
    evaluate(app)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"item": "hardware", "amount": "1", "purchase_amount": "10"}, "maintenance[0].device_class"),
        ({"item": "hardware", "amount": "1", "device_class": "D", "purchase_amount": "10"},
         "maintenance[0].device_class"),
        ({"item": "hardware", "amount": "1", "device_class": "A"}, "maintenance[0].purchase_amount"),
        ({"item": "hardware", "amount": "1", "device_type": "", "purchase_amount": "1"},
         "maintenance[0].device_type"),
        ({"item": "security_device", "amount": "1"}, "maintenance[0].purchase_amount"),
        ({"item": "product_software", "amount": "1", "purchase_amount": "10"},
         "maintenance[0].software_class"),
        ({"item": "product_software", "amount": "1", "software_class": "game",
          "purchase_amount": "10"}, "maintenance[0].software_class"),
        ({"item": "app_software", "amount": "1", "dev_amount": "10"}, "maintenance[0].complexity"),
        ({"item": "app_software", "amount": "1", "complexity": "simple"},
         "maintenance[0].dev_amount"),
        ({"item": "cleaning", "amount": "1"}, "maintenance[0].item"),
        ({"item": "hosting_service"}, "maintenance[0].amount"),
    ],
)
def test_bad_maintenance_lines(line, field):
    app = simple("om", 1)
    app["maintenance"] = [line]
    invalid(app, field)


def test_not_a_mapping():
    invalid([("kind", "new")], "application")
    invalid("{}", "application")


@pytest.mark.parametrize("value", ["1200000", 1200000, Decimal("1200000"), Decimal("1200000.00"),
                                   1200000.0, "1200000.0", "1200000.00"])
def test_accepted_amount_forms(value):
    app = example()
    app["total_amount"] = value
    assert evaluate(app).findings == []


def test_float_reads_its_decimal_digits():
    app = simple("new", 1)
    app["budget"] = [{"item": "app_dev", "amount": 0.1}, {"item": "app_dev", "amount": 0.2}]
    app["total_amount"] = 0.3  # binary 0.1 + 0.2 != 0.3; decimal digits add up
    assert "AMOUNT_INCONSISTENT" not in [f.code for f in evaluate(app).findings]


def test_null_means_absent():
    app = example()
    for key in ("om", "tender", "higher_approval", "category", "maintenance", "history",
                "mid_year_adjustment", "key_project", "cac_filing_approved", "pure_software"):
        app[key] = None
    app["compliance"]["djbh_level"] = None
    evaluate(app)


def test_date_objects_are_accepted_but_not_datetimes():
    app = example()
    app["declared_on"] = datetime.date(2026, 5, 10)
    assert evaluate(app).route == "REVIEW"
    app["declared_on"] = datetime.datetime(2026, 5, 10, 9, 0)
    invalid(app, "declared_on")


def test_message_is_chinese_and_names_the_field():
    error = invalid(changed("budget[3].amount", "abc"), "budget[3].amount")
    assert str(error).startswith("金额(budget[3].amount)")
    error = invalid(changed("declared_on", "2023-01-01"), "declared_on")
    assert "申报日期" in str(error)
