"""Turn an application in the POLICY.md §1 shape into model fields, and a model back into the
engine's input (with the server-side facts: attachments, history, supervisor approval)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from egovpm.declarations.models import POLICY_ATTACHMENT_KINDS, Application, Kind

# Fields an applicant may set (§1 without `history`, `declared_on`, `unit`), plus the platform's.
DICT_FIELDS = ("om", "tender", "category", "compliance")
LIST_FIELDS = ("budget", "maintenance")
BOOL_FIELDS = ("mid_year_adjustment", "pure_software", "cac_filing_approved", "key_project")
EDITABLE_FIELDS = (
    "name", "kind", "budget_year", "total_amount", "hardware_amount", "higher_approval",
    "content", "period_months", *DICT_FIELDS, *LIST_FIELDS, *BOOL_FIELDS,
)
CATALOG_FIELDS = (
    "resource_format", "collection_method", "collection_frequency", "sharing_type",
    "sharing_method", "update_frequency",
)
UNIT_KINDS_FOR_POLICY = {"department", "subordinate", "street"}  # anything else is "other"
AMOUNT_LIMIT = Decimal(10) ** 16


class ApplicationInputError(ValueError):
    """Bad input: ``field`` names the field, ``str()`` is a Chinese message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def jsonable(value: Any) -> Any:
    """Decimals become strings (never floats), recursively."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):  # a JSON number parsed elsewhere: keep its decimal digits
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def parse_amount(value: Any, field: str, *, required: bool) -> Decimal | None:
    if value is None or value == "":
        if required:
            raise ApplicationInputError(field, _("%(field)s 为必填项") % {"field": field})
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplicationInputError(
            field, _("%(field)s 不是有效金额") % {"field": field}
        ) from None
    if not amount.is_finite() or amount < 0 or amount >= AMOUNT_LIMIT:
        raise ApplicationInputError(field, _("%(field)s 金额无效") % {"field": field})
    if amount != amount.quantize(Decimal("0.01")):
        raise ApplicationInputError(field, _("%(field)s 最多保留两位小数") % {"field": field})
    return amount


def application_fields_from_input(data: Mapping[str, Any], *, partial: bool = False) -> dict:
    """Model field values from a §1 body; only the keys present when ``partial``."""
    fields: dict[str, Any] = {}

    def present(key: str) -> bool:
        return key in data or not partial

    if present("name"):
        name = str(data.get("name") or "").strip()
        if not name:
            raise ApplicationInputError("name", _("项目名称为必填项"))
        if len(name) > 200:
            raise ApplicationInputError("name", _("项目名称不得超过 200 字"))
        fields["name"] = name
    if present("kind"):
        kind = data.get("kind")
        if kind not in Kind.values:
            raise ApplicationInputError("kind", _("项目类型无效: %(kind)s") % {"kind": kind})
        fields["kind"] = kind
    if present("budget_year"):
        year = data.get("budget_year")
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            raise ApplicationInputError("budget_year", _("预算年度应为 2000–2100 之间的年份"))
        fields["budget_year"] = year
    if present("total_amount"):
        fields["total_amount"] = parse_amount(data.get("total_amount"), "total_amount",
                                              required=True)
    if present("hardware_amount"):
        fields["hardware_amount"] = parse_amount(data.get("hardware_amount"), "hardware_amount",
                                                 required=False)
    for key in BOOL_FIELDS:
        if present(key):
            fields[key] = bool(data.get(key) or False)
    for key in DICT_FIELDS:
        if present(key):
            value = data.get(key) or {}
            if not isinstance(value, Mapping):
                raise ApplicationInputError(key, _("%(field)s 应为对象") % {"field": key})
            fields[key] = jsonable(value)
    if present("higher_approval"):
        value = data.get("higher_approval")
        if value is not None and not isinstance(value, Mapping):
            raise ApplicationInputError("higher_approval", _("higher_approval 应为对象或空"))
        fields["higher_approval"] = jsonable(value) if value is not None else None
    for key in LIST_FIELDS:
        if present(key):
            value = data.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
                raise ApplicationInputError(key, _("%(field)s 应为明细行列表") % {"field": key})
            fields[key] = jsonable(value)
    if present("content"):
        fields["content"] = str(data.get("content") or "")
    if present("period_months"):
        months = data.get("period_months")
        if months is not None and (isinstance(months, bool) or not isinstance(months, int)
                                   or months <= 0):
            raise ApplicationInputError("period_months", _("建设周期应为正整数(月)"))
        fields["period_months"] = months
    return fields


def catalog_from_input(value: Any) -> dict | None:
    """Validate the data-resource catalogue (办法 第二十二条) of a body; None when absent."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ApplicationInputError("data_catalog", _("data_catalog 应为对象"))
    catalog: dict[str, Any] = {key: str(value.get(key) or "").strip() for key in CATALOG_FIELDS}
    tables = value.get("tables") or []
    if not isinstance(tables, list):
        raise ApplicationInputError("data_catalog.tables", _("数据表应为列表"))
    catalog["tables"] = []
    for t, table in enumerate(tables):
        path = f"data_catalog.tables[{t}]"
        if not isinstance(table, Mapping) or not str(table.get("name") or "").strip():
            raise ApplicationInputError(f"{path}.name", _("表名为必填项"))
        fields = []
        for f, item in enumerate(table.get("fields") or []):
            fpath = f"{path}.fields[{f}]"
            if not isinstance(item, Mapping) or not str(item.get("name") or "").strip():
                raise ApplicationInputError(f"{fpath}.name", _("字段名为必填项"))
            if not str(item.get("data_type") or "").strip():
                raise ApplicationInputError(f"{fpath}.data_type", _("数据类型为必填项"))
            length = item.get("length")
            if length is not None and (isinstance(length, bool) or not isinstance(length, int)
                                       or length <= 0):
                raise ApplicationInputError(f"{fpath}.length", _("数据长度应为正整数"))
            fields.append({
                "name": str(item["name"]).strip(), "data_type": str(item["data_type"]).strip(),
                "length": length, "primary_key": bool(item.get("primary_key")),
                "timestamp": bool(item.get("timestamp")),
            })
        catalog["tables"].append({"name": str(table["name"]).strip(), "fields": fields})
    return catalog


def catalog_complete(catalog: Mapping[str, Any] | None) -> bool:
    """Every 资源目录信息 item filled, at least one table, each with fields and a primary key."""
    if not catalog:
        return False
    if not all(catalog.get(key) for key in CATALOG_FIELDS):
        return False
    tables = catalog.get("tables") or []
    return bool(tables) and all(
        t["fields"] and any(f["primary_key"] for f in t["fields"]) for t in tables
    )


def catalog_as_dict(app: Application) -> dict | None:
    catalog = getattr(app, "data_catalog", None) if app.pk else None
    if catalog is None:
        return None
    return {
        **{key: getattr(catalog, key) for key in CATALOG_FIELDS},
        "tables": [
            {"name": table.name, "fields": [
                {"name": f.name, "data_type": f.data_type, "length": f.length,
                 "primary_key": f.primary_key, "timestamp": f.timestamp}
                for f in table.fields.all()
            ]}
            for table in catalog.tables.all()
        ],
    }


def application_to_policy_input(
    app: Application, *, declared_on: datetime.date | None = None,
    catalog: Mapping[str, Any] | None = None, attachment_kinds: list[str] | None = None,
    history: Mapping[str, Any] | None = None,
) -> dict:
    """The POLICY.md §1 mapping for the engine. Server-side facts come from the database:
    the attachment kinds uploaded, the project's failure history and flags, the supervisor's
    approval. ``declared_on`` defaults to the frozen date, else today (Asia/Shanghai).
    ``history`` (``failures``: third-party and expert dates; ``performance_unrectified``: the
    unit's flag) replaces the per-application queries when a list fetched them in bulk."""
    from egovpm.declarations.selectors import project_failure_dates

    on = declared_on or app.declared_on or timezone.localdate()
    unit_kind = str(app.unit.kind) if app.unit.kind in UNIT_KINDS_FOR_POLICY else "other"
    compliance = dict(app.compliance or {})
    if catalog is None:
        catalog = catalog_as_dict(app)
    if catalog is not None:
        # 办法 第二十二条: the catalogue recorded here decides, not a typed-in tick.
        compliance["data_catalog_completed"] = catalog_complete(catalog)
    if attachment_kinds is None:
        attachment_kinds = (
            sorted(set(app.attachments.values_list("kind", flat=True)) & POLICY_ATTACHMENT_KINDS)
            if app.pk else []
        )
    if history is not None:  # fetched in bulk by a caller listing many applications
        third_party, expert = history["failures"]
        unit_unrectified = history["performance_unrectified"]
    else:
        third_party, expert = (project_failure_dates(app.project_id) if app.project_id
                               else ([], []))
        unit_unrectified = unit_performance_unrectified(app.unit)
    project = app.project if app.project_id else None
    return {
        "name": app.name,
        "unit": {"name": app.unit.name, "kind": unit_kind,
                 "supervisor_approved": app.supervisor_approved},
        "kind": str(app.kind),
        "declared_on": on.isoformat(),
        "budget_year": app.budget_year,
        "mid_year_adjustment": app.mid_year_adjustment,
        "total_amount": jsonable(app.total_amount),
        "hardware_amount": jsonable(app.hardware_amount),
        "pure_software": app.pure_software,
        "om": app.om or None,
        "tender": app.tender or None,
        "higher_approval": app.higher_approval,
        "cac_filing_approved": app.cac_filing_approved,
        "key_project": app.key_project,
        "category": app.category or None,
        "budget": list(app.budget or []),
        "maintenance": list(app.maintenance or []),
        "compliance": compliance,
        "attachments": list(attachment_kinds),
        "history": {
            "third_party_failures": [d.isoformat() for d in third_party],
            "expert_failures": [d.isoformat() for d in expert],
            "failed_acceptance_unrectified": bool(project and project.failed_acceptance_unrectified),
            "performance_unrectified": unit_unrectified,
        },
    }


def unit_performance_unrectified(unit: Any) -> bool:
    """规则 五(六)1 暂缓其后续项目的审核: an unmet, unrectified self-evaluation of any project of
    the unit pauses its next declarations. The evaluations live in the lifecycle module, which
    depends on this one; hence the import at call time."""
    from django.apps import apps

    if unit is None or unit.pk is None or not apps.is_installed("egovpm.lifecycle"):
        return False
    from egovpm.lifecycle.selectors import unit_performance_unrectified as lifecycle_flag

    return lifecycle_flag(unit)
