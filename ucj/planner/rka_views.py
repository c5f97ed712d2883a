"""SIPD-ready outputs (issue 17, item 5): the budget codes a region enters once a year (list and
form) and the DPA rincian workbook of an enacted allocation. The RKA rincian is a sheet of the
scenario workbook (``ucj.planner.export``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts.scope import Cap, allows, can_read, readable_regions, require, visible
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget.models import Allocation
from ucj.planner.models import BudgetCoding
from ucj.planner.rka import allocation_coding_region, allocation_workbook
from ucj.planner.services import CODING_FIELDS, budget_coding_save
from ucj.regions.models import Level, Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def coding_url(request, region: Region | None, year: int) -> str:
    """The absolute address of a region's budget-code form, for a workbook that lacks them."""
    if region is None:
        return ""
    return request.build_absolute_uri(reverse("budget_coding", args=[region.code, year]))


class BudgetCodingForm(forms.ModelForm):
    class Meta:
        model = BudgetCoding
        fields = list(CODING_FIELDS)
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "program_code": gettext_lazy("As in SIPD: X.XX.XX"),
            "kegiatan_code": gettext_lazy("As in SIPD: X.XX.XX.X.XX, beginning with the "
                                          "programme code"),
            "sub_kegiatan_code": gettext_lazy("As in SIPD: X.XX.XX.X.XX.XXXX, beginning with "
                                              "the activity code"),
            "account_code": gettext_lazy("The spending account down to its sub-object, as in "
                                         "SIPD: 5.X.XX.XX.XX.XXXX"),
            "note": gettext_lazy("Optional, printed under the header of the RKA and DPA."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("program_code", "kegiatan_code", "sub_kegiatan_code", "account_code"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal",
                                                   "autocomplete": "off", "spellcheck": "false"})


def _year(raw: str, default: int) -> int:
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


@login_required
@require_safe
def coding_list(request):
    """Each readable province or regency with its codes of the year, or that they are
    missing."""
    today = timezone.localdate()
    year = _year(request.GET.get("tahun", ""), today.year + 1)
    regions = list(readable_regions(request.user)
                   .filter(level__in=[Level.PROVINCE, Level.REGENCY]).order_by("code"))
    codings = {c.region_id: c for c in BudgetCoding.objects.filter(
        region__in=regions, fiscal_year=year)}
    rows = [{"region": r, "coding": codings.get(r.pk),
             "can_write": allows(request.user, Cap.PLAN_BUDGET, r)} for r in regions]
    return render(request, "planner/coding_list.html", {
        "rows": rows, "year": year, "years": range(today.year - 1, today.year + 3),
        "missing": sum(1 for r in rows if r["coding"] is None)})


def _coding_page(request, code: str, year: int):
    """The region (404 outside the user's scope or not a province/regency) and its codes."""
    region = get_object_or_404(Region.objects.defer("geometry"), code=code,
                               level__in=[Level.PROVINCE, Level.REGENCY])
    if not can_read(request.user, region) or not 2000 <= year <= 2100:
        raise Http404
    return region, BudgetCoding.objects.filter(region=region, fiscal_year=year).first()


def _render_coding(request, region, year, coding, form, previous=None):
    return render(request, "planner/coding_form.html", {
        "region": region, "year": year, "coding": coding, "form": form,
        "can_write": allows(request.user, Cap.PLAN_BUDGET, region), "previous": previous,
        "next": request.GET.get("next", "") if _safe_next(request) else ""})


@login_required
@require_safe
def coding_edit(request, code: str, year: int):
    """The budget codes of a region and fiscal year: a form for who plans the region's budget
    (a new year starts from the latest earlier year's codes), read-only for the other readers
    of the region."""
    region, coding = _coding_page(request, code, year)
    previous = initial = None
    if coding is None:
        previous = BudgetCoding.objects.filter(region=region, fiscal_year__lt=year).order_by(
            "-fiscal_year").first()
        if previous is not None:
            initial = {name: getattr(previous, name) for name in CODING_FIELDS}
    form = BudgetCodingForm(instance=coding or BudgetCoding(region=region, fiscal_year=year),
                            initial=initial)
    return _render_coding(request, region, year, coding, form, previous)


@login_required
@require_POST
def coding_save(request, code: str, year: int):
    """Save the form of ``coding_edit`` (PLAN_BUDGET in the region, else 403); errors are
    shown on the form, nothing written."""
    region, coding = _coding_page(request, code, year)
    require(request.user, Cap.PLAN_BUDGET, region)
    form = BudgetCodingForm(request.POST,
                            instance=coding or BudgetCoding(region=region, fiscal_year=year))
    if form.is_valid():
        try:
            budget_coding_save(actor=request.user, region=region, fiscal_year=year,
                               **{k: form.cleaned_data[k] for k in CODING_FIELDS})
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(request, _("Budget codes of %(region)s for %(year)s saved.") % {
                "region": region.name, "year": year})
            return redirect(request.GET.get("next") if _safe_next(request) else
                            reverse("budget_coding", args=[region.code, year]))
    return _render_coding(request, region, year, coding, form)


def _safe_next(request) -> bool:
    """A ``next`` address on this site (a scenario or allocation page), never elsewhere."""
    target = request.GET.get("next", "")
    return target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts=None, require_https=request.is_secure())


@login_required
@require_safe
def allocation_dpa(request, pk: int):
    """The DPA rincian of an allocation as .xlsx: scoped like the allocation record (outside
    the user's regions: 404), audited as an export."""
    allocation = get_object_or_404(
        visible(request.user, Allocation.objects.select_related("region", "region__parent",
                                                                "package")), pk=pk)
    content = allocation_workbook(allocation, user=request.user, coding_url=coding_url(
        request, allocation_coding_region(allocation), allocation.fiscal_year))
    audit_log(actor=request.user, action=Action.EXPORT, obj=allocation, note="dpa.xlsx")
    response = HttpResponse(content, content_type=XLSX)
    slug = f"{allocation.region.code}-{allocation.fiscal_year}-{allocation.pk}"
    response["Content-Disposition"] = f'attachment; filename="dpa-rincian-{slug}.xlsx"'
    return response
