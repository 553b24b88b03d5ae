"""Reading an application (POLICY.md §1) into a validated, typed ``App``.

Nothing is guessed: a value of the wrong type, an unknown code, a bad amount or date raises
``InvalidApplication`` naming the field. Absent booleans are false, absent lists empty, and
``null`` means absent.

Amounts: a decimal string ("1200000", "0.50"), an int or a Decimal. A JSON number with a
fraction arrives from ``json.loads`` as a Python float; it is read through its shortest repr
(the digits the JSON text held: 0.1 stays 0.1), never through binary arithmetic. Booleans,
NaN, infinities, exponents, negative amounts, more than two decimal places (元 to the 分) and
amounts of 10^16 元 or more are rejected.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .errors import InvalidApplication

if TYPE_CHECKING:
    from .pack import Pack

_DECIMAL = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?")
# Amounts are 元 to the 分: two decimal places at most.
PLACES = 2
_PLAIN = re.compile(r"[0-9]{1,20}(?:\.[0-9]{1,2})?")  # the common, valid case (fast path)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ZERO = Decimal(0)
_EMPTY: dict[str, Any] = {}

COMPLIANCE_FLAGS = (
    "deploy_on_gov_cloud", "new_private_network", "new_data_center", "new_website",
    "new_one_netcom_portal", "new_data_platform", "involves_public_data",
    "data_catalog_completed", "city_operations_system", "connects_city_operations_platform",
    "xinchuang", "guomi", "crypto_assessment_plan", "djbh_graded_with_police",
    "commercial_crypto_assessment",
)
XINCHUANG_EXEMPTION_FLAGS = ("expert_argument", "budget_authority_consent", "filed_with_jiyaoju")
HIGHER_APPROVAL_FLAGS = ("argument_conclusion", "standard_and_amount_defined")

# A budget line: (item, amount, person_months | None).
BudgetLine = tuple[str, Decimal, Decimal | None]
# A maintenance line: (item, amount, class | None, device_type | None, base | None).
MaintenanceLine = tuple[str, Decimal, str | None, str | None, Decimal | None]


class App:
    """A parsed application. Money in Decimal 元; lines as tuples (see ``parse``)."""

    __slots__ = (
        "attachments",
        "budget",
        "budget_year",
        "cac_filing_approved",
        "cat_area",
        "cat_endpoints",
        "cat_pm",
        "cat_scale",
        "cat_seats",
        "cat_servers",
        "cat_type",
        "contract_year",
        "declared_on",
        "djbh_level",
        "expert_failures",
        "failed_acceptance",
        "flags",
        "groups",
        "hardware",
        "higher_approval",
        "higher_approval_missing",
        "is_construction",
        "is_implementation",
        "key_project",
        "kind",
        "lines_total",
        "maintenance",
        "mid_year",
        "om_first",
        "om_previous",
        "performance_unrectified",
        "pure_software",
        "sums",
        "supervisor_approved",
        "system_count_change",
        "tender_mode",
        "third_party_failures",
        "total",
        "unit_kind",
        "xinchuang_exemption",
    )

    # Declared for the type checker only: with __slots__ these create no class attributes.
    attachments: frozenset[str]
    budget: list[BudgetLine]
    budget_year: int
    cac_filing_approved: bool
    cat_area: Decimal | None
    cat_endpoints: int | None
    cat_pm: Decimal | None
    cat_scale: str | None
    cat_seats: int | None
    cat_servers: int | None
    cat_type: str
    contract_year: int | None
    declared_on: datetime.date
    djbh_level: int
    expert_failures: list[datetime.date]
    failed_acceptance: bool
    flags: dict[str, bool]
    groups: dict[str, Decimal]
    hardware: Decimal | None
    higher_approval: bool
    higher_approval_missing: tuple[str, ...]
    is_construction: bool
    is_implementation: bool
    key_project: bool
    kind: str
    lines_total: Decimal
    maintenance: list[MaintenanceLine]
    mid_year: bool
    om_first: bool
    om_previous: Decimal | None
    performance_unrectified: bool
    pure_software: bool
    sums: dict[str, Decimal]
    supervisor_approved: bool
    system_count_change: int
    tender_mode: str
    third_party_failures: list[datetime.date]
    total: Decimal
    unit_kind: str
    xinchuang_exemption: dict[str, bool]


def _fail(field: str, reason: str) -> InvalidApplication:
    return InvalidApplication(field, reason)


def _path(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def mapping(value: Any, field: str) -> Mapping[str, Any]:
    if value is None:
        return _EMPTY
    if type(value) is dict or isinstance(value, Mapping):
        return value
    raise _fail(field, "应为对象(键值表)")


def sequence(value: Any, field: str) -> list[Any] | tuple[Any, ...]:
    if value is None:
        return ()
    if type(value) is list or type(value) is tuple:
        return value
    raise _fail(field, "应为列表")


def flag(m: Mapping[str, Any], key: str, prefix: str = "") -> bool:
    value = m.get(key)
    if value is None or value is False:
        return False
    if value is True:
        return True
    raise _fail(_path(prefix, key), f"应为 true 或 false,收到 {value!r:.40}")


def choice(value: Any, allowed: frozenset[str], field: str) -> str:
    if type(value) is str and value in allowed:
        return value
    if value is None:
        raise _fail(field, "为必填项")
    raise _fail(field, f"取值 {value!r:.40} 无效,应为 {'、'.join(sorted(allowed))} 之一")


def decimal(value: Any, field: str, limit: Decimal, places: int) -> Decimal:
    """A non-negative decimal below ``limit`` with at most ``places`` decimals."""
    t = type(value)
    if t is str and (value.isdigit() or _PLAIN.fullmatch(value) is not None) and value.isascii():
        number = Decimal(value)
        if number < limit:
            return number
        raise _fail(field, f"数值过大,不合理:{number}")
    if t is str:
        m = _DECIMAL.fullmatch(value)
        if m is None:
            raise _fail(field, f"不是有效的数字:{value!r:.40}")
        if m.group(1):
            raise _fail(field, f"不能为负数:{value:.40}")
        frac = m.group(3)
        if frac is not None and len(frac) > places and frac[places:].strip("0"):
            raise _fail(field, f"最多保留 {places} 位小数:{value:.40}")
        number = Decimal(value)
    elif t is int:
        number = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise _fail(field, f"不是有限的数:{value}")
        number = value
    elif t is float:
        if not math.isfinite(value):
            raise _fail(field, f"不是有限的数:{value}")
        number = Decimal(repr(value))  # the JSON text's digits, not the binary value
    elif value is None:
        raise _fail(field, "为必填项")
    else:
        raise _fail(field, f"应为数字或数字字符串,收到 {value!r:.40}")
    if number < _ZERO:
        raise _fail(field, f"不能为负数:{number}")
    if number >= limit:
        raise _fail(field, f"数值过大,不合理:{number}")
    if t is not str and number != number.quantize(Decimal(1).scaleb(-places)):
        raise _fail(field, f"最多保留 {places} 位小数:{number}")
    return number


def integer(value: Any, field: str, low: int, high: int) -> int:
    if type(value) is int:
        if low <= value <= high:
            return value
        raise _fail(field, f"应在 {low} 至 {high} 之间,收到 {value}")
    if value is None:
        raise _fail(field, "为必填项")
    raise _fail(field, f"应为整数,收到 {value!r:.40}")


def parse_date(value: Any, field: str) -> datetime.date:
    """A date written strictly YYYY-MM-DD (or a ``datetime.date``, not a datetime)."""
    if type(value) is str:
        if _DATE.fullmatch(value) is None:
            raise _fail(field, f"日期格式应为 YYYY-MM-DD,收到 {value!r:.40}")
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise _fail(field, f"不是真实存在的日期:{value}") from None
    if type(value) is datetime.date:
        return value
    if value is None:
        raise _fail(field, "为必填项")
    raise _fail(field, f"日期格式应为 YYYY-MM-DD,收到 {value!r:.40}")


def parse(application: Mapping[str, Any], pack: Pack, declared_on: datetime.date) -> App:
    """Validate ``application`` against ``pack``'s vocabulary; the declared date is parsed."""
    g = application.get
    p = pack
    limit = p.max_amount
    places = PLACES
    a = App()
    a.declared_on = declared_on
    kind = a.kind = choice(g("kind"), p.kinds, "kind")
    a.is_construction = kind in p.construction_kinds
    a.is_implementation = kind in p.implementation_kinds
    a.budget_year = integer(g("budget_year"), "budget_year", p.min_year, p.max_year)
    a.mid_year = flag(application, "mid_year_adjustment")
    total = a.total = decimal(g("total_amount"), "total_amount", limit, places)
    hardware = g("hardware_amount")
    if hardware is None:
        if kind in p.hardware_required_kinds:
            raise _fail("hardware_amount", "为必填项(建设类及服务类项目)")
        a.hardware = None
    else:
        a.hardware = decimal(hardware, "hardware_amount", limit, places)
        if a.hardware > total:
            raise _fail("hardware_amount", "不能大于建设金额(total_amount)")
    a.pure_software = flag(application, "pure_software")

    om = mapping(g("om"), "om")
    first = om.get("first_application")
    if first is None:
        if kind == "om":
            raise _fail("om.first_application", "为必填项(运维项目)")
        a.om_first = False
    else:
        a.om_first = flag(om, "first_application", "om")
    previous = om.get("previous_amount")
    a.om_previous = None if previous is None else decimal(
        previous, "om.previous_amount", limit, places
    )

    tender = mapping(g("tender"), "tender")
    mode = tender.get("mode")
    a.tender_mode = "single" if mode is None else choice(mode, p.tender_modes, "tender.mode")
    year = tender.get("contract_year")
    if year is None:
        if a.tender_mode == "one_plus_two":
            raise _fail("tender.contract_year", "为必填项(招一续二项目)")
        a.contract_year = None
    else:
        a.contract_year = integer(year, "tender.contract_year", 1, p.max_contract_year)

    approval = g("higher_approval")
    if approval is None:
        a.higher_approval = False
        a.higher_approval_missing = ()
    else:
        ha = mapping(approval, "higher_approval")
        missing = []
        doc_no = ha.get("doc_no")
        if doc_no is not None and type(doc_no) is not str:
            raise _fail("higher_approval.doc_no", "应为文本")
        if not doc_no or not doc_no.strip():
            missing.append("doc_no")
        for key in HIGHER_APPROVAL_FLAGS:
            if not flag(ha, key, "higher_approval"):
                missing.append(key)
        a.higher_approval = True
        a.higher_approval_missing = tuple(missing)
    a.cac_filing_approved = flag(application, "cac_filing_approved")
    a.key_project = flag(application, "key_project")

    unit = g("unit")
    if unit is None:
        raise _fail("unit", "为必填项")
    unit = mapping(unit, "unit")
    a.unit_kind = choice(unit.get("kind"), p.unit_kinds, "unit.kind")
    a.supervisor_approved = flag(unit, "supervisor_approved", "unit")

    _parse_category(a, mapping(g("category"), "category"), p, limit, places)
    lines_total = _parse_budget(a, sequence(g("budget"), "budget"), p, limit, places)
    lines_total += _parse_maintenance(
        a, sequence(g("maintenance"), "maintenance"), p, limit, places
    )
    a.lines_total = lines_total

    c = mapping(g("compliance"), "compliance")
    flags = a.flags = {}
    cg = c.get
    for key in COMPLIANCE_FLAGS:
        value = cg(key)
        if value is True:
            flags[key] = True
        elif value is None or value is False:
            flags[key] = False
        else:
            flag(c, key, "compliance")  # raises, naming the field
    change = c.get("system_count_change")
    a.system_count_change = 0 if change is None else integer(
        change, "compliance.system_count_change", -p.max_count, p.max_count
    )
    level = c.get("djbh_level")
    a.djbh_level = 0 if level is None else integer(
        level, "compliance.djbh_level", 0, p.max_djbh_level
    )
    xe = mapping(c.get("xinchuang_exemption"), "compliance.xinchuang_exemption")
    a.xinchuang_exemption = {
        key: flag(xe, key, "compliance.xinchuang_exemption") for key in XINCHUANG_EXEMPTION_FLAGS
    }

    attachments = sequence(g("attachments"), "attachments")
    for i, name in enumerate(attachments):
        if type(name) is not str:
            raise _fail(f"attachments[{i}]", "应为材料代码(文本)")
    a.attachments = frozenset(attachments)

    h = mapping(g("history"), "history")
    a.third_party_failures = _dates(h.get("third_party_failures"), "history.third_party_failures")
    a.expert_failures = _dates(h.get("expert_failures"), "history.expert_failures")
    a.failed_acceptance = flag(h, "failed_acceptance_unrectified", "history")
    a.performance_unrectified = flag(h, "performance_unrectified", "history")
    return a


def _dates(value: Any, field: str) -> list[datetime.date]:
    if not value and (value is None or type(value) is list):
        return []
    return [parse_date(v, f"{field}[{i}]") for i, v in enumerate(sequence(value, field))]


def _parse_category(
    a: App, cat: Mapping[str, Any], p: Pack, limit: Decimal, places: int
) -> None:
    type_ = cat.get("type")
    a.cat_type = "general" if type_ is None else choice(type_, p.category_types, "category.type")
    scale = cat.get("scale")
    a.cat_scale = None if scale is None else choice(scale, p.scales, "category.scale")
    pm = cat.get("person_months")
    a.cat_pm = None if pm is None else decimal(pm, "category.person_months", limit, places)
    area = cat.get("area_m2")
    a.cat_area = None if area is None else decimal(area, "category.area_m2", limit, places)
    high = p.max_count
    v = cat.get("servers")
    a.cat_servers = None if v is None else integer(v, "category.servers", 0, high)
    v = cat.get("endpoints")
    a.cat_endpoints = None if v is None else integer(v, "category.endpoints", 0, high)
    v = cat.get("seats")
    a.cat_seats = None if v is None else integer(v, "category.seats", 0, high)


def _parse_budget(
    a: App, lines: list[Any] | tuple[Any, ...], p: Pack, limit: Decimal, places: int
) -> Decimal:
    """Budget lines as (item, amount, person_months | None); sums per item in ``a.sums``.

    ``person_months`` is read on app_dev lines only (the only rule that uses it).
    """
    items = p.budget_items
    sums: dict[str, Decimal] = {}
    parsed: list[BudgetLine] = []
    append = parsed.append
    for i, line in enumerate(lines):
        if type(line) is not dict and not isinstance(line, Mapping):
            raise _fail(f"budget[{i}]", "应为对象(键值表)")
        get = line.get
        item = get("item")
        if type(item) is not str or item not in items:
            item = choice(item, items, f"budget[{i}].item")  # raises
        amount = get("amount")
        if (
            type(amount) is str
            and (amount.isdigit() or _PLAIN.fullmatch(amount) is not None)
            and amount.isascii()
            and (number := Decimal(amount)) < limit
        ):
            amount = number
        else:
            amount = decimal(amount, f"budget[{i}].amount", limit, places)
        pm = None
        if item == "app_dev":
            pm = get("person_months")
            if pm is not None:
                pm = decimal(pm, f"budget[{i}].person_months", limit, places)
                if not pm and amount:
                    raise _fail(f"budget[{i}].person_months", "人月数须大于 0(该行有金额)")
        append((item, amount, pm))
        if item in sums:
            sums[item] += amount
        else:
            sums[item] = amount
    a.budget = parsed
    a.sums = sums
    groups = a.groups = dict.fromkeys(p.sum_groups, _ZERO)
    item_groups = p.item_groups
    total = _ZERO
    for item, amount in sums.items():
        total += amount
        for group in item_groups[item]:
            groups[group] += amount
    return total


def _parse_maintenance(
    a: App, lines: list[Any] | tuple[Any, ...], p: Pack, limit: Decimal, places: int
) -> Decimal:
    """Maintenance lines as (item, amount, class | None, device_type | None, base | None).

    ``class`` is the device class (hardware), software class or complexity; ``base`` the
    purchase or development amount the rate applies to.
    """
    items = p.maintenance_items
    parsed = []
    total = _ZERO
    for i, line in enumerate(lines):
        prefix = f"maintenance[{i}]"
        if type(line) is not dict and not isinstance(line, Mapping):
            raise _fail(prefix, "应为对象(键值表)")
        item = choice(line.get("item"), items, f"{prefix}.item")
        amount = decimal(line.get("amount"), f"{prefix}.amount", limit, places)
        cls = device_type = base = None
        if item == "hardware":
            c = line.get("device_class")
            t = line.get("device_type")
            if c is not None:
                cls = choice(c, p.device_classes, f"{prefix}.device_class")
            if t is not None:
                if type(t) is not str or not t.strip():
                    raise _fail(f"{prefix}.device_type", "应为设备类型名称(文本)")
                device_type = t.strip()
            if cls is None and device_type is None:
                raise _fail(f"{prefix}.device_class", "为必填项(或填写 device_type)")
            base = decimal(line.get("purchase_amount"), f"{prefix}.purchase_amount", limit, places)
        elif item == "security_device":
            base = decimal(line.get("purchase_amount"), f"{prefix}.purchase_amount", limit, places)
        elif item == "product_software":
            cls = choice(line.get("software_class"), p.software_classes, f"{prefix}.software_class")
            base = decimal(line.get("purchase_amount"), f"{prefix}.purchase_amount", limit, places)
        elif item == "app_software":
            cls = choice(line.get("complexity"), p.complexities, f"{prefix}.complexity")
            base = decimal(line.get("dev_amount"), f"{prefix}.dev_amount", limit, places)
        parsed.append((item, amount, cls, device_type, base))
        total += amount
    a.maintenance = parsed
    return total
