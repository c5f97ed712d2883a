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
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts.scope import Cap, allows, readable_regions, scope_q, visible_forum
from ucj.core.downloads import stored_file_response
from ucj.core.forms import attach_errors
from ucj.coverage.models import ParticipationSnapshot
from ucj.regions.models import Level, Region
from ucj.reports import services
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


def _regions(user):
    """The province and the regencies a user may order reports for."""
    roots = readable_regions(user).filter(level__in=[Level.PROVINCE, Level.REGENCY])
    provinces = Region.objects.filter(level=Level.PROVINCE).defer("geometry")
    wanted = {r.pk: r for r in roots.defer("geometry")}
    for province in provinces:  # every user may have the province's report
        wanted.setdefault(province.pk, province)
    return sorted(wanted.values(), key=lambda r: r.code)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Report"), choices=ORDERABLE,
                             widget=forms.RadioSelect)
    period = forms.CharField(
        label=gettext_lazy("Period"), max_length=10,
        help_text=gettext_lazy("A month (2026-06), a quarter (2026-Q2) or a year (2026)."))
    region = forms.ChoiceField(label=gettext_lazy("Region"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {r.code: r for r in _regions(user)}
        self.fields["region"].choices = [(code, f"{code} {r.name}")
                                         for code, r in self.regions.items()]

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


def _default_period() -> str:
    """The quarter of the latest participation month."""
    latest = ParticipationSnapshot.objects.order_by("-month").values_list("month", flat=True).first()
    if latest is None:
        return ""
    return f"{latest.year}-Q{(latest.month - 1) // 3 + 1}"


def _reports(user):
    """The reports a user sees: those of the regions in or above their scope; of the meeting
    briefs (made with their orderer's scope), only their own, or all to who runs the forums
    (the meeting's region is then within their scope)."""
    reports = visible_forum(user, Report.objects.select_related("region", "requested_by")
                            .defer("region__geometry", "data_versions"))
    if not allows(user, Cap.MANAGE_FORUMS):
        reports = reports.exclude(Q(kind=Kind.BRIEF_PDF) & ~Q(requested_by=user))
    else:
        reports = reports.exclude(Q(kind=Kind.BRIEF_PDF) & ~Q(requested_by=user)
                                  & ~scope_q(user, path="region"))
    return reports


@login_required
@require_safe
def report_list(request):
    reports = _reports(request.user)
    filters = {"jenis": request.GET.get("jenis", ""), "periode": request.GET.get("periode", ""),
               "wilayah": request.GET.get("wilayah", "")}
    if filters["jenis"] in Kind.values:  # (the list shows the user's briefs too)
        reports = reports.filter(kind=filters["jenis"])
    if filters["periode"]:
        reports = reports.filter(period=filters["periode"].strip().upper())
    if filters["wilayah"]:
        reports = reports.filter(region__code=filters["wilayah"])
    form = ReportForm(user=request.user, initial={"kind": Kind.MONEV_PDF,
                                                  "period": _default_period()})
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
    return _list_page(request, form, _reports(request.user), {}, status=400)


def _report(request, pk) -> Report:
    report = (_reports(request.user).defer(None).defer("region__geometry")
              .filter(pk=pk).first())
    if report is None or (report.kind == Kind.BRIEF_PDF
                          and not services.brief_readable(request.user, report)):
        raise Http404
    return report


@login_required
@require_safe
def report_detail(request, pk):
    report = _report(request, pk)
    current = services.report_is_current(report) if report.status == Status.DONE else None
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
