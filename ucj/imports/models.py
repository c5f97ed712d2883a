import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("being checked")
    FAILED = "failed", _("check failed")
    INVALID = "invalid", _("has errors")
    STAGED = "staged", _("ready to apply")
    APPLYING = "applying", _("being applied")
    APPLIED = "applied", _("applied")
    DISCARDED = "discarded", _("discarded")


class ImportJob(models.Model):
    """One uploaded file: staged, validated, previewed, then applied in one transaction (or not).

    The file itself is kept in the data directory only until it is applied or discarded (or
    abandoned for ``UCJ_IMPORT_RETENTION_HOURS``); the job keeps its name, checksum and the
    counts for the record. A big file is checked by a background task first (``checking``,
    with its progress here; ``failed`` with ``error`` when the check could not finish). The
    error workbook of an invalid file is made once and kept at ``errors_path``. Applying runs in
the background as well ("being applied", with its progress here); when it cannot write, the
job is staged (or invalid) again with the reason in ``error``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.CharField(_("dataset"), max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="imports", verbose_name=_("uploaded by"))
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4)  # xlsx | csv
    checksum = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    stored_path = models.CharField(max_length=500, blank=True)
    errors_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("new"), default=0)
    rows_changed = models.PositiveIntegerField(_("changed"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rows_invalid = models.PositiveIntegerField(_("rows with errors"), default=0)
    rows_warned = models.PositiveIntegerField(_("rows with warnings"), default=0)
    plan_digest = models.CharField(max_length=64, blank=True)
    report = models.JSONField(default=dict, blank=True)  # what the preview shows
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    seconds = models.FloatField(_("processing time (s)"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    error = models.TextField(_("why it failed"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.dataset})"
