"""The materials' names agree between the form (the model's choices) and the pack's messages.

The pack keeps its own copy of the names (an edition's wording, no gettext); this test is what
keeps the two from drifting apart.
"""

from __future__ import annotations

from django.utils import translation

from egovpm.declarations.models import POLICY_ATTACHMENT_KINDS, AttachmentKind
from egovpm.policy import get_pack


def test_material_labels_are_the_packs():
    pack = get_pack("yangpu-2023")
    assert set(pack.labels["attachments"]) == set(POLICY_ATTACHMENT_KINDS)
    with translation.override("zh-hans"):
        for code in POLICY_ATTACHMENT_KINDS:
            assert str(AttachmentKind(code).label) == pack.labels["attachments"][code], code
