from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def wan(amount: Any) -> str:
    """元 → 万元 with two decimals (Decimal all the way)."""
    if amount in (None, ""):
        return "—"
    return f"{(Decimal(amount) / Decimal(10000)).quantize(Decimal('0.01')):,}"
