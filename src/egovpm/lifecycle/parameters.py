"""The numbers of the post-approval clocks, read from the policy pack in force
(`[params.procurement_start_months]` etc. of pack.toml).

规则 五(五)1 (3 months, 6 months), 五(五)2 (10 working days) and 五(五)7 (15 working days) are
parameters of the pack; the amount thresholds (400万, the procurement threshold, 100万 for
supervision) are applied by the policy engine and reach this module as the obligations of the
frozen decision, so they are never compared here. The remaining numbers are the platform's
readings where the seed names no period; each is named so a district can change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# Readings (the seed sets no period): the quarterly 执行情况表 within 10 working days of the
# quarter's end; the self-evaluation (五(六)1 "年度预算执行完成后") within 3 months of the budget
# year's end; reminders 3 working days before a due day.
QUARTERLY_REPORT_WORKING_DAYS = 10
SELF_EVALUATION_MONTHS = 3
REMINDER_LEAD_WORKING_DAYS = 3


@dataclass(frozen=True, slots=True)
class ClockParameters:
    procurement_start_months: int = 3  # 规则 五(五)1 预算经费下达后3个月内
    procurement_stop_months: int = 6  # 规则 五(五)1 超过半年未启动
    contract_filing_working_days: int = 10  # 规则 五(五)2
    acceptance_filing_working_days: int = 15  # 规则 五(五)7
    quarterly_report_working_days: int = QUARTERLY_REPORT_WORKING_DAYS
    self_evaluation_months: int = SELF_EVALUATION_MONTHS
    reminder_lead_working_days: int = REMINDER_LEAD_WORKING_DAYS


# The fields read from the pack's parameters (`Pack.params.<name>`, same names).
_FROM_PACK = ("procurement_start_months", "procurement_stop_months",
              "contract_filing_working_days", "acceptance_filing_working_days")


def _pack_values(on: dt.date | None) -> dict[str, Any]:
    from egovpm.policy import get_pack

    try:
        params = get_pack(on=on).params
    except LookupError:  # no edition in force on that day: the defaults above
        return {}
    return {name: getattr(params, name) for name in _FROM_PACK if hasattr(params, name)}


def clock_parameters(on: dt.date | None = None) -> ClockParameters:
    """The parameters of the pack in force on `on` (today when omitted), defaults otherwise."""
    values = _pack_values(on)
    found = {name: value for name, value in values.items()
             if isinstance(value, int) and not isinstance(value, bool) and value > 0}
    return ClockParameters(**found)
