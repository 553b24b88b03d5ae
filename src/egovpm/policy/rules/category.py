"""Findings on the general-purpose categories (标准 五, 二(三)2; POLICY.md §4)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..money import plain, wan, wan_limit
from ..registry import rule

if TYPE_CHECKING:
    from ..decision import Finding
    from ..pack import Band, Category, Pack
    from ..parse import App

_ZERO = Decimal(0)


def _implied_band(category: Category, value: Decimal) -> Band | None:
    """The band the measure implies: the first whose inclusive upper bound holds the value."""
    for band in category.bands:
        if band.upper is None or value <= band.upper:
            return band
    return None


@rule(
    "CATEGORY_BANDS",
    group="category",
    kinds="category_kinds",
    codes=(
        "AMBIGUOUS_BOUNDARY", "OUT_OF_STANDARD", "CATEGORY_SCALE_MISMATCH",
        "CATEGORY_COST_CAP_EXCEEDED", "CATEGORY_PERSON_MONTHS_EXCEEDED",
        "CATEGORY_SERVERS_EXCEEDED",
    ),
)
def category_bands(a: App, p: Pack, out: list[Finding]) -> None:
    category = p.categories.get(a.cat_type)
    if category is None or a.kind in p.category_exempt_kinds:
        return
    measure = category.measure
    value = (
        a.cat_pm if measure == "person_months"
        else a.cat_endpoints if measure == "endpoints"
        else a.cat_area
    )
    scale_label = p.labels.get("scales", {})
    implied = None
    if value is not None:
        value = Decimal(value)
        implied = _implied_band(category, value)
        shown = plain(value)
        if value in category.ambiguous_at and implied is not None:
            out.append(p.finding("AMBIGUOUS_BOUNDARY", f"category.{measure}", {
                "value": shown, "scale": scale_label.get(implied.name, implied.name),
            }, variant=a.cat_type))
        if implied is None and category.beyond_is_out_of_standard:
            top = category.bands[-1]
            # No band matched, so the top band is bounded (an unbounded one matches anything).
            assert top.upper is not None
            out.append(p.finding("OUT_OF_STANDARD", f"category.{measure}", {
                "category": category.label, "measure": p.label("measures", measure),
                "value": shown, "limit": plain(top.upper),
            }))
            return  # 一事一议: the bands do not apply
    declared = None
    if a.cat_scale is not None:
        declared = next(b for b in category.bands if b.name == a.cat_scale)
        if implied is not None and implied is not declared:
            out.append(p.finding("CATEGORY_SCALE_MISMATCH", "category.scale", {
                "category": category.label,
                "declared": scale_label.get(declared.name, declared.name),
                "implied": scale_label.get(implied.name, implied.name),
                "measure": p.label("measures", measure),
            }))
    # The band checked: as declared, else as the measures imply, else the largest
    # (nothing in the category may exceed its largest band).
    band = declared or implied or category.bands[-1]
    params = {"category": category.label, "scale": scale_label.get(band.name, band.name)}
    if band.cost_cap is not None:
        cost = a.total - a.groups["djbh3"]
        if cost > band.cost_cap:
            out.append(p.finding("CATEGORY_COST_CAP_EXCEEDED", "total_amount", {
                **params, "amount": wan(cost, band.cost_cap), "limit": wan_limit(band.cost_cap),
            }))
    if band.person_months is not None and a.cat_pm is not None and a.cat_pm > band.person_months:
        out.append(p.finding("CATEGORY_PERSON_MONTHS_EXCEEDED", "category.person_months", {
            **params, "value": plain(a.cat_pm), "limit": plain(band.person_months),
        }))
    if band.servers is not None and a.cat_servers is not None and a.cat_servers > band.servers:
        out.append(p.finding("CATEGORY_SERVERS_EXCEEDED", "category.servers", {
            **params, "value": str(a.cat_servers), "limit": str(band.servers),
        }))


@rule("HOTLINE_SHOULD_MERGE_12345", group="category", kinds="category_kinds")
def hotline_should_merge(a: App, p: Pack, out: list[Finding]) -> None:
    limit = p.params.hotline_merge_max_seats
    if (
        a.cat_type == "hotline" and a.cat_seats is not None and a.cat_seats <= limit
        and a.kind not in p.category_exempt_kinds
    ):
        out.append(p.finding("HOTLINE_SHOULD_MERGE_12345", "category.seats", {
            "value": str(a.cat_seats), "limit": str(limit),
        }))


@rule("NEW_MACHINE_ROOM", group="category", kinds="new_system_kinds")
def new_machine_room(a: App, p: Pack, out: list[Finding]) -> None:
    if a.cat_type == "machine_room" and a.kind in p.new_system_kinds:
        out.append(p.finding("NEW_MACHINE_ROOM", "category.type", {}))
