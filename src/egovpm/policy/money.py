"""Decimal money helpers and the 万元 / per-cent formatting used in messages.

Amounts are Decimal 元. Displays are 万元 (or per cent) with two decimals, and with more digits
where two would hide which side of a limit the value is on (20,000.40 元 against a 2 万元 cap
shows as 2.00004, never 2.00). Formatting goes through one Context (no keyword parsing) and
``str`` of a quantized Decimal (never exponent notation at these scales): it runs on every
finding, so it is kept cheap.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

HUNDRED = Decimal(100)
_CTX = Context(prec=28, rounding=ROUND_HALF_UP)
_QUANTA = tuple(Decimal(1).scaleb(-n) for n in range(13))
_TWO = _QUANTA[2]
_MAX_PLACES = 12
_quantize = _CTX.quantize


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 2 -> "2", 7.50 -> "7.5", 1E+2 -> "100"."""
    return format(value.normalize(), "f")


def _display(value: Decimal, bound: Decimal | None) -> str:
    shown = _quantize(value, _TWO)
    if bound is not None and value != bound:
        places = 2
        if value > bound:
            while shown <= bound and places < _MAX_PLACES:
                places += 1
                shown = _quantize(value, _QUANTA[places])
        else:
            while shown >= bound and places < _MAX_PLACES:
                places += 1
                shown = _quantize(value, _QUANTA[places])
    return format(shown, "f") if shown.adjusted() > 20 else str(shown)


def wan(yuan: Decimal, bound_yuan: Decimal | None = None) -> str:
    """``yuan`` in 万元, two decimals (more if needed to stay on its side of ``bound_yuan``)."""
    return _display(yuan.scaleb(-4), None if bound_yuan is None else bound_yuan.scaleb(-4))


@lru_cache(maxsize=256)  # limits come from the pack: few distinct values
def wan_limit(yuan: Decimal) -> str:
    """A limit from the pack in 万元 as the text writes it (2, 7.5, 160)."""
    return plain(yuan.scaleb(-4))


def percent(part: Decimal, whole: Decimal, bound: Decimal | None = None) -> str:
    """``part / whole`` in per cent, two decimals (more near ``bound``, a fraction); — if whole is 0."""
    if not whole:
        return "—"
    return _display(
        _CTX.divide(part.scaleb(2), whole), None if bound is None else bound.scaleb(2)
    )


@lru_cache(maxsize=256)
def percent_limit(fraction: Decimal) -> str:
    """A fraction from the pack as the text writes it in per cent (0.005 -> "0.5")."""
    return plain(fraction.scaleb(2))
