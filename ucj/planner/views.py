"""The budget calculator page: a GET form (every figure in the URL, so a plan can be shared),
the plan beside it, and the rounding rules written out."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import root_codes
from ucj.core.fields import PercentField, RupiahField, WholeNumberField, YearField
from ucj.core.models import FundingSource
from ucj.planner.selectors import plan_for_budget, plan_for_target
from ucj.regions.models import Level, Region

MODES = [("coverage", _("a coverage target")), ("workers", _("a number of workers")),
         ("budget", _("a budget"))]


class PlanForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), to_field_name="code",
        queryset=Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY])
        .defer("geometry").order_by("code"))
    year = YearField(label=_("Fiscal year"))
    stage = forms.ChoiceField(label=_("Budget stage"),
                              choices=[("murni", _("APBD murni (from January)")),
                                       ("perubahan", _("APBD perubahan (from a start month)"))])
    start_month = forms.IntegerField(label=_("First month paid"), min_value=1, max_value=12,
                                     required=False,
                                     help_text=_("For APBD perubahan, e.g. 10 for October."))
    mode = forms.ChoiceField(label=_("Start from"), choices=MODES, widget=forms.RadioSelect)
    target_coverage = PercentField(label=_("Target coverage (%)"), required=False)
    target_workers = WholeNumberField(label=_("Workers to fund"), required=False)
    budget = RupiahField(label=_("Budget (Rp)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in FundingSource.choices:
            self.fields[f"share_{value}"] = forms.DecimalField(
                label=label, required=False, min_value=0, decimal_places=2,
                help_text=_("weight"))

    def clean(self):
        data = super().clean()
        needed = {"coverage": "target_coverage", "workers": "target_workers",
                  "budget": "budget"}.get(data.get("mode"))
        if needed and data.get(needed) in (None, ""):
            self.add_error(needed, _("Fill this in for the chosen starting point."))
        return data

    def shares(self) -> dict[str, Decimal]:
        return {value: self.cleaned_data[f"share_{value}"] for value, _label in
                FundingSource.choices if self.cleaned_data.get(f"share_{value}")}


@login_required
def calculator(request):
    own = sorted(root_codes(request.user))
    initial = {"year": timezone.localdate().year, "stage": "murni", "mode": "coverage",
               "region": own[0] if own else "52"}
    form = PlanForm(request.GET or None, initial=initial)
    plan, error = None, ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        common = {"region": data["region"], "year": data["year"], "stage": data["stage"],
                  "start_month": data["start_month"], "shares": form.shares() or None}
        try:
            if data["mode"] == "budget":
                plan = plan_for_budget(budget=data["budget"], **common)
            elif data["mode"] == "workers":
                plan = plan_for_target(target_workers=data["target_workers"], **common)
            else:
                plan = plan_for_target(target_coverage=data["target_coverage"] / 100, **common)
        except ValueError as exc:
            error = str(exc)
    return render(request, "planner/calculator.html", {
        "form": form, "plan": plan, "error": error,
        "sources": dict(FundingSource.choices),
    })
