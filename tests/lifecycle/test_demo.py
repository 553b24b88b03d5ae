"""The demo data: projects at every stage, loaded through the services, idempotent."""

from __future__ import annotations

import pytest

from egovpm.accounts import demo as accounts_demo
from egovpm.lifecycle import demo
from egovpm.lifecycle.models import ProjectLifecycle, Stage

pytestmark = pytest.mark.django_db


def test_demo_covers_every_stage_and_loads_once() -> None:
    accounts_demo.load()
    demo.load()
    stages = set(ProjectLifecycle.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    count = ProjectLifecycle.objects.count()
    assert "新建实施项目 0 个" in demo.load()
    assert ProjectLifecycle.objects.count() == count
