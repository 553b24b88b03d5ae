"""Request and response shapes of the REST API (they document the OpenAPI file too)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class ConflictOut(Schema):
    detail: str
    findings: list[dict[str, Any]] = []


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class BudgetLineIn(Schema):
    """A budget line (POLICY.md §1/§4); extra keys are kept for the engine."""

    model_config = ConfigDict(extra="allow")
    item: str | None = None
    amount: Decimal | None = None
    person_months: Decimal | None = None


class DataFieldIn(Schema):
    name: str = Field(..., description="字段名")
    data_type: str = Field(..., description="数据类型")
    length: int | None = Field(None, description="数据长度")
    primary_key: bool = Field(False, description="主键")
    timestamp: bool = Field(False, description="时间戳")


class DataTableIn(Schema):
    name: str = Field(..., description="表名")
    fields: list[DataFieldIn] = []


class DataCatalogIn(Schema):
    """数据资源目录 (办法 第二十二条)."""

    resource_format: str = Field("", description="资源目录格式")
    collection_method: str = Field("", description="归集方式")
    collection_frequency: str = Field("", description="归集频率")
    sharing_type: str = Field("", description="共享类型")
    sharing_method: str = Field("", description="共享方式")
    update_frequency: str = Field("", description="更新频度")
    tables: list[DataTableIn] = []


class ApplicationIn(Schema):
    """An application in the POLICY.md §1 shape. `history`, `declared_on` and
    `unit.supervisor_approved` are server-side facts: sent values are ignored. `unit`, when
    given, must be the caller's unit. `project_id` marks a re-declaration of a project."""

    model_config = ConfigDict(extra="ignore")
    name: str | None = None
    unit: dict[str, Any] | None = None
    kind: str | None = None
    budget_year: int | None = None
    mid_year_adjustment: bool = False
    total_amount: Decimal | None = None
    hardware_amount: Decimal | None = None
    pure_software: bool = False
    om: dict[str, Any] | None = None
    tender: dict[str, Any] | None = None
    higher_approval: dict[str, Any] | None = None
    cac_filing_approved: bool = False
    key_project: bool = False
    category: dict[str, Any] | None = None
    budget: list[BudgetLineIn] = []
    maintenance: list[dict[str, Any]] = []
    compliance: dict[str, Any] | None = None
    content: str = ""
    period_months: int | None = None
    project_id: int | None = None
    data_catalog: DataCatalogIn | None = None


class ApplicationPatch(ApplicationIn):
    """The fields to change; `version` (optional) must be the current one."""

    mid_year_adjustment: bool | None = None  # type: ignore[assignment]
    pure_software: bool | None = None  # type: ignore[assignment]
    cac_filing_approved: bool | None = None  # type: ignore[assignment]
    key_project: bool | None = None  # type: ignore[assignment]
    budget: list[BudgetLineIn] | None = None  # type: ignore[assignment]
    maintenance: list[dict[str, Any]] | None = None  # type: ignore[assignment]
    content: str | None = None  # type: ignore[assignment]
    version: int | None = None


class CreatedOut(Schema):
    id: int
    state: str
    decision: dict[str, Any] | None


class EventOut(Schema):
    action: str
    actor: str | None
    from_state: str
    to_state: str
    reason: str
    at: datetime.datetime


class ApplicationSummaryOut(Schema):
    id: int
    name: str
    kind: str
    state: str
    unit: str
    route: str
    decision: dict[str, Any] | None
    events: list[EventOut]
    total_amount: Decimal
    budget_year: int
    declared_on: datetime.date | None
    updated_at: datetime.datetime


class AssessmentOut(Schema):
    id: int
    kind: str
    assignee: str
    result: str
    round: int
    opinion: str
    report_id: int | None
    reported_on: datetime.date | None


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str
    size: int
    content_type: str
    sm3: str
    uploaded_by: str
    uploaded_at: datetime.datetime


class RelatedProjectOut(Schema):
    """A similarly named earlier project of the same unit, with its assessment failures."""

    project_id: int
    name: str
    similarity: float
    latest_application_id: int
    latest_state: str
    third_party_failures: int
    expert_failures: int
    suspended_until: datetime.date | None


class ApplicationOut(Schema):
    id: int
    name: str
    kind: str
    state: str
    unit: dict[str, Any]
    project_id: int
    route: str
    computed_route: str
    route_override_reason: str
    decision: dict[str, Any] | None
    decision_frozen: bool
    policy: str
    declared_on: datetime.date | None
    suspended_until: datetime.date | None
    supervisor_approved: bool
    reserve_priority_year: int | None
    approved_amount: Decimal | None
    version: int
    fields: dict[str, Any]
    data_catalog: dict[str, Any] | None
    events: list[EventOut]
    assessments: list[AssessmentOut]
    attachments: list[AttachmentOut]
    actions: list[str]
    # Office and auditor only (规则 五(四)3 counts failures per project; a renamed project).
    related_projects: list[RelatedProjectOut] = []


class ActionIn(Schema):
    """`reason`, plus what the action needs: `office_accept` takes `assessors`
    ({"third_party": USERNAME, "expert": USERNAME}) and an optional `route` override (then
    `reason` is required).

    The joint meeting's outcomes (`meeting_*`) and reconsiderations (`reconsider_*`) are internal:
    this endpoint refuses them (409). An approved amount and conditions are recorded with the
    meeting's decision (`POST /api/v1/meetings/{id}/decisions`) and take effect when the chair
    signs the minutes (规则 四(五)); `approved_amount` and `conditions` here change nothing."""

    model_config = ConfigDict(extra="allow")
    reason: str = ""
    assessors: dict[str, str] | None = None
    route: str | None = None
    approved_amount: Decimal | None = None
    conditions: str | None = None


class StateOut(Schema):
    id: int
    state: str
    route: str


class ReportIn(Schema):
    result: Literal["pass", "fail"]
    opinion: str = ""
    attachment_id: int | None = None


class ReportOut(Schema):
    id: int
    result: str
    state: str


class TodoItemOut(Schema):
    application_id: int | None  # None: an item about no application (a meeting to prepare, …)
    name: str
    unit: str
    state: str
    actions: list[str]
    assessment_id: int | None
    since: datetime.datetime
    # Items other modules add (egovpm.review.todo): where from, what, where to act, by when.
    source: str = "review"
    title: str = ""
    link: str = ""
    overdue: bool = False
    due_date: datetime.date | None = None


class DoneItemOut(Schema):
    application_id: int
    name: str
    state: str
    last_action: str
    at: datetime.datetime


class TodoOut(Schema):
    todo: list[TodoItemOut]
    done: list[DoneItemOut]


class ProjectOut(Schema):
    id: int
    name: str
    suspended_until: datetime.date | None
