"""Routes of 规则 五(三) (POLICY.md §3): every row, every boundary, first match wins."""

from __future__ import annotations

import pytest

from egovpm.policy import evaluate

from .conftest import codes, simple

WAN = 10_000


def route(app) -> str:
    return evaluate(app).route


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (100 * WAN - 1, "FILING"),      # row 10: 100万元以下 (excluding 100万, 规则's 含)
        (100 * WAN, "REVIEW"),          # row 11: 100万元(含)
        (500 * WAN, "REVIEW"),          # row 11: 500万元(含)
        (0, "FILING"),
    ],
)
def test_construction_bands(total, expected):
    assert route(simple("new", total)) == expected


def test_service_routes_by_amount_like_construction():
    assert route(simple("service", 100 * WAN - 1)) == "FILING"
    assert route(simple("service", 100 * WAN)) == "REVIEW"


def _over_500(hardware: int, *, pure_software: bool = False) -> dict:
    total = 1000 * WAN
    app = simple("new", total)
    app["hardware_amount"] = str(hardware)
    app["pure_software"] = pure_software
    app["budget"] = []  # routing only
    return app


@pytest.mark.parametrize(
    ("hardware", "expected", "row_quote"),
    [
        (300 * WAN, "REVIEW", "硬件建设金额不超过建设总金额30%"),       # row 13 at exactly 30%
        (300 * WAN + 1, "GOV_INVESTMENT", "硬件建设金额超过建设总金额30%"),  # row 14
        (0, "REVIEW", "不超过建设总金额30%"),
    ],
)
def test_over_500_by_hardware_share(hardware, expected, row_quote):
    decision = evaluate(_over_500(hardware))
    assert decision.route == expected
    assert row_quote in decision.basis[0]["quote"]


def test_over_500_just_above_500():
    app = _over_500(0)
    app["total_amount"] = str(500 * WAN + 1)
    app["hardware_amount"] = str(150 * WAN + 1)  # > 30% of 500万 + 1 元
    assert route(app) == "GOV_INVESTMENT"


def test_pure_software_row_12_only_without_hardware():
    decision = evaluate(_over_500(0, pure_software=True))
    assert decision.route == "REVIEW"
    assert decision.basis[0]["quote"] == "或500万元及以上的纯软件开发项目(不含运维项目)"
    with_hardware = _over_500(400 * WAN, pure_software=True)
    assert route(with_hardware) == "GOV_INVESTMENT"
    assert "PURE_SOFTWARE_WITH_HARDWARE" in codes(with_hardware)


@pytest.mark.parametrize("kind", ["new", "upgrade", "continuation", "om", "service"])
def test_fee_and_market_rows_win_over_amount(kind):
    app = simple(kind, 1000 * WAN)
    app["kind"] = "security_assessment_fee"
    app["budget"] = [{"item": "djbh3_testing", "amount": str(1000 * WAN)}]
    app["maintenance"] = []
    decision = evaluate(app)
    assert (decision.route, decision.steps) == ("FEE_FILING", ["joint_meeting_filing"])
    app["kind"] = "market_software"
    app["budget"] = [{"item": "product_software", "amount": str(1000 * WAN)}]
    assert route(app) == "MARKET_FILING"


@pytest.mark.parametrize(("year", "expected"), [(1, "REVIEW"), (2, "RENEWAL_FILING"),
                                                (3, "RENEWAL_FILING")])
def test_renewal_row_3(year, expected):
    app = simple("new", 200 * WAN, tender={"mode": "one_plus_two", "contract_year": year})
    assert route(app) == expected


def test_single_tender_never_renews():
    app = simple("new", 200 * WAN, tender={"mode": "single", "contract_year": 2})
    assert route(app) == "REVIEW"


COMPLETE = {"doc_no": "沪经信〔2026〕12号", "argument_conclusion": True,
            "standard_and_amount_defined": True}


@pytest.mark.parametrize("kind", ["new", "upgrade", "continuation"])
def test_direct_filing_row_4(kind):
    decision = evaluate(simple(kind, 2000 * WAN, higher_approval=dict(COMPLETE)))
    assert (decision.route, decision.steps) == ("DIRECT_FILING", ["joint_meeting_direct_filing"])
    assert "HIGHER_APPROVAL_INCOMPLETE" not in [f.code for f in decision.findings]


@pytest.mark.parametrize(
    "change",
    [{"doc_no": "  "}, {"doc_no": None}, {"argument_conclusion": False},
     {"standard_and_amount_defined": None}],
)
def test_incomplete_higher_approval_warns_and_routes_normally(change):
    app = simple("new", 200 * WAN, higher_approval={**COMPLETE, **change})
    decision = evaluate(app)
    assert decision.route == "REVIEW"
    (finding,) = [f for f in decision.findings if f.code == "HIGHER_APPROVAL_INCOMPLETE"]
    assert (finding.severity, finding.blocking) == ("warning", False)


def test_higher_approval_on_other_kinds_is_ignored():
    app = simple("service", 200 * WAN, higher_approval=dict(COMPLETE))
    assert route(app) == "REVIEW"
    app["higher_approval"] = {"doc_no": ""}
    assert "HIGHER_APPROVAL_INCOMPLETE" not in codes(app)


def test_incomplete_higher_approval_warns_even_when_renewal_routes_it():
    app = simple("new", 200 * WAN, higher_approval={"doc_no": "x"},
                 tender={"mode": "one_plus_two", "contract_year": 2})
    decision = evaluate(app)
    assert decision.route == "RENEWAL_FILING"
    assert "HIGHER_APPROVAL_INCOMPLETE" in decision.codes


def test_info_publishing_row_5():
    decision = evaluate(simple("info_publishing", 10 * WAN))
    assert decision.route == "INFO_PUBLISHING"
    assert decision.steps == ["cac_filing", "third_party_assessment", "joint_meeting_review"]
    assert decision.findings == []


@pytest.mark.parametrize(("total", "over"), [(10 * WAN, False), (10 * WAN + 1, True)])
def test_info_publishing_cap(total, over):
    assert ("INFO_PUBLISHING_OVER_CAP" in codes(simple("info_publishing", total))) is over


def test_info_publishing_without_cac_consent_is_blocked():
    app = simple("info_publishing", 5 * WAN, cac_filing_approved=False)
    decision = evaluate(app)
    (finding,) = decision.findings
    assert (finding.code, finding.severity, finding.blocking) == (
        "CAC_FILING_MISSING", "error", True
    )
    assert decision.eligible is False
    app.pop("cac_filing_approved")  # omitted = false
    assert codes(app) == ["CAC_FILING_MISSING"]


def om(total: int, *, first: bool | None = None, previous: int | None = None) -> dict:
    app = simple("om", total)
    app["om"] = {"first_application": first, "previous_amount":
                 None if previous is None else str(previous)}
    return app


@pytest.mark.parametrize(
    ("app", "expected", "extra"),
    [
        (om(100 * WAN - 1, first=False, previous=10 * WAN), "FILING", []),       # row 6
        (om(100 * WAN, first=True), "REVIEW", []),                               # row 7
        (om(100 * WAN, first=False, previous=100 * WAN), "FILING", []),          # row 8: 0%
        (om(109 * WAN, first=False, previous=100 * WAN), "FILING", []),          # 9% up
        (om(110 * WAN, first=False, previous=100 * WAN), "REVIEW",
         ["AMBIGUOUS_BOUNDARY"]),                                                # exactly 10%
        (om(110 * WAN + 1, first=False, previous=100 * WAN), "REVIEW", []),      # row 9
        (om(110 * WAN - 1, first=False, previous=100 * WAN), "FILING", []),
        (om(180 * WAN, first=False, previous=200 * WAN), "REVIEW", ["AMBIGUOUS_BOUNDARY"]),
        (om(181 * WAN, first=False, previous=200 * WAN), "FILING", []),          # a 9.5% cut
        (om(179 * WAN, first=False, previous=200 * WAN), "REVIEW", []),          # a cut counts
        (om(150 * WAN, first=False, previous=0), "REVIEW", []),                  # P = 0
        (om(150 * WAN, first=False), "REVIEW", ["PREVIOUS_OM_AMOUNT_MISSING"]),  # routed as first
        (om(99 * WAN, first=False), "FILING", []),                               # no error < 100万
    ],
)
def test_om_rows(app, expected, extra):
    decision = evaluate(app)
    assert decision.route == expected
    assert decision.codes == extra


def test_om_ambiguous_and_missing_findings_have_the_table_severity():
    (f,) = evaluate(om(110 * WAN, first=False, previous=100 * WAN)).findings
    assert (f.severity, f.blocking, f.field) == ("warning", False, "total_amount")
    (f,) = evaluate(om(150 * WAN, first=False)).findings
    assert (f.severity, f.blocking, f.field) == ("error", False, "om.previous_amount")


def test_om_basis_names_the_clause():
    decision = evaluate(om(200 * WAN, first=False, previous=200 * WAN))
    assert decision.basis[0]["quote"].startswith("次年申请运维经费变更小于10%")
    assert decision.steps == ["third_party_assessment", "joint_meeting_filing"]


def test_every_route_has_label_steps_and_basis_in_the_source():
    from egovpm.policy import get_pack

    pack = get_pack("yangpu-2023")
    for row in pack.route_rows.values():
        assert row.quote in pack.article(row.source).text
        assert row.label and row.steps
