"""Demo organisations and people: Yangpu's real units and one user per role.

Idempotent: what exists is left as it is, so a second run creates (and audits) nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources

from django.db import transaction

from egovpm.accounts.models import Role, Unit, UnitKind, User
from egovpm.accounts.services import unit_create, user_create

DEMO_PASSWORD = "Yangpu@2026"

KEWEI = "区科委（区信息委）"
OFFICE = "区政府办公室（电子政务科、审改科）"
PLATFORM = "区大数据中心"

# Usernames of the member representatives, by member unit (member unit → username).
MEMBER_USERS = {
    "区发展改革委": "member",
    "区委办公室（区机要局）": "member_qwb",
    "区委网信办": "member_wxb",
    "区档案局": "member_daj",
    "区委保密办（区保密局）": "member_bmj",
    OFFICE: "member_zfb",
    KEWEI: "member_kw",
    "区司法局": "member_sfj",
    "区财政局": "member_czj",
    "区审计局": "member_sjj",
    "区地区办": "member_dqb",
    "区机管局（区政府采购中心）": "member_jgj",
    "区城运中心": "member_cyzx",
    "区大数据中心": "member_dsj",
}

# (username, role, unit name or None, display name)
DEMO_USERS: list[tuple[str, str, str | None, str]] = [
    ("applicant", Role.APPLICANT, KEWEI, "张敏"),
    ("unit_leader", Role.UNIT_LEADER, KEWEI, "李强"),
    ("supervisor", Role.SUPERVISOR, KEWEI, "王芳"),
    ("applicant_sub", Role.APPLICANT, "区科技创新服务中心", "赵磊"),
    ("applicant_edu", Role.APPLICANT, "区教育局", "陈静"),
    ("applicant_street", Role.APPLICANT, "五角场街道", "刘洋"),
    ("office", Role.OFFICE, OFFICE, "周婷"),
    ("third_party", Role.THIRD_PARTY, "示例第三方评估机构甲", "吴刚"),
    ("third_party2", Role.THIRD_PARTY, "示例第三方评估机构乙", "郑云"),
    ("expert", Role.EXPERT, None, "王建国"),
    ("expert2", Role.EXPERT, None, "孙丽华"),
    ("chair", Role.CHAIR, None, "分管副区长"),
    ("finance", Role.FINANCE, "区财政局", "钱进"),
    ("auditor", Role.AUDITOR, "区审计局", "冯审"),
    ("sysadmin", Role.SYSADMIN, PLATFORM, "系统管理员"),
    ("secadmin", Role.SECADMIN, PLATFORM, "安全管理员"),
    ("auditadmin", Role.AUDITADMIN, PLATFORM, "安全审计员"),
    *[(username, Role.MEMBER, unit, f"{unit}代表") for unit, username in MEMBER_USERS.items()],
]


@dataclass
class DemoReport:
    units: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)


def demo_units() -> dict:
    return json.loads(resources.files("egovpm.accounts").joinpath("demo_units.json").read_text("utf-8"))


def _unit(name: str, kind: str, report: DemoReport, *, supervisor: Unit | None = None,
          is_member: bool = False) -> Unit:
    existing = Unit.objects.filter(name=name).first()
    if existing is not None:
        return existing
    report.units.append(name)
    return unit_create(actor=None, name=name, kind=kind, supervisor=supervisor, is_member=is_member)


@transaction.atomic
def load() -> DemoReport:
    """Create the demo units and users that do not exist yet; report what was created."""
    data = demo_units()
    report = DemoReport()
    for name in data["member_units"]:
        _unit(name, UnitKind.DEPARTMENT, report, is_member=True)
    for name in data["departments"]:
        _unit(name, UnitKind.DEPARTMENT, report)
    for name in data["streets"]:
        _unit(name, UnitKind.STREET, report)
    for item in data["subordinate"]:
        supervisor = Unit.objects.get(name=item["supervisor"])
        _unit(item["name"], UnitKind.SUBORDINATE, report, supervisor=supervisor)
    for name in data["agencies"]:
        _unit(name, UnitKind.AGENCY, report)
    for username, role, unit_name, display_name in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        unit = Unit.objects.get(name=unit_name) if unit_name else None
        user_create(actor=None, username=username, role=role, unit=unit,
                    password=DEMO_PASSWORD, display_name=display_name)
        report.users.append(username)
    return report
