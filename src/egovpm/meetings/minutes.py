"""The minutes (会议纪要) as Word (python-docx) and PDF (WeasyPrint), in Chinese.

Before the chair signs, both carry 草稿 prominently; after, the chair's name and signing time
(规则 四(五) 会议纪要由区政府分管副区长签发). Official document fonts (仿宋_GB2312, 方正小标宋)
are named in the Word file; the PDF falls back to Noto CJK, which Debian packages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from egovpm.meetings.models import Attendance, Meeting, MeetingKind, MeetingState
from egovpm.meetings.selectors import decision_of, meeting_items, meeting_quorum

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


@dataclass
class MinutesItem:
    position: int
    title: str
    unit: str
    amount: str
    office_opinion: str
    outcome: str
    approved_amount: str
    conditions: str
    opinions: list[str] = field(default_factory=list)


@dataclass
class Minutes:
    title: str
    draft: bool
    kind: str
    date: str
    present: list[str]
    on_leave: list[tuple[str, str]]
    absent: list[str]
    quorum: str
    items: list[MinutesItem]
    signature: str


def _yuan(value: object) -> str:
    return f"{value:,.2f} 元" if value is not None else ""


def minutes_of(meeting: Meeting) -> Minutes:
    members = list(meeting.members.order_by("seat__number"))
    q = meeting_quorum(meeting)
    items = []
    for item in meeting_items(meeting):
        decision = decision_of(item)
        application = item.application
        items.append(MinutesItem(
            position=item.position, title=item.title,
            unit=str(application.unit) if application else "",
            amount=_yuan(application.total_amount) if application else "",
            office_opinion=item.office_opinion,
            outcome=decision.get_outcome_display() if decision else _("未作决定"),
            approved_amount=_yuan(decision.approved_amount) if decision else "",
            conditions=decision.conditions if decision else "",
            opinions=[f"{o.member.unit_name}：{o.get_stance_display()}{('，' + o.text) if o.text else ''}"
                      for o in item.opinions.select_related("member")],
        ))
    if meeting.state == MeetingState.SIGNED:
        signed_at = timezone.localtime(meeting.signed_at)
        signature = _("签发：%(name)s（分管副区长）  %(at)s") % {
            "name": meeting.signed_by, "at": f"{signed_at:%Y年%m月%d日 %H:%M}"}
    else:
        signature = _("签发：________（分管副区长）  尚未签发")
    if meeting.kind == MeetingKind.WRITTEN:
        quorum_text = _("书面审议：各成员单位发表书面意见，由分管副区长书面签署（规则 四(二)）。")
    else:
        quorum_text = _("应到成员单位 %(t)d 家，实到 %(p)d 家，法定人数 %(r)d 家，%(ok)s。") % {
            "t": q.total, "p": q.present, "r": q.required,
            "ok": _("符合规定") if q.met else _("未达法定人数")}
    return Minutes(
        title=_("杨浦区政府电子政务联席会议纪要"),
        draft=meeting.state != MeetingState.SIGNED,
        kind=meeting.get_kind_display(), date=f"{meeting.date:%Y年%m月%d日}",
        present=[m.unit_name for m in members if m.attendance == Attendance.PRESENT],
        on_leave=[(m.unit_name, m.leave_opinion) for m in members if m.attendance == Attendance.LEAVE],
        absent=[m.unit_name for m in members if m.attendance == Attendance.UNRECORDED],
        quorum=quorum_text, items=items, signature=signature,
    )


def _font(run, name: str, size_pt: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _para(doc, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False,
          center: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def minutes_docx(meeting: Meeting) -> bytes:
    from docx import Document

    m = minutes_of(meeting)
    doc = Document()
    if m.draft:
        _para(doc, _("草稿（未经分管副区长签发，不作为决定依据）"), size=18, bold=True, center=True)
    _para(doc, m.title, font=TITLE_FONT, size=22, center=True)
    _para(doc, f"{m.date}  {m.kind}", center=True)
    _para(doc, _("一、出席情况"), bold=True)
    _para(doc, _("出席单位：") + ("、".join(m.present) or _("无")))
    _para(doc, _("请假单位：") + ("、".join(u for u, _o in m.on_leave) or _("无")))
    for unit, opinion in m.on_leave:
        if opinion:
            _para(doc, _("%(u)s书面意见：%(o)s") % {"u": unit, "o": opinion})
    _para(doc, _("缺席单位：") + ("、".join(m.absent) or _("无")))
    _para(doc, m.quorum)
    _para(doc, _("二、审议事项"), bold=True)
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    headers = [_("序号"), _("议题"), _("申报单位"), _("申报金额"), _("决定"), _("核定金额及条件")]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12, bold=True)
    for item in m.items:
        values = [str(item.position), item.title, item.unit, item.amount, item.outcome,
                  "；".join(v for v in (item.approved_amount, item.conditions) if v)]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12)
    for item in m.items:
        if item.office_opinion:
            _para(doc, _("议题 %(n)d 办公室意见：%(o)s") % {"n": item.position, "o": item.office_opinion},
                  size=14)
        for opinion in item.opinions:
            _para(doc, _("议题 %(n)d 书面意见 — %(o)s") % {"n": item.position, "o": opinion}, size=14)
    _para(doc, "")
    _para(doc, m.signature)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def minutes_pdf(meeting: Meeting) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # weasyprint ships no type hints

    html = render_to_string("meetings/minutes_pdf.html", {"m": minutes_of(meeting)})
    return HTML(string=html).write_pdf()
