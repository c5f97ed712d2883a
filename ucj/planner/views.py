"""The budget planner pages: the calculator (a GET form: every figure in the URL, so a plan can
be shared), saved scenarios (list, detail, side-by-side comparison, put into the budget,
.xlsx for the RKA) and the province view of what reaching the target costs."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts.scope import (
    Cap,
    aggregate_province,
    allows,
    can_read,
    readable_regions,
    require,
    root_codes,
    visible,
)
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget.models import ContributionPackage, ReliefSector, payer_error
from ucj.core.csvexport import csv_response
from ucj.core.fields import MonthField, PercentField, RupiahField, WholeNumberField, YearField
from ucj.core.models import FundingSource, Payer
from ucj.planner import selectors
from ucj.planner.bases import budgeting_bases
from ucj.planner.export import scenario_workbook
from ucj.planner.models import Mode, Scenario
from ucj.planner.rka_views import coding_url
from ucj.planner.selectors import plan_for_budget, plan_for_target
from ucj.planner.services import scenario_create, scenario_delete, scenario_promote
from ucj.regions.models import Level, Region

PLAN_FIELDS = ("region", "year", "stage", "start_month", "package", "wage", "sector", "bulan",
               "mode", "target_coverage", "target_workers", "budget", "dbhcht_payer")


class PlanForm(forms.Form):
    region = forms.ModelChoiceField(label=gettext_lazy("Region"), to_field_name="code",
                                    queryset=Region.objects.none())
    year = YearField(label=gettext_lazy("Fiscal year"))
    stage = forms.ChoiceField(label=gettext_lazy("Budget stage"), choices=[
        ("murni", gettext_lazy("APBD murni (from January)")),
        ("perubahan", gettext_lazy("APBD perubahan (from a start month)"))])
    start_month = forms.IntegerField(
        label=gettext_lazy("First month paid"), min_value=1, max_value=12, required=False,
        help_text=gettext_lazy("For APBD perubahan, e.g. 10 for October."))
    package = forms.ModelChoiceField(
        label=gettext_lazy("Contribution package"), to_field_name="code", required=False,
        queryset=ContributionPackage.objects.all(),
        empty_label=gettext_lazy("BPU JKK + JKM (standard)"))
    wage = RupiahField(label=gettext_lazy("Monthly wage (Rp), for a PU package"), required=False)
    sector = forms.ChoiceField(
        label=gettext_lazy("Sector of the workers"), required=False,
        choices=[("", gettext_lazy("mixed or not known"))] + ReliefSector.choices[1:],
        help_text=gettext_lazy("For a contribution relief that covers one sector's months "
                               "(PP 50/2025). It never applies to APBN/APBD money."))
    bulan = MonthField(
        label=gettext_lazy("Participation as of"), required=False,
        help_text=gettext_lazy("The month whose participation the plan starts from (month "
                               "as YYYY-MM, e.g. 2026-06). Empty: the latest month with data."))
    mode = forms.ChoiceField(label=gettext_lazy("Start from"), choices=Mode.choices,
                             widget=forms.RadioSelect)
    target_coverage = PercentField(label=gettext_lazy("Target coverage (%)"), required=False)
    target_workers = WholeNumberField(label=gettext_lazy("Workers to fund"), required=False)
    budget = RupiahField(label=gettext_lazy("Budget (Rp)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (readable_regions(user)
                                          .filter(level__in=[Level.PROVINCE, Level.REGENCY])
                                          .defer("geometry").order_by("code"))
        for value, label in FundingSource.choices:
            self.fields[f"share_{value}"] = forms.DecimalField(
                label=label, required=False, min_value=0, decimal_places=2,
                help_text=gettext_lazy("weight"))
        # Whose DBHCHT a promoted allocation records (the other funds imply their payer).
        self.fields["dbhcht_payer"] = forms.ChoiceField(
            label=gettext_lazy("DBHCHT paid by"), required=False,
            choices=[("", "–"), (Payer.PROVINCE, Payer.PROVINCE.label),
                     (Payer.REGENCY, Payer.REGENCY.label)],
            help_text=gettext_lazy("Whose DBHCHT the allocation records: the region's own by "
                                   "default."))

    def clean(self):
        data = super().clean()
        needed = {"coverage": "target_coverage", "workers": "target_workers",
                  "budget": "budget"}.get(data.get("mode"))
        if needed and data.get(needed) in (None, ""):
            self.add_error(needed, _("Fill this in for the chosen starting point."))
        package = data.get("package")
        region, payer = data.get("region"), data.get("dbhcht_payer")
        if region is not None and payer and (message := payer_error(
                payer=payer, funding_source=FundingSource.DBHCHT, region_level=region.level)):
            self.add_error("dbhcht_payer", message)
        if package and data.get("wage") is None and package.rates.filter(
                percent_of_wage__isnull=False).exists():
            self.add_error("wage", _("This package is a percentage of the wage: give the "
                                     "monthly wage."))
        return data

    def shares(self) -> dict[str, Decimal]:
        return {value: self.cleaned_data[f"share_{value}"] for value, _label in
                FundingSource.choices if self.cleaned_data.get(f"share_{value}")}

    def inputs(self) -> dict[str, str]:
        """The form as typed, to open the calculation again."""
        names = PLAN_FIELDS + tuple(f"share_{v}" for v in FundingSource.values)
        return {name: self.data[name] for name in names if self.data.get(name)}

    def plan(self):
        """The plan of a valid form, or raise ValueError with the reason."""
        data = self.cleaned_data
        common = {"region": data["region"], "year": data["year"], "stage": data["stage"],
                  "start_month": data["start_month"], "shares": self.shares() or None,
                  "package": data["package"], "wage": data["wage"],
                  "sector": data.get("sector") or "", "as_of": data.get("bulan")}
        if data["mode"] == "budget":
            return plan_for_budget(budget=data["budget"], **common)
        if data["mode"] == "workers":
            return plan_for_target(target_workers=data["target_workers"], **common)
        return plan_for_target(target_coverage=data["target_coverage"] / 100, **common)


def _calculator_url(inputs: dict) -> str:
    return f"{reverse('budget_calculator')}?{urlencode(inputs)}"


@login_required
@require_safe
def calculator(request):
    own = sorted(root_codes(request.user))
    initial = {"year": timezone.localdate().year, "stage": "murni", "mode": "coverage",
               "region": own[0] if own else "52"}
    form = PlanForm(request.GET or None, initial=initial, user=request.user)
    plan, error = None, ""
    if form.is_bound and form.is_valid():
        try:
            plan = form.plan()
        except ValueError as exc:
            error = str(exc)
    return render(request, "planner/calculator.html", {
        "form": form, "plan": plan, "error": error, "sources": dict(FundingSource.choices),
        "inputs": form.inputs() if plan else {},
        "can_save": plan is not None and allows(request.user, Cap.PLAN_BUDGET, plan.region),
        "bases": budgeting_bases(year=plan.year, sources=list(plan.by_source)) if plan else [],
    })


@login_required
@require_POST
def scenario_save(request):
    require(request.user, Cap.PLAN_BUDGET)  # the region: the form offers only readable ones
    form = PlanForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("The calculation is not valid any more; check the form."))
        return redirect(_calculator_url(form.inputs()))
    try:
        plan = form.plan()
        scenario = scenario_create(actor=request.user, name=request.POST.get("name", ""),
                                   mode=form.cleaned_data["mode"], inputs=form.inputs(),
                                   plan=plan, note=request.POST.get("note", ""))
    except (ValueError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(_calculator_url(form.inputs()))
    messages.success(request, _("Scenario “%(name)s” saved.") % {"name": scenario.name})
    return redirect("scenario_detail", pk=scenario.pk)


def _visible_scenarios(request):
    return visible(request.user, Scenario.objects.select_related("region", "created_by",
                                                                  "promoted_by"))


@login_required
@require_safe
def scenario_list(request):
    scenarios = _visible_scenarios(request)
    region, year = request.GET.get("wilayah", ""), request.GET.get("tahun", "")
    if region:
        scenarios = scenarios.filter(region__code=region)
    if year.isdigit():
        scenarios = scenarios.filter(year=int(year))
    if request.GET.get("format") == "csv":
        audit_log(actor=request.user, action=Action.EXPORT, object_type="planner.scenario",
                  object_repr=f"scenarios {region or '*'} {year or '*'}")
        return csv_response("skenario-anggaran.csv", [
            "region_code", "region", "year", "name", "stage", "first_month", "months",
            "package", "monthly_tariff", "workers", "total_cost", "coverage_reached",
            "created_by", "created_at", "promoted_at"], (
            [s.region.code, s.region.name, s.year, s.name, s.stage, s.result["first_month"],
             s.result["months"], s.result["package"], s.result["monthly_tariff"], s.workers,
             s.total_cost, s.result["coverage_reached"], getattr(s.created_by, "username", ""),
             s.created_at.isoformat(), s.promoted_at.isoformat() if s.promoted_at else ""]
            for s in scenarios))
    regions = (readable_regions(request.user).filter(level__in=[Level.PROVINCE, Level.REGENCY])
               .defer("geometry").order_by("code"))
    return render(request, "planner/scenario_list.html", {
        "scenarios": [selectors.scenario_figures(s) for s in scenarios],
        "count": scenarios.count(), "regions": regions, "region": region, "year": year,
        "query": urlencode({k: v for k, v in {"wilayah": region, "tahun": year}.items() if v}),
    })


def _scenario(request, pk: int) -> Scenario:
    scenario = get_object_or_404(Scenario.objects.select_related("region"), pk=pk)
    if not can_read(request.user, scenario.region):
        raise Http404
    return scenario


@login_required
@require_safe
def scenario_detail(request, pk: int):
    scenario = _scenario(request, pk)
    return render(request, "planner/scenario_detail.html", {
        "s": selectors.scenario_figures(scenario), "scenario": scenario,
        "sources": dict(FundingSource.choices),
        "calculator_url": _calculator_url(scenario.inputs),
        "can_write": allows(request.user, Cap.PLAN_BUDGET, scenario.region),
        "budget": selectors.scenario_budget_now(scenario),
    })


@login_required
@require_safe
def scenario_compare(request):
    ids = [int(i) for i in request.GET.getlist("id") if i.isdigit()][:4]
    scenarios = list(_visible_scenarios(request).filter(pk__in=ids))
    if len(scenarios) < 2:
        messages.error(request, _("Choose two to four scenarios to compare."))
        return redirect("scenario_list")
    scenarios.sort(key=lambda s: ids.index(s.pk))
    figures = [selectors.scenario_figures(s) for s in scenarios]
    return render(request, "planner/scenario_compare.html", {
        "figures": figures, "rows": selectors.comparison_rows(figures),
    })


def _scenario_to_change(request, pk: int) -> Scenario:
    """The scenario a POST changes: 404 outside the user's scope, 403 without PLAN_BUDGET."""
    scenario = _scenario(request, pk)
    require(request.user, Cap.PLAN_BUDGET, scenario.region)
    return scenario


@login_required
@require_POST
def scenario_promote_view(request, pk: int):
    scenario = _scenario_to_change(request, pk)
    try:
        outcome = scenario_promote(actor=request.user, scenario=scenario)
    except ValidationError as exc:
        messages.error(request, _("Not put into the budget: %(reason)s") % {
            "reason": " ".join(exc.messages)})
    else:
        messages.success(request, _(
            "Put into the budget: %(count)s draft allocation(s)%(commitment)s. Submit them "
            "for approval on the submissions page.") % {
            "count": len(outcome["allocations"]),
            "commitment": _(" and a planned commitment") if outcome["created_commitment"]
            else ""})
    return redirect("scenario_detail", pk=pk)


@login_required
@require_POST
def scenario_delete_view(request, pk: int):
    scenario = _scenario_to_change(request, pk)
    name = scenario.name
    scenario_delete(actor=request.user, scenario=scenario)
    messages.success(request, _("Scenario “%(name)s” deleted.") % {"name": name})
    return redirect("scenario_list")


@login_required
@require_safe
def scenario_export(request, pk: int):
    scenario = _scenario(request, pk)
    content = scenario_workbook(scenario, user=request.user, coding_url=coding_url(
        request, scenario.region, scenario.year))
    audit_log(actor=request.user, action=Action.EXPORT, obj=scenario, note="xlsx")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    slug = f"{scenario.region.code}-{scenario.year}-{scenario.pk}"
    response["Content-Disposition"] = f'attachment; filename="skenario-{slug}.xlsx"'
    return response


# --- the province view -------------------------------------------------------------------------

class ProvinceForm(forms.Form):
    year = YearField(label=gettext_lazy("Fiscal year"))
    target = PercentField(label=gettext_lazy("Target coverage (%)"))


@login_required
@require_safe
def province_view(request):
    province = aggregate_province(request.user)  # a national viewer: the first (issue 21)
    if province is None:
        raise Http404
    # The target defaults to the province's commitment of the year asked for (else this year).
    data = request.GET.copy()
    raw_year = data.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else timezone.localdate().year
    if not data.get("target"):
        committed = selectors.province_target(province=province, year=year)
        if committed is not None:
            data["target"] = str(committed)
    data.setdefault("year", str(year))
    form = ProvinceForm(data)
    need = None
    if form.is_valid():
        need = selectors.province_need(province=province, year=form.cleaned_data["year"],
                                       target=form.cleaned_data["target"] / 100,
                                       user=request.user)
        if request.GET.get("format") == "csv":
            return csv_response(f"kebutuhan-anggaran-{province.code}-{need.year}.csv", [
                "region_code", "region", "active", "workforce_potential", "workforce_year",
                "coverage", "workers_to_add", "months", "need", "allocated", "gap"], (
                [r.region.code, r.region.name, r.active, r.workforce, r.workforce_year,
                 r.coverage, r.workers, need.months, r.need, r.allocated, r.gap]
                for r in need.rows))
    return render(request, "planner/province.html", {"form": form, "need": need,
                                                       "province": province})
