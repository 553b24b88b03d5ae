"""Obligations (规则 五(三), 五(五), 五(六)1; 办法 第三十八条; POLICY.md §6).

Listed whatever the route and whether or not the application is eligible (POLICY.md §8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..registry import always, obligation_rule

if TYPE_CHECKING:
    from ..pack import Pack
    from ..parse import App


@obligation_rule("GOV_PROCUREMENT_REQUIRED", kinds="implementation_kinds")
def gov_procurement_required(a: App, p: Pack) -> bool:
    return a.is_implementation and a.total > p.params.procurement_threshold  # 超过限额


@obligation_rule("PUBLIC_TENDER_REQUIRED", kinds="implementation_kinds")
def public_tender_required(a: App, p: Pack) -> bool:
    # 超过400万元; exactly 400万 gets AMBIGUOUS_BOUNDARY instead (rules/routes.py).
    return a.is_implementation and a.total > p.params.public_tender


@obligation_rule("PROCUREMENT_START_3_MONTHS", kinds="implementation_kinds")
def procurement_start(a: App, p: Pack) -> bool:
    return gov_procurement_required(a, p)


obligation_rule("CONTRACT_FILING_10_WORKING_DAYS", kinds="implementation_kinds")(always)


obligation_rule("PROJECT_LEADER_REQUIRED", kinds="implementation_kinds")(always)


@obligation_rule("QUARTERLY_EXECUTION_REPORT")
def quarterly_report(a: App, p: Pack) -> bool:
    return a.key_project


obligation_rule("CHANGE_NEEDS_APPROVAL", kinds="implementation_kinds")(always)


@obligation_rule("SUPERVISION_REQUIRED", kinds="supervision_kinds")
def supervision_required(a: App, p: Pack) -> bool:
    return a.kind in p.supervision_kinds and a.total >= p.params.supervision_min  # 达到(含)


@obligation_rule("INVESTMENT_SUPERVISION_REQUIRED", kinds="investment_supervision_kinds")
def investment_supervision_required(a: App, p: Pack) -> bool:
    return (
        a.kind in p.investment_supervision_kinds
        and a.total >= p.params.investment_supervision_min
    )


obligation_rule("ACCEPTANCE_PREREQUISITES", kinds="acceptance_kinds")(always)


obligation_rule("ACCEPTANCE_FILING_15_WORKING_DAYS", kinds="acceptance_kinds")(always)


@obligation_rule("RENEWAL_FILING_BEFORE_CONTRACT")
def renewal_filing(a: App, p: Pack) -> bool:
    return a.tender_mode == "one_plus_two" and a.contract_year in p.params.renewal_notice_years


@obligation_rule("SECURITY_FEES_FILING_AFTER_ACCEPTANCE", kinds="construction_kinds")
def security_fees_filing(a: App, p: Pack) -> bool:
    return a.is_construction and a.djbh_level >= p.params.security_fees_min_level


obligation_rule("TRAINING_PLAN", kinds="new_system_kinds")(always)


obligation_rule("ANNUAL_SELF_EVALUATION", kinds="implementation_kinds")(always)
