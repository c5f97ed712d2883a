from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        from ucj.core.datasets import get_dataset

        return f"{get_dataset(self.dataset).label} · {self.region.short_name} · {self.period}"

    @property
    def is_approved(self) -> bool:
        return self.state == State.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES
