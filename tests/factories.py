"""Small factories for units and users. They write directly (no audit rows), so a test's audit
trail holds only what the code under test recorded."""

from __future__ import annotations

from egovpm.accounts.models import Role, Unit, UnitKind, User

PASSWORD = "Persona@2026"

KEWEI = "区科委（区信息委）"
KEWEI_SUB = "区科技创新服务中心"
OFFICE = "区政府办公室（电子政务科、审改科）"
AGENCY = "示例第三方评估机构甲"
EDU = "区教育局"
FGW = "区发展改革委"
CZJ = "区财政局"
SJJ = "区审计局"
PLATFORM = "区大数据中心"


def make_unit(
    name: str, *, kind: str = UnitKind.DEPARTMENT, supervisor: Unit | None = None,
    is_member: bool = False,
) -> Unit:
    unit, _created = Unit.objects.get_or_create(
        name=name, defaults={"kind": kind, "supervisor": supervisor, "is_member": is_member}
    )
    return unit


def make_user(
    username: str, *, role: str, unit: Unit | None = None, password: str = PASSWORD,
    display_name: str = "", is_active: bool = True,
) -> User:
    user = User(username=username, role=role, unit=unit, display_name=display_name,
                is_active=is_active)
    user.set_password(password)
    user.save()
    return user


# The standard cast: fixture name → (role, unit name or None, display name).
PERSONAS: dict[str, tuple[str, str | None, str]] = {
    "applicant_kewei": (Role.APPLICANT, KEWEI, "张敏"),
    "unit_leader_kewei": (Role.UNIT_LEADER, KEWEI, "李强"),
    "supervisor_kewei": (Role.SUPERVISOR, KEWEI, "王芳"),
    "applicant_sub": (Role.APPLICANT, KEWEI_SUB, "赵磊"),
    "office_clerk": (Role.OFFICE, OFFICE, "周婷"),
    "third_party_agency": (Role.THIRD_PARTY, AGENCY, "吴刚"),
    "expert_wang": (Role.EXPERT, None, "王建国"),
    "expert_li": (Role.EXPERT, None, "李华"),
    "chair": (Role.CHAIR, None, "分管副区长"),
    "member_fgw": (Role.MEMBER, FGW, "发改委代表"),
    "member_czj": (Role.MEMBER, CZJ, "财政局代表"),
    "finance": (Role.FINANCE, CZJ, "钱进"),
    "auditor": (Role.AUDITOR, SJJ, "冯审"),
    "sysadmin": (Role.SYSADMIN, PLATFORM, "系统管理员"),
    "secadmin": (Role.SECADMIN, PLATFORM, "安全管理员"),
    "auditadmin": (Role.AUDITADMIN, PLATFORM, "安全审计员"),
    "outsider": (Role.APPLICANT, EDU, "陈静"),
}


def make_units() -> dict[str, Unit]:
    """The units the personas belong to (get-or-create, so calling twice is harmless)."""
    kewei = make_unit(KEWEI, is_member=True)
    return {
        KEWEI: kewei,
        KEWEI_SUB: make_unit(KEWEI_SUB, kind=UnitKind.SUBORDINATE, supervisor=kewei),
        OFFICE: make_unit(OFFICE, is_member=True),
        AGENCY: make_unit(AGENCY, kind=UnitKind.AGENCY),
        EDU: make_unit(EDU),
        FGW: make_unit(FGW, is_member=True),
        CZJ: make_unit(CZJ, is_member=True),
        SJJ: make_unit(SJJ, is_member=True),
        PLATFORM: make_unit(PLATFORM, is_member=True),
    }


def make_persona(name: str) -> User:
    """The persona `name` of PERSONAS (created once; later calls return the same user)."""
    existing = User.objects.filter(username=name).first()
    if existing is not None:
        return existing
    role, unit_name, display_name = PERSONAS[name]
    unit = make_units()[unit_name] if unit_name else None
    return make_user(name, role=role, unit=unit, display_name=display_name)
