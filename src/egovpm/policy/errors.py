"""Errors raised by the policy engine."""

from __future__ import annotations

# Chinese names of the fields an officer sees in an error message (last path segment).
FIELD_LABELS: dict[str, str] = {
    "application": "申报内容",
    "kind": "项目类型",
    "declared_on": "申报日期",
    "budget_year": "预算年度",
    "mid_year_adjustment": "中期预算调整",
    "total_amount": "建设金额",
    "hardware_amount": "硬件建设金额",
    "pure_software": "纯软件开发项目",
    "om": "运维信息",
    "first_application": "是否首次申请运维经费",
    "previous_amount": "上年度运维经费",
    "tender": "招标方式",
    "mode": "招标方式",
    "contract_year": "合同年度",
    "higher_approval": "上级审批信息",
    "doc_no": "上级审批文号",
    "argument_conclusion": "论证结论",
    "standard_and_amount_defined": "建设标准和金额已明确",
    "cac_filing_approved": "区委网信办备案同意",
    "key_project": "年度重点数字化项目",
    "unit": "申报单位",
    "supervisor_approved": "主管部门审核同意",
    "category": "通用类配置类别",
    "type": "类别",
    "scale": "规模",
    "person_months": "人月数",
    "servers": "服务器数量",
    "endpoints": "视频会议接入点数",
    "area_m2": "机房面积",
    "seats": "坐席数",
    "budget": "预算明细",
    "maintenance": "运维明细",
    "item": "费用项目",
    "amount": "金额",
    "purchase_amount": "购置费",
    "dev_amount": "原软件开发费",
    "device_class": "设备维护类别",
    "device_type": "设备类型",
    "software_class": "产品软件类别",
    "complexity": "功能复杂度",
    "compliance": "合规信息",
    "system_count_change": "业务系统数量变化",
    "djbh_level": "等保级别",
    "xinchuang_exemption": "不按信创建设的手续",
    "attachments": "申报材料",
    "history": "历史记录",
    "third_party_failures": "第三方论证未通过记录",
    "expert_failures": "专家论证未通过记录",
}


def field_label(path: str) -> str:
    """The Chinese name of the last segment of a field path (``budget[3].amount`` -> 金额)."""
    last = path.rsplit(".", 1)[-1].split("[", 1)[0]
    return FIELD_LABELS.get(last, last)


class InvalidApplication(ValueError):
    """The application cannot be evaluated; ``field`` is the path of the offending value."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field_label(field)}({field}){reason}")


class UnknownPack(LookupError):
    """No policy pack has that name, or none is in force on that date."""
