"""``evaluate``: one application, one pack, one decision."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .catalog import get_pack, pack_in_force
from .decision import Decision, Finding
from .errors import InvalidApplication
from .parse import parse, parse_date


def evaluate(application: Mapping[str, Any], *, pack: str | None = None) -> Decision:
    """Route, findings and obligations for ``application`` (POLICY.md §1 in, §2 out).

    Without ``pack`` the edition in force on ``declared_on`` applies. Raises
    ``InvalidApplication`` (with ``.field``) for input that cannot be evaluated.
    """
    if type(application) is not dict and not isinstance(application, Mapping):
        raise InvalidApplication("application", "应为对象(键值表)")
    declared_on = parse_date(application.get("declared_on"), "declared_on")
    if pack is None:
        p = pack_in_force(declared_on)
        if p is None:
            raise InvalidApplication("declared_on", "早于所有政策版本的生效日期")
    else:
        p = get_pack(pack)
    a = parse(application, p, declared_on)
    findings: list[Finding] = []
    row = p.route_rows[p.route_fn(a, p, findings)]
    for check in p.rule_fns_by_kind[a.kind]:
        check(a, p, findings)
    return Decision(
        row.route,
        row.label,
        list(row.steps),
        [row.basis],
        findings,
        [ob for ob, applies in p.obligation_checks_by_kind[a.kind]
         if applies is None or applies(a, p)],
        p.name,
    )
