"""Uploads: type and content must agree, size is capped, SM3 recorded, storage by generated name."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from cryptography.hazmat.primitives import hashes
from django.core.exceptions import PermissionDenied

from egovpm.declarations import files
from egovpm.declarations.files import AttachmentRejected
from egovpm.declarations.inputs import application_to_policy_input
from egovpm.declarations.models import Attachment
from egovpm.declarations.selectors import attachment_get
from egovpm.declarations.services import attachment_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("建设方案")
    document.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "材料")
    return buffer.getvalue()


def sm3(content: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(content)
    return digest.finalize().hex()


def upload(actor, app, name: str, content: bytes, kind: str = "construction_plan"):
    return attachment_upload(actor=actor, application=app, kind=kind, name=name,
                             chunks=[content[i:i + 7] for i in range(0, len(content), 7)])


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("建设方案.pdf", PDF, "application/pdf"),
    ("建设方案.DOCX", docx_bytes(), "application/vnd.openxmlformats-officedocument."
                                  "wordprocessingml.document"),
    ("截图.png", PNG, "image/png"),
    ("材料.zip", plain_zip(), "application/zip"),
])
def test_good_files_are_stored_with_sm3(people, flow, settings, name, content, content_type):
    app = flow.create()
    attachment = upload(people["applicant_kewei"], app, name, content)
    assert attachment.sm3 == sm3(content) and attachment.size == len(content)
    assert attachment.content_type == content_type and attachment.original_name == name
    path = files.storage_path(attachment.stored_name)
    assert path.read_bytes() == content
    assert str(path).startswith(str(settings.MEDIA_ROOT)) and name not in str(path)


def test_sm3_matches_the_standard_vector():
    # GB/T 32905-2016 example 1: SM3("abc").
    assert files.sm3_hex([b"abc"]) == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


@pytest.mark.parametrize(("name", "content"), [
    ("方案.pdf", PNG),  # wrong magic
    ("方案.docx", PDF),
    ("方案.docx", plain_zip()),  # a zip, but not a Word package
    ("方案.xlsx", docx_bytes()),  # a Word package named as Excel
    ("方案.doc", PDF),
    ("方案.exe", b"MZ\x90\x00"),  # bad extension
    ("方案", PDF),  # none
    ("方案.pdf", b""),  # empty
])
def test_bad_files_are_refused_and_nothing_is_stored(people, flow, settings, name, content):
    app = flow.create()
    with pytest.raises(AttachmentRejected):
        upload(people["applicant_kewei"], app, name, content)
    assert not Attachment.objects.exists()
    stored = list(settings.MEDIA_ROOT.rglob("*")) if settings.MEDIA_ROOT.exists() else []
    assert not [p for p in stored if p.is_file()]


def test_too_large_is_refused(people, flow, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    app = flow.create()
    with pytest.raises(AttachmentRejected):
        upload(people["applicant_kewei"], app, "大文件.pdf", PDF + b"x" * 100)
    assert not Attachment.objects.exists()
    upload(people["applicant_kewei"], app, "小文件.pdf", PDF)
    assert Attachment.objects.count() == 1


def test_bad_kind_is_refused(people, flow):
    with pytest.raises(AttachmentRejected) as caught:
        upload(people["applicant_kewei"], flow.create(), "a.pdf", PDF, kind="photo")
    assert caught.value.field == "kind"


def test_only_the_owning_unit_uploads_materials(people, flow):
    app = flow.create()
    with pytest.raises(PermissionDenied):
        upload(people["supervisor_kewei"], app, "a.pdf", PDF)
    from egovpm.declarations.models import Application

    with pytest.raises(Application.DoesNotExist):
        upload(people["outsider"], app, "a.pdf", PDF)


def test_uploaded_kinds_feed_the_engine(people, flow):
    app = flow.create()
    upload(people["applicant_kewei"], app, "a.pdf", PDF, kind="pre_review_form")
    upload(people["applicant_kewei"], app, "b.pdf", PDF, kind="other")
    assert application_to_policy_input(app)["attachments"] == ["pre_review_form"]


def test_download_only_for_those_who_see_the_application(people, flow):
    app = flow.create()
    attachment = upload(people["applicant_kewei"], app, "a.pdf", PDF)
    found, path = attachment_get(user=people["leader_kewei"], pk=attachment.pk)
    assert found == attachment and path.read_bytes() == PDF
    for who in ("outsider", "office_clerk", "third_party_a"):  # a draft is the unit's own
        with pytest.raises(Attachment.DoesNotExist):
            attachment_get(user=people[who], pk=attachment.pk)


def test_assessment_reports_only_by_the_pending_assignee(people, flow):
    app = flow.accepted()
    report = upload(people["third_party_a"], app, "报告.pdf", PDF, kind="assessment_report")
    assert report.kind == "assessment_report"
    with pytest.raises(PermissionDenied):
        upload(people["office_clerk"], app, "报告.pdf", PDF, kind="assessment_report")
    # The other assessor does not see this report.
    with pytest.raises(Attachment.DoesNotExist):
        attachment_get(user=people["expert_wang"], pk=report.pk)
    assert attachment_get(user=people["office_clerk"], pk=report.pk)[0] == report
