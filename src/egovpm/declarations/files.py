"""Uploaded files: type checks (extension and content must agree), SM3 digests, storage, and
the fields every stored file keeps (declaration attachments and lifecycle documents alike).

Files live under ``settings.MEDIA_ROOT`` (outside the static/web root) by a generated name and
are only ever served by a view that checks who may see the application.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    magic: bytes
    zip_member_prefix: str = ""  # an OOXML package must hold this part


FILE_TYPES: dict[str, FileType] = {
    t.extension: t
    for t in (
        FileType("pdf", "application/pdf", b"%PDF-"),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ZIP_MAGIC, "word/",
        ),
        FileType(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ZIP_MAGIC, "xl/",
        ),
        FileType("doc", "application/msword", OLE_MAGIC),
        FileType("xls", "application/vnd.ms-excel", OLE_MAGIC),
        FileType("png", "image/png", b"\x89PNG\r\n\x1a\n"),
        FileType("jpg", "image/jpeg", b"\xff\xd8\xff"),
        FileType("jpeg", "image/jpeg", b"\xff\xd8\xff"),
        FileType("zip", "application/zip", ZIP_MAGIC),
    )
}


class AttachmentRejected(ValueError):
    """An upload that is refused; ``str()`` is a Chinese message, ``field`` the form field."""

    def __init__(self, message: str, *, field: str = "file") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    file_type: FileType
    sm3: str


def sm3_hex(chunks: Iterable[bytes]) -> str:
    digest = hashes.Hash(hashes.SM3())
    for chunk in chunks:
        digest.update(chunk)
    return digest.finalize().hex()


def read_limited(chunks: Iterable[bytes], *, max_bytes: int) -> bytes:
    """Read at most ``max_bytes``; refuse (without reading the rest) a larger file."""
    buffer = bytearray()
    for chunk in chunks:
        buffer.extend(chunk)
        if len(buffer) > max_bytes:
            raise AttachmentRejected(
                _("文件超过大小上限 %(mb).1f MB") % {"mb": max_bytes / (1024 * 1024)}
            )
    return bytes(buffer)


def check_file(*, name: str, chunks: Iterable[bytes]) -> CheckedFile:
    """Check size, extension and content; return the bytes with their SM3 digest."""
    extension = Path(name).suffix.lower().lstrip(".")
    file_type = FILE_TYPES.get(extension)
    if file_type is None:
        raise AttachmentRejected(
            _("不支持的文件类型“%(ext)s”,仅支持 %(allowed)s")
            % {"ext": extension or _("无扩展名"), "allowed": ", ".join(sorted(FILE_TYPES))}
        )
    content = read_limited(chunks, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    if not content:
        raise AttachmentRejected(_("文件为空"))
    if not content.startswith(file_type.magic) or not _zip_agrees(content, file_type):
        raise AttachmentRejected(
            _("文件内容与扩展名“%(ext)s”不符") % {"ext": extension}
        )
    return CheckedFile(content=content, file_type=file_type, sm3=sm3_hex([content]))


def _zip_agrees(content: bytes, file_type: FileType) -> bool:
    if file_type.magic != ZIP_MAGIC:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return False
    if not file_type.zip_member_prefix:
        return True
    return any(n.startswith(file_type.zip_member_prefix) for n in names)


def storage_dir() -> Path:
    return Path(settings.MEDIA_ROOT)


def store(content: bytes) -> str:
    """Write the bytes under a fresh generated name; return that name."""
    stored_name = uuid.uuid4().hex
    path = storage_path(stored_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    temporary.write_bytes(content)
    temporary.replace(path)
    return stored_name


def storage_path(stored_name: str) -> Path:
    if len(stored_name) != 32 or not all(c in "0123456789abcdef" for c in stored_name):
        raise ValueError("bad stored name")
    return storage_dir() / stored_name[:2] / stored_name


def discard(stored_name: str) -> None:
    storage_path(stored_name).unlink(missing_ok=True)


@contextmanager
def stored_upload(*, name: str, chunks: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """Check and store an upload; yield the `StoredFile` field values to create its row with.

    If the block raises (the row or its audit entry could not be written), the stored bytes are
    removed again, so a refused upload leaves no file behind."""
    checked = check_file(name=name, chunks=chunks)
    stored_name = store(checked.content)
    try:
        yield {
            "original_name": name[:255], "stored_name": stored_name,
            "size": len(checked.content), "content_type": checked.file_type.content_type,
            "sm3": checked.sm3,
        }
    except BaseException:
        discard(stored_name)
        raise


class StoredFile(models.Model):
    """What is kept of a stored upload; a subclass adds what it belongs to, its kind and
    `uploaded_by` (whose reverse name differs per subclass)."""

    original_name = models.CharField(gettext_lazy("原文件名"), max_length=255)
    stored_name = models.CharField(gettext_lazy("存储名"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(gettext_lazy("大小(字节)"))
    content_type = models.CharField(gettext_lazy("文件类型"), max_length=100)
    sm3 = models.CharField(gettext_lazy("SM3 摘要"), max_length=64)
    uploaded_at = models.DateTimeField(gettext_lazy("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
