"""The rule registry: rule functions keyed by code, per edition.

A rule is a small pure function ``fn(app, pack, out)`` that appends the findings it makes to
``out``. The base rules are registered at import; an edition (a later pack) may replace a rule
under the same key or add one, by registering with ``edition="<pack name>"`` (typically from a
``rules.py`` next to its pack.toml). Editions inherit the replacements of the pack they extend.
Obligation rules are predicates ``fn(app, pack) -> bool`` keyed by obligation code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

GROUPS = ("route", "budget", "category", "compliance")
ROUTE_KEY = "ROUTE"

RuleFn = Callable[..., Any]
# The decorators hand back the function they register, with its own signature kept.
F = TypeVar("F", bound=RuleFn)


class RuleSpec:
    """A registered rule. ``kinds`` names the pack's kind set it applies to (None: all kinds);
    the pack uses it to precompute, per kind, the rules worth calling."""

    __slots__ = ("codes", "fn", "group", "key", "kinds")

    def __init__(
        self, key: str, group: str, codes: tuple[str, ...], fn: RuleFn, kinds: str | None
    ) -> None:
        self.key = key
        self.group = group
        self.codes = codes
        self.fn = fn
        self.kinds = kinds


_rules: dict[str | None, dict[str, RuleSpec]] = {None: {}}
_obligations: dict[str | None, dict[str, tuple[RuleFn | None, str | None]]] = {None: {}}


def rule(
    key: str,
    *,
    group: str,
    codes: Iterable[str] | None = None,
    kinds: str | None = None,
    edition: str | None = None,
) -> Callable[[F], F]:
    """Register ``fn`` as the rule ``key`` (its main finding code) of ``group``.

    ``codes`` lists every finding code the rule may emit (default: ``key`` alone); ``kinds``
    names a kind set of the pack (``"construction_kinds"``...) outside which the rule is
    never called. The rule under ``ROUTE_KEY`` returns the key of the route row that matched.
    """
    if group not in GROUPS:
        raise ValueError(f"unknown rule group {group!r}")

    def register(fn: F) -> F:
        emitted = tuple(codes) if codes is not None else (key,)
        _rules.setdefault(edition, {})[key] = RuleSpec(key, group, emitted, fn, kinds)
        return fn

    return register


def obligation_rule(
    code: str, *, kinds: str | None = None, edition: str | None = None
) -> Callable[[F], F]:
    """Register the predicate that says when obligation ``code`` applies.

    ``kinds`` names the pack's kind set outside which it never applies (None: all kinds).
    """

    def register(fn: F) -> F:
        _obligations.setdefault(edition, {})[code] = (fn, kinds)
        return fn

    return register


def always(a: Any, p: Any) -> bool:
    """Predicate of an obligation that applies to every application of its kinds."""
    return True


def resolve_rules(lineage: list[str]) -> tuple[RuleSpec, list[RuleSpec]]:
    """The route rule and the other rules, in group order, for a pack lineage (root first)."""
    merged: dict[str, RuleSpec] = dict(_rules[None])
    for name in lineage:
        merged.update(_rules.get(name, {}))
    route = merged.pop(ROUTE_KEY)
    ordered = [spec for group in GROUPS for spec in merged.values() if spec.group == group]
    return route, ordered


def resolve_obligations(lineage: list[str]) -> dict[str, tuple[RuleFn | None, str | None]]:
    merged = dict(_obligations[None])
    for name in lineage:
        merged.update(_obligations.get(name, {}))
    return merged


def implemented_codes(lineage: list[str] | None = None) -> set[str]:
    """Every finding code some registered rule may emit."""
    route, specs = resolve_rules(lineage or [])
    codes = {code for spec in specs for code in spec.codes}
    codes.update(route.codes)
    return codes
