"""Reads: earlier projects of the same unit whose names resemble an application's.

Assessment failures are counted per project (规则 五(四)3: 三次第三方机构论证评估未能通过或两次
专家论证评估未能通过的项目,原则上半年内不予再次申报), and a re-declaration reuses a project's
history only under the same name or an explicit project. A renamed project starts clean, so the
office is shown the unit's similarly named projects, with their failures, at intake.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import OuterRef, Subquery

from egovpm.accounts.models import Role
from egovpm.accounts.permissions import has_role
from egovpm.declarations.models import Application, Project
from egovpm.declarations.selectors import projects_failure_dates, suspensions_from

MIN_RATIO = 0.6
MAX_RELATED = 5
# Generic endings that say nothing about what a project is; stripped (repeatedly) before the
# containment test, so "排队叫号系统运维项目" and "排队叫号平台建设" share the core "排队叫号".
GENERIC_SUFFIXES = ("升级改造", "项目", "系统", "平台", "建设", "运维", "工程", "改造", "升级")
# A core shorter than this is too generic to say two projects are the same ("区政务").
MIN_CORE_LENGTH = 4
# A reviewer's tool: the office decides at intake, the auditor reads over its shoulder.
READERS = (Role.OFFICE, Role.AUDITOR)


@dataclass(frozen=True)
class RelatedProject:
    project_id: int
    name: str
    similarity: float
    latest_application_id: int
    latest_state: str
    third_party_failures: int
    expert_failures: int
    suspended_until: datetime.date | None


def _compact(name: str) -> str:
    return "".join(name.split())


def _core(name: str) -> str:
    core = _compact(name)
    stripped = True
    while stripped:
        stripped = False
        for suffix in GENERIC_SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix):
                core, stripped = core[: -len(suffix)], True
    return core


def name_similarity(a: str, b: str) -> float | None:
    """How alike two project names are (0..1), or None when they are not deemed related:
    related when the whitespace-free names match with a ratio of at least ``MIN_RATIO``, or
    when one name's core (generic endings stripped) contains the other's."""
    full = SequenceMatcher(None, _compact(a), _compact(b)).ratio()
    core_a, core_b = _core(a), _core(b)
    shorter, longer = sorted((core_a, core_b), key=len)
    contained = len(shorter) >= MIN_CORE_LENGTH and shorter in longer
    if full < MIN_RATIO and not contained:
        return None
    return max(full, SequenceMatcher(None, core_a, core_b).ratio())


def related_projects(application: Application) -> list[RelatedProject]:
    """The unit's other projects named like ``application`` (at most ``MAX_RELATED``, most
    similar first), each with its failure counts and suspension.

    Only projects with a submitted application are considered: a draft stays private to its
    unit, and failures only exist after submission. Three queries whatever the number of the
    unit's projects: the projects with their latest submitted application, then the failures
    of the chosen few (`projects_failure_dates`, then `suspensions_from` on the same dates)."""
    submitted = Application.objects.filter(project=OuterRef("pk"), declared_on__isnull=False)
    latest = submitted.order_by("-id")
    candidates = (
        Project.objects.filter(unit_id=application.unit_id)
        .exclude(pk=application.project_id)
        .annotate(latest_id=Subquery(latest.values("id")[:1]),
                  latest_state=Subquery(latest.values("state")[:1]))
        .filter(latest_id__isnull=False)
        .values_list("pk", "name", "latest_id", "latest_state")
    )
    scored = []
    for pk, name, latest_id, latest_state in candidates:
        similarity = name_similarity(application.name, name)
        if similarity is not None:
            scored.append((similarity, pk, name, latest_id, latest_state))
    scored.sort(key=lambda row: (-row[0], -row[1]))
    chosen = scored[:MAX_RELATED]
    if not chosen:
        return []
    ids = [row[1] for row in chosen]
    failures = projects_failure_dates(ids)
    suspended = suspensions_from(failures)
    return [
        RelatedProject(
            project_id=pk, name=name, similarity=round(similarity, 3),
            latest_application_id=latest_id, latest_state=latest_state,
            third_party_failures=len(failures[pk][0]), expert_failures=len(failures[pk][1]),
            suspended_until=suspended[pk],
        )
        for similarity, pk, name, latest_id, latest_state in chosen
    ]


def related_projects_for(user: object, application: Application) -> list[RelatedProject]:
    """`related_projects` for the office and the auditor; nothing for anyone else."""
    return related_projects(application) if has_role(user, *READERS) else []
