"""The declaration form: the POLICY.md §1 fields as HTML inputs, and back into a §1 body.

Scalar fields are a Django form whose field names are the §1 paths with ``_`` for ``.``
(``om.previous_amount`` → ``om_previous_amount``), so an error the services or the policy
engine raise for a path lands on its input. The three tables (budget lines, maintenance lines,
data-catalogue fields) are repeated inputs read row by row. Forms only parse: every rule is
the policy engine's, every write the services'.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egovpm.declarations.inputs import CATALOG_FIELDS
from egovpm.declarations.models import Application, AttachmentKind, Kind
from egovpm.selfcheck import choices

# Shared field options, spread into the field constructors.
MONEY: dict[str, Any] = {
    "max_digits": 18, "decimal_places": 2, "min_value": Decimal(0), "required": False,
}
BOOL: dict[str, Any] = {"required": False}
YES_NO = [("", "—"), ("1", _("是")), ("0", _("否"))]

COMPLIANCE_FLAGS = [
    (code, label) for code, label in choices.COMPLIANCE_FLAGS
    # 办法 第二十二条: the catalogue recorded below decides completeness, not a tick.
    if code != "data_catalog_completed"
]
CATALOG_LABELS = {
    "resource_format": _("资源目录格式"),
    "collection_method": _("归集方式"),
    "collection_frequency": _("归集频率"),
    "sharing_type": _("共享类型"),
    "sharing_method": _("共享方式"),
    "update_frequency": _("更新频度"),
}

# The repeated inputs of each table: (POST name prefix, keys).
BUDGET_KEYS = ("item", "amount", "person_months")
MAINTENANCE_KEYS = (
    "item", "amount", "device_class", "device_type", "purchase_amount", "software_class",
    "complexity", "dev_amount",
)
CATALOG_ROW_KEYS = ("table", "name", "data_type", "length", "primary_key", "timestamp")
TABLES = {"budget": BUDGET_KEYS, "maintenance": MAINTENANCE_KEYS, "catalog": CATALOG_ROW_KEYS}


def _money(label: Any, **extra: Any) -> forms.DecimalField:
    # A text input: a number input refuses what was typed silently and spins on scroll.
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    return forms.DecimalField(label=label, widget=widget, **{**MONEY, **extra})


class ApplicationForm(forms.Form):
    """Scalar §1 fields. ``sections`` orders them on the page."""

    name = forms.CharField(label=_("项目名称"), max_length=200)
    kind = forms.ChoiceField(label=_("项目类型"), choices=Kind.choices)
    budget_year = forms.IntegerField(label=_("预算年度"), min_value=2000, max_value=2100)
    mid_year_adjustment = forms.BooleanField(label=_("中期预算调整"), **BOOL)
    key_project = forms.BooleanField(label=_("年度重点数字化项目"), **BOOL)
    period_months = forms.IntegerField(label=_("建设周期(月)"), min_value=1, required=False)
    content = forms.CharField(label=_("建设内容"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    total_amount = _money(_("建设金额(元)"), required=True)
    hardware_amount = _money(_("硬件建设金额(元)"))
    pure_software = forms.BooleanField(label=_("纯软件开发项目"), **BOOL)

    om_first_application = forms.BooleanField(label=_("首次申请运维经费"), **BOOL)
    om_previous_amount = _money(_("上年度运维经费(元)"))

    tender_mode = forms.ChoiceField(label=_("招标方式"), choices=choices.TenderMode.choices)
    tender_contract_year = forms.TypedChoiceField(
        label=_("合同年度"), coerce=int, choices=[(1, "1"), (2, "2"), (3, "3")])

    higher_approval = forms.BooleanField(label=_("已取得上级部门审批"), **BOOL)
    higher_approval_doc_no = forms.CharField(label=_("上级审批文号"), required=False,
                                             max_length=100)
    higher_approval_argument_conclusion = forms.BooleanField(label=_("有论证结论"), **BOOL)
    higher_approval_standard_and_amount_defined = forms.BooleanField(
        label=_("建设标准和金额已明确"), **BOOL)
    cac_filing_approved = forms.BooleanField(label=_("区委网信办备案同意(信息发布类)"), **BOOL)

    category_type = forms.ChoiceField(label=_("类别"), choices=choices.CategoryType.choices)
    category_scale = forms.ChoiceField(
        label=_("规模"), required=False, choices=[("", "—"), *choices.CategoryScale.choices])
    category_person_months = forms.DecimalField(label=_("人月数"), required=False, min_value=0,
                                                decimal_places=2, max_digits=10)
    category_servers = forms.IntegerField(label=_("服务器数量"), required=False, min_value=0)
    category_endpoints = forms.IntegerField(label=_("视频会议接入点数"), required=False,
                                            min_value=0)
    category_area_m2 = forms.DecimalField(label=_("机房面积(m²)"), required=False, min_value=0,
                                          decimal_places=2, max_digits=10)
    category_seats = forms.IntegerField(label=_("坐席数"), required=False, min_value=0)

    compliance_system_count_change = forms.IntegerField(
        label=_("业务系统数量变化(只减不增)"), required=False)
    compliance_djbh_level = forms.TypedChoiceField(
        label=_("等保级别"), required=False, coerce=int, empty_value=None,
        choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in COMPLIANCE_FLAGS:
            self.fields[f"compliance_{code}"] = forms.BooleanField(label=str(label), **BOOL)
        for code, label in choices.XINCHUANG_EXEMPTION_FLAGS:
            self.fields[f"compliance_xinchuang_exemption_{code}"] = forms.BooleanField(
                label=str(label), **BOOL)
        for code in CATALOG_FIELDS:
            self.fields[f"data_catalog_{code}"] = forms.CharField(
                label=CATALOG_LABELS[code], required=False, max_length=100)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"

    def sections(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(anchor, title, bound fields) in page order."""
        def pick(*names: str) -> list[forms.BoundField]:
            return [self[name] for name in names]

        def starting(prefix: str) -> list[forms.BoundField]:
            return [self[name] for name in self.fields if name.startswith(prefix)]

        return [
            ("basics", str(_("基本信息")), pick(
                "name", "kind", "budget_year", "period_months", "mid_year_adjustment",
                "key_project", "content")),
            ("amounts", str(_("金额")), pick("total_amount", "hardware_amount", "pure_software")),
            ("om", str(_("运维历史")), pick("om_first_application", "om_previous_amount")),
            ("tender", str(_("招标方式")), pick("tender_mode", "tender_contract_year")),
            ("higher", str(_("上级部门审批")), pick(
                "higher_approval", "higher_approval_doc_no", "higher_approval_argument_conclusion",
                "higher_approval_standard_and_amount_defined", "cac_filing_approved")),
            ("category", str(_("类别测算(标准 五)")), starting("category_")),
            ("compliance", str(_("合规声明")), [
                *[self[f"compliance_{code}"] for code, _label in COMPLIANCE_FLAGS],
                self["compliance_system_count_change"], self["compliance_djbh_level"],
                *starting("compliance_xinchuang_exemption_"),
            ]),
        ]

    def catalog_fields(self) -> list[forms.BoundField]:
        return [self[f"data_catalog_{code}"] for code in CATALOG_FIELDS]

    def body(self, rows: Mapping[str, list[dict[str, str]]]) -> dict[str, Any]:
        """The §1 body (plus ``data_catalog``) of a valid form and its table rows."""
        d = self.cleaned_data
        money = _money_text
        higher = None
        if d["higher_approval"]:
            higher = {
                "doc_no": d["higher_approval_doc_no"],
                "argument_conclusion": d["higher_approval_argument_conclusion"],
                "standard_and_amount_defined": d["higher_approval_standard_and_amount_defined"],
            }
        compliance: dict[str, Any] = {
            code: d[f"compliance_{code}"] for code, _label in COMPLIANCE_FLAGS
        }
        compliance["system_count_change"] = d["compliance_system_count_change"] or 0
        if d["compliance_djbh_level"] is not None:
            compliance["djbh_level"] = d["compliance_djbh_level"]
        compliance["xinchuang_exemption"] = {
            code: d[f"compliance_xinchuang_exemption_{code}"]
            for code, _label in choices.XINCHUANG_EXEMPTION_FLAGS
        }
        category = {
            "type": d["category_type"], "scale": d["category_scale"] or None,
            "person_months": money(d["category_person_months"]),
            "servers": d["category_servers"], "endpoints": d["category_endpoints"],
            "area_m2": money(d["category_area_m2"]), "seats": d["category_seats"],
        }
        return {
            "name": d["name"], "kind": d["kind"], "budget_year": d["budget_year"],
            "mid_year_adjustment": d["mid_year_adjustment"], "key_project": d["key_project"],
            "period_months": d["period_months"], "content": d["content"],
            "total_amount": money(d["total_amount"]),
            "hardware_amount": money(d["hardware_amount"]),
            "pure_software": d["pure_software"],
            "om": {"first_application": d["om_first_application"],
                   "previous_amount": money(d["om_previous_amount"])},
            "tender": {"mode": d["tender_mode"], "contract_year": d["tender_contract_year"]},
            "higher_approval": higher,
            "cac_filing_approved": d["cac_filing_approved"],
            "category": {k: v for k, v in category.items() if v is not None},
            "compliance": compliance,
            "budget": budget_lines(rows["budget"]),
            "maintenance": maintenance_lines(rows["maintenance"]),
            "data_catalog": {
                **{code: d[f"data_catalog_{code}"] for code in CATALOG_FIELDS},
                "tables": catalog_tables(rows["catalog"]),
            },
        }


def _money_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _number(raw: str) -> int | str:
    """Whole numbers as int; anything else as typed, for the service to name the field."""
    return int(raw) if raw.isdigit() else raw


# ---- table rows ------------------------------------------------------------------------------


def rows_from_post(post: QueryDict) -> dict[str, list[dict[str, str]]]:
    """Each table's rows as typed (the inputs ``<table>-<key>`` repeat once per row); rows left
    entirely blank are dropped."""
    tables: dict[str, list[dict[str, str]]] = {}
    for table, keys in TABLES.items():
        columns = {key: post.getlist(f"{table}-{key}") for key in keys}
        count = max((len(values) for values in columns.values()), default=0)
        rows = []
        for i in range(count):
            row = {key: (values[i].strip() if i < len(values) else "")
                   for key, values in columns.items()}
            meaningful = {k: v for k, v in row.items() if k not in ("item", "primary_key",
                                                                      "timestamp", "data_type")}
            if any(meaningful.values()):
                rows.append(row)
        tables[table] = rows
    return tables


def budget_lines(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    lines = []
    for row in rows:
        line: dict[str, Any] = {"item": row["item"], "amount": row["amount"] or None}
        if row["item"] == "app_dev" and row["person_months"]:
            line["person_months"] = row["person_months"]
        lines.append(line)
    return lines


def maintenance_lines(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [
        {key: (value or None) for key, value in row.items() if value or key in ("item", "amount")}
        for row in rows
    ]


def catalog_tables(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Field rows grouped by table name, tables in order of first appearance."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        tables.setdefault(row["table"], []).append({
            "name": row["name"], "data_type": row["data_type"],
            "length": _number(row["length"]) if row["length"] else None,
            "primary_key": row["primary_key"] == "1", "timestamp": row["timestamp"] == "1",
        })
    return [{"name": name, "fields": fields} for name, fields in tables.items()]


def catalog_row_index(rows: list[dict[str, str]]) -> dict[tuple[int, int], int]:
    """(table index, field index) of the body → row number on the page, for error marks."""
    order: dict[str, int] = {}
    counts: dict[str, int] = {}
    index = {}
    for i, row in enumerate(rows):
        t = order.setdefault(row["table"], len(order))
        f = counts.get(row["table"], 0)
        counts[row["table"]] = f + 1
        index[(t, f)] = i
    return index


# ---- from a saved application ----------------------------------------------------------------


def initial_for(app: Application | None, *, kind: str = "") -> dict[str, Any]:
    """Initial form values: a saved application's, or sensible blanks for a new one."""
    if app is None:
        return {
            "kind": kind if kind in Kind.values else Kind.NEW,
            "budget_year": timezone.localdate().year + 1, "om_first_application": True,
            "tender_mode": "single", "tender_contract_year": 1, "category_type": "general",
            "compliance_system_count_change": 0, "compliance_deploy_on_gov_cloud": True,
        }
    om, tender, category = app.om or {}, app.tender or {}, app.category or {}
    compliance, higher = app.compliance or {}, app.higher_approval or {}
    initial: dict[str, Any] = {
        "name": app.name, "kind": app.kind, "budget_year": app.budget_year,
        "mid_year_adjustment": app.mid_year_adjustment, "key_project": app.key_project,
        "period_months": app.period_months, "content": app.content,
        "total_amount": app.total_amount, "hardware_amount": app.hardware_amount,
        "pure_software": app.pure_software,
        "om_first_application": om.get("first_application", True),
        "om_previous_amount": om.get("previous_amount"),
        "tender_mode": tender.get("mode") or "single",
        "tender_contract_year": tender.get("contract_year") or 1,
        "higher_approval": app.higher_approval is not None,
        "higher_approval_doc_no": higher.get("doc_no", ""),
        "higher_approval_argument_conclusion": higher.get("argument_conclusion", False),
        "higher_approval_standard_and_amount_defined":
            higher.get("standard_and_amount_defined", False),
        "cac_filing_approved": app.cac_filing_approved,
        "compliance_system_count_change": compliance.get("system_count_change", 0),
        "compliance_djbh_level": compliance.get("djbh_level"),
    }
    for key in ("type", "scale", "person_months", "servers", "endpoints", "area_m2", "seats"):
        initial[f"category_{key}"] = category.get(key)
    initial["category_type"] = initial["category_type"] or "general"
    for code, _label in COMPLIANCE_FLAGS:
        initial[f"compliance_{code}"] = bool(compliance.get(code))
    exemption = compliance.get("xinchuang_exemption") or {}
    for code, _label in choices.XINCHUANG_EXEMPTION_FLAGS:
        initial[f"compliance_xinchuang_exemption_{code}"] = bool(exemption.get(code))
    catalog = getattr(app, "data_catalog", None)
    for code in CATALOG_FIELDS:
        initial[f"data_catalog_{code}"] = getattr(catalog, code, "") if catalog else ""
    return initial


def rows_for(app: Application | None) -> dict[str, list[dict[str, str]]]:
    """A saved application's table rows, as the page shows them."""
    if app is None:
        return {table: [] for table in TABLES}

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    budget = [{key: text(line.get(key)) for key in BUDGET_KEYS} for line in app.budget or []]
    maintenance = [{key: text(line.get(key)) for key in MAINTENANCE_KEYS}
                   for line in app.maintenance or []]
    catalog_rows = []
    catalog = getattr(app, "data_catalog", None)
    if catalog is not None:
        for table in catalog.tables.all():
            for field in table.fields.all():
                catalog_rows.append({
                    "table": table.name, "name": field.name, "data_type": field.data_type,
                    "length": text(field.length), "primary_key": "1" if field.primary_key else "0",
                    "timestamp": "1" if field.timestamp else "0",
                })
    return {"budget": budget, "maintenance": maintenance, "catalog": catalog_rows}


# ---- attachments and review forms ----------------------------------------------------------


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("材料类型"),
        choices=[(k, label) for k, label in AttachmentKind.choices if k != "assessment_report"],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    file = forms.FileField(label=_("文件"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}))
