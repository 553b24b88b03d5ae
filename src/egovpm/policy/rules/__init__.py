"""The base rules (registered on import), one module per part of POLICY.md."""

from . import budget, category, compliance, obligations, routes  # noqa: F401
