"""The reports pages: order a monev PDF or a data workbook for a period and a region, follow it
while the background task makes it, and download it — the same file, whenever asked, with the
note whether the data has changed since."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts.scope import Cap, require
from ucj.core.downloads import stored_file_response
from ucj.core.forms import attach_errors
from ucj.reports import selectors, services
from ucj.reports.models import CONTENT_TYPES, ORDERABLE, Kind, Report, Status
from ucj.reports.periods import parse_period
from ucj.submissions.models import State

PAGE = 50
VERSION_LABELS = {
    "participation": gettext_lazy("Participation"), "denominators": gettext_lazy("Workforce denominators"),
    "commitments": gettext_lazy("Commitments"), "allocations": gettext_lazy("Allocations"),
    "realizations": gettext_lazy("Realizations"), "action_items": gettext_lazy("Forum action items"),
    "tariffs": gettext_lazy("Tariffs"), "meeting": gettext_lazy("The meeting"),
    "challenges": gettext_lazy("Forum challenges"),
    "action_updates": gettext_lazy("Progress on action items"),
}


def _versions(report: Report) -> list[dict]:
    """The report's data versions for people: a label, the count, the last change as a time."""
    rows = []
    for key, value in sorted(report.data_versions.items()):
        if key == "approval":
            continue
        text = value["last_changed"] or ""
        rows.append({"label": VERSION_LABELS.get(key, key), "count": value.get("count"),
                     "last": parse_date(text) if len(text) == 10 else parse_datetime(text)})
    for key, value in sorted(report.data_versions.get("approval", {}).items()):
        dataset, _sep, state = key.partition(":")
        rows.append({"label": _("Submissions of %(dataset)s: %(state)s") % {
            "dataset": VERSION_LABELS.get(dataset, dataset).lower(),
            "state": State(state).label if state in State.values else state},
            "count": value.get("count"), "last": parse_datetime(value["last_changed"] or "")})
    for row in rows:
        row["has_time"] = hasattr(row["last"], "hour")
    return rows


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Report"), choices=ORDERABLE,
                             widget=forms.RadioSelect)
    period = forms.CharField(
        label=gettext_lazy("Period"), max_length=10,
        help_text=gettext_lazy("A month (2026-06), a quarter (2026-Q2) or a year (2026)."))
    region = forms.ChoiceField(label=gettext_lazy("Region"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {r.code: r for r in selectors.orderable_regions(user)}
        self.fields["region"].choices = [(code, f"{code} {r.name}")
                                         for code, r in self.regions.items()]

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


@login_required
@require_safe
def report_list(request):
    reports = selectors.reports_for(request.user)
    filters = {"jenis": request.GET.get("jenis", ""), "periode": request.GET.get("periode", ""),
               "wilayah": request.GET.get("wilayah", "")}
    if filters["jenis"] in Kind.values:  # (the list shows the user's briefs too)
        reports = reports.filter(kind=filters["jenis"])
    if filters["periode"]:
        reports = reports.filter(period=filters["periode"].strip().upper())
    if filters["wilayah"]:
        reports = reports.filter(region__code=filters["wilayah"])
    form = ReportForm(user=request.user, initial={"kind": Kind.MONEV_PDF,
                                                  "period": selectors.default_period()})
    return _list_page(request, form, reports, filters)


def _list_page(request, form, reports, filters, status=200):
    page = Paginator(reports, PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/list.html", {
        "form": form, "page": page, "reports": page.object_list, "count": page.paginator.count,
        "filters": filters, "kinds": Kind.choices, "regions": form.regions.values(),
        "query": urlencode({k: v for k, v in filters.items() if v}),
    }, status=status)


@login_required
@require_POST
def report_create(request):
    require(request.user, Cap.ORDER_REPORTS)  # (a national viewer orders none here: issue 21)
    form = ReportForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            report = services.report_request(
                actor=request.user, kind=form.cleaned_data["kind"],
                period=form.cleaned_data["period"],
                region=form.regions[form.cleaned_data["region"]])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The report is being made; this page shows when it is "
                                        "ready."))
            return redirect("report_detail", pk=report.pk)
    return _list_page(request, form, selectors.reports_for(request.user), {}, status=400)


def _report(request, pk) -> Report:
    report = selectors.report_for(request.user, pk)
    if report is None:
        raise Http404
    return report


@login_required
@require_safe
def report_detail(request, pk):
    report = _report(request, pk)
    current = selectors.report_is_current(report) if report.status == Status.DONE else None
    return render(request, "reports/detail.html", {
        "report": report, "period": parse_period(report.period), "current": current,
        "versions": _versions(report),
    })


@login_required
@require_safe
def report_download(request, pk):
    report = _report(request, pk)
    if report.status != Status.DONE:
        raise Http404
    response = stored_file_response(report.file, filename=report.file_name,
                                    content_type=CONTENT_TYPES[report.kind])
    services.report_downloaded(actor=request.user, report=report)
    return response
