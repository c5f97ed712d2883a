"""The budget cycle pages: the province's grid (every regency × the steps), a region's steps
with the forms to record them, the calendar of due dates, the commitments followed through,
and the scoped, audited documents."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ucj.accounts.scope import Cap, allows, can_read, require
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget.models import Stage
from ucj.core.csvexport import csv_response
from ucj.core.downloads import stored_file_response
from ucj.core.forms import attach_errors
from ucj.cycle import selectors, services
from ucj.cycle.forms import DeadlineForm, MilestoneForm
from ucj.cycle.models import Kind, Milestone, kind_label
from ucj.policy.tenancy import user_province_code  # settings per province (issue 21)
from ucj.regions.hierarchy import province_code
from ucj.regions.models import Level, Region

# --- the query: year, stage, as-of day, status ---------------------------------------------------

def _as_of(request) -> dt.date:
    text = request.GET.get("tanggal", "").strip()
    try:
        return dt.date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _year(request, default: int) -> int:
    text = request.GET.get("tahun", "").strip()
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else default


def _stage(request) -> str:
    stage = request.GET.get("tahap", "")
    return stage if stage in Stage.values else Stage.MURNI


def _params(request) -> dict:
    as_of = _as_of(request)
    status = request.GET.get("status", "")
    return {"as_of": as_of, "year": _year(request, as_of.year), "stage": _stage(request),
            "status": status if status in selectors.REGION_STATUSES else "",
            "dated": bool(request.GET.get("tanggal", "").strip())}


def _year_choices(year: int) -> list[int]:
    years = set(Milestone.objects.values_list("fiscal_year", flat=True).distinct())
    return sorted(years | {year - 1, year, year + 1})


def _common(request, params: dict, tab: str) -> dict:
    return {"params": params, "tab": tab, "years": _year_choices(params["year"]),
            "stages": Stage.choices,
            "can_manage_calendar": user_province_code(request.user) is not None
            and allows(request.user, Cap.MANAGE_BUDGET_CALENDAR)}


# --- the province's grid -------------------------------------------------------------------------

@login_required
@require_safe
def province_cycle(request):
    params = _params(request)
    grid = selectors.grid(request.user, year=params["year"], stage=params["stage"],
                          as_of=params["as_of"])
    rows = grid.filtered(params["status"])
    if request.GET.get("format") == "csv":
        return _grid_csv(request, grid, rows)
    statuses = [(key, label, grid.counts[key]) for key, label in
                selectors.REGION_STATUSES.items()]
    return render(request, "cycle/province.html", {
        **_common(request, params, "grid"), "grid": grid, "rows": rows, "statuses": statuses,
        "step_states": selectors.STEP_LABELS,
    })


def _grid_csv(request, grid, rows):
    audit_log(actor=request.user, action=Action.EXPORT, object_type="cycle.milestone",
              object_repr="budget cycle " + " ".join(
                  f"{k}={v}" for k, v in request.GET.items() if k != "format"))
    header = ["region_code", "region", "fiscal_year", "stage", "as_of", "region_status",
              "step", "step_name", "due_date", "legal_basis", "date", "state", "days_late",
              "document", "outcome", "province_note", "note", "recorded_by", "recorded_at"]

    def lines():
        for row in rows:
            for cell in row.cells:
                m = cell.milestone
                who = (m.updated_by or m.created_by) if m else None
                yield [row.region.code, row.region.name, grid.year, grid.stage,
                       grid.as_of.isoformat(), row.status, cell.due.kind, cell.due.label,
                       cell.due.date.isoformat(), cell.due.legal_basis,
                       m.date.isoformat() if m else "", cell.state,
                       cell.days_late if cell.days_late is not None else "",
                       int(bool(m and m.document)), m.outcome if m else "",
                       m.province_note if m else "", m.note if m else "",
                       who.username if who else "",
                       timezone.localtime(m.updated_at).isoformat(timespec="minutes")
                       if m else ""]
    return csv_response(f"siklus-anggaran-{grid.year}-{grid.stage}.csv", header, lines())


# --- commitments followed through --------------------------------------------------------------

@login_required
@require_safe
def followthrough(request):
    params = _params(request)
    rows = selectors.followthrough(request.user, year=params["year"], as_of=params["as_of"])
    if request.GET.get("format") == "csv":
        audit_log(actor=request.user, action=Action.EXPORT, object_type="cycle.followthrough",
                  object_repr=f"commitments followed through {params['year']}")
        return csv_response(f"komitmen-{params['year']}.csv", [
            "region_code", "region", "year", "as_of", "committed", "planned", "plan",
            "plan_promoted", "budgeted", "budgeted_own", "funded_registry", "funded_bpjs",
            "bpjs_month", "gap_planned", "gap_budgeted", "gap_funded"], (
            [f.region.code, f.region.name, params["year"], params["as_of"].isoformat(),
             _blank(f.committed), _blank(f.planned), f.plan_name, int(f.plan_promoted),
             _blank(f.budgeted), _blank(f.budgeted_own), _blank(f.funded_registry),
             _blank(f.funded_bpjs), f.bpjs_month.strftime("%Y-%m") if f.bpjs_month else "",
             _blank(f.gaps["planned"]), _blank(f.gaps["budgeted"]), _blank(f.gaps["funded"])]
            for f in rows))
    return render(request, "cycle/followthrough.html", {
        **_common(request, params, "followthrough"), "rows": rows})


def _blank(value):
    return "" if value is None else value


# --- one region --------------------------------------------------------------------------------

def _region_or_404(user, code: str) -> Region:
    region = Region.objects.defer("geometry").filter(code=code, level=Level.REGENCY).first()
    if region is None or not can_read(user, region):
        raise Http404
    return region


@login_required
@require_safe
def region_cycle(request, code: str):
    region = _region_or_404(request.user, code)
    params = _params(request)
    row = selectors.region_cycle(region, year=params["year"], stage=params["stage"],
                                 as_of=params["as_of"])
    for cell in row.cells:
        cell.may_record = services.may_record(request.user, region, cell.due.kind)
    follow = next(iter(selectors.followthrough(request.user, year=params["year"],
                                               as_of=params["as_of"], region=region)), None)
    return render(request, "cycle/region.html", {
        **_common(request, params, "region"), "region": region, "row": row, "follow": follow,
        "query": urlencode({"tahun": params["year"], "tahap": params["stage"]}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def record_milestone(request, code: str, year: int, stage: str, kind: str):
    region = _region_or_404(request.user, code)
    if stage not in Stage.values or kind not in Kind.values or not 2000 <= year <= 2100:
        raise Http404
    if not services.may_record(request.user, region, kind):
        raise PermissionDenied
    existing = Milestone.objects.filter(region=region, fiscal_year=year, stage=stage,
                                        kind=kind).first()
    due = next(d for d in selectors.calendar(year, stage, province_code(region.code))
               if d.kind == kind)
    initial = {}
    if existing:
        initial = {"date": existing.date, "note": existing.note, "outcome": existing.outcome,
                   "province_note": existing.province_note}
    form = MilestoneForm(request.POST or None, request.FILES or None, kind=kind, initial=initial)
    back = reverse("cycle_region", args=[region.code]) + "?" + urlencode(
        {"tahun": year, "tahap": stage})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.milestone_record(
                actor=request.user, region=region, fiscal_year=year, stage=stage, kind=kind,
                date=data["date"], note=data["note"].strip(), document=data["document"],
                outcome=data.get("outcome", ""),
                province_note=data.get("province_note", "").strip())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("%(step)s of %(region)s recorded.") % {
                "step": kind_label(kind, stage), "region": region.short_name})
            return redirect(back)
    return render(request, "cycle/record.html", {
        "region": region, "year": year, "stage": stage, "stage_label": Stage(stage).label,
        "kind": kind, "kind_label": kind_label(kind, stage), "due": due, "form": form,
        "existing": existing, "back": back, "is_evaluation": kind == Kind.EVALUATION,
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_safe
def milestone_document(request, pk: int):
    """A step's document, for users who may see the region's steps; audited."""
    milestone = selectors.milestone_for(request.user, pk)
    if milestone is None:
        raise Http404
    response = stored_file_response(milestone.document, content_type="application/pdf",
                                    filename=milestone.document_name or "dokumen.pdf",
                                    as_attachment=False)
    audit_log(actor=request.user, action=Action.DOWNLOAD, obj=milestone,
              note=milestone.document_name)
    return response


# --- the calendar ------------------------------------------------------------------------------

@login_required
@require_safe
def calendar(request):
    params = _params(request)
    province = user_province_code(request.user)  # its own dates and the national ones (#21)
    stages = [(value, label, selectors.calendar(params["year"], value, province))
              for value, label in Stage.choices]
    return render(request, "cycle/calendar.html", {
        **_common(request, params, "calendar"), "calendars": stages})


@login_required
@require_http_methods(["GET", "POST"])
def deadline_edit(request, year: int, stage: str, kind: str):
    if stage not in Stage.values or kind not in Kind.values or not 2000 <= year <= 2100:
        raise Http404
    require(request.user, Cap.MANAGE_BUDGET_CALENDAR)
    due = next(d for d in selectors.calendar(year, stage, user_province_code(request.user))
               if d.kind == kind)
    form = DeadlineForm(request.POST or None,
                        initial={"due_date": due.date, "legal_basis": due.legal_basis})
    back = reverse("cycle_calendar") + "?" + urlencode({"tahun": year})
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_set(actor=request.user, fiscal_year=year, stage=stage, kind=kind,
                                  due_date=form.cleaned_data["due_date"],
                                  legal_basis=form.cleaned_data["legal_basis"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Due date saved."))
            return redirect(back)
    return render(request, "cycle/deadline_form.html", {
        "form": form, "due": due, "year": year, "stage_label": Stage(stage).label,
        "back": back}, status=400 if request.method == "POST" else 200)
