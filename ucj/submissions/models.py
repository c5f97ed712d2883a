import calendar
import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ucj.core.datasets import get_dataset


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


# A region may change its figures in these states; otherwise they are locked.
EDITABLE_STATES = {State.DRAFT, State.RETURNED}


class Submission(models.Model):
    """The approval state of one region's figures of one dataset for one period.

    No row means "draft": a region's figures start as drafts. Every transition goes through
    ``ucj.submissions.services`` and is audited. ``approved_values`` keeps the figures as they
    were approved, so that "changed since approval" can be shown after a reopening.
    """

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                               related_name="submissions", verbose_name=_("region"))
    dataset = models.CharField(_("dataset"), max_length=30)
    period = models.CharField(_("period"), max_length=7, help_text=_("2025 or 2025-06"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.DRAFT)
    submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("last approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_values = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True,
                              help_text=_("Why it was returned or reopened."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period", "dataset", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "dataset", "period"],
                                    name="submission_region_dataset_period"),
        ]
        # every region's state of one period (the dashboards, the national inputs: issue 21)
        indexes = [models.Index(fields=["period", "dataset"], name="submission_period_dataset")]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:

        return f"{get_dataset(self.dataset).label} · {self.region.short_name} · {self.period}"


# --- the reporting calendar (issue 19) ---------------------------------------------------------

class ReportingDeadline(models.Model):
    """When a dataset's figures of a period are due: on ``due_day`` of the month that lies
    ``months_after`` months after the period's first month (a monthly period's own month, a
    year's January), from ``first_period`` on. One row per dataset, kept by the province admin
    (``ucj.submissions.services.reporting_deadline_set``); seeded by a migration.

    E.g. participation, 1 month after, day 15: June 2025 is due on 15 July 2025, December 2025
    on 15 January 2026; allocations, 0 months after, day 31: 2026 is due on 31 January 2026."""

    dataset = models.CharField(_("dataset"), max_length=30)
    # None: the national default; a province: its own rule (issue 21, ucj/policy/tenancy.py)
    province = models.ForeignKey("regions.Region", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("province"))
    months_after = models.SmallIntegerField(
        _("months after the period starts"),
        validators=[MinValueValidator(-12), MaxValueValidator(24)],
        help_text=_("0: in the period's first month; 1: the month after it; -1: the month "
                    "before it."))
    due_day = models.PositiveSmallIntegerField(
        _("day of the month"), validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("31 means the month's last day in shorter months."))
    first_period = models.CharField(
        _("first period reported"), max_length=7,
        help_text=_("2025 for a yearly dataset, 2025-01 for a monthly one: nothing before it "
                    "is asked for."))
    note = models.TextField(_("basis or note"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("changed by"), db_index=False)

    class Meta:
        ordering = ["dataset"]
        constraints = [
            models.UniqueConstraint(fields=["dataset"], condition=models.Q(province__isnull=True),
                                    name="reporting_deadline_default"),
            models.UniqueConstraint(fields=["province", "dataset"],
                                    name="reporting_deadline_province"),
        ]
        verbose_name = _("reporting due date")
        verbose_name_plural = _("reporting calendar")

    def __str__(self) -> str:
        return f"{self.dataset}: +{self.months_after} / {self.due_day}"

    def due_date(self, period: str) -> dt.date:
        """The day the figures of ``period`` ("2025" or "2025-06") are due."""
        year, _sep, month = period.partition("-")
        index = int(year) * 12 + (int(month) if month else 1) - 1 + self.months_after
        due_year, due_month = divmod(index, 12)
        last = calendar.monthrange(due_year, due_month + 1)[1]
        return dt.date(due_year, due_month + 1, min(self.due_day, last))

    def clean(self):
        from django.http import Http404


        try:
            ds = get_dataset(self.dataset)
        except Http404:
            raise ValidationError({"dataset": _("Unknown dataset.")}) from None
        pattern = r"^\d{4}-(0[1-9]|1[0-2])$" if ds.is_monthly else r"^\d{4}$"
        if not re.match(pattern, self.first_period or ""):
            raise ValidationError({"first_period": (
                _("Enter a month such as 2025-01.") if ds.is_monthly
                else _("Enter a year such as 2025."))})
