"""Editions by effective date; a later edition as data plus only the rules that changed."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from egovpm.policy import (
    InvalidApplication,
    UnknownPack,
    available_packs,
    evaluate,
    get_pack,
    register_pack_dir,
    unregister_pack_dir,
)

from .conftest import codes, simple

EDITION_DIR = Path(__file__).parent / "fixtures" / "yangpu_edition_test"
WAN = 10_000


@pytest.fixture
def later_edition():
    register_pack_dir(EDITION_DIR)
    yield get_pack("yangpu-test-2030")
    unregister_pack_dir(EDITION_DIR)


def test_builtin_pack_in_force_from_2023_05_15():
    pack = get_pack(on=datetime.date(2023, 5, 15))
    assert pack.name == "yangpu-2023"
    assert pack.effective_from == datetime.date(2023, 5, 15)
    with pytest.raises(UnknownPack):
        get_pack(on=datetime.date(2023, 5, 14))
    with pytest.raises(UnknownPack):
        get_pack("nope")
    assert [p.name for p in available_packs()] == ["yangpu-2023"]


def test_declaration_before_every_pack_is_invalid():
    with pytest.raises(InvalidApplication) as caught:
        evaluate(simple("new", declared_on="2023-05-14"))
    assert caught.value.field == "declared_on"
    assert evaluate(simple("new", declared_on="2023-05-15")).policy == "yangpu-2023"


@pytest.mark.parametrize(
    ("declared", "policy", "route"),
    [("2029-12-31", "yangpu-2023", "FILING"), ("2030-01-01", "yangpu-test-2030", "REVIEW"),
     ("2031-06-01", "yangpu-test-2030", "REVIEW")],
)
def test_later_edition_changes_the_route_only_from_its_date(later_edition, declared, policy,
                                                           route):
    decision = evaluate(simple("new", 90 * WAN, declared_on=declared))
    assert (decision.policy, decision.route) == (policy, route)


def test_later_edition_inherits_everything_else(later_edition):
    base = get_pack("yangpu-2023")
    assert later_edition.params.review_min == 80 * WAN
    assert base.params.review_min == 100 * WAN
    assert later_edition.params.review_max == base.params.review_max
    assert later_edition.source_text == base.source_text
    assert set(later_edition.articles) == set(base.articles)
    assert later_edition.lineage == ["yangpu-2023", "yangpu-test-2030"]
    assert [p.name for p in available_packs()] == ["yangpu-2023", "yangpu-test-2030"]
    # Still below 80万 files; an explicit pack name overrides the date.
    assert evaluate(simple("new", 80 * WAN - 1, declared_on="2030-02-01")).route == "FILING"
    assert evaluate(simple("new", 90 * WAN, declared_on="2030-02-01"),
                    pack="yangpu-2023").route == "FILING"


def test_later_edition_replaces_one_rule(later_edition):
    app = simple("upgrade", 10 * WAN, category={"type": "machine_room", "area_m2": 15})
    assert "NEW_MACHINE_ROOM" not in codes(app)
    app["declared_on"] = "2030-03-01"
    assert "NEW_MACHINE_ROOM" in codes(app)


def test_unregistering_the_edition_restores_the_base(later_edition):
    unregister_pack_dir(EDITION_DIR)
    assert evaluate(simple("new", 90 * WAN, declared_on="2030-02-01")).route == "FILING"
    register_pack_dir(EDITION_DIR)  # the fixture unregisters again
