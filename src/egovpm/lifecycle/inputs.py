"""Reading a step's payload: every bad value is refused with a message naming its field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, overload

from django.http import HttpRequest
from django.utils.translation import gettext as _

from egovpm.lifecycle.transitions import InvalidStep

MAX_AMOUNT = Decimal("1e15")

# The Chinese name of each input, used in messages (the API also returns the field's key).
FIELD_LABELS = {
    "released_on": "预算下达日期", "amount": "金额", "reason": "原因", "started_on": "启动采购日期",
    "method": "采购方式", "decision": "决定", "note": "说明", "effective_date": "合同生效日期",
    "leader_name": "项目负责人", "leader_title": "负责人职务", "staff_name": "具体负责人",
    "kind": "类型", "firm": "监理单位", "contracted_on": "委托日期", "year": "年度",
    "quarter": "季度", "planned_progress": "计划进度", "actual_progress": "实际进度",
    "amount_spent": "累计支出", "problems": "存在问题", "advice": "整改建议",
    "description": "变更内容及理由", "new_amount": "变更后金额", "approved": "是否同意",
    "held_on": "验收日期", "passed": "验收结果", "opinion": "意见", "rectify_by": "整改期限",
    "plan": "整改方案", "contract_year": "合同年度", "goals_met": "是否实现绩效目标",
    "summary": "自评说明", "file": "文件",
}


def form_payload(request: HttpRequest) -> dict[str, Any]:
    """A step's payload from a form post (the page, or multipart on the API): the fields, the
    one `file`, and the `files.<kind>` uploads as `files` ({kind: file})."""
    payload: dict[str, Any] = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    files = {k.removeprefix("files."): f for k, f in request.FILES.items()
             if k.startswith("files.")}
    if files:
        payload["files"] = files
    if "file" in request.FILES:
        payload["file"] = request.FILES["file"]
    return payload


def label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def text(payload: dict, field: str, *, required: bool = True, max_length: int = 2000) -> str:
    value = payload.get(field)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise InvalidStep(_("“%(field)s”必填") % {"field": label(field)}, field=field)
    if len(value) > max_length:
        raise InvalidStep(
            _("“%(field)s”不能超过 %(n)d 字") % {"field": label(field), "n": max_length}, field=field,
        )
    return value


@overload
def date(
    payload: dict, field: str, *, required: Literal[True] = ..., not_after: dt.date | None = ...,
) -> dt.date: ...
@overload
def date(
    payload: dict, field: str, *, required: bool, not_after: dt.date | None = ...,
) -> dt.date | None: ...
def date(
    payload: dict, field: str, *, required: bool = True, not_after: dt.date | None = None,
) -> dt.date | None:
    value = payload.get(field)
    if value in (None, ""):
        if required:
            raise InvalidStep(_("“%(field)s”必填(日期)") % {"field": label(field)}, field=field)
        return None
    if isinstance(value, dt.datetime):
        raise InvalidStep(_("“%(field)s”须为日期") % {"field": label(field)}, field=field)
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidStep(
                _("“%(field)s”须为 YYYY-MM-DD 格式的日期,收到“%(value)s”")
                % {"field": label(field), "value": value}, field=field,
            ) from None
    if not_after is not None and value > not_after:
        raise InvalidStep(
            _("“%(field)s”不能晚于 %(day)s") % {"field": label(field), "day": not_after.isoformat()},
            field=field,
        )
    return value


@overload
def amount(payload: dict, field: str, *, required: Literal[True] = ...) -> Decimal: ...
@overload
def amount(payload: dict, field: str, *, required: bool) -> Decimal | None: ...
def amount(payload: dict, field: str, *, required: bool = True) -> Decimal | None:
    value = payload.get(field)
    if value in (None, ""):
        if required:
            raise InvalidStep(_("“%(field)s”必填(金额,元)") % {"field": label(field)}, field=field)
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise InvalidStep(_("“%(field)s”须为以元计的十进制金额") % {"field": label(field)}, field=field)
    try:
        result = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidStep(
            _("“%(field)s”须为以元计的十进制金额") % {"field": label(field)}, field=field
        ) from None
    if not result.is_finite() or result < 0 or result >= MAX_AMOUNT:
        raise InvalidStep(_("“%(field)s”金额不合理") % {"field": label(field)}, field=field)
    if result != result.quantize(Decimal("0.01")):
        raise InvalidStep(_("“%(field)s”最多两位小数") % {"field": label(field)}, field=field)
    return result


def integer(payload: dict, field: str, *, low: int, high: int) -> int:
    value = payload.get(field)
    if isinstance(value, bool) or value in (None, ""):
        raise InvalidStep(_("“%(field)s”必填(整数)") % {"field": label(field)}, field=field)
    try:
        result = int(str(value).strip())
    except ValueError:
        raise InvalidStep(_("“%(field)s”须为整数") % {"field": label(field)}, field=field) from None
    if not low <= result <= high:
        raise InvalidStep(
            _("“%(field)s”须在 %(low)d–%(high)d 之间") % {"field": label(field), "low": low, "high": high},
            field=field,
        )
    return result


def boolean(payload: dict, field: str) -> bool:
    value = payload.get(field)
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() in {"true", "1", "yes", "on", "pass", "是"}:
        return True
    if str(value).strip().lower() in {"false", "0", "no", "off", "fail", "否"}:
        return False
    raise InvalidStep(_("“%(field)s”须为是或否") % {"field": label(field)}, field=field)


def choice(payload: dict, field: str, choices: Any) -> str:
    value = str(payload.get(field) or "").strip()
    if value not in choices.values:
        raise InvalidStep(
            _("“%(field)s”须为以下之一:%(values)s")
            % {"field": label(field), "values": "、".join(choices.values)}, field=field,
        )
    return value
