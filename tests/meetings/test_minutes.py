"""Minutes as Word and PDF, written procedure, reconsideration and the annual plan."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from egovpm.meetings.decisions import (
    meeting_record_decision,
    meeting_sign_minutes,
    meeting_submit_opinion,
)
from egovpm.meetings.errors import MeetingStateError
from egovpm.meetings.minutes import minutes_docx, minutes_pdf
from egovpm.meetings.models import Decision, MeetingKind, ReconsiderationState, WrittenOpinion
from egovpm.meetings.plan import annual_plan_xlsx
from egovpm.meetings.reconsiderations import reconsideration_file, reconsideration_resolve
from egovpm.meetings.services import (
    meeting_approve_agenda,
    meeting_create,
    meeting_open,
    meeting_record_attendance,
    meeting_set_agenda,
)
from tests.meetings.conftest import units

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(meeting, office_clerk, chair, make_ready):
    app = make_ready("REVIEW", "1500000.00", name="智慧校园安防系统")
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[app.pk],
                       opinions={app.pk: "建议同意"})
    meeting_record_attendance(meeting=meeting, actor=office_clerk,
                              leave=[{"unit": "区审计局", "opinion": "建议压缩硬件预算"}])
    meeting_approve_agenda(meeting=meeting, actor=chair)
    meeting_open(meeting=meeting, actor=office_clerk)
    meeting_record_attendance(meeting=meeting, actor=office_clerk, present_units=units(8))
    meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=app.pk,
                            outcome="approve", approved_amount="1400000", conditions="压缩硬件")
    meeting.refresh_from_db()
    return meeting, app


def _text(docx_bytes: bytes) -> str:
    doc = Document(io.BytesIO(docx_bytes))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_draft_minutes_marked_and_signed_minutes_carry_the_signature(decided, chair):
    meeting, app = decided
    draft = _text(minutes_docx(meeting))
    assert "草稿" in draft and "尚未签发" in draft
    for unit in units(8):
        assert unit in draft
    assert "区审计局书面意见：建议压缩硬件预算" in draft
    assert app.name in draft and "审核同意" in draft and "1,400,000.00 元" in draft
    meeting_sign_minutes(meeting=meeting, actor=chair)
    meeting.refresh_from_db()
    signed = _text(minutes_docx(meeting))
    assert "草稿" not in signed
    assert f"签发：{chair}（分管副区长）" in signed
    doc = Document(io.BytesIO(minutes_docx(meeting)))
    fonts = doc.paragraphs[-1].runs[0]._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"


def _pdf_fonts(reader: PdfReader) -> list[dict]:
    fonts = []
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                fonts.append(descendant.get_object())
    return fonts


def _glyph_ids(font: dict) -> set[int]:
    """The glyph ids a subset CID font uses (its /W array: cid, [widths], …)."""
    ids, widths = set(), list(font.get("/W", []))
    for start, values in zip(widths[::2], widths[1::2], strict=False):
        ids.update(range(int(start), int(start) + len(values)))
    return ids


def test_pdf_renders_chinese_with_cjk_fonts(decided):
    meeting, app = decided
    reader = PdfReader(io.BytesIO(minutes_pdf(meeting)))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "联席会议纪要" in text and app.name in text and "草稿" in text and "区审计局" in text
    fonts = _pdf_fonts(reader)
    assert fonts and all("CJK" in str(f["/BaseFont"]) for f in fonts)
    # Glyph 0 is .notdef, the empty box drawn for a character the font lacks.
    assert all(0 not in _glyph_ids(f) for f in fonts)


def test_written_procedure(seats, office_clerk, chair, make_ready):
    """规则 四(二): members give written opinions, the chair signs in writing; no quorum."""

    app = make_ready("FILING", "300000.00")
    meeting = meeting_create(actor=chair, date=datetime.date(2026, 7, 1), kind=MeetingKind.WRITTEN)
    meeting_set_agenda(meeting=meeting, actor=office_clerk, application_ids=[app.pk])
    meeting_approve_agenda(meeting=meeting, actor=chair)
    meeting_open(meeting=meeting, actor=office_clerk)
    member = meeting.members.get(seat__number=3).representative
    meeting_submit_opinion(meeting=meeting, actor=member, application_id=app.pk, stance="agree",
                           text="同意备案")
    assert WrittenOpinion.objects.get().member.unit_name == units(3)[2]
    meeting_record_decision(meeting=meeting, actor=office_clerk, application_id=app.pk, outcome="file")
    meeting_sign_minutes(meeting=meeting, actor=chair)
    app.refresh_from_db()
    assert app.state == "filed"
    assert "书面意见 — 区档案局：同意，同意备案" in _text(minutes_docx(meeting))


def test_reconsideration_linked_to_the_decision(decided, office_clerk, chair):
    meeting, _app = decided
    decision = Decision.objects.get()
    with pytest.raises(MeetingStateError):
        reconsideration_file(actor=office_clerk, decision=decision, reason="金额有误")
    meeting_sign_minutes(meeting=meeting, actor=chair)
    decision.refresh_from_db()
    row = reconsideration_file(actor=office_clerk, decision=decision, reason="金额有误")
    row = reconsideration_resolve(actor=chair, reconsideration=row, upheld=True, resolution="维持")
    assert row.state == ReconsiderationState.UPHELD and row.decision == decision


def test_annual_plan_lists_effective_approvals(decided, chair):
    meeting, app = decided
    sheet = load_workbook(io.BytesIO(annual_plan_xlsx(2026))).active
    assert app.name not in [c.value for c in sheet["B"]]  # not yet signed
    meeting_sign_minutes(meeting=meeting, actor=chair)
    sheet = load_workbook(io.BytesIO(annual_plan_xlsx(2026))).active
    row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == app.name)
    assert row[2] == app.unit.name
    assert str(row[6]) in ("1400000", "1400000.00")
