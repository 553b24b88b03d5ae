"""Turn a POLICY.md §1 body into what the declaration form posts."""

from __future__ import annotations

from typing import Any

from egovpm.declarations.forms import COMPLIANCE_FLAGS, MAINTENANCE_KEYS
from egovpm.selfcheck.choices import XINCHUANG_EXEMPTION_FLAGS


def _flag(data: dict[str, Any], name: str, value: Any) -> None:
    if value:
        data[name] = "on"


def form_data(body: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The form's POST data for ``body`` (absent booleans unchecked, as a browser sends)."""
    om, tender = body.get("om") or {}, body.get("tender") or {}
    category, compliance = body.get("category") or {}, body.get("compliance") or {}
    data: dict[str, Any] = {
        "name": body["name"], "kind": body["kind"], "budget_year": str(body["budget_year"]),
        "total_amount": body["total_amount"], "hardware_amount": body.get("hardware_amount") or "",
        "om_previous_amount": om.get("previous_amount") or "",
        "tender_mode": tender.get("mode", "single"),
        "tender_contract_year": str(tender.get("contract_year", 1)),
        "category_type": category.get("type", "general"),
        "category_scale": category.get("scale") or "",
        "category_person_months": category.get("person_months") or "",
        "compliance_system_count_change": str(compliance.get("system_count_change", 0)),
        "compliance_djbh_level": str(compliance.get("djbh_level") or ""),
        "content": body.get("content", ""), "period_months": "",
    }
    for name in ("mid_year_adjustment", "key_project", "pure_software", "cac_filing_approved"):
        _flag(data, name, body.get(name))
    _flag(data, "om_first_application", om.get("first_application"))
    higher = body.get("higher_approval")
    if higher:
        data["higher_approval"] = "on"
        data["higher_approval_doc_no"] = higher.get("doc_no", "")
        _flag(data, "higher_approval_argument_conclusion", higher.get("argument_conclusion"))
        _flag(data, "higher_approval_standard_and_amount_defined",
              higher.get("standard_and_amount_defined"))
    for code, _label in COMPLIANCE_FLAGS:
        _flag(data, f"compliance_{code}", compliance.get(code))
    exemption = compliance.get("xinchuang_exemption") or {}
    for code, _label in XINCHUANG_EXEMPTION_FLAGS:
        _flag(data, f"compliance_xinchuang_exemption_{code}", exemption.get(code))
    lines = body.get("budget") or []
    data["budget-item"] = [line["item"] for line in lines]
    data["budget-amount"] = [line["amount"] for line in lines]
    data["budget-person_months"] = [str(line.get("person_months") or "") for line in lines]
    maintenance = body.get("maintenance") or []
    for key in MAINTENANCE_KEYS:
        data[f"maintenance-{key}"] = [str(line.get(key) or "") for line in maintenance]
    data.update(extra)
    return data
