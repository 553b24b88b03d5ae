"""Findings on compliance (办法; 规则 五(一), 五(四)3, 五(五)7, 五(六)1; POLICY.md §5)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from ..periods import add_months
from ..registry import rule

if TYPE_CHECKING:
    from ..decision import Finding
    from ..pack import Pack
    from ..parse import App


@rule("SUBORDINATE_NOT_APPROVED", group="compliance")
def subordinate_not_approved(a: App, p: Pack, out: list[Finding]) -> None:
    if a.unit_kind == "subordinate" and not a.supervisor_approved:
        out.append(p.finding("SUBORDINATE_NOT_APPROVED", "unit.supervisor_approved", {}))


@rule("ATTACHMENTS_MISSING", group="compliance")
def attachments_missing(a: App, p: Pack, out: list[Finding]) -> None:
    required = p.required_attachments[a.kind]
    have = a.attachments
    missing = [name for name in required if name not in have]
    if missing:
        names = "、".join(p.label("attachments", name) for name in missing)
        out.append(p.finding(
            "ATTACHMENTS_MISSING", "attachments", {"missing": names, "codes": missing}
        ))


@rule("MID_YEAR_DEADLINE_PASSED", group="compliance")
def mid_year_deadline_passed(a: App, p: Pack, out: list[Finding]) -> None:
    if not a.mid_year:
        return
    q = p.params
    deadline = datetime.date(a.budget_year, q.mid_year_deadline_month, q.mid_year_deadline_day)
    if a.declared_on > deadline:
        out.append(p.finding("MID_YEAR_DEADLINE_PASSED", "declared_on", {
            "declared": a.declared_on.isoformat(), "deadline": deadline.isoformat(),
        }))


@rule("SUSPENDED_AFTER_FAILURES", group="compliance")
def suspended_after_failures(a: App, p: Pack, out: list[Finding]) -> None:
    q = p.params
    for what, failures, limit in (
        ("third_party", a.third_party_failures, q.third_party_failure_limit),
        ("expert", a.expert_failures, q.expert_failure_limit),
    ):
        if len(failures) < limit:
            continue
        latest = max(failures)
        until = add_months(latest, q.suspension_months)  # that day included
        if a.declared_on <= until:
            out.append(p.finding("SUSPENDED_AFTER_FAILURES", f"history.{what}_failures", {
                "what": p.label("failures", what), "count": str(len(failures)),
                "latest": latest.isoformat(), "until": until.isoformat(),
            }))
            return


@rule("FAILED_ACCEPTANCE_BLOCKS", group="compliance", kinds="existing_system_kinds")
def failed_acceptance_blocks(a: App, p: Pack, out: list[Finding]) -> None:
    if a.failed_acceptance and a.kind in p.existing_system_kinds:
        out.append(p.finding(
            "FAILED_ACCEPTANCE_BLOCKS", "history.failed_acceptance_unrectified", {}
        ))


@rule("PERFORMANCE_UNRECTIFIED", group="compliance")
def performance_unrectified(a: App, p: Pack, out: list[Finding]) -> None:
    if a.performance_unrectified:
        out.append(p.finding("PERFORMANCE_UNRECTIFIED", "history.performance_unrectified", {}))


def _flag_rule(code: str, flag: str) -> None:
    """A finding whenever the compliance flag is set."""

    def check(a: App, p: Pack, out: list[Finding]) -> None:
        if a.flags[flag]:
            out.append(p.finding(code, f"compliance.{flag}", {}))

    check.__name__ = code.lower()
    rule(code, group="compliance")(check)


_flag_rule("NEW_PRIVATE_NETWORK", "new_private_network")
_flag_rule("NEW_DATA_CENTER", "new_data_center")


@rule("NOT_ON_GOV_CLOUD", group="compliance", kinds="construction_kinds")
def not_on_gov_cloud(a: App, p: Pack, out: list[Finding]) -> None:
    if a.is_construction and not a.flags["deploy_on_gov_cloud"]:
        out.append(p.finding("NOT_ON_GOV_CLOUD", "compliance.deploy_on_gov_cloud", {}))


_flag_rule("NEW_ONE_NETCOM_PORTAL", "new_one_netcom_portal")
_flag_rule("NEW_DATA_PLATFORM", "new_data_platform")


@rule("DATA_CATALOG_INCOMPLETE", group="compliance")
def data_catalog_incomplete(a: App, p: Pack, out: list[Finding]) -> None:
    f = a.flags
    if f["involves_public_data"] and not f["data_catalog_completed"]:
        out.append(p.finding("DATA_CATALOG_INCOMPLETE", "compliance.data_catalog_completed", {}))


@rule("CITY_OPS_NOT_CONNECTED", group="compliance")
def city_ops_not_connected(a: App, p: Pack, out: list[Finding]) -> None:
    f = a.flags
    if f["city_operations_system"] and not f["connects_city_operations_platform"]:
        out.append(p.finding(
            "CITY_OPS_NOT_CONNECTED", "compliance.connects_city_operations_platform", {}
        ))


@rule("SYSTEM_COUNT_INCREASE", group="compliance")
def system_count_increase(a: App, p: Pack, out: list[Finding]) -> None:
    if a.system_count_change > 0:
        out.append(p.finding("SYSTEM_COUNT_INCREASE", "compliance.system_count_change", {
            "value": str(a.system_count_change),
        }))


@rule("NEW_WEBSITE", group="compliance")
def new_website(a: App, p: Pack, out: list[Finding]) -> None:
    if a.flags["new_website"]:
        out.append(p.finding("NEW_WEBSITE", "compliance.new_website", {}))
    elif a.cat_type == "website" and a.kind in p.new_system_kinds:
        out.append(p.finding("NEW_WEBSITE", "category.type", {}))


@rule("CRYPTO_ASSESSMENT_PLAN_MISSING", group="compliance", kinds="construction_kinds")
def crypto_assessment_plan_missing(a: App, p: Pack, out: list[Finding]) -> None:
    if a.is_construction and not a.flags["crypto_assessment_plan"]:
        out.append(p.finding(
            "CRYPTO_ASSESSMENT_PLAN_MISSING", "compliance.crypto_assessment_plan", {}
        ))


@rule("XINCHUANG_EXEMPTION_INCOMPLETE", group="compliance", kinds="construction_kinds")
def xinchuang_exemption_incomplete(a: App, p: Pack, out: list[Finding]) -> None:
    if not a.is_construction or a.flags["xinchuang"]:
        return
    missing = [k for k, done in a.xinchuang_exemption.items() if not done]
    if missing:
        names = "、".join(p.label("xinchuang_exemption", k) for k in missing)
        out.append(p.finding(
            "XINCHUANG_EXEMPTION_INCOMPLETE", "compliance.xinchuang_exemption",
            {"missing": names},
        ))


@rule("DJBH_GRADING_MISSING", group="compliance", kinds="new_system_kinds")
def djbh_grading_missing(a: App, p: Pack, out: list[Finding]) -> None:
    if a.kind in p.new_system_kinds and not a.flags["djbh_graded_with_police"]:
        out.append(p.finding("DJBH_GRADING_MISSING", "compliance.djbh_graded_with_police", {}))


@rule("COMMERCIAL_CRYPTO_ASSESSMENT_MISSING", group="compliance")
def commercial_crypto_assessment_missing(a: App, p: Pack, out: list[Finding]) -> None:
    if a.djbh_level >= p.params.commercial_crypto_min_level and not a.flags["commercial_crypto_assessment"]:
        out.append(p.finding(
            "COMMERCIAL_CRYPTO_ASSESSMENT_MISSING", "compliance.commercial_crypto_assessment",
            {"value": str(a.djbh_level)},
        ))
