import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ucj.core.formatting import format_month
from ucj.core.models import (
    PAYER_OF_FUND,
    YEAR_VALIDATORS,
    FundingSource,
    Payer,
    TrackedModel,
    region_level_error,
)
from ucj.regions.models import Level

PROVINCE_OR_REGENCY = (Level.PROVINCE, Level.REGENCY)


class Stage(models.TextChoices):
    MURNI = "murni", _("APBD murni")
    PERUBAHAN = "perubahan", _("APBD perubahan")


class ContributionPackage(models.Model):
    """A contribution package a budget pays for, e.g. BPU JKK + JKM."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("contribution package")
        verbose_name_plural = _("contribution packages")

    def __str__(self) -> str:
        return self.name


class TariffRate(models.Model):
    """What a package costs per worker per month, from a date: a fixed amount in Rupiah (the
    BPU packages) or a percentage of the monthly wage (the PU packages). Dated data, never a
    constant; a new rate never rewrites what was computed with an older one."""

    package = models.ForeignKey(
        ContributionPackage, on_delete=models.PROTECT, related_name="rates",
        verbose_name=_("package"),
    )
    monthly_amount = models.PositiveIntegerField(
        _("per worker per month (Rp)"), null=True, blank=True)
    percent_of_wage = models.DecimalField(
        _("percent of the monthly wage"), max_digits=6, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    # A part computed on the wage up to a cap (the employer's JP share: 2% of the wage, at most
    # the JP wage cap BPJS Ketenagakerjaan announces each year).
    capped_percent_of_wage = models.DecimalField(
        _("percent of the wage up to the cap"), max_digits=6, decimal_places=3, null=True,
        blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)])
    wage_cap = models.PositiveBigIntegerField(_("wage cap (Rp)"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    source = models.TextField(_("source"), blank=True)
    # None: the national rate; a province: its own, overriding it there (issue 21)
    province = models.ForeignKey("regions.Region", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("province"))
    updated_at = models.DateTimeField(_("changed at"), auto_now=True, null=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", db_index=False, verbose_name=_("changed by"))

    class Meta:
        ordering = ["package__code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["package", "valid_from"],
                                    condition=Q(province__isnull=True),
                                    name="tariff_package_from"),
            models.UniqueConstraint(fields=["province", "package", "valid_from"],
                                    name="tariff_province_package_from"),
            models.CheckConstraint(
                condition=(Q(monthly_amount__isnull=False, percent_of_wage__isnull=True)
                           | Q(monthly_amount__isnull=True, percent_of_wage__isnull=False)),
                name="tariff_amount_or_percent",
                violation_error_message=_(
                    "Give either an amount per worker per month or a percentage of the wage, "
                    "not both."),
            ),
            models.CheckConstraint(
                condition=(Q(capped_percent_of_wage__isnull=True, wage_cap__isnull=True)
                           | Q(capped_percent_of_wage__isnull=False, wage_cap__isnull=False,
                               percent_of_wage__isnull=False)),
                name="tariff_capped_part_complete",
                violation_error_message=_(
                    "A part on the wage up to a cap needs both its percentage and the cap, and a "
                    "percentage of the wage."),
            ),
        ]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")

    def __str__(self) -> str:
        value = (f"Rp {self.monthly_amount}" if self.monthly_amount is not None
                 else f"{self.percent_of_wage}%")
        if self.capped_percent_of_wage is not None:
            value += f" + {self.capped_percent_of_wage}% ≤ Rp {self.wage_cap}"
        return f"{self.package} {self.valid_from}: {value}"

    def clean(self):
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date lies before the start date.")})

    def per_worker(self, *, wage: int | None = None) -> int | None:
        """The contribution of one worker for one month, in Rupiah: the fixed amount, or the
        percentage of ``wage`` rounded half up to a whole Rupiah (None without a wage)."""
        if self.monthly_amount is not None:
            return self.monthly_amount
        if wage is None:
            return None
        amount = Decimal(wage) * self.percent_of_wage / 100
        if self.capped_percent_of_wage is not None:
            amount += Decimal(min(wage, self.wage_cap)) * self.capped_percent_of_wage / 100
        return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class ReliefSector(models.TextChoices):
    """Whose contributions a discount relieves (PP 50/2025 sets different months for the
    transport sector and the others)."""

    ALL = "", _("every sector")
    TRANSPORT = "transport", _("transport sector")
    NON_TRANSPORT = "nontransport", _("outside the transport sector")


class TariffDiscount(models.Model):
    """A temporary contribution discount (e.g. the 50% BPU discount of PP 50/2025), with the
    rule of whether it applies to contributions paid from public budgets (APBN/APBD)."""

    package = models.ForeignKey(
        ContributionPackage, on_delete=models.PROTECT, related_name="discounts",
        verbose_name=_("package"))
    percent = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    applies_to_public_funds = models.BooleanField(
        _("applies to contributions paid from APBN/APBD"), default=False)
    # The part of the monthly contribution relieved (JKK + JKM of a BPU package: never its JHT);
    # empty: the whole contribution.
    base_amount = models.PositiveIntegerField(
        _("part of the monthly contribution relieved (Rp)"), null=True, blank=True)
    sector = models.CharField(_("sector"), max_length=15, choices=ReliefSector.choices,
                              blank=True, default="")
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    source = models.TextField(_("source"), blank=True)
    # None: the national discount; a province: its own relief, overriding it there (issue 21)
    province = models.ForeignKey("regions.Region", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("province"))

    class Meta:
        ordering = ["package__code", "sector", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["package", "sector", "valid_from"],
                                    condition=Q(province__isnull=True),
                                    name="discount_package_sector_from"),
            models.UniqueConstraint(fields=["province", "package", "sector", "valid_from"],
                                    name="discount_province_package_sector_from"),
        ]
        verbose_name = _("tariff discount")
        verbose_name_plural = _("tariff discounts")

    def __str__(self) -> str:
        return f"{self.package} −{self.percent}% {self.valid_from}"

    def relief(self, tariff: int) -> int:
        """The Rupiah taken off one worker's monthly contribution ``tariff``: the percentage
        of the relieved part (at most the contribution), rounded half up."""
        base = tariff if self.base_amount is None else min(self.base_amount, tariff)
        return int((Decimal(base) * self.percent / 100).quantize(Decimal(1), ROUND_HALF_UP))

    def covers(self, month: dt.date) -> bool:
        """Whether the contribution of ``month`` (its first day) falls in the relief."""
        return self.valid_from <= month and (self.valid_to is None or month <= self.valid_to)


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    SIGNED = "signed", _("signed")


def commitment_document_path(instance: "Commitment", filename: str) -> str:
    import uuid

    return f"commitments/{instance.region.code}/{instance.year}/{uuid.uuid4().hex}.pdf"


class Commitment(TrackedModel):
    """Region × year: the region's coverage target and its legal basis."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="commitments",
        db_index=False,  # the natural-key unique index starts with it
        verbose_name=_("region"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    target_coverage = models.DecimalField(
        _("target coverage (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    target_funded_workers = models.PositiveIntegerField(
        _("target government-funded vulnerable workers"), null=True, blank=True
    )
    perkada_number = models.CharField(_("Perkada number"), max_length=200, blank=True)
    perkada_date = models.DateField(_("Perkada date"), null=True, blank=True)
    pks_number = models.CharField(_("PKS number"), max_length=200, blank=True)
    pks_date = models.DateField(_("PKS date"), null=True, blank=True)
    document = models.FileField(
        _("signed document (PDF)"), upload_to=commitment_document_path, blank=True
    )
    document_name = models.CharField(_("document file name"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-year", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"], name="commitment_region_year",
                violation_error_message=_("There is already a commitment for this region and year."),
            ),
        ]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"{self.region.short_name} {self.year}"

    def clean(self):
        if self.region_id and (message := region_level_error(self.region, PROVINCE_OR_REGENCY)):
            raise ValidationError({"region": message})


class Allocation(TrackedModel):
    """Region × fiscal year × stage × funding source × payer: money put in a budget for the
    contributions of the region's workers. The region is whose workers are paid for; the payer
    is whose budget pays (the province's DBHCHT on a regency's workers: region = the regency,
    payer = the province)."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="allocations",
        db_index=False,  # the natural-key unique index starts with it
        verbose_name=_("region"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=YEAR_VALIDATORS)
    stage = models.CharField(_("budget stage"), max_length=10, choices=Stage.choices)
    funding_source = models.CharField(
        _("funding source"), max_length=15, choices=FundingSource.choices
    )
    payer = models.CharField(
        _("payer"), max_length=10, choices=Payer.choices,
        help_text=_("Whose budget pays: the province, the regency/city, a village or another "
                    "party. Only a region's own money counts as its budgeting."))
    enacted_on = models.DateField(
        _("enacted on"), null=True, blank=True,
        help_text=_("Date the budget stage was enacted (Perda APBD/APBD-P or DPA). Before it, "
                    "views and reports of earlier months do not count this allocation."))
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    workers_planned = models.PositiveIntegerField(_("workers planned"))
    start_month = models.PositiveSmallIntegerField(
        _("first month covered"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    months_covered = models.PositiveSmallIntegerField(
        _("months covered"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    package = models.ForeignKey(
        ContributionPackage, on_delete=models.PROTECT, related_name="allocations",
        verbose_name=_("contribution package"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-fiscal_year", "region__code", "stage", "funding_source", "payer"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "fiscal_year", "stage", "funding_source", "payer"],
                name="allocation_natural_key",
                violation_error_message=_(
                    "There is already an allocation for this region, fiscal year, budget stage, "
                    "funding source and payer."
                ),
            ),
            models.CheckConstraint(
                condition=Q(payer__in=Payer.values), name="allocation_payer_known",
                violation_error_message=_("Choose who pays."),
            ),
        ]
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")

    def __str__(self) -> str:
        return (
            f"{self.region.short_name} {self.fiscal_year} "
            f"{self.get_stage_display()} {self.get_funding_source_display()}"
            f" ({self.get_payer_display()})"
        )

    def clean(self):
        if self.region_id and (message := region_level_error(self.region, PROVINCE_OR_REGENCY)):
            raise ValidationError({"region": message})
        if message := payer_error(payer=self.payer, funding_source=self.funding_source,
                                  region_level=self.region.level if self.region_id else None):
            raise ValidationError({"payer": message})
        if self.start_month and self.months_covered:
            if self.start_month + self.months_covered - 1 > 12:
                raise ValidationError({
                    "months_covered": _(
                        "Starting in month %(start)s, at most %(max)s months fit in the fiscal "
                        "year."
                    ) % {"start": self.start_month, "max": 13 - self.start_month}
                })


def payer_error(*, payer: str, funding_source: str, region_level: str | None) -> str | None:
    """Why a payer does not fit the fund or the region, or None: APBD provinsi is the
    province's money, APBD kabupaten/kota the regency's, Dana Desa the village's, CSR
    another party's; DBHCHT is the province's or the regency's; a regency's own money pays
    only for its own workers (never on the province's row)."""
    if not payer or not funding_source:
        return None
    implied = PAYER_OF_FUND.get(funding_source)
    if implied and payer != implied:
        return _("The funding source %(fund)s is paid by the %(payer)s.") % {
            "fund": FundingSource(funding_source).label, "payer": Payer(implied).label}
    if funding_source == FundingSource.DBHCHT and payer not in (Payer.PROVINCE, Payer.REGENCY):
        return _("DBHCHT is paid by the province or the regency/city.")
    if payer == Payer.REGENCY and region_level == Level.PROVINCE:
        return _("A regency/city pays only for its own workers: record it on the regency's row.")
    return None


class Realization(TrackedModel):
    """Allocation × month: what was actually paid to BPJS Ketenagakerjaan."""

    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="realizations",
        db_index=False,  # the natural-key unique index starts with it
        verbose_name=_("allocation"),
    )
    month = models.DateField(_("month"), help_text=_("First day of the month paid for."))
    amount_paid = models.PositiveBigIntegerField(_("amount paid (Rp)"))
    workers_paid = models.PositiveIntegerField(_("workers paid"))
    # --- evidence (issue 17) ---
    sp2d_number = models.CharField(
        _("SP2D number"), max_length=100, blank=True,
        help_text=_("The regional treasury's payment order (Surat Perintah Pencairan Dana)."))
    sp2d_date = models.DateField(_("SP2D date"), null=True, blank=True)
    invoice_number = models.CharField(
        _("BPJS invoice number"), max_length=100, blank=True,
        help_text=_("The BPJS Ketenagakerjaan invoice (tagihan) this payment settles."))
    invoice_date = models.DateField(_("BPJS invoice date"), null=True, blank=True)
    # --- end evidence ---
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-month", "allocation__region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "month"], name="realization_month",
                violation_error_message=_("There is already a realization for this allocation and month."),
            ),
        ]
        verbose_name = _("realization")
        verbose_name_plural = _("realizations")

    def __str__(self) -> str:
        return f"{self.allocation} · {format_month(self.month)}"

    @property
    def region(self):
        return self.allocation.region

    def clean(self):
        errors = {}
        if self.month and self.month.day != 1:
            errors["month"] = _("A month is stored as its first day.")
        if self.month and self.allocation_id and self.month.year != self.allocation.fiscal_year:
            errors["month"] = _(
                "The month must fall in the allocation's fiscal year (%(year)s)."
            ) % {"year": self.allocation.fiscal_year}
        errors.update(evidence_errors(
            sp2d_number=self.sp2d_number, sp2d_date=self.sp2d_date,
            invoice_date=self.invoice_date,
            fiscal_year=self.allocation.fiscal_year if self.allocation_id else None))
        if errors:
            raise ValidationError(errors)


# --- evidence (issue 17) ---
# An SP2D may be issued late in the year before (an advance is rare, but a December SP2D for
# a January invoice happens) and, for arrears, into the following years: the lower bound is the
# fiscal year's start minus this margin; the upper bound is today.
SP2D_MARGIN_DAYS = 92


def evidence_errors(*, sp2d_number: str, sp2d_date, invoice_date, fiscal_year: int | None,
                    today=None) -> dict:
    """Field → message for an SP2D/invoice that cannot be right: a date in the future, an SP2D
    dated long before the allocation's fiscal year, an SP2D date without its number."""
    import datetime

    from django.utils import timezone

    today = today or timezone.localdate()
    errors = {}
    if sp2d_date:
        if sp2d_date > today:
            errors["sp2d_date"] = _("The SP2D date (%(date)s) lies in the future.") % {
                "date": sp2d_date.strftime("%d/%m/%Y")}
        elif fiscal_year and sp2d_date < (
                datetime.date(fiscal_year, 1, 1) - datetime.timedelta(days=SP2D_MARGIN_DAYS)):
            errors["sp2d_date"] = _(
                "The SP2D date (%(date)s) lies too long before fiscal year %(year)s.") % {
                "date": sp2d_date.strftime("%d/%m/%Y"), "year": fiscal_year}
        if not (sp2d_number or "").strip():
            errors["sp2d_number"] = _("Give the SP2D number with its date.")
    if invoice_date and invoice_date > today:
        errors["invoice_date"] = _("The BPJS invoice date (%(date)s) lies in the future.") % {
            "date": invoice_date.strftime("%d/%m/%Y")}
    return errors


class DocumentKind(models.TextChoices):
    DPA = "dpa", _("DPA page")
    INVOICE = "invoice", _("BPJS invoice")
    SP2D = "sp2d", _("SP2D")
    OTHER = "other", _("other")


def allocation_document_path(instance: "AllocationDocument", filename: str) -> str:
    import uuid

    allocation = instance.allocation
    return (f"allocations/{allocation.region.code}/{allocation.fiscal_year}/"
            f"{uuid.uuid4().hex}.pdf")


class AllocationDocument(models.Model):
    """A PDF kept as evidence of an allocation: its DPA page, a BPJS invoice, an SP2D."""

    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="documents",
        verbose_name=_("allocation"))
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    realization = models.ForeignKey(
        Realization, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents",
        verbose_name=_("realization"))
    file = models.FileField(_("file"), upload_to=allocation_document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", db_index=False, verbose_name=_("uploaded by"))

    class Meta:
        ordering = ["allocation", "kind", "-uploaded_at"]
        verbose_name = _("allocation document")
        verbose_name_plural = _("allocation documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def region(self):
        return self.allocation.region

    def clean(self):
        if self.realization_id and self.allocation_id and (
                self.realization.allocation_id != self.allocation_id):
            raise ValidationError({"realization": _(
                "The realization belongs to another allocation.")})
# --- end evidence ---
