"""The district's annual digital project plan (办法 第八条; 规则 五(四)1): the projects the joint
meeting approved or filed for a budget year, as the office sends it on. A reconsideration
(规则 四(七)) counts: the decision in force on each application is the latest effective of the
meeting's decision and a revision of it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from egovpm.meetings.selectors import effective_decisions


@dataclass(frozen=True)
class PlanRow:
    application_id: int
    name: str
    unit: str
    kind: str
    route: str
    declared_amount: Decimal
    approved_amount: Decimal | None
    outcome: str
    meeting: str
    conditions: str


def annual_plan(year: int) -> list[PlanRow]:
    rows = []
    for decision in effective_decisions(year=year):
        application = decision.application
        rows.append(PlanRow(
            application_id=application.pk, name=application.name, unit=str(application.unit),
            kind=application.get_kind_display(), route=application.effective_route,
            declared_amount=application.total_amount, approved_amount=decision.approved_amount,
            outcome=decision.outcome_label, meeting=decision.source,
            conditions=decision.conditions,
        ))
    return rows


def annual_plan_xlsx(year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's only (and active) sheet
    sheet.title = f"{year}年度计划"
    sheet.append([_("杨浦区%(y)d年度数字化项目计划") % {"y": year}])
    sheet["A1"].font = Font(bold=True, size=14)
    headers = [_("序号"), _("项目名称"), _("申报单位"), _("项目类型"), _("评审流程"),
               _("申报金额（元）"), _("核定金额（元）"), _("联席会议决定"), _("会议"), _("条件")]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    total = Decimal("0")
    rows = annual_plan(year)
    for index, row in enumerate(rows, start=1):
        amount = row.approved_amount if row.approved_amount is not None else row.declared_amount
        total += amount
        sheet.append([index, row.name, row.unit, row.kind, row.route, row.declared_amount,
                      row.approved_amount, row.outcome, row.meeting, row.conditions])
    sheet.append(["", _("合计"), "", "", "", "", total, "", "", ""])
    for column in "FG":
        for cell in sheet[column][2:]:
            cell.number_format = "#,##0.00"
    for column, width in zip("ABCDEFGHIJ", (6, 36, 22, 12, 16, 16, 16, 14, 26, 30), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
