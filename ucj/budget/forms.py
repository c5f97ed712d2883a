from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import visible, writable_regions
from ucj.budget.models import Allocation, Commitment, Realization
from ucj.core.fields import MonthField, PercentField, RupiahField, WholeNumberField, YearField
from ucj.coverage.forms import RegionScopedForm

MONTH_CHOICES = list(MONTHS.items())
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitmentForm(RegionScopedForm):
    year = YearField(label=_("year"))
    target_coverage = PercentField(label=_("target coverage (%)"))
    target_funded_workers = WholeNumberField(
        label=_("target government-funded vulnerable workers"), required=False
    )
    document = forms.FileField(
        label=_("signed document (PDF)"), required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("Perkada or PKS, signed and scanned, as PDF."),
    )

    class Meta:
        model = Commitment
        fields = ["region", "year", "target_coverage", "target_funded_workers", "perkada_number",
                  "perkada_date", "pks_number", "pks_date", "status", "note"]
        widgets = {"perkada_date": DATE_WIDGET, "pks_date": DATE_WIDGET,
                   "note": forms.Textarea(attrs={"rows": 2})}

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        kwargs["document"] = self.files.get("document") or None
        return kwargs


class AllocationForm(RegionScopedForm):
    fiscal_year = YearField(label=_("fiscal year"))
    amount = RupiahField(label=_("amount (Rp)"))
    workers_planned = WholeNumberField(label=_("workers planned"))
    start_month = forms.TypedChoiceField(label=_("first month covered"), choices=MONTH_CHOICES,
                                         coerce=int, initial=1)
    months_covered = forms.IntegerField(label=_("months covered"), min_value=1, max_value=12)

    class Meta:
        model = Allocation
        fields = ["region", "fiscal_year", "stage", "funding_source", "package", "amount",
                  "workers_planned", "start_month", "months_covered", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class AllocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.region.short_name} · {obj.fiscal_year} · {obj.get_stage_display()} · " \
               f"{obj.get_funding_source_display()}"


class RealizationForm(RegionScopedForm):
    allocation = AllocationChoiceField(queryset=Allocation.objects.none(),
                                       label=_("allocation"))
    month = MonthField(label=_("month"))
    amount_paid = RupiahField(label=_("amount paid (Rp)"))
    workers_paid = WholeNumberField(label=_("workers paid"))

    class Meta:
        model = Realization
        fields = ["allocation", "month", "amount_paid", "workers_paid", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = writable_regions(self.user, dataset=self.dataset.slug,
                                   levels=self.dataset.region_levels)
        self.fields["allocation"].queryset = (
            visible(self.user, Allocation.objects.all(), path="region")
            .filter(region__in=regions).select_related("region")
            .order_by("-fiscal_year", "region__code", "stage", "funding_source")
        )
