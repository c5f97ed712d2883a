"""Coordination forums (DESIGN §4 Forum): meetings (rakor) with their attendees, minutes and
files; the challenges they map; the action items (langkah strategis) they agree, followed
through a timeline of updates until done. State changes go through ``ucj.forums.services``."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ucj.accounts.models import Role


class Agency(models.Model):
    """A government unit or body that attends meetings and owns action items (BPKAD, Bappeda,
    Disnaker, BPJS TK, …). The same agency kind exists in every region; the region is said
    separately."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("short name"), max_length=60)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The role whose users work for this agency (a BPJS branch's operators for BPJS TK): they
    # update only this agency's action items in their regions (ucj.accounts.scope).
    operator_role = models.CharField(
        _("its users' role"), max_length=20, choices=Role.choices, blank=True,
        help_text=_("Users of this role update only this agency's action items."))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class MeetingLevel(models.TextChoices):
    PROVINCE = "province", _("Province coordination meeting")
    REGION = "region", _("Regency/city meeting")


class Meeting(models.Model):
    """A coordination meeting. A province meeting belongs to the province region, a regency
    meeting to its regency."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=MeetingLevel.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="meetings",
                               verbose_name=_("region"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True,
                               help_text=_("Markdown: **bold**, lists with “-”, headings with “#”."))
    decisions = models.TextField(_("decisions"), blank=True,
                                 help_text=_("Markdown. Action items are recorded separately."))
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", db_index=False,
                                   verbose_name=_("created by"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", db_index=False,
                                   verbose_name=_("changed by"))

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d-%m-%Y})"

    @property
    def starts_at(self) -> dt.datetime:
        """When the meeting starts, in the local time zone (TIME_ZONE): its date at its start
        time, or at 00.00 when it has none. A meeting's brief counts progress from the start of
        the previous meeting up to this moment (docs/decisions.md 51)."""
        return timezone.make_aware(dt.datetime.combine(self.date, self.start_time or dt.time.min))

    def timing(self, today: dt.date) -> str:
        """``past``, ``today`` or ``upcoming`` for a local date (``timezone.localdate()``): a
        meeting held today is today's all day long, whatever its start time."""
        if self.date < today:
            return "past"
        return "today" if self.date == today else "upcoming"


class Attendance(models.TextChoices):
    INVITED = "invited", _("invited")
    PRESENT = "present", _("present")
    REPRESENTED = "represented", _("represented")
    ABSENT = "absent", _("absent")


class Attendee(models.Model):
    """An agency of a region invited to a meeting, and whether it came. The person's name and
    position are optional: what monev follows is which agency of which region attended."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees",
                                verbose_name=_("meeting"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    attendance = models.CharField(_("attendance"), max_length=12, choices=Attendance.choices,
                                  default=Attendance.INVITED)

    class Meta:
        ordering = ["region__code", "agency__order", "agency__name", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "region", "agency"],
                                               name="attendee_meeting_region_agency")]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return f"{self.agency} {self.region.short_name}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"forums/{instance.meeting_id}/{uuid.uuid4().hex}-{filename[-80:]}"


class Attachment(models.Model):
    """A file of a meeting (invitation, presentation, signed minutes, photo): PDF, PNG or JPEG,
    checked by content, size-limited. Served through a scoped, audited view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments",
                                verbose_name=_("meeting"))
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", db_index=False,
                                    verbose_name=_("uploaded by"))

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ChallengeCategory(models.TextChoices):
    BUDGET = "budget", _("Budget and efficiency cuts")
    DATA = "data", _("Data quality")
    REGULATION = "regulation", _("Regulation/Perkada")
    COORDINATION = "coordination", _("Coordination between agencies")
    AWARENESS = "awareness", _("Public awareness")
    OTHER = "other", _("Other")


class ChallengeStatus(models.TextChoices):
    OPEN = "open", _("open")
    ADDRESSING = "addressing", _("being addressed")
    RESOLVED = "resolved", _("resolved")


class Challenge(models.Model):
    """A challenge mapped in a meeting for a region (the province for province-wide ones), with
    the indicators it holds back."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                               related_name="forum_challenges", verbose_name=_("region"))
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="challenges",
                                verbose_name=_("raised in"))
    category = models.CharField(_("category"), max_length=15, choices=ChallengeCategory.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ChallengeStatus.choices,
                              default=ChallengeStatus.OPEN)
    indicators = models.JSONField(_("linked indicators"), default=list, blank=True,
                                  help_text=_("Keys of the indicators this challenge holds back."))
    resolved_at = models.DateField(_("resolved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", db_index=False,
                                   verbose_name=_("created by"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", db_index=False,
                                   verbose_name=_("changed by"))
    is_synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        ordering = ["region__code", "-meeting__date", "id"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    BLOCKED = "blocked", _("blocked")


# Which status may follow which (ucj.forums.services.action_update checks it). Reopening a
# done item is the province's call.
TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.PLANNED: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.DONE,
                                     ActionStatus.BLOCKED}),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.DONE, ActionStatus.BLOCKED}),
    ActionStatus.BLOCKED: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.PLANNED}),
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
}


class ActionItem(models.Model):
    """A strategic step agreed in a meeting: who does it (a region, an agency, or an agency of
    a region), by when, and how far it is. Its history is the timeline of updates."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_items",
                                verbose_name=_("agreed in"))
    challenge = models.ForeignKey(Challenge, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="action_items", verbose_name=_("challenge"))
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_region = models.ForeignKey("regions.Region", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="forum_actions",
                                     verbose_name=_("owner region"))
    owner_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="actions", verbose_name=_("owner agency"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0,
                                                validators=[MaxValueValidator(100)])
    done_at = models.DateField(_("done on"), null=True, blank=True)
    last_update_at = models.DateTimeField(_("last update"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", db_index=False,
                                   verbose_name=_("created by"))
    is_synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_region__isnull=False) | models.Q(owner_agency__isnull=False),
                name="action_item_has_owner",
                violation_error_message=_("Say who owns the action: a region, an agency or both.")),
            models.CheckConstraint(condition=models.Q(progress__lte=100),
                                   name="action_item_progress_max_100"),
        ]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title

    @property
    def owner_label(self) -> str:
        parts = [str(self.owner_agency) if self.owner_agency_id else "",
                 self.owner_region.short_name if self.owner_region_id else ""]
        return " ".join(p for p in parts if p)

    def is_overdue(self, today: dt.date) -> bool:
        """Past its due date and not done (due today is not overdue yet)."""
        return self.status != ActionStatus.DONE and self.due_date < today

    def days_left(self, today: dt.date) -> int:
        return (self.due_date - today).days


def evidence_path(instance: ActionUpdate, filename: str) -> str:
    return f"forums/actions/{instance.action_id}/{uuid.uuid4().hex}-{filename[-80:]}"


class ActionUpdate(models.Model):
    """One entry of an action item's timeline: a comment, the status and progress it set, and
    the evidence it brought (a file, or a commitment, allocation or realization of the
    system). Append-only."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates",
                               verbose_name=_("action item"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+", db_index=False,
                               verbose_name=_("by"))
    comment = models.TextField(_("comment"), blank=True)
    status_before = models.CharField(_("status before"), max_length=12,
                                     choices=ActionStatus.choices, blank=True)
    status_after = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    progress_before = models.PositiveSmallIntegerField(_("progress before (%)"), null=True,
                                                       blank=True)
    progress_after = models.PositiveSmallIntegerField(_("progress (%)"),
                                                      validators=[MaxValueValidator(100)])
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_type = models.CharField(_("evidence file type"), max_length=40, blank=True)
    commitment = models.ForeignKey("budget.Commitment", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("commitment"))
    allocation = models.ForeignKey("budget.Allocation", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("allocation"))
    realization = models.ForeignKey("budget.Realization", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("realization"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")

    def __str__(self) -> str:
        return f"{self.action} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.commitment_id or self.allocation_id
                    or self.realization_id)

    @property
    def linked_record(self):
        return self.realization or self.allocation or self.commitment
