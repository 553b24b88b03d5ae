"""A decision made readable: labelled JSON for the page, a Chinese explanation for the CLI.

Both start from `Decision.to_dict()` (POLICY.md §2) and only add labels taken from the policy
pack that made the decision, so the page and the command line say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from egovpm.policy import get_pack

if TYPE_CHECKING:
    from egovpm.policy import Decision

# A source may cite several articles: "办法 第二十一条, 标准 四(一)".
_SOURCE_SEPARATORS = re.compile(r"\s*[,,、;;]\s*")


def split_sources(source: str) -> list[str]:
    """The separate article citations inside one `source` string, in order.

    A citation without its document ("标准 一(一)、五(四)") borrows the one before it.
    """
    parts: list[str] = []
    document = ""
    for part in _SOURCE_SEPARATORS.split((source or "").strip()):
        if not part:
            continue
        if " " in part:
            document = part.split(" ", 1)[0]
        elif document:
            part = f"{document} {part}"
        parts.append(part)
    return parts


def severity_label(severity: str, *, blocking: bool = False) -> str:
    label = {"error": _("错误"), "warning": _("警告")}.get(severity, severity)
    return f"{label}·{_('阻断')}" if blocking else label


def _label(lookup: Callable[[str], str], code: str) -> str:
    """A pack label, or the code itself when the pack has none (never hide a finding)."""
    try:
        return lookup(code) or code
    except (KeyError, LookupError, ValueError):
        return code


def decision_payload(decision: Decision) -> dict[str, Any]:
    """`Decision.to_dict()` plus the Chinese labels a screen needs.

    Added keys: `step_items` ([{code, label}]); per basis item `sources`; per finding `title`,
    `severity_label`, `sources`, `quote`; per obligation `label`, `sources`, `quote`. Nothing is removed, so a
    client may rely on the POLICY.md §2 shape as well.
    """
    pack = get_pack(decision.policy)
    data = decision.to_dict()
    data["step_items"] = [
        {"code": code, "label": _label(pack.step_label, code)} for code in data["steps"]
    ]
    for basis in data["basis"]:
        basis["sources"] = split_sources(basis["source"])
    # The words each rule rests on, for highlighting in the article text. Not part of the
    # Decision contract, so read defensively from the pack's finding table and obligations.
    finding_defs = getattr(pack, "findings", {})
    for finding in data["findings"]:
        definition = finding_defs.get(finding["code"]) if isinstance(finding_defs, dict) else None
        finding["quote"] = getattr(definition, "quote", "") or ""
        finding["title"] = _label(pack.finding_title, finding["code"])
        finding["severity_label"] = severity_label(
            finding["severity"], blocking=finding["blocking"]
        )
        finding["sources"] = split_sources(finding["source"])
    for obligation, source in zip(data["obligations"], decision.obligations, strict=True):
        obligation["quote"] = getattr(source, "quote", "") or ""
        obligation["label"] = obligation.get("label") or _label(
            pack.obligation_label, obligation["code"]
        )
        obligation["sources"] = split_sources(obligation["source"])
    return data


def decision_text(decision: Decision, *, name: str = "") -> str:
    """A plain-text Chinese explanation of one decision (no trailing newline)."""
    data = decision_payload(decision)
    lines: list[str] = []
    if name:
        lines.append(_("项目:%(name)s") % {"name": name})
    lines.append(
        _("审批路径:%(label)s(%(code)s)") % {"label": data["route_label"], "code": data["route"]}
    )
    for basis in data["basis"]:
        quote = basis.get("quote") or ""
        lines.append(
            _("依据:%(source)s“%(quote)s”") % {"source": basis["source"], "quote": quote}
            if quote
            else _("依据:%(source)s") % {"source": basis["source"]}
        )
    lines.append(_("流程:"))
    for number, step in enumerate(data["step_items"], start=1):
        lines.append(f"  {number}. {step['label']}({step['code']})")
    lines.append(
        _("结论:可以申报") if data["eligible"] else _("结论:存在阻断性问题,不予受理")
    )
    if data["findings"]:
        lines.append(_("问题(%(count)d 项):") % {"count": len(data["findings"])})
        for finding in data["findings"]:
            lines.append(
                f"  [{finding['severity_label']}] {finding['code']} — "
                f"{finding['message']}({finding['source']})"
            )
    else:
        lines.append(_("问题:无"))
    if data["obligations"]:
        lines.append(_("后续义务:"))
        for obligation in data["obligations"]:
            lines.append(
                f"  - {obligation['label']}({obligation['code']},{obligation['source']})"
            )
    lines.append(_("政策版本:%(policy)s") % {"policy": data["policy"]})
    return "\n".join(lines)
