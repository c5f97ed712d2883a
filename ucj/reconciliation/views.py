"""The reconciliation pages: the three sources per region × month (page and CSV), and the
funded workers about to lapse (page and CSV). Thin: the figures come from ``selectors``.

Both read only within the user's scope (``ucj.accounts.scope``): a region asked for outside it
answers 404. The lapse list shows person rows (masked NIK; the name only where the registry
shows names to the user, ``Cap.READ_PERSONS``), so every page and CSV of it is audited (never a
NIK or a name in the record) and sent ``Cache-Control: no-store``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.core.csvexport import csv_response
from ucj.core.lookups import month_shift
from ucj.core.parsing import query_month
from ucj.reconciliation import selectors

PAGE = 50


def _params(request):
    """(regions the user reads, the region asked for or None, the month, the query)."""
    regions = selectors.regions_for(request.user)
    code = request.GET.get("wilayah", "").strip()
    region = None
    if code:
        region = next((r for r in regions if r.code == code), None)
        if region is None:  # unknown, below a regency, or outside the user's scope
            raise Http404
    month = query_month(request.GET.get("bulan", "")) or selectors.default_month(
        request.user, timezone.localdate())
    query = {"bulan": month.strftime("%Y-%m")}
    if region is not None:
        query["wilayah"] = region.code
    return regions, region, month, query


@login_required
@require_safe
def reconciliation_page(request):
    regions, region, month, query = _params(request)
    only = request.GET.get("selisih") == "1"
    result = selectors.reconcile(request.user, month=month, regions=regions, region=region,
                                 only_differences=only)
    if only:
        query["selisih"] = "1"
    return render(request, "reconciliation/page.html", {
        "result": result, "regions": regions, "region": region, "month": month,
        "only": only, "query": urlencode(query),
        "previous": month_shift(month, -1), "next": month_shift(month, 1),
        "region_query": urlencode({"wilayah": region.code}) if region else "",
        "lapse_query": urlencode({k: v for k, v in query.items() if k != "selisih"}),
    })


@login_required
@require_safe
def reconciliation_export(request):
    regions, region, month, _query = _params(request)
    result = selectors.reconcile(request.user, month=month, regions=regions, region=region,
                                 only_differences=request.GET.get("selisih") == "1")
    name = f"rekonsiliasi-{region.code if region else 'semua'}-{month:%Y-%m}.csv"
    return csv_response(name, selectors.CSV_HEADER, selectors.csv_rows(result))


def _audit(request, action: str, what: str, query: dict, region) -> None:
    """A read of funded workers' rows: the page and the filters; never a NIK or a name."""
    audit_log(actor=request.user, action=action, object_type="registry.enrollment",
              region=region, object_repr=f"lapse list {what}"[:300], note=urlencode(query))


@login_required
@require_safe
@never_cache
def lapsing_page(request):
    regions, region, month, query = _params(request)
    workers = selectors.lapsing(request.user, month=month, region=region)
    page = Paginator(workers, PAGE).get_page(request.GET.get("page"))
    _audit(request, Action.VIEW, f"page {page.number}", query, region)
    shown = selectors.names_shown(request.user, {e.region for e in page})
    rows = [{"enrollment": e, "when": selectors.lapse_when(e.last_paid_month, month),
             "name": e.name if e.region_id in shown else None} for e in page]
    return render(request, "reconciliation/lapsing.html", {
        "page": page, "rows": rows, "names": bool(shown), "regions": regions,
        "counts": selectors.lapse_counts(workers, month),
        "region": region, "month": month, "next": month_shift(month, 1),
        "query": urlencode(query),
    })


@login_required
@require_safe
@never_cache
def lapsing_export(request):
    _regions, region, month, query = _params(request)
    workers = selectors.lapsing(request.user, month=month, region=region)
    _audit(request, Action.EXPORT, "csv", query, region)
    name = f"akan-berhenti-{region.code if region else 'semua'}-{month:%Y-%m}.csv"
    return csv_response(name, ["nik_masked", "region_code", "year", "allocation", "start_month",
                               "last_paid_month", "months_paid", "when"], (
        [e.nik_masked, e.region.code, e.year, str(e.allocation), e.start_month.strftime("%Y-%m"),
         e.last_paid_month.strftime("%Y-%m"), e.paid_months,
         selectors.lapse_when(e.last_paid_month, month)]
        for e in workers.iterator(chunk_size=2000)))
