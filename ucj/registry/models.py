"""The beneficiary registry: uploaded lists and participant files, match runs over them, and
the funded workers (enrollments). Person-level rows of a list live in the run's Parquet file
(``engine.py``); the database keeps what the pages need."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ucj.core.models import YEAR_VALIDATORS


class Kind(models.TextChoices):
    BENEFICIARIES = "beneficiaries", _("beneficiary list")
    PARTICIPANTS = "participants", _("BPJS participant file")
    DECEASED = "deceased", _("deceased list")


class SourceFile(models.Model):
    """An uploaded file: kept only until it is processed (unless a retention is configured);
    its checksum stays as the record of what was used."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True,
                                            validators=YEAR_VALIDATORS)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    header = models.JSONField(_("columns"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    # how the stored CSV is read: its delimiter, and the row of the original file (or sheet)
    # that holds the header (title rows above it are not stored), so that row numbers are the
    # file's own; and the columns of a workbook holding numbers ({column: first row}), which
    # cannot be the NIK (Excel keeps 15 digits)
    delimiter = models.CharField(_("delimiter"), max_length=1, default=",")
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    number_columns = models.JSONField(_("columns holding numbers"), default=dict, blank=True)
    path = models.CharField(_("stored file"), max_length=500, blank=True)
    parquet_path = models.CharField(_("processed file"), max_length=500, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    deleted_at = models.DateTimeField(_("raw file deleted at"), null=True, blank=True)
    # why processing failed: a row number and a reason, never the file's content
    error = models.TextField(_("error"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+", db_index=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self) -> str:
        return self.original_name


class ParticipantData(models.Model):
    """The rows of one region (a regency) from one BPJS participant file, as pseudonyms in a
    Parquet file of their own. A list is matched, per region, against the latest of these: a
    branch's file never replaces another region's participants."""

    source = models.ForeignKey(SourceFile, on_delete=models.PROTECT, related_name="regions",
                               verbose_name=_("participant file"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))
    path = models.CharField(_("processed file"), max_length=500)
    participants = models.PositiveIntegerField(_("participants"))
    active = models.PositiveIntegerField(_("active participants"))
    last_paid_month = models.DateField(_("latest month paid"), null=True, blank=True)

    class Meta:
        ordering = ["region__code", "-source__processed_at"]
        constraints = [models.UniqueConstraint(fields=["source", "region"],
                                               name="participant_data_file_region")]
        verbose_name = _("participant data of a region")
        verbose_name_plural = _("participant data of regions")

    def __str__(self) -> str:
        return f"{self.source} · {self.region_id}"


class ColumnMapping(models.Model):
    """The column mapping a user chose for a file layout, offered again for the same header."""

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    header_signature = models.CharField(_("header"), max_length=64)
    mapping = models.JSONField(_("column mapping"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", db_index=False)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "header_signature"],
                                               name="mapping_kind_header")]

    def __str__(self) -> str:
        return f"{self.kind} {self.header_signature[:8]}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


STAGES = {
    "read": _("reading the file"), "validate": _("checking NIKs and fields"),
    "duplicates": _("finding duplicates"), "match": _("matching participants and other lists"),
    "encrypt": _("encrypting NIKs"), "write": _("storing the results"), "done": _("done"),
}


class MatchRun(models.Model):
    """One validation-and-matching job over a list: inputs (with checksums), progress, counts
    per outcome, timing and who ran it. Its rows are in ``result_path``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    list_file = models.ForeignKey(SourceFile, on_delete=models.PROTECT, related_name="runs",
                                  verbose_name=_("list"))
    participants_file = models.ForeignKey(SourceFile, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="+",
                                          verbose_name=_("participant file"))
    deceased_file = models.ForeignKey(SourceFile, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("deceased list"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=30, blank=True)
    cancel_requested = models.BooleanField(default=False)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    reasons = models.JSONField(_("reasons"), default=dict, blank=True)
    flags = models.JSONField(_("flags"), default=dict, blank=True)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    seconds = models.FloatField(_("duration (s)"), null=True, blank=True)
    result_path = models.CharField(max_length=500, blank=True)
    nonce = models.CharField(max_length=32, blank=True)
    is_current = models.BooleanField(_("current list of the region"), default=False)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", db_index=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")

    def __str__(self) -> str:
        return f"{self.list_file} · {self.region.short_name} {self.year}"

    @property
    def stage_label(self):
        return STAGES.get(self.stage, self.stage)

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED, RunStatus.CANCELLED)


class EnrollmentStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    REGISTERED = "registered", _("registered")
    ACTIVE = "active", _("active")
    LAPSED = "lapsed", _("lapsed")


class Enrollment(models.Model):
    """A worker chosen for funding from an allocation: what goes into the registration file
    and is tracked in the later BPJS participant files."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               db_index=False, verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    allocation = models.ForeignKey("budget.Allocation", on_delete=models.PROTECT,
                                   related_name="enrollments", verbose_name=_("allocation"))
    run = models.ForeignKey(MatchRun, on_delete=models.PROTECT, related_name="enrollments")
    row_no = models.PositiveIntegerField(_("row in the list"))
    nik_hash = models.CharField(max_length=40)  # the pseudonym: two 64-bit halves, 20 digits each
    nik_masked = models.CharField(_("NIK"), max_length=16)
    nik_enc = models.CharField(max_length=20)  # the encrypted NIK (an unsigned 64-bit number)
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("birth date"), null=True)
    sex = models.CharField(_("sex"), max_length=1)
    village_code = models.CharField(_("village"), max_length=20, blank=True)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    desil = models.PositiveSmallIntegerField(_("DTSEN desil"), null=True)
    start_month = models.DateField(_("first month covered"))
    status = models.CharField(_("status"), max_length=10, choices=EnrollmentStatus.choices,
                              default=EnrollmentStatus.SUBMITTED)
    last_paid_month = models.DateField(_("last month paid"), null=True, blank=True)
    paid_months = models.PositiveSmallIntegerField(_("months paid"), default=0)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region__code", "row_no"]
        constraints = [models.UniqueConstraint(fields=["year", "nik_hash"],
                                               name="enrollment_year_person")]
        indexes = [models.Index(fields=["region", "year", "status"])]
        verbose_name = _("funded worker")
        verbose_name_plural = _("funded workers")

    def __str__(self) -> str:
        return f"{self.nik_masked} · {self.region_id} {self.year}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being prepared")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ResultExport(models.Model):
    """A run's results CSV in one form (whole or coarse rows) with one set of filters, written
    once by the background worker next to the run's Parquet file and then served as a file.
    ``variant`` is a digest of the form and the filters: a user is only ever served the
    variant of the form the capability table gives them (``views.run_export``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="exports")
    variant = models.CharField(max_length=64)
    personal = models.BooleanField(_("whole rows"))
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices,
                              default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    path = models.CharField(_("stored file"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", db_index=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["run", "variant"],
                                               name="result_export_run_variant")]
        verbose_name = _("results file")
        verbose_name_plural = _("results files")

    def __str__(self) -> str:
        return f"{self.run_id} · {self.variant[:8]}"

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
