"""Policy packs: the regulation as data, one directory per edition.

A pack directory holds ``pack.toml`` (every number, list, band, label, quote and source) and
the verbatim source text; ``Pack`` is one edition, fully precomputed for fast evaluation.
Discovery, inheritance (``extends``) and the cache live in ``catalog``.
"""

from __future__ import annotations

import datetime
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import rules as _base_rules  # noqa: F401  (registers the base rules)
from .decision import Finding, Obligation
from .registry import always, resolve_obligations, resolve_rules

_WAN = Decimal(10000)
_HUNDRED = Decimal(100)


class PackError(ValueError):
    """A pack file is inconsistent (missing article, quote not in the source text, ...)."""


class Article:
    """A clause: ``source`` label ("标准 三(一)2"), its document's title and verbatim text."""

    __slots__ = ("document", "source", "text")

    def __init__(self, source: str, document: str, text: str) -> None:
        self.source = source
        self.document = document
        self.text = text

    def __repr__(self) -> str:
        return f"Article({self.source!r})"


class FindingDef:
    __slots__ = (
        "also", "blocking", "code", "quote", "severity", "severity_below", "source", "template",
        "title",
    )

    def __init__(self, code: str, data: dict[str, Any], ref: str) -> None:
        self.code = code
        self.severity = data["severity"]
        self.severity_below = data.get("severity_below", self.severity)
        self.blocking = bool(data.get("blocking", False))
        self.source = data["source"]
        self.also = tuple(data.get("also", ()))
        self.quote = data["quote"]
        self.title = data.get("title", code)
        self.template = data["message"].replace("{ref}", ref)


class RouteRow:
    """One row of 规则 五(三)'s table: the route it gives and the words that give it."""

    __slots__ = ("basis", "key", "label", "quote", "route", "source", "steps")

    def __init__(self, key: str, data: dict[str, Any], routes: dict[str, Any]) -> None:
        self.key = key
        self.route = data["route"]
        self.label = routes[self.route]["label"]
        self.steps = tuple(routes[self.route]["steps"])
        self.source = data["source"]
        self.quote = data["quote"]
        self.basis = {"source": self.source, "quote": self.quote}


class Band:
    __slots__ = ("cost_cap", "name", "person_months", "quote", "servers", "upper")

    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name = name
        self.upper = _dec_or_none(data.get("upper"))
        self.person_months = _dec_or_none(data.get("person_months"))
        cap = _dec_or_none(data.get("cost_cap_wan"))
        self.cost_cap = None if cap is None else cap * _WAN
        self.servers = data.get("servers")
        self.quote = data.get("quote", "")


class Category:
    __slots__ = ("ambiguous_at", "bands", "beyond_is_out_of_standard", "label", "measure", "type")

    def __init__(self, type_: str, data: dict[str, Any]) -> None:
        self.type = type_
        self.label = data["label"]
        self.measure = data["measure"]
        self.bands = tuple(Band(name, data[name]) for name in data["bands"])
        self.ambiguous_at = frozenset(Decimal(v) for v in data.get("ambiguous_at", ()))
        self.beyond_is_out_of_standard = bool(data.get("beyond_is_out_of_standard", False))


class Params:
    """The pack's parameters as attributes (Decimal 元 for money, fractions for per cents).

    The attributes are set from ``[params.*]`` of pack.toml; the declarations below only tell
    the type checker what the built-in pack provides (tests/policy/test_params_typed.py keeps
    them in step with the pack). An edition may add more: read those with ``getattr``.
    """

    review_min: Decimal
    review_max: Decimal
    hardware_share: Decimal
    om_review_min: Decimal
    om_change: Decimal
    info_publishing_cap: Decimal
    renewal_years: frozenset[int]
    renewal_notice_years: frozenset[int]
    person_month_rate: Decimal
    other_fees_cap: Decimal
    integration_min: Decimal
    integration_max: Decimal
    security_testing_min: Decimal
    security_testing_max: Decimal
    hw_rate_A: Decimal
    hw_rate_B: Decimal
    hw_rate_C: Decimal
    security_device_rate: Decimal
    software_rate_tool: Decimal
    software_rate_domestic: Decimal
    app_coefficient_simple: Decimal
    app_coefficient_complex: Decimal
    app_coefficient_very_complex: Decimal
    mid_year_deadline_month: int
    mid_year_deadline_day: int
    third_party_failure_limit: int
    expert_failure_limit: int
    suspension_months: int
    hotline_merge_max_seats: int
    procurement_threshold: Decimal
    public_tender: Decimal
    supervision_min: Decimal
    investment_supervision_min: Decimal
    procurement_start_months: int
    procurement_stop_months: int
    contract_filing_working_days: int
    acceptance_filing_working_days: int
    commercial_crypto_min_level: int
    security_fees_min_level: int
    quorum_fraction: Decimal
    quorum_inclusive: bool

    def __repr__(self) -> str:
        return f"Params({sorted(vars(self))})"


def _dec_or_none(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _convert(value: Any, unit: str) -> Any:
    if unit == "万元":
        return Decimal(value) * _WAN
    if unit == "%":
        return Decimal(value) / _HUNDRED
    if isinstance(value, list):
        return frozenset(value)
    return value


class Pack:
    """One edition of the rules, fully precomputed for fast evaluation."""

    def __init__(
        self,
        raw: dict[str, Any],
        source_text: str,
        lineage: list[str],
        directory: Path,
        edition_dirs: list[Path] | None = None,
    ) -> None:
        self.name: str = raw["name"]
        self.title: str = raw.get("title", self.name)
        self.effective_from: datetime.date = raw["effective_from"]
        self.extends: str | None = raw.get("extends")
        self.directory = directory
        self.lineage = lineage
        self.edition_dirs = edition_dirs or [directory]
        self.source_text = source_text
        self.raw = raw
        self._load_documents(raw)
        self._load_vocabulary(raw)
        self._load_params(raw)
        self._load_tables(raw)
        self._load_rules()

    # -- loading ------------------------------------------------------------------------------
    def _load_documents(self, raw: dict[str, Any]) -> None:
        text = self.source_text
        docs = raw["documents"]
        starts = []
        for key, doc in docs.items():
            at = text.find(doc["begins"])
            if at < 0:
                raise PackError(f"{self.name}: document {key} not found in the source text")
            starts.append((at, key))
        starts.sort()
        bounds = {
            key: (at, starts[i + 1][0] if i + 1 < len(starts) else len(text))
            for i, (at, key) in enumerate(starts)
        }
        self.documents: dict[str, tuple[str, str]] = {
            key: (doc["title"], doc["short"]) for key, doc in docs.items()
        }
        self.articles: dict[str, Article] = {}
        for source, spec in raw["articles"].items():
            key = source.split(" ", 1)[0]
            if key not in bounds:
                raise PackError(f"{self.name}: article {source} names an unknown document")
            lo, hi = bounds[key]
            begin = text.find(spec["start"], lo, hi)
            if begin < 0 or text.find(spec["start"], begin + 1, hi) >= 0:
                raise PackError(f"{self.name}: start of {source} not found once in its document")
            end = text.find(spec["end"], begin, hi)
            if end < 0:
                raise PackError(f"{self.name}: end of {source} not found")
            body = text[begin : end + len(spec["end"])]
            self.articles[source] = Article(source, docs[key]["title"], body)

    def _load_vocabulary(self, raw: dict[str, Any]) -> None:
        v = raw["vocabulary"]
        fs = frozenset
        self.construction_kinds = fs(v["construction_kinds"])
        self.implementation_kinds = fs(v["implementation_kinds"])
        self.filing_kinds = fs(v["filing_kinds"])
        self.kinds = self.implementation_kinds | self.filing_kinds
        self.unit_kinds = fs(v["unit_kinds"])
        self.tender_modes = fs(v["tender_modes"])
        self.category_types = fs(v["category_types"])
        self.scales = fs(v["scales"])
        self.construction_items = fs(v["construction_items"])
        self.other_fee_items = fs(v["other_fee_items"])
        self.never_items = fs(v["never_items"])
        self.om_excluded_items = fs(v["om_excluded_items"])
        self.djbh3_items = fs(v["djbh3_items"])
        self.hardware_items = tuple(v["hardware_items"])
        self.purchase_items = tuple(v["purchase_items"])
        self.capped_fee_items = tuple(v["capped_fee_items"])
        self.budget_items = (
            self.construction_items | self.other_fee_items | self.never_items
            | self.om_excluded_items | self.djbh3_items
        )
        # Sums the rules need, computed once per application while parsing the budget.
        self.sum_groups = {
            "construction": self.construction_items,   # C, 项目建设费
            "hardware": frozenset(self.hardware_items),  # 硬件建设金额
            "purchases": frozenset(self.purchase_items),  # 软硬件购置费
            "capped_fees": frozenset(self.capped_fee_items),
            "djbh3": self.djbh3_items,
        }
        self.item_groups = {
            item: tuple(g for g, members in self.sum_groups.items() if item in members)
            for item in self.budget_items
        }
        self.maintenance_items = fs(v["maintenance_items"]) | self.never_items | (
            self.om_excluded_items
        )
        self.software_classes = fs(v["software_classes"])
        self.complexities = fs(v["complexities"])
        self.device_classes = fs(v["device_classes"])
        self.attachments_all = tuple(v["attachments_all"])
        self.attachments_construction = tuple(v["attachments_construction"])
        self.attachments_existing = tuple(v["attachments_existing"])
        self.existing_system_kinds = fs(v["existing_system_kinds"])
        # 规则 五(一)2: every kind, construction kinds, upgrade/continuation/om (升级改建和运维).
        self.required_attachments = {
            kind: self.attachments_all
            + (self.attachments_construction if kind in self.construction_kinds else ())
            + (self.attachments_existing if kind in self.existing_system_kinds else ())
            for kind in self.kinds
        }
        self.hardware_required_kinds = fs(v["hardware_required_kinds"])
        self.fee_ratio_kinds = fs(v["fee_ratio_kinds"])
        self.category_exempt_kinds = fs(v["category_exempt_kinds"])
        self.supervision_kinds = fs(v["supervision_kinds"])
        self.investment_supervision_kinds = fs(v["investment_supervision_kinds"])
        self.acceptance_kinds = fs(v["acceptance_kinds"])
        self.new_system_kinds = fs(v["new_system_kinds"])
        self.category_kinds = self.kinds - self.category_exempt_kinds
        i = raw["input"]
        self.max_amount = Decimal(i["max_amount_yuan"])
        self.min_year = int(i["min_year"])
        self.max_year = int(i["max_year"])
        self.max_count = int(i["max_count"])
        self.max_djbh_level = int(i["max_djbh_level"])
        self.max_contract_year = int(i["max_contract_year"])

    def _load_params(self, raw: dict[str, Any]) -> None:
        self.params = Params()
        self.param_specs: dict[str, dict[str, Any]] = raw["params"]
        for name, spec in raw["params"].items():
            setattr(self.params, name, _convert(spec["value"], spec["unit"]))
        d = raw["device_types"]
        self.device_class_of = {t: cls for cls in ("A", "B", "C") for t in d[cls]}
        self.device_default_class = d["default_class"]
        self.device_types_spec = d

    def _ref(self, source: str) -> str:
        key, _, clause = source.partition(" ")
        return self.documents[key][1] + clause

    def _load_tables(self, raw: dict[str, Any]) -> None:
        self.categories = {t: Category(t, c) for t, c in raw["categories"].items()}
        self.steps: dict[str, str] = dict(raw["steps"])
        self.routes = {code: (r["label"], tuple(r["steps"])) for code, r in raw["routes"].items()}
        self.route_rows = {k: RouteRow(k, r, raw["routes"]) for k, r in raw["route_rows"].items()}
        self.findings: dict[str, FindingDef] = {}
        for code, data in raw["findings"].items():
            base = {k: v for k, v in data.items() if k != "variants"}
            self.findings[code] = FindingDef(code, base, self._ref(base["source"]))
            for variant, over in data.get("variants", {}).items():
                merged = {**base, **over}
                self.findings[f"{code}.{variant}"] = FindingDef(
                    code, merged, self._ref(merged["source"])
                )
        self.obligations = {
            code: Obligation(code, o["source"], o["label"], o["quote"], dict(o.get("params", {})))
            for code, o in raw["obligations"].items()
        }
        self.labels: dict[str, dict[str, str]] = raw.get("labels", {})

    def _load_rules(self) -> None:
        for directory in self.edition_dirs:
            _import_edition_rules(directory)
        route, specs = resolve_rules(self.lineage)
        self.route_fn = route.fn
        self.rule_specs = [route, *specs]
        # Per kind, the rules and obligation predicates worth calling (None: applies as is).
        self.rule_fns_by_kind = {
            kind: tuple(s.fn for s in specs if self._in_scope(kind, s.kinds))
            for kind in self.kinds
        }
        checks = resolve_obligations(self.lineage)
        missing = set(self.obligations) - set(checks)
        if missing:
            raise PackError(f"{self.name}: no rule for obligations {sorted(missing)}")
        self.obligation_checks_by_kind = {
            kind: tuple(
                (self.obligations[code], None if fn is always else fn)
                for code in self.obligations
                for fn, scope in (checks[code],)
                if self._in_scope(kind, scope)
            )
            for kind in self.kinds
        }

    def _in_scope(self, kind: str, scope: str | None) -> bool:
        if scope is None:
            return True
        members = getattr(self, scope, None)
        if not isinstance(members, frozenset):
            raise PackError(f"{self.name}: unknown kind set {scope!r}")
        return kind in members

    # -- public API ---------------------------------------------------------------------------
    def article(self, source: str) -> Article | None:
        return self.articles.get(source)

    def route_label(self, code: str) -> str:
        return self.routes[code][0] if code in self.routes else code

    def step_label(self, code: str) -> str:
        return self.steps.get(code, code)

    def finding_title(self, code: str) -> str:
        d = self.findings.get(code)
        return d.title if d is not None else code

    def obligation_label(self, code: str) -> str:
        o = self.obligations.get(code)
        return o.label if o is not None else code

    def label(self, table: str, key: str) -> str:
        return self.labels.get(table, {}).get(key, key)

    def cited_sources(self) -> set[str]:
        """Every source label the pack's rules, routes, parameters and obligations cite."""
        cited = {d.source for d in self.findings.values()}
        cited.update(s for d in self.findings.values() for s in d.also)
        cited.update(r.source for r in self.route_rows.values())
        cited.update(o.source for o in self.obligations.values())
        cited.update(p["source"] for p in self.param_specs.values())
        cited.add(self.device_types_spec["source"])
        return cited

    def quotes(self) -> list[tuple[str, str]]:
        """Every (source, quote) pair the pack holds."""
        pairs = [(d.source, d.quote) for d in self.findings.values()]
        pairs += [(r.source, r.quote) for r in self.route_rows.values()]
        pairs += [(o.source, o.quote) for o in self.obligations.values()]
        pairs += [(p["source"], p["quote"]) for p in self.param_specs.values()]
        d = self.device_types_spec
        pairs += [(d["source"], d[f"quote_{c}"]) for c in ("A", "B", "C")]
        pairs.append((d["source"], d["default_quote"]))
        pairs += [
            ("标准 五", band.quote) for c in self.categories.values() for band in c.bands
        ]
        return pairs

    def finding(
        self,
        code: str,
        field: str,
        params: dict[str, Any],
        variant: str | None = None,
        below: bool = False,
    ) -> Finding:
        """Build a finding of ``code`` (or its ``variant``) with the pack's severity and text."""
        d = self.findings[code if variant is None else f"{code}.{variant}"]
        return Finding(
            code,
            d.severity_below if below else d.severity,
            d.blocking,
            d.source,
            field,
            d.template.format_map(params),
            params,
        )

    def check(self) -> None:
        """Raise PackError unless every cited source has an article and every quote is verbatim."""
        missing = sorted(s for s in self.cited_sources() if s not in self.articles)
        if missing:
            raise PackError(f"{self.name}: sources without an article: {missing}")
        for source, quote in self.quotes():
            if quote not in self.source_text:
                raise PackError(f"{self.name}: quote of {source} not in the source text: {quote}")

    def __repr__(self) -> str:
        return f"Pack({self.name!r}, effective_from={self.effective_from.isoformat()})"


def _import_edition_rules(directory: Path) -> None:
    path = directory / "rules.py"
    if not path.is_file():
        return
    module_name = "egovpm_policy_edition_" + str(abs(hash(str(path))))
    if module_name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise PackError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
