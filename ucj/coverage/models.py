from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from ucj.core.formatting import format_month
from ucj.core.models import (
    YEAR_VALIDATORS,
    FundingSource,
    Payer,
    TrackedModel,
    region_level_error,
)
from ucj.regions.models import Level

REGENCY_ONLY = (Level.REGENCY,)


class Segment(models.TextChoices):
    PU = "PU", _("PU (wage earners)")
    BPU = "BPU", _("BPU (non-wage earners)")
    JAKON = "JAKON", _("Jakon (construction)")
    PMI = "PMI", _("PMI (migrant workers)")


class WorkforceDenominator(TrackedModel):
    """Region × year: the UCJ denominator and the populations around it (published inputs)."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="denominators",
        db_index=False,  # the natural-key unique index starts with it
        verbose_name=_("region"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    workforce_potential = models.PositiveBigIntegerField(
        _("workforce potential"),
        help_text=_("Potensi tenaga kerja: the UCJ denominator, as published."),
    )
    employed = models.PositiveBigIntegerField(_("employed population"), null=True, blank=True)
    informal = models.PositiveBigIntegerField(_("informal workers"), null=True, blank=True)
    vulnerable_target = models.PositiveBigIntegerField(
        _("vulnerable-worker target population"), null=True, blank=True
    )
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-year", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"], name="denominator_region_year",
                violation_error_message=_(
                    "There is already a workforce denominator for this region and year."
                ),
            ),
        ]
        verbose_name = _("workforce denominator")
        verbose_name_plural = _("workforce denominators")

    def __str__(self) -> str:
        return f"{self.region.short_name} {self.year}"

    def clean(self):
        errors = {}
        if self.region_id and (message := region_level_error(self.region, REGENCY_ONLY)):
            errors["region"] = message
        if self.employed is not None and self.informal is not None and self.informal > self.employed:
            errors["informal"] = _("Informal workers cannot exceed the employed population.")
        if errors:
            raise ValidationError(errors)


# Who pays for the government-funded workers (ucj.core.models.Payer), by their count fields:
# DBHCHT is received by the province and by the regencies, so it has a count for each.
FUNDED_BY_PAYER = {"province": ("funded_apbd_prov", "funded_dbhcht_prov"),
                   "regency": ("funded_apbd_kabkota", "funded_dbhcht"),
                   "village": ("funded_dana_desa",),
                   "other": ("funded_other",)}
FUNDED_FIELDS = [
    "funded_apbd_prov", "funded_apbd_kabkota", "funded_dbhcht", "funded_dbhcht_prov",
    "funded_dana_desa", "funded_other",
]


def funded_sum(payer: str | None = None):
    """Σ of the funded counts, for ``annotate``/``aggregate``: every payer and fund, or those
    of one payer (``FUNDED_BY_PAYER``)."""
    first, *rest = FUNDED_BY_PAYER[payer] if payer else FUNDED_FIELDS
    total = Sum(first)
    for name in rest:
        total += Sum(name)
    return total


def funded_field(funding_source: str, payer: str) -> str:
    """The count of a worker paid from this fund by this payer: ``funded_<fund>``, except the
    province's DBHCHT (``funded_dbhcht_prov``). A fund implies its payer but DBHCHT."""
    if funding_source == FundingSource.DBHCHT and payer == Payer.PROVINCE:
        return "funded_dbhcht_prov"
    return f"funded_{funding_source}"


class ParticipationSnapshot(TrackedModel):
    """Region × month × segment: BPJS Ketenagakerjaan participants at month end."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="participation",
        db_index=False,  # the natural-key unique index starts with it
        verbose_name=_("region"),
    )
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    segment = models.CharField(_("segment"), max_length=5, choices=Segment.choices)
    active = models.PositiveBigIntegerField(_("active participants"))
    new = models.PositiveBigIntegerField(_("new participants"), default=0)
    lapsed = models.PositiveBigIntegerField(_("lapsed participants"), default=0)
    funded_apbd_prov = models.PositiveBigIntegerField(_("funded by APBD provinsi"), default=0)
    funded_apbd_kabkota = models.PositiveBigIntegerField(
        _("funded by APBD kabupaten/kota"), default=0
    )
    funded_dbhcht = models.PositiveBigIntegerField(_("funded by the regency's DBHCHT"), default=0)
    funded_dbhcht_prov = models.PositiveBigIntegerField(
        _("funded by the province's DBHCHT"), default=0
    )
    funded_dana_desa = models.PositiveBigIntegerField(_("funded by Dana Desa/APBDes"), default=0)
    funded_other = models.PositiveBigIntegerField(_("funded by CSR/other"), default=0)
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-month", "region__code", "segment"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month", "segment"], name="participation_region_month_segment",
                violation_error_message=_(
                    "There is already a participation snapshot for this region, month and segment."
                ),
            ),
        ]
        verbose_name = _("participation snapshot")
        verbose_name_plural = _("participation snapshots")

    def __str__(self) -> str:
        return f"{self.region.short_name} {format_month(self.month)} {self.segment}"

    @property
    def funded_total(self) -> int:
        return ((self.funded_apbd_prov or 0) + (self.funded_apbd_kabkota or 0)
                + (self.funded_dbhcht or 0) + (self.funded_dbhcht_prov or 0)
                + (self.funded_dana_desa or 0)
                + (self.funded_other or 0))  # FUNDED_FIELDS, spelled out: imports call it 100,000×

    def clean(self):
        errors = {}
        if self.region_id and (message := region_level_error(self.region, REGENCY_ONLY)):
            errors["region"] = message
        if self.month and self.month.day != 1:
            errors["month"] = _("A month is stored as its first day.")
        if self.active is not None and self.funded_total > self.active:
            errors["funded_apbd_prov"] = _(
                "Government-funded participants (%(funded)s) cannot exceed active participants "
                "(%(active)s)."
            ) % {"funded": self.funded_total, "active": self.active}
        if errors:
            raise ValidationError(errors)


# --- national scale (issue 21): participation summed over segments, kept by the database ----

class ParticipationMonth(models.Model):
    """Region × month: the participation snapshots of every segment summed, a summary the
    database keeps itself (triggers installed by migration 0004, on PostgreSQL and SQLite), on
    every insert, change and delete of ``ParticipationSnapshot`` rows, bulk writes, imports and
    raw SQL included. The indicator engine reads it instead of summing the snapshots on every
    request (decision 186). Never written by the application."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.DO_NOTHING, related_name="+",
        db_index=False,  # the unique index starts with it
    )
    month = models.DateField()
    segments = models.IntegerField()  # snapshot rows summed (0: the row is removed)
    synthetic = models.IntegerField()  # … of them synthetic (no CHECK: a delta may be < 0)
    active = models.BigIntegerField()
    lapsed = models.BigIntegerField()
    funded = models.BigIntegerField()  # every payer and fund (FUNDED_FIELDS)
    funded_regency = models.BigIntegerField()  # FUNDED_BY_PAYER["regency"]
    funded_province = models.BigIntegerField()  # FUNDED_BY_PAYER["province"]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "month"],
                                               name="participation_month_region_month")]
        indexes = [models.Index(fields=["month"], name="participation_month_month")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month}"
# --- end national scale ---
