"""Findings on the budget (标准 三; 规则 一(二), 五(一)2, 五(三); POLICY.md §4)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..money import percent, percent_limit, wan, wan_limit
from ..registry import rule

if TYPE_CHECKING:
    from ..decision import Finding
    from ..pack import Pack
    from ..parse import App

_ZERO = Decimal(0)

# (class | None, device_type | None) -> (the rate or coefficient | None for no cap, class label)
LimitOf = Callable[[str | None, str | None], tuple[Decimal | None, str]]


@rule("BUDGET_LINES_MISSING", group="budget", kinds="implementation_kinds")
def budget_lines_missing(a: App, p: Pack, out: list[Finding]) -> None:
    if a.is_implementation and not a.budget and not a.maintenance:
        out.append(p.finding("BUDGET_LINES_MISSING", "budget", {}))


@rule("AMOUNT_INCONSISTENT", group="budget")
def amount_inconsistent(a: App, p: Pack, out: list[Finding]) -> None:
    # Every line counts, excluded and djbh3 lines included (POLICY.md §8).
    if (a.budget or a.maintenance) and a.lines_total != a.total:
        out.append(p.finding("AMOUNT_INCONSISTENT", "total_amount", {
            "lines": wan(a.lines_total, a.total), "total": wan(a.total),
            "diff": wan(abs(a.lines_total - a.total)),
        }))


@rule("HARDWARE_AMOUNT_MISMATCH", group="budget")
def hardware_amount_mismatch(a: App, p: Pack, out: list[Finding]) -> None:
    # Maintenance lines are upkeep, not 硬件建设 (POLICY.md §8).
    if a.hardware is None or not a.budget:
        return
    lines = a.groups["hardware"]
    if lines != a.hardware:
        out.append(p.finding("HARDWARE_AMOUNT_MISMATCH", "hardware_amount", {
            "hardware": wan(a.hardware, lines), "lines": wan(lines),
        }))


@rule("PURE_SOFTWARE_WITH_HARDWARE", group="budget")
def pure_software_with_hardware(a: App, p: Pack, out: list[Finding]) -> None:
    if a.pure_software and a.hardware:
        out.append(p.finding(
            "PURE_SOFTWARE_WITH_HARDWARE", "pure_software", {"hardware": wan(a.hardware, _ZERO)}
        ))


@rule("PERSON_MONTH_RATE_EXCEEDED", group="budget")
def person_month_rate_exceeded(a: App, p: Pack, out: list[Finding]) -> None:
    if "app_dev" not in a.sums:
        return
    rate = p.params.person_month_rate
    for i, (item, amount, months) in enumerate(a.budget):
        if item == "app_dev" and months and amount > months * rate:
            out.append(p.finding("PERSON_MONTH_RATE_EXCEEDED", f"budget[{i}]", {
                "rate": wan(amount / months, rate), "limit": wan_limit(rate),
                "amount": wan(amount), "person_months": str(months),
            }))


@rule("OTHER_FEES_OVER_CAP", group="budget", kinds="fee_ratio_kinds")
def other_fees_over_cap(a: App, p: Pack, out: list[Finding]) -> None:
    if a.kind not in p.fee_ratio_kinds or not a.budget:
        return
    fees = a.groups["capped_fees"]
    base = a.groups["construction"]  # C, 项目建设费
    cap = p.params.other_fees_cap
    if fees > base * cap:
        out.append(p.finding("OTHER_FEES_OVER_CAP", "budget", {
            "fees": wan(fees), "base": wan(base), "ratio": percent(fees, base, cap),
            "limit": percent_limit(cap),
        }))


def _ratio_finding(
    p: Pack, code: str, field: str, fee: Decimal, base: Decimal, low: Decimal, high: Decimal
) -> Finding | None:
    """A finding when fee/base lies outside [low, high]: error above, warning below."""
    if fee > base * high:
        below, relation, bound = False, "高于", high
    elif fee < base * low:
        below, relation, bound = True, "低于", low
    else:
        return None
    return p.finding(code, field, {
        "fee": wan(fee), "base": wan(base), "ratio": percent(fee, base, bound),
        "relation": relation, "low": percent_limit(low), "high": percent_limit(high),
    }, below=below)


@rule("INTEGRATION_FEE_OUT_OF_RANGE", group="budget", kinds="fee_ratio_kinds")
def integration_fee_out_of_range(a: App, p: Pack, out: list[Finding]) -> None:
    if a.kind not in p.fee_ratio_kinds or not a.budget:
        return
    sums = a.sums
    purchases = a.groups["purchases"]
    fee = sums.get("integration")
    if fee is None and not purchases:
        return
    if fee is None:
        fee = _ZERO  # purchases without an integration line: warning at 0% (POLICY.md §8)
    elif not fee and not purchases:
        return  # a zero integration line with nothing purchased says nothing
    q = p.params
    finding = _ratio_finding(
        p, "INTEGRATION_FEE_OUT_OF_RANGE", "budget", fee, purchases,
        q.integration_min, q.integration_max,
    )
    if finding is not None:
        out.append(finding)


@rule("SECURITY_TESTING_FEE_OUT_OF_RANGE", group="budget", kinds="fee_ratio_kinds")
def security_testing_fee_out_of_range(a: App, p: Pack, out: list[Finding]) -> None:
    if a.kind not in p.fee_ratio_kinds or not a.budget:
        return
    base = a.groups["construction"]
    fee = a.sums.get("security_testing")
    if fee is None and not base:
        return
    if fee is None:
        fee = _ZERO
    elif not fee and not base:
        return
    q = p.params
    finding = _ratio_finding(
        p, "SECURITY_TESTING_FEE_OUT_OF_RANGE", "budget", fee, base,
        q.security_testing_min, q.security_testing_max,
    )
    if finding is not None:
        out.append(finding)


def _rate_findings(
    a: App, p: Pack, out: list[Finding], item: str, code: str, limit_of: LimitOf
) -> None:
    for i, (it, amount, cls, device_type, base) in enumerate(a.maintenance):
        if it != item:
            continue
        assert base is not None  # parse reads a base amount on every rated maintenance line
        limit, cls_label = limit_of(cls, device_type)
        if limit is not None and amount > base * limit:
            out.append(p.finding(code, f"maintenance[{i}]", {
                "cls": cls_label, "amount": wan(amount), "base": wan(base),
                "ratio": percent(amount, base, limit), "limit": percent_limit(limit),
            }))


@rule("HW_MAINTENANCE_RATE_EXCEEDED", group="budget")
def hw_maintenance_rate_exceeded(a: App, p: Pack, out: list[Finding]) -> None:
    if not a.maintenance:
        return
    q = p.params

    def limit_of(cls: str | None, device_type: str | None) -> tuple[Decimal | None, str]:
        if cls is None:
            cls = p.device_class_of.get(device_type, p.device_default_class)
        return getattr(q, f"hw_rate_{cls}"), cls

    _rate_findings(a, p, out, "hardware", "HW_MAINTENANCE_RATE_EXCEEDED", limit_of)


@rule("SECURITY_DEVICE_MAINTENANCE_EXCEEDED", group="budget")
def security_device_maintenance_exceeded(a: App, p: Pack, out: list[Finding]) -> None:
    if not a.maintenance:
        return
    rate = p.params.security_device_rate
    _rate_findings(
        a, p, out, "security_device", "SECURITY_DEVICE_MAINTENANCE_EXCEEDED",
        lambda cls, device_type: (rate, ""),
    )


@rule("PRODUCT_SOFTWARE_MAINTENANCE_EXCEEDED", group="budget")
def product_software_maintenance_exceeded(a: App, p: Pack, out: list[Finding]) -> None:
    if not a.maintenance:
        return
    q = p.params

    def limit_of(cls: str | None, device_type: str | None) -> tuple[Decimal | None, str]:
        assert cls is not None  # parse requires software_class on these lines
        # 其它产品软件根据维护内容确定费率: no cap for "other".
        return getattr(q, f"software_rate_{cls}", None), p.label("software_classes", cls)

    _rate_findings(
        a, p, out, "product_software", "PRODUCT_SOFTWARE_MAINTENANCE_EXCEEDED", limit_of
    )


@rule("APP_MAINTENANCE_COEFFICIENT_EXCEEDED", group="budget")
def app_maintenance_coefficient_exceeded(a: App, p: Pack, out: list[Finding]) -> None:
    if not a.maintenance:
        return
    q = p.params

    def limit_of(cls: str | None, device_type: str | None) -> tuple[Decimal | None, str]:
        assert cls is not None  # parse requires complexity on these lines
        return getattr(q, f"app_coefficient_{cls}"), p.label("complexities", cls)

    _rate_findings(
        a, p, out, "app_software", "APP_MAINTENANCE_COEFFICIENT_EXCEEDED", limit_of
    )


@rule("EXCLUDED_EXPENSE", group="budget")
def excluded_expense(a: App, p: Pack, out: list[Finding]) -> None:
    never = p.never_items
    om_only = p.om_excluded_items if a.kind == "om" else frozenset()
    if not a.maintenance and never.isdisjoint(a.sums) and om_only.isdisjoint(a.sums):
        return
    sections: tuple[tuple[str, Sequence[tuple[str, Decimal, *tuple[object, ...]]]], ...] = (
        ("budget", a.budget), ("maintenance", a.maintenance),
    )
    for name, lines in sections:
        for i, line in enumerate(lines):
            item = line[0]
            if item in never:
                variant = None
            elif item in om_only:
                variant = "om"
            else:
                continue
            out.append(p.finding("EXCLUDED_EXPENSE", f"{name}[{i}]", {
                "item": p.label("items", item), "amount": wan(line[1]),
            }, variant=variant))


@rule("DJBH3_FEES_IN_BUDGET", group="budget")
def djbh3_fees_in_budget(a: App, p: Pack, out: list[Finding]) -> None:
    if a.kind == "security_assessment_fee":
        return
    djbh3 = p.djbh3_items
    if djbh3.isdisjoint(a.sums):
        return
    for i, (item, amount, _) in enumerate(a.budget):
        if item in djbh3:
            out.append(p.finding("DJBH3_FEES_IN_BUDGET", f"budget[{i}]", {"amount": wan(amount)}))
