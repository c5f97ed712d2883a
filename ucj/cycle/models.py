"""The budget cycle of a regency's worker-protection line, per region × fiscal year × stage:
the steps from the proposal to the first payment (``Milestone``), and the due date of each step
in the year's calendar (``CalendarDeadline``), kept by the province."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ucj.budget.models import Stage
from ucj.core.models import YEAR_VALIDATORS, TrackedModel, region_level_error
from ucj.regions.models import Level


class Kind(models.TextChoices):
    """The steps of the cycle, in their order."""

    PROPOSAL = "usulan", _("Proposal in RKPD / KUA-PPAS")
    SUBMITTED = "rapbd", _("Draft APBD submitted to DPRD")
    APPROVED = "persetujuan", _("Joint approval with DPRD")
    EVALUATION = "evaluasi", _("Governor's evaluation")
    ENACTED = "perda", _("Perda APBD enacted")
    DPA = "dpa", _("DPA approved")
    PAYMENT = "sp2d", _("First payment (SP2D)")


KINDS = list(Kind)  # in the cycle's order

# Short column heads of the province's grid.
SHORT = {
    Kind.PROPOSAL: _("Proposal"), Kind.SUBMITTED: _("RAPBD"), Kind.APPROVED: _("Joint approval"),
    Kind.EVALUATION: _("Evaluation"), Kind.ENACTED: _("Perda"), Kind.DPA: _("DPA"),
    Kind.PAYMENT: _("SP2D"),
}


class Outcome(models.TextChoices):
    """The result of the Governor's evaluation of a regency's draft APBD."""

    IN_LINE = "sesuai", _("in line (sesuai)")
    TO_IMPROVE = "penyempurnaan", _("needs improvement (perlu penyempurnaan)")


def milestone_document_path(instance: Milestone, filename: str) -> str:
    return (f"cycle/{instance.region.code}/{instance.fiscal_year}/{instance.stage}/"
            f"{uuid.uuid4().hex}.pdf")


class Milestone(TrackedModel):
    """One step of a regency's budget cycle: when it happened, its document, who recorded it
    (``created_by``/``updated_by``, ``created_at``/``updated_at``). The Governor's evaluation is
    recorded by the province, with its outcome and the province's note."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="cycle_milestones",
        db_index=False,  # the natural-key unique index starts with it
        verbose_name=_("region"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=YEAR_VALIDATORS)
    stage = models.CharField(_("budget stage"), max_length=10, choices=Stage.choices)
    kind = models.CharField(_("step"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    document = models.FileField(_("document (PDF)"), upload_to=milestone_document_path,
                                blank=True)
    document_name = models.CharField(_("document file name"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    outcome = models.CharField(_("outcome of the evaluation"), max_length=15, blank=True,
                               choices=Outcome.choices)
    province_note = models.TextField(_("province's note"), blank=True)

    class Meta:
        ordering = ["-fiscal_year", "region__code", "stage", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "fiscal_year", "stage", "kind"], name="milestone_natural_key",
                violation_error_message=_(
                    "This step is already recorded for this region, fiscal year and stage."),
            ),
        ]
        verbose_name = _("budget cycle step")
        verbose_name_plural = _("budget cycle steps")

    def __str__(self) -> str:
        return (f"{self.region.short_name} {self.fiscal_year} {self.get_stage_display()}: "
                f"{self.kind_label}")

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind, self.stage)

    def clean(self):
        errors = {}
        if self.region_id and (message := region_level_error(self.region, (Level.REGENCY,))):
            errors["region"] = message
        if self.kind == Kind.EVALUATION:
            if not self.outcome:
                errors["outcome"] = _("Choose the outcome of the Governor's evaluation.")
        elif self.outcome or self.province_note:
            errors["outcome"] = _("Only the Governor's evaluation has an outcome and a "
                                  "province's note.")
        if self.date and self.fiscal_year and not (
                self.fiscal_year - 1 <= self.date.year <= self.fiscal_year):
            errors["date"] = _(
                "A step of the %(year)s budget happens in %(before)s or %(year)s, not on "
                "%(date)s.") % {"year": self.fiscal_year, "before": self.fiscal_year - 1,
                               "date": self.date.isoformat()}
        if errors:
            raise ValidationError(errors)


def kind_label(kind: str, stage: str) -> str:
    """The step's name, naming the APBD-P for the perubahan stage."""
    if stage == Stage.PERUBAHAN:
        return str({Kind.SUBMITTED: _("Draft APBD-P submitted to DPRD"),
                    Kind.ENACTED: _("Perda APBD-P enacted"),
                    Kind.DPA: _("DPA-P approved")}.get(kind, Kind(kind).label))
    return str(Kind(kind).label)


class CalendarDeadline(models.Model):
    """Fiscal year × stage × step: the due date of the step, with its legal basis; kept by the
    province admin. Without a row, the default of ``ucj.cycle.calendar`` applies."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=YEAR_VALIDATORS)
    stage = models.CharField(_("budget stage"), max_length=10, choices=Stage.choices)
    kind = models.CharField(_("step"), max_length=12, choices=Kind.choices)
    due_date = models.DateField(_("due date"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    # None: the national default; a province: its own date (issue 21, ucj/policy/tenancy.py)
    province = models.ForeignKey("regions.Region", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("province"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("changed by"), db_index=False,
    )

    class Meta:
        ordering = ["-fiscal_year", "stage", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "stage", "kind"],
                                    condition=models.Q(province__isnull=True),
                                    name="calendar_deadline_natural_key"),
            models.UniqueConstraint(fields=["province", "fiscal_year", "stage", "kind"],
                                    name="calendar_deadline_province_key"),
        ]
        verbose_name = _("budget calendar due date")
        verbose_name_plural = _("budget calendar due dates")

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.stage} {self.kind}: {self.due_date}"

    def clean(self):
        if self.due_date and self.fiscal_year and not (
                self.fiscal_year - 1 <= self.due_date.year <= self.fiscal_year):
            raise ValidationError({"due_date": _(
                "A due date of the %(year)s budget falls in %(before)s or %(year)s.") % {
                    "year": self.fiscal_year, "before": self.fiscal_year - 1}})
