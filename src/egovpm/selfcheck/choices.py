"""Chinese labels for the vocabulary of an application (POLICY.md §1), as the form shows it.

The codes are the policy engine's public contract; only the labels live here. Each list keeps
the order in which the source documents name the items. Project kinds, unit kinds and materials
are the stored models' choices (one label per code across the platform), narrowed to §1.
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egovpm.accounts.models import UnitKind
from egovpm.declarations.models import POLICY_ATTACHMENT_KINDS, AttachmentKind, Kind

# A form choice: (code, label), the label a lazily translated string.
Label = str | Promise
Choice = tuple[str, Label]

PROJECT_KINDS: list[Choice] = list(Kind.choices)
# §1 `unit.kind`: a third-party agency never declares.
APPLICANT_UNIT_KINDS: list[Choice] = [
    (code, label) for code, label in UnitKind.choices if code != UnitKind.AGENCY
]
# §1 `attachments`: the materials of 规则 五(一)2 (not assessment reports or other files).
ATTACHMENTS: list[Choice] = [
    (code, label) for code, label in AttachmentKind.choices if code in POLICY_ATTACHMENT_KINDS
]


class TenderMode(models.TextChoices):
    SINGLE = "single", _("单年合同")
    ONE_PLUS_TWO = "one_plus_two", _("招一续二")


class CategoryType(models.TextChoices):
    GENERAL = "general", _("通用类")
    OA = "oa", _("办公自动化(OA)系统")
    VIDEO_CONFERENCE = "video_conference", _("视频会议系统")
    WEBSITE = "website", _("网站")
    MACHINE_ROOM = "machine_room", _("机房")
    HOTLINE = "hotline", _("服务热线")


class CategoryScale(models.TextChoices):
    SMALL = "small", _("小型")
    MEDIUM = "medium", _("中型")
    LARGE = "large", _("大型")


class BudgetItem(models.TextChoices):
    # 项目建设费 (the construction cost C)
    HARDWARE = "hardware", _("硬件设备购置费")
    SECURITY_EQUIPMENT = "security_equipment", _("安全设备购置费")
    PRODUCT_SOFTWARE = "product_software", _("产品软件购置费")
    APP_DEV = "app_dev", _("应用软件开发费")
    DATA_SERVICE = "data_service", _("数据服务费")
    CLOUD_SERVICE = "cloud_service", _("云服务费")
    OPERATION_SERVICE = "operation_service", _("运营服务费")
    OTHER_DIRECT = "other_direct", _("其他直接费用")
    # 其他费用 (标准 三(二))
    CONSULTING = "consulting", _("咨询(设计)费")
    SUPERVISION = "supervision", _("监理费")
    SOFTWARE_TESTING = "software_testing", _("软件测评费")
    SECURITY_TESTING = "security_testing", _("安全测评费")
    CRYPTO_TESTING = "crypto_testing", _("密码测评费")
    INTEGRATION = "integration", _("系统集成费")
    MANAGEMENT = "management", _("项目管理费")
    CONTINGENCY = "contingency", _("预备费")
    # never e-government expenses (规则 一(二)), or excluded from O&M (标准 三(三)2)
    OFFICE_EQUIPMENT = "office_equipment", _("零星办公设备(电脑、打印机、传真机等)")
    COMMUNICATION = "communication", _("通讯服务费、网络租金")
    DATA_PURCHASE = "data_purchase", _("数据采集(购买)费")
    IDC = "idc", _("IDC租用费")
    MACHINE_ROOM_CONSTRUCTION = "machine_room_construction", _("机房建设费")
    DJBH3_TESTING = "djbh3_testing", _("三级等保测评及整改费")


class MaintenanceKind(models.TextChoices):
    HARDWARE = "hardware", _("硬件设备运维")
    SECURITY_DEVICE = "security_device", _("安全设备运维")
    PRODUCT_SOFTWARE = "product_software", _("产品软件运维")
    APP_SOFTWARE = "app_software", _("应用软件运维")
    HOSTING_SERVICE = "hosting_service", _("托管服务")
    DATA_SERVICE = "data_service", _("数据服务")
    SECURITY_SERVICE = "security_service", _("安全服务")


class DeviceClass(models.TextChoices):
    A = "A", _("A类(≤4%)")
    B = "B", _("B类(≤6%)")
    C = "C", _("C类(≤8%)")


class SoftwareClass(models.TextChoices):
    TOOL = "tool", _("工具类软件")
    DOMESTIC = "domestic", _("国产软件")
    OTHER = "other", _("其它产品软件")


class Complexity(models.TextChoices):
    SIMPLE = "simple", _("简单功能")
    COMPLEX = "complex", _("较复杂功能")
    VERY_COMPLEX = "very_complex", _("非常复杂功能")


# Compliance declarations (POLICY.md §1 `compliance`), in the order of 办法 and 规则.
COMPLIANCE_FLAGS: list[Choice] = [
    ("deploy_on_gov_cloud", _("部署在电子政务云")),
    ("new_private_network", _("新建业务专网")),
    ("new_data_center", _("新建数据中心(机房)")),
    ("new_website", _("新建网站")),
    ("new_one_netcom_portal", _("新建“一网通办”门户或入口")),
    ("new_data_platform", _("新建数据平台")),
    ("involves_public_data", _("涉及公共数据")),
    ("data_catalog_completed", _("已完成数据资源目录编制")),
    ("city_operations_system", _("属于城市运行类系统")),
    ("connects_city_operations_platform", _("接入城市运行管理平台")),
    ("xinchuang", _("按信创(XC)标准建设")),
    ("guomi", _("按国密标准建设")),
    ("crypto_assessment_plan", _("已制定密码应用方案(密评计划)")),
    ("djbh_graded_with_police", _("已向公安机关办理等保定级备案")),
    ("commercial_crypto_assessment", _("已安排商用密码应用安全性评估")),
]

XINCHUANG_EXEMPTION_FLAGS: list[Choice] = [
    ("expert_argument", _("已经专家论证")),
    ("budget_authority_consent", _("预算主管单位已同意")),
    ("filed_with_jiyaoju", _("已报区机要局备案")),
]


def _pick(*members: BudgetItem) -> list[Choice]:
    return [(member.value, member.label) for member in members]


# The budget-line picker groups items as the documents do.
BUDGET_ITEM_GROUPS: list[tuple[Label, list[Choice]]] = [
    (_("项目建设费"), _pick(
        BudgetItem.HARDWARE, BudgetItem.SECURITY_EQUIPMENT, BudgetItem.PRODUCT_SOFTWARE,
        BudgetItem.APP_DEV, BudgetItem.DATA_SERVICE, BudgetItem.CLOUD_SERVICE,
        BudgetItem.OPERATION_SERVICE, BudgetItem.OTHER_DIRECT,
    )),
    (_("其他费用(标准 三(二))"), _pick(
        BudgetItem.CONSULTING, BudgetItem.SUPERVISION, BudgetItem.SOFTWARE_TESTING,
        BudgetItem.SECURITY_TESTING, BudgetItem.CRYPTO_TESTING, BudgetItem.INTEGRATION,
        BudgetItem.MANAGEMENT, BudgetItem.CONTINGENCY,
    )),
    (_("不属于电子政务项目费用(规则 一(二)、标准 三(三)2)"), _pick(
        BudgetItem.OFFICE_EQUIPMENT, BudgetItem.COMMUNICATION, BudgetItem.DATA_PURCHASE,
        BudgetItem.IDC, BudgetItem.MACHINE_ROOM_CONSTRUCTION,
    )),
    (_("等级保护(标准 一(一))"), _pick(BudgetItem.DJBH3_TESTING)),
]
