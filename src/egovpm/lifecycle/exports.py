"""The quarterly 《杨浦区电子政务项目执行情况表》 of all key projects as one Excel workbook."""

from __future__ import annotations

from io import BytesIO

from django.db.models import Q, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from egovpm.lifecycle.models import DeadlineKind, ProjectLifecycle

QUARTERLY_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["序号", "建设单位", "项目名称", "项目阶段", "核定金额(元)", "填报状态", "计划进度(%)",
           "实际进度(%)", "累计支出(元)", "存在问题", "明显落后", "整改建议(督办)"]
LAGGING_FILL = PatternFill("solid", fgColor="F8D7DA")


def quarterly_workbook(*, year: int, quarter: int,
                       lifecycles: QuerySet[ProjectLifecycle]) -> bytes:
    """One row per key project that reports for the quarter, reported or not."""
    key = f"{year}Q{quarter}"
    rows = lifecycles.filter(key_project=True).filter(
        Q(deadlines__kind=DeadlineKind.QUARTERLY_REPORT, deadlines__key=key)
        | Q(quarterly_reports__year=year, quarterly_reports__quarter=quarter)
    ).distinct().select_related("unit").order_by("unit__name", "name")
    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's only (and active) sheet
    sheet.title = f"{year}年第{quarter}季度"
    sheet.append([f"杨浦区电子政务项目执行情况表({year}年第{quarter}季度)"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, lc in enumerate(rows, start=1):
        report = lc.quarterly_reports.filter(year=year, quarter=quarter).first()
        values = [number, lc.unit.name, lc.name, str(lc.get_stage_display()),
                  lc.approved_amount, "已填报" if report else "未填报"]
        if report:
            values += [report.planned_progress, report.actual_progress, report.amount_spent,
                       report.problems, "是" if report.lagging else "否", report.advice]
        sheet.append(values)
        if report and report.lagging:
            for cell in sheet[sheet.max_row]:
                cell.fill = LAGGING_FILL
    for column, width in zip("ABCDEFGHIJKL", (6, 24, 40, 12, 16, 10, 12, 12, 16, 40, 10, 40),
                             strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        row[4].number_format = "#,##0.00"
        if len(row) > 8:
            row[8].number_format = "#,##0.00"
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
