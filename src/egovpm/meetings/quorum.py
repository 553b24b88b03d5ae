"""The quorum of 规则 四(三): 联席会议须有半数以上成员单位到会方能召开.

Pure arithmetic, no Django. POLICY.md §7 reads 以上 as including the number: at least half,
so 7 of 14 may meet and 6 may not. A district that means 过半数 sets `strict`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

# The 规则 四(三) reading of POLICY.md §7, for tests and for a pack without the parameters.
DEFAULT_QUORUM = Fraction(1, 2)


@dataclass(frozen=True)
class Quorum:
    present: int  # seats present (a seat counts once, whichever unit holds it)
    total: int  # seats of the meeting
    required: int  # the fewest seats that make a quorum
    met: bool


def required_seats(total: int, fraction: Fraction, *, strict: bool = False) -> int:
    """The fewest seats present that satisfy the rule for `total` seats."""
    exact = total * fraction
    if strict:
        return int(exact) + 1  # more than the fraction: floor + 1
    return -(-exact.numerator // exact.denominator)  # at least the fraction: ceiling


def quorum_of(*, present: int, total: int, fraction: Fraction, strict: bool = False) -> Quorum:
    required = required_seats(total, fraction, strict=strict)
    return Quorum(present=present, total=total, required=required, met=total > 0 and present >= required)


def rule_of_pack(pack: Any) -> tuple[Fraction, bool]:
    """(fraction, strict) from the pack's `quorum_fraction` and `quorum_inclusive` parameters."""
    params = pack.params
    fraction = Fraction(getattr(params, "quorum_fraction", DEFAULT_QUORUM))
    return fraction, not bool(getattr(params, "quorum_inclusive", True))
