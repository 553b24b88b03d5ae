"""The engine's output: findings, obligations and the decision (POLICY.md §2)."""

from __future__ import annotations

from typing import Any


class Finding:
    """One rule's verdict on one field. ``params`` holds the figures behind the message."""

    __slots__ = ("blocking", "code", "field", "message", "params", "severity", "source")

    def __init__(
        self,
        code: str,
        severity: str,
        blocking: bool,
        source: str,
        field: str,
        message: str,
        params: dict[str, Any],
    ) -> None:
        self.code = code
        self.severity = severity
        self.blocking = blocking
        self.source = source
        self.field = field
        self.message = message
        self.params = params

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "blocking": self.blocking,
            "source": self.source,
            "field": self.field,
            "message": self.message,
        }

    def __repr__(self) -> str:
        return f"Finding({self.code!r}, {self.severity!r}, field={self.field!r})"


class Obligation:
    """A duty the approved project will carry (the lifecycle module enforces it)."""

    __slots__ = ("code", "label", "params", "quote", "source")

    def __init__(
        self, code: str, source: str, label: str, quote: str, params: dict[str, Any]
    ) -> None:
        self.code = code
        self.source = source
        self.label = label
        self.quote = quote
        self.params = params

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "source": self.source}

    def __repr__(self) -> str:
        return f"Obligation({self.code!r})"


class Decision:
    """Route, steps, basis, findings and obligations for one application under one pack."""

    __slots__ = (
        "basis",
        "eligible",
        "findings",
        "obligations",
        "policy",
        "route",
        "route_label",
        "steps",
    )

    def __init__(
        self,
        route: str,
        route_label: str,
        steps: list[str],
        basis: list[dict[str, str]],
        findings: list[Finding],
        obligations: list[Obligation],
        policy: str,
    ) -> None:
        self.route = route
        self.route_label = route_label
        self.steps = steps
        self.basis = basis
        self.findings = findings
        eligible = True
        for finding in findings:
            if finding.blocking:
                eligible = False
                break
        self.eligible = eligible
        self.obligations = obligations
        self.policy = policy

    @property
    def codes(self) -> list[str]:
        """The finding codes, in order (handy for tests and logs)."""
        return [f.code for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        """Exactly the POLICY.md §2 shape; JSON-serialisable."""
        return {
            "route": self.route,
            "route_label": self.route_label,
            "steps": list(self.steps),
            "basis": [dict(b) for b in self.basis],
            "findings": [f.to_dict() for f in self.findings],
            "eligible": self.eligible,
            "obligations": [o.to_dict() for o in self.obligations],
            "policy": self.policy,
        }

    def __repr__(self) -> str:
        return f"Decision({self.route!r}, findings={self.codes!r}, policy={self.policy!r})"
