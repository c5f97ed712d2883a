from django import forms
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import visible, writable_regions
from ucj.budget.models import Allocation, Commitment, Realization, ReliefSector, payer_error
from ucj.core.fields import MonthField, PercentField, RupiahField, WholeNumberField, YearField
from ucj.core.models import Payer, payer_default
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
    payer = forms.ChoiceField(
        label=_("payer"), choices=[("", ""), *Payer.choices], required=False,
        help_text=_("Empty: the payer its funding source implies (DBHCHT: the level of the "
                    "region)."))

    class Meta:
        model = Allocation
        fields = ["region", "fiscal_year", "stage", "funding_source", "payer", "package",
                  "amount", "workers_planned", "start_month", "months_covered", "enacted_on",
                  "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2}), "enacted_on": DATE_WIDGET}
        help_texts = {"enacted_on": _("Date of the Perda APBD/APBD-P or the DPA.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("payer"):
            # Derived where the fund and region are known (the region of an operator's form).
            fund = self.initial.get("funding_source")
            region = self.fields["region"].queryset.filter(pk=self.initial.get("region")).first() \
                if self.initial.get("region") else None
            if fund and region is not None:
                self.initial["payer"] = payer_default(funding_source=fund,
                                                      region_level=region.level)

    def clean(self):
        data = super().clean()
        region, fund = data.get("region"), data.get("funding_source")
        if region is None and self.instance.pk:
            region = self.instance.region
        if not fund or region is None:
            return data
        if not data.get("payer"):
            data["payer"] = payer_default(funding_source=fund, region_level=region.level)
        elif message := payer_error(payer=data["payer"], funding_source=fund,
                                    region_level=region.level):
            self.add_error("payer", message)
        return data


class AllocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.region.short_name} · {obj.fiscal_year} · {obj.get_stage_display()} · " \
               f"{obj.get_funding_source_display()} · {obj.get_payer_display()}"


class RealizationForm(RegionScopedForm):
    allocation = AllocationChoiceField(queryset=Allocation.objects.none(),
                                       label=_("allocation"))
    month = MonthField(label=_("month"))
    amount_paid = RupiahField(label=_("amount paid (Rp)"))
    workers_paid = WholeNumberField(label=_("workers paid"))

    class Meta:
        model = Realization
        fields = ["allocation", "month", "amount_paid", "workers_paid",
                  "sp2d_number", "sp2d_date", "invoice_number", "invoice_date",  # evidence
                  "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2}),
                   "sp2d_date": DATE_WIDGET, "invoice_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = writable_regions(self.user, dataset=self.dataset.slug,
                                   levels=self.dataset.region_levels)
        self.fields["allocation"].queryset = (
            visible(self.user, Allocation.objects.all(), path="region")
            .filter(region__in=regions).select_related("region")
            .order_by("-fiscal_year", "region__code", "stage", "funding_source", "payer")
        )


# --- tariffs (the province admin; the services validate and write) -----------------------------

def _plain_percent(value) -> str | None:
    """A stored Decimal as typed: 9.600 → "9,6"."""
    if value is None:
        return None
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


class TariffRateForm(forms.Form):
    monthly_amount = RupiahField(
        label=_("per worker per month (Rp)"), required=False,
        help_text=_("A fixed amount, e.g. 16.800 (BPU packages)."))
    percent_of_wage = PercentField(
        label=_("percent of the monthly wage"), required=False, max_decimals=3,
        help_text=_("Or a percentage of the wage, e.g. 9,6 (PU packages). Fill in one of the two."))
    capped_percent_of_wage = PercentField(
        label=_("percent of the wage up to the cap"), required=False, max_decimals=3,
        help_text=_("A part computed on the wage up to a cap, e.g. 2 (the employer's JP share)."))
    wage_cap = RupiahField(
        label=_("wage cap (Rp)"), required=False,
        help_text=_("The highest wage that part is computed on (the JP wage cap BPJS "
                    "Ketenagakerjaan announces each year)."))
    valid_from = forms.DateField(label=_("valid from"), widget=DATE_WIDGET)
    valid_to = forms.DateField(label=_("valid until"), required=False, widget=DATE_WIDGET,
                               help_text=_("Empty: open-ended."))
    legal_basis = forms.CharField(label=_("legal basis"), max_length=300, required=False)
    source = forms.CharField(label=_("source"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def initial_from(cls, rate) -> dict:
        return {"monthly_amount": rate.monthly_amount,
                "percent_of_wage": _plain_percent(rate.percent_of_wage),
                "capped_percent_of_wage": _plain_percent(rate.capped_percent_of_wage),
                "wage_cap": rate.wage_cap,
                "valid_from": rate.valid_from, "valid_to": rate.valid_to,
                "legal_basis": rate.legal_basis, "source": rate.source}


class TariffDiscountForm(forms.Form):
    percent = PercentField(label=_("discount (%)"))
    valid_from = forms.DateField(label=_("valid from"), widget=DATE_WIDGET)
    valid_to = forms.DateField(label=_("valid until"), required=False, widget=DATE_WIDGET,
                               help_text=_("Empty: open-ended."))
    applies_to_public_funds = forms.BooleanField(
        label=capfirst(_("applies to contributions paid from APBN/APBD")), required=False,
        help_text=_("Leave unticked when the discount does not apply to contributions paid from "
                    "APBN/APBD (as with PP 50/2025)."))
    base_amount = RupiahField(
        label=_("part of the monthly contribution relieved (Rp)"), required=False,
        help_text=_("E.g. 16.800: JKK + JKM of a BPU package, never its JHT. Empty: the whole "
                    "contribution."))
    sector = forms.ChoiceField(label=_("sector"), choices=ReliefSector.choices, required=False,
                               help_text=_("Whose contribution months the discount covers."))
    legal_basis = forms.CharField(label=_("legal basis"), max_length=300, required=False)
    source = forms.CharField(label=_("source"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def initial_from(cls, discount) -> dict:
        return {"percent": _plain_percent(discount.percent),
                "valid_from": discount.valid_from, "valid_to": discount.valid_to,
                "applies_to_public_funds": discount.applies_to_public_funds,
                "base_amount": discount.base_amount, "sector": discount.sector,
                "legal_basis": discount.legal_basis, "source": discount.source}
