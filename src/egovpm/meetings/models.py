"""The joint meeting (联席会议, 规则 二 and 四): seats, meetings, agendas, decisions, minutes.

Membership is modelled as seats, not units: 规则 二 lets a unit be replaced by the one that takes
over its function (自然替补) without the seat changing. A meeting copies the seats, units and
representatives it had when it was created (`MeetingMember`), so history stays as it was.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MemberSeat(models.Model):
    """One of the member seats of 规则 二; its identity survives reorganisations."""

    number = models.PositiveSmallIntegerField(_("序号"), unique=True)
    title = models.CharField(_("席位"), max_length=100, help_text=_("规则 二 所列成员单位名称"))
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("成员单位席位")
        verbose_name_plural = _("成员单位席位")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.title


class SeatHolding(models.Model):
    """Which unit holds a seat, and since when (a new holding = 自然替补)."""

    seat = models.ForeignKey(MemberSeat, on_delete=models.PROTECT, related_name="holdings")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="seat_holdings")
    valid_from = models.DateField(_("起始日期"))
    valid_to = models.DateField(_("终止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("席位承担单位")
        verbose_name_plural = _("席位承担单位")
        ordering = ["seat__number", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["seat"], condition=Q(valid_to__isnull=True), name="one_current_holding_per_seat"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="holding_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat} — {self.unit}"


class SeatRepresentative(models.Model):
    """The person who represents a seat (分管领导); replaced by a new row (自然替补)."""

    seat = models.ForeignKey(MemberSeat, on_delete=models.PROTECT, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="seat_representations"
    )
    valid_from = models.DateField(_("起始日期"))
    valid_to = models.DateField(_("终止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("成员代表")
        verbose_name_plural = _("成员代表")
        ordering = ["seat__number", "valid_from"]

    def __str__(self) -> str:
        return f"{self.seat} — {self.user}"


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("例会")  # 规则 四(二): convened after the reviews
    AD_HOC = "ad_hoc", _("临时会议")  # 规则 四(二): called by the 分管副区长; fast track
    WRITTEN = "written", _("书面审议")  # 规则 四(二): written opinions, chair signs in writing


class MeetingState(models.TextChoices):
    DRAFT = "draft", _("议题拟定中")  # the office drafts the agenda
    AGENDA_APPROVED = "agenda_approved", _("议题已审定")  # the chair approved it; notices may go out
    OPEN = "open", _("会议进行中")  # attendance and decisions are recorded
    SIGNED = "signed", _("纪要已签发")  # the chair signed; decisions took effect
    CANCELLED = "cancelled", _("已取消")


class Meeting(models.Model):
    kind = models.CharField(_("会议类型"), max_length=10, choices=MeetingKind.choices)
    date = models.DateField(_("会议日期"))
    title = models.CharField(_("会议名称"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=MeetingState.choices, default=MeetingState.DRAFT
    )
    # The quorum rule in force when the meeting was created (规则 四(三), a pack parameter).
    quorum_numerator = models.PositiveSmallIntegerField(_("法定人数分子"))
    quorum_denominator = models.PositiveSmallIntegerField(_("法定人数分母"))
    # False: 以上 includes the number (at least the fraction, POLICY.md §7); True: 过半数.
    quorum_strict = models.BooleanField(_("须超过该比例"), default=False)
    policy_pack = models.CharField(_("政策包"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    agenda_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agenda_approved_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("取消原因"), blank=True)

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0)
                & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="quorum_fraction_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="signed") | Q(signed_at__isnull=False, signed_by__isnull=False),
                name="signed_meeting_has_signature",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.date:%Y年%m月%d日}{self.get_kind_display()}"


class Attendance(models.TextChoices):
    UNRECORDED = "unrecorded", _("未登记")
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")


class MeetingMember(models.Model):
    """A seat as it was at this meeting: the unit holding it and its representative then."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    seat = models.ForeignKey(MemberSeat, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("成员单位"), max_length=100)
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attendance = models.CharField(
        _("出席情况"), max_length=12, choices=Attendance.choices, default=Attendance.UNRECORDED
    )
    leave_opinion = models.TextField(_("书面意见"), blank=True)
    leave_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("会议成员")
        verbose_name_plural = _("会议成员")
        ordering = ["meeting", "seat__number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="one_member_per_seat"),
        ]

    def __str__(self) -> str:
        return self.unit_name


class ItemKind(models.TextChoices):
    APPLICATION = "application", _("项目申报")
    PLAN = "plan", _("年度计划")
    CHANGE = "change", _("项目变更")  # a change request of an approved project (规则 五(五)5)
    STOP_REVIEW = "stop_review", _("停止实施审议")  # no procurement half a year on (五(五)1)
    RECONSIDERATION = "reconsideration", _("复议")
    OTHER = "other", _("其他事项")


class AgendaItem(models.Model):
    """One item of the agenda with the office's opinion on it (规则 四(四))."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("议题类型"), max_length=20, choices=ItemKind.choices)
    application = models.ForeignKey(
        "declarations.Application", null=True, blank=True, on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    reconsideration = models.ForeignKey(
        "meetings.Reconsideration", null=True, blank=True, on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    change_request = models.ForeignKey(
        "lifecycle.ChangeRequest", null=True, blank=True, on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    lifecycle = models.ForeignKey(
        "lifecycle.ProjectLifecycle", null=True, blank=True, on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    title = models.CharField(_("议题"), max_length=300)
    office_opinion = models.TextField(_("办公室意见"), blank=True)

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "application"], condition=Q(application__isnull=False),
                name="application_once_per_agenda",
            ),
            models.CheckConstraint(
                condition=~Q(kind="application") | Q(application__isnull=False),
                name="application_item_names_application",
            ),
            models.CheckConstraint(
                condition=~Q(kind="stop_review") | Q(lifecycle__isnull=False),
                name="stop_review_item_names_project",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Outcome(models.TextChoices):
    APPROVE = "approve", _("审核同意")
    FILE = "file", _("备案同意")
    DEFER = "defer", _("暂缓")
    RESERVE = "reserve", _("列入后备库")
    REJECT = "reject", _("不予通过")
    # On a change request (规则 五(五)5) and on a stop review (五(五)1).
    CONSENT = "consent", _("同意变更")
    REFUSE = "refuse", _("不同意变更")
    STOP = "stop", _("停止实施")
    CONTINUE = "continue", _("继续实施")
    # On a reconsideration (复议, 规则 四(七)): keep the decision; a revision records the new
    # outcome (approve … reject) instead.
    UPHOLD = "uphold", _("维持原决定")


class Decision(models.Model):
    """The meeting's decision on one item; it moves the application only when minutes are signed."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("决定"), max_length=10, choices=Outcome.choices)
    approved_amount = models.DecimalField(
        _("核定金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    conditions = models.TextField(_("条件或需补充的内容"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    effective_at = models.DateTimeField(_("生效时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议决定")
        verbose_name_plural = _("会议决定")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gte=0),
                name="approved_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} — {self.get_outcome_display()}"


class OpinionStance(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")
    ABSTAIN = "abstain", _("弃权")


class WrittenOpinion(models.Model):
    """A member's written opinion on an item (书面审议, 规则 四(二))."""

    member = models.ForeignKey(MeetingMember, on_delete=models.CASCADE, related_name="opinions")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="opinions")
    stance = models.CharField(_("意见"), max_length=10, choices=OpinionStance.choices)
    text = models.TextField(_("说明"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("书面意见")
        verbose_name_plural = _("书面意见")
        constraints = [
            models.UniqueConstraint(fields=["member", "item"], name="one_opinion_per_member_item"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_stance_display()}"


class ReconsiderationState(models.TextChoices):
    FILED = "filed", _("已提请")  # the office filed it
    ON_AGENDA = "on_agenda", _("提请联席会议复议")  # put on a later meeting's agenda
    UPHELD = "upheld", _("维持原决定")
    REVISED = "revised", _("变更原决定")


class Reconsideration(models.Model):
    """A request to reconsider a decision (复议, 规则 四(七)), filed by the office."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="reconsiderations")
    reason = models.TextField(_("复议理由"))
    state = models.CharField(
        _("状态"), max_length=12, choices=ReconsiderationState.choices,
        default=ReconsiderationState.FILED,
    )
    resolution = models.TextField(_("处理意见"), blank=True)
    # A revision's new outcome (approve, file, defer, reserve, reject), with its terms.
    new_outcome = models.CharField(_("变更后的决定"), max_length=10, choices=Outcome.choices,
                                   blank=True)
    approved_amount = models.DecimalField(
        _("核定金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    conditions = models.TextField(_("条件或需补充的内容"), blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("复议")
        verbose_name_plural = _("复议")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"复议：{self.decision}"


class Notification(models.Model):
    """An in-app message, e.g. the approved list sent to members and applicants (抄送)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(_("类型"), max_length=40)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title
