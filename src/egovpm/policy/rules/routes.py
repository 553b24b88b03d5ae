"""Routes (规则 五(三); POLICY.md §3): which procedure an application goes through."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..money import percent_limit, wan, wan_limit
from ..registry import ROUTE_KEY, rule

if TYPE_CHECKING:
    from ..decision import Finding
    from ..pack import Pack
    from ..parse import App


@rule(ROUTE_KEY, group="route", codes=("PREVIOUS_OM_AMOUNT_MISSING", "AMBIGUOUS_BOUNDARY"))
def route(a: App, p: Pack, out: list[Finding]) -> str:
    """The key of the first matching row of POLICY.md §3's table."""
    kind = a.kind
    if kind == "security_assessment_fee":
        return "fee_filing"
    if kind == "market_software":
        return "market_filing"
    q = p.params
    if a.tender_mode == "one_plus_two" and a.contract_year in q.renewal_years:
        return "renewal_filing"
    if a.is_construction and a.higher_approval and not a.higher_approval_missing:
        return "direct_filing"
    if kind == "info_publishing":
        return "info_publishing"
    total = a.total
    if kind == "om":
        return _om_row(a, p, out, total)
    if total < q.review_min:
        return "small"
    if total <= q.review_max:
        return "review_band"
    hardware = a.hardware
    if a.pure_software and not hardware:
        return "pure_software"
    # Every kind that reaches this row requires hardware_amount (parse enforces it).
    assert hardware is not None
    if hardware <= total * q.hardware_share:
        return "low_hardware"
    return "gov_investment"


def _om_row(a: App, p: Pack, out: list[Finding], total: Decimal) -> str:
    q = p.params
    if total < q.om_review_min:
        return "om_small"  # Reading: O&M under 100万 files like any project under 100万
    if a.om_first:
        return "om_first"
    previous = a.om_previous
    if previous is None:
        out.append(p.finding(
            "PREVIOUS_OM_AMOUNT_MISSING", "om.previous_amount", {"total": wan(total)}
        ))
        return "om_first"
    if not previous:
        return "om_changed"
    change = abs(total - previous)
    bound = previous * q.om_change
    if change < bound:
        return "om_stable"
    if change == bound:
        out.append(p.finding(
            "AMBIGUOUS_BOUNDARY", "total_amount",
            {"limit": percent_limit(q.om_change) + "%", "previous": wan(previous),
             "total": wan(total)},
            variant="om_change",
        ))
    return "om_changed"


@rule("HIGHER_APPROVAL_INCOMPLETE", group="route")
def higher_approval_incomplete(a: App, p: Pack, out: list[Finding]) -> None:
    if a.higher_approval and a.higher_approval_missing and a.is_construction:
        names = "、".join(p.label("higher_approval", k) for k in a.higher_approval_missing)
        out.append(p.finding("HIGHER_APPROVAL_INCOMPLETE", "higher_approval", {"missing": names}))


@rule("INFO_PUBLISHING_OVER_CAP", group="route")
def info_publishing_over_cap(a: App, p: Pack, out: list[Finding]) -> None:
    cap = p.params.info_publishing_cap
    if a.kind == "info_publishing" and a.total > cap:
        out.append(p.finding(
            "INFO_PUBLISHING_OVER_CAP", "total_amount",
            {"total": wan(a.total, cap), "limit": wan_limit(cap)},
        ))


@rule("CAC_FILING_MISSING", group="route")
def cac_filing_missing(a: App, p: Pack, out: list[Finding]) -> None:
    if a.kind == "info_publishing" and not a.cac_filing_approved:
        out.append(p.finding("CAC_FILING_MISSING", "cac_filing_approved", {}))


@rule("PUBLIC_TENDER_BOUNDARY", group="route", codes=("AMBIGUOUS_BOUNDARY",))
def public_tender_boundary(a: App, p: Pack, out: list[Finding]) -> None:
    """规则 五(五)1 says 超过400万元 and, in brackets, 400万元以上: exactly 400万 is open."""
    limit = p.params.public_tender
    if a.total == limit and a.is_implementation:
        out.append(p.finding(
            "AMBIGUOUS_BOUNDARY", "total_amount", {"limit": wan_limit(limit)},
            variant="public_tender",
        ))
