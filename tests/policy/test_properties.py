"""Property tests: one known route for every valid application; nothing but
InvalidApplication on junk; more money never moves construction from REVIEW to FILING."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egovpm.policy import InvalidApplication, evaluate

from .conftest import example
from .test_codes import ROUTES

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

amounts = st.integers(min_value=0, max_value=10**10)
kinds = st.sampled_from(["new", "upgrade", "continuation", "om", "service", "info_publishing",
                         "security_assessment_fee", "market_software"])
items = st.sampled_from(["hardware", "security_equipment", "product_software", "app_dev",
                         "integration", "consulting", "security_testing", "djbh3_testing",
                         "office_equipment", "idc"])


@st.composite
def valid_applications(draw):
    app = example()
    app["kind"] = draw(kinds)
    lines = draw(st.lists(st.tuples(items, amounts), max_size=6))
    app["budget"] = [{"item": i, "amount": str(a)} for i, a in lines]
    total = draw(st.one_of(st.just(sum(a for _, a in lines)), amounts))
    hardware = draw(st.integers(min_value=0, max_value=total))
    app["total_amount"] = str(total)
    app["hardware_amount"] = str(hardware)
    app["pure_software"] = draw(st.booleans())
    app["om"] = {"first_application": draw(st.booleans()),
                 "previous_amount": draw(st.one_of(st.none(), amounts.map(str)))}
    app["tender"] = draw(st.one_of(
        st.none(),
        st.fixed_dictionaries({"mode": st.just("one_plus_two"),
                               "contract_year": st.integers(1, 3)}),
    ))
    app["higher_approval"] = draw(st.one_of(st.none(), st.fixed_dictionaries({
        "doc_no": st.one_of(st.none(), st.text(max_size=5)),
        "argument_conclusion": st.booleans(), "standard_and_amount_defined": st.booleans()})))
    app["category"] = draw(st.fixed_dictionaries({
        "type": st.sampled_from(["general", "oa", "video_conference", "website",
                                 "machine_room", "hotline"]),
        "scale": st.one_of(st.none(), st.sampled_from(["small", "medium", "large"])),
        "person_months": st.one_of(st.none(), st.integers(0, 60)),
        "servers": st.one_of(st.none(), st.integers(0, 5)),
        "endpoints": st.one_of(st.none(), st.integers(0, 60)),
        "area_m2": st.one_of(st.none(), st.integers(0, 400)),
        "seats": st.one_of(st.none(), st.integers(0, 60)),
    }))
    app["declared_on"] = draw(st.dates(min_value=datetime.date(2023, 5, 15),
                                       max_value=datetime.date(2099, 12, 31))
                              ).isoformat()
    app["history"]["expert_failures"] = [d.isoformat() for d in draw(st.lists(st.dates(
        min_value=datetime.date(2020, 1, 1)), max_size=3))]
    return app


@SETTINGS
@given(valid_applications())
def test_every_valid_application_gets_exactly_one_known_route(app):
    decision = evaluate(app)
    assert decision.route in ROUTES
    assert decision.eligible is not any(f.blocking for f in decision.findings)
    assert len(decision.basis) == 1
    result = decision.to_dict()
    assert result["route"] == decision.route


json_leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                        st.text(max_size=8), st.decimals())
junk = st.recursive(json_leaves, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children, max_size=4)),
    max_leaves=12)
keys = st.sampled_from(["kind", "declared_on", "budget_year", "total_amount", "hardware_amount",
                        "om", "tender", "higher_approval", "unit", "category", "budget",
                        "maintenance", "compliance", "attachments", "history", "key_project"])


@SETTINGS
@given(st.one_of(junk, st.dictionaries(keys, junk)))
def test_junk_raises_only_invalid_application(value):
    try:
        evaluate(value)
    except InvalidApplication:
        pass


@SETTINGS
@given(st.dictionaries(keys, junk, max_size=3))
def test_junk_mixed_into_a_valid_application(changes):
    app = example()
    app.update(changes)
    try:
        evaluate(app)
    except InvalidApplication as error:
        assert error.field


@SETTINGS
@given(valid_applications(), st.integers(min_value=0, max_value=10**9),
       st.sampled_from(["new", "upgrade", "continuation"]))
def test_raising_amounts_never_moves_construction_from_review_to_filing(app, raise_by, kind):
    app["kind"] = kind
    app["tender"] = None
    before = evaluate(app).route
    richer = copy.deepcopy(app)
    factor = Decimal(raise_by) / Decimal(10**6)
    richer["total_amount"] = str(Decimal(app["total_amount"]) + raise_by)
    for line in richer["budget"]:
        line["amount"] = str(Decimal(line["amount"]) + (factor * 1000).quantize(Decimal(1)))
    after = evaluate(richer).route
    if before == "REVIEW":
        assert after != "FILING"
