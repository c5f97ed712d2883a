"""Generated reports, archived: the file as it was made, with the versions of the data it used,
so that an old report downloads again unchanged and anyone can tell whether the data has
changed since."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MONEV_PDF = "monev_pdf", _("Monev report (PDF)")
    WORKBOOK = "workbook", _("Data workbook (Excel)")
    BRIEF_PDF = "brief_pdf", _("Meeting brief (PDF)")


# The kinds ordered on the reports page; a meeting brief is ordered from its meeting's brief.
ORDERABLE = [(value, label) for value, label in Kind.choices if value != Kind.BRIEF_PDF]
EXTENSIONS = {Kind.MONEV_PDF: "pdf", Kind.WORKBOOK: "xlsx", Kind.BRIEF_PDF: "pdf"}
CONTENT_TYPES = {
    Kind.MONEV_PDF: "application/pdf",
    Kind.BRIEF_PDF: "application/pdf",
    Kind.WORKBOOK: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Status(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


def report_path(instance: Report, filename: str) -> str:
    return f"reports/{instance.requested_at:%Y}/{instance.pk}-{filename}"


class Report(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=10,
                              help_text=_("YYYY-MM, YYYY-Qn or YYYY"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="reports",
                               verbose_name=_("region"))
    # A meeting brief's meeting (kind BRIEF_PDF; the region is the meeting's). The brief
    # follows its reader's scope: it is made for, and fetched by, who ordered it (and who
    # runs the meeting), docs/decisions.md 129.
    meeting = models.ForeignKey("forums.Meeting", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="brief_reports",
                                verbose_name=_("meeting"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    reference_month = models.DateField(_("data month"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    data_versions = models.JSONField(_("data versions"), default=dict, blank=True)
    data_digest = models.CharField(_("data digest"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     db_index=False, verbose_name=_("requested by"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} {self.region.short_name}"

    @property
    def finished(self) -> bool:
        return self.status in (Status.DONE, Status.FAILED)
