import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ucj.budget.models import Stage
from ucj.core.models import YEAR_VALIDATORS, TrackedModel
from ucj.regions.models import Level


class Mode(models.TextChoices):
    COVERAGE = "coverage", _("a coverage target")
    WORKERS = "workers", _("a number of workers")
    BUDGET = "budget", _("a budget")


class Scenario(models.Model):
    """A budget calculation saved by name for a region and year. It keeps the inputs (to open
    it again in the calculator) and the whole result as computed then, tariff and legal basis
    included: a later tariff or data change never rewrites it."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="budget_scenarios",
        db_index=False,  # the unique index starts with it
        verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("fiscal year"), validators=YEAR_VALIDATORS)
    name = models.CharField(_("name"), max_length=120)
    stage = models.CharField(_("budget stage"), max_length=10, choices=Stage.choices)
    mode = models.CharField(_("start from"), max_length=10, choices=Mode.choices)
    inputs = models.JSONField(_("inputs"), encoder=DjangoJSONEncoder)
    result = models.JSONField(_("result"), encoder=DjangoJSONEncoder)
    workers = models.PositiveIntegerField(_("workers to fund"))
    total_cost = models.PositiveBigIntegerField(_("total cost (Rp)"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", db_index=False, verbose_name=_("created by"))
    promoted_at = models.DateTimeField(_("put into the budget at"), null=True, blank=True)
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", db_index=False, verbose_name=_("put into the budget by"))

    class Meta:
        ordering = ["-year", "region__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "name"], name="scenario_region_year_name",
                violation_error_message=_(
                    "There is already a scenario with this name for this region and year.")),
        ]
        verbose_name = _("budget scenario")
        verbose_name_plural = _("budget scenarios")

    def __str__(self) -> str:
        return f"{self.name} · {self.region.short_name} {self.year}"


# --- RKA/DPA coding (issue 17, item 5) ------------------------------------------------------
# The codes a region's BPKAD types into SIPD once per fiscal year for the contributions of
# vulnerable workers. Shapes of the Permendagri 90/2019 nomenclature (as updated by the
# Kepmendagri on the classification, codification and nomenclature of regional planning and
# finance): programme X.XX.XX, activity X.XX.XX.X.XX, sub-activity X.XX.XX.X.XX.XXXX, account
# (belanja) 5.X.XX.XX.XX.XXXX. Never invented by the system: the region enters them.

PROGRAM_CODE_RE = r"^\d\.\d{2}\.\d{2}$"
KEGIATAN_CODE_RE = r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}$"
SUB_KEGIATAN_CODE_RE = r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$"
ACCOUNT_CODE_RE = r"^5\.\d\.\d{2}\.\d{2}\.\d{2}\.\d{4}$"


class BudgetCoding(TrackedModel):
    """Region × fiscal year: where the contributions sit in the region's budget (SKPD,
    programme, activity, sub-activity, account), as its BPKAD enters them in SIPD. The RKA and
    DPA workbooks print them above the rincian belanja."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="budget_codings",
        db_index=False,  # the unique index starts with it
        verbose_name=_("region"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=YEAR_VALIDATORS)
    skpd_name = models.CharField(
        _("regional government unit (SKPD)"), max_length=200,
        help_text=_("The perangkat daerah whose budget holds the contributions, e.g. the "
                    "manpower office."))
    program_code = models.CharField(_("programme code"), max_length=20,
                                    validators=[RegexValidator(PROGRAM_CODE_RE, message=_(
                                        "Write the programme code as X.XX.XX (digits), as in "
                                        "SIPD."))])
    program_name = models.CharField(_("programme"), max_length=300)
    kegiatan_code = models.CharField(_("activity code"), max_length=30,
                                     validators=[RegexValidator(KEGIATAN_CODE_RE, message=_(
                                         "Write the activity code as X.XX.XX.X.XX (digits), as "
                                         "in SIPD."))])
    kegiatan_name = models.CharField(_("activity"), max_length=300)
    sub_kegiatan_code = models.CharField(_("sub-activity code"), max_length=40,
                                         validators=[RegexValidator(SUB_KEGIATAN_CODE_RE, message=_(
                                             "Write the sub-activity code as X.XX.XX.X.XX.XXXX "
                                             "(digits), as in SIPD."))])
    sub_kegiatan_name = models.CharField(_("sub-activity"), max_length=300)
    account_code = models.CharField(_("account code (kode rekening)"), max_length=40,
                                    validators=[RegexValidator(ACCOUNT_CODE_RE, message=_(
                                        "Write the account code as 5.X.XX.XX.XX.XXXX (digits): "
                                        "a spending account (belanja) down to its sub-object, as "
                                        "in SIPD."))])
    account_name = models.CharField(_("account name"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-fiscal_year", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "fiscal_year"], name="budget_coding_region_year",
                violation_error_message=_(
                    "This region already has budget codes for this fiscal year.")),
        ]
        verbose_name = _("budget coding")
        verbose_name_plural = _("budget codings")

    def __str__(self) -> str:
        return f"{self.region.short_name} {self.fiscal_year}: {self.sub_kegiatan_code}"

    def clean(self):
        """The codes nest: the activity lies in the programme, the sub-activity in the
        activity."""
        errors = {}
        program, kegiatan = self.program_code or "", self.kegiatan_code or ""
        if (re.match(PROGRAM_CODE_RE, program) and re.match(KEGIATAN_CODE_RE, kegiatan)
                and not kegiatan.startswith(program + ".")):
            errors["kegiatan_code"] = _(
                "The activity code must begin with the programme code %(code)s.") % {
                "code": program}
        sub = self.sub_kegiatan_code or ""
        if (re.match(KEGIATAN_CODE_RE, kegiatan) and re.match(SUB_KEGIATAN_CODE_RE, sub)
                and not sub.startswith(kegiatan + ".")):
            errors["sub_kegiatan_code"] = _(
                "The sub-activity code must begin with the activity code %(code)s.") % {
                "code": kegiatan}
        if self.region_id and self.region.level not in (Level.PROVINCE, Level.REGENCY):
            errors["region"] = _("Budget codes belong to a province or a regency/city.")
        if errors:
            raise ValidationError(errors)
