from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from ucj.budget.models import Stage
from ucj.core.models import YEAR_VALIDATORS


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
