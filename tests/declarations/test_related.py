"""Similarly named earlier projects of the unit, shown to the office at intake (规则 五(四)3
counts failures per project, so a renamed project would otherwise start clean)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from egovpm.declarations.related import name_similarity, related_projects, related_projects_for
from tests.declarations.fixtures import review_body

SHANGHAI = ZoneInfo("Asia/Shanghai")
OLD_NAME = "区城运中心城市运行管理平台升级改造项目"
RENAMED = "区城运中心城市运行管理中枢平台建设项目"
UNRELATED = "区智慧养老服务补贴发放系统运维项目"


def at(day: datetime.date):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False
    )


def fail_expert(flow, app):
    app = flow.act(app, "office_accept", "office_clerk",
                   assessors={"third_party": "third_party_a", "expert": "expert_wang"})
    flow.report(app, "expert", "fail", "论证不充分")
    app.refresh_from_db()
    return app


@pytest.fixture
def renamed(flow):
    """An old project failed twice by experts (suspended), an unrelated one of the same unit,
    and the old project declared again under a new name."""
    with at(datetime.date(2026, 3, 2)):
        old = fail_expert(flow, flow.submitted(review_body(name=OLD_NAME)))
        old = fail_expert(flow, flow.act(old, "submit", "applicant_kewei"))
        flow.act(old, "withdraw", "applicant_kewei")
        unrelated = flow.submitted(review_body(name=UNRELATED))
        new = flow.submitted(review_body(name=RENAMED))
    assert new.project_id != old.project_id
    return {"old": old, "unrelated": unrelated, "new": new}


@pytest.mark.parametrize(("a", "b", "related"), [
    (OLD_NAME, RENAMED, True),  # one core contains the other
    (OLD_NAME, "区城运中心城市运维管理平台升级改造项目", True),  # ratio ≥ 0.6
    ("排队叫号系统", "区政务服务中心办事大厅排队叫号系统运维项目", True),  # containment alone
    (OLD_NAME, UNRELATED, False),
    (" 区 政务系统", "区政务服务中心办事大厅排队叫号系统运维项目", False),  # core "区政务" too short
])
def test_name_similarity(a, b, related):
    assert (name_similarity(a, b) is not None) is related
    assert (name_similarity(b, a) is not None) is related


def test_a_renamed_project_shows_its_failures_and_suspension(renamed):
    with at(datetime.date(2026, 3, 3)):
        found = related_projects(renamed["new"])
    assert [r.project_id for r in found] == [renamed["old"].project_id]
    [item] = found
    assert item.name == OLD_NAME
    assert item.latest_application_id == renamed["old"].pk
    assert item.latest_state == "withdrawn"
    assert (item.third_party_failures, item.expert_failures) == (0, 2)
    assert item.suspended_until == datetime.date(2026, 9, 2)


def test_only_office_and_auditor_get_them(renamed, people):
    with at(datetime.date(2026, 3, 3)):
        for who in ("office_clerk", "auditor"):
            assert len(related_projects_for(people[who], renamed["new"])) == 1
        for who in ("applicant_kewei", "chair", "expert_wang", "supervisor_kewei"):
            assert related_projects_for(people[who], renamed["new"]) == []


def test_a_draft_project_is_not_shown(flow):
    flow.create(review_body(name=OLD_NAME))
    new = flow.submitted(review_body(name=RENAMED))
    assert related_projects(new) == []


def test_the_office_sees_the_panel_and_the_applicant_does_not(renamed, people, client):
    url = reverse("declarations:detail", args=[renamed["new"].pk])
    with at(datetime.date(2026, 3, 3)):
        client.force_login(people["office_clerk"])
        page = client.get(url).content.decode()
        assert 'data-testid="related-projects"' in page
        assert "可能相关的既往项目" in page
        assert reverse("declarations:detail", args=[renamed["old"].pk]) in page
        assert 'data-testid="expert-failures">2<' in page
        assert "暂停申报至 2026-09-02" in page
        assert UNRELATED not in page
        client.force_login(people["applicant_kewei"])
        page = client.get(url).content.decode()
        assert client.get(url).status_code == 200
        assert 'data-testid="related-projects"' not in page
        assert OLD_NAME not in page


@pytest.mark.parametrize("count", [2, 8])
def test_queries_do_not_grow_with_the_units_projects(flow, count, django_assert_max_num_queries):
    for i in range(count):
        flow.submitted(review_body(name=f"{OLD_NAME[:-2]}{i + 1}期项目"))
    new = flow.submitted(review_body(name=RENAMED))
    with django_assert_max_num_queries(3):
        found = related_projects(new)
    assert len(found) == min(count, 5)
    ratios = [r.similarity for r in found]
    assert ratios == sorted(ratios, reverse=True)
