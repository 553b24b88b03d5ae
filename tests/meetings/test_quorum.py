"""规则 四(三) 半数以上成员单位到会: at least half (POLICY.md §7); pure arithmetic."""

from fractions import Fraction

import pytest

from egovpm.meetings.quorum import DEFAULT_QUORUM, quorum_of, required_seats


@pytest.mark.parametrize(
    ("present", "total", "met"),
    [(7, 14, True), (6, 14, False), (14, 14, True), (0, 14, False), (7, 13, True), (6, 13, False),
     (0, 0, False)],
)
def test_at_least_half(present, total, met):
    assert quorum_of(present=present, total=total, fraction=DEFAULT_QUORUM).met is met


def test_required_seats_boundary_pair():
    assert required_seats(14, Fraction(1, 2)) == 7
    assert required_seats(13, Fraction(1, 2)) == 7


def test_strict_reading_means_more_than_half():
    # A district reading 半数以上 as 过半数 sets the pack parameter: then 7 of 14 is not enough.
    assert required_seats(14, Fraction(1, 2), strict=True) == 8
    assert not quorum_of(present=7, total=14, fraction=Fraction(1, 2), strict=True).met
    assert quorum_of(present=7, total=13, fraction=Fraction(1, 2), strict=True).met
