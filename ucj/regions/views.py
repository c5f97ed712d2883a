from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ucj.accounts.scope import aggregates_q, can_read_aggregates
from ucj.budget.evidence import sp2d_by_month
from ucj.core.csvexport import csv_response
from ucj.core.formatting import ratio_text
from ucj.core.pagecache import cached_part
from ucj.core.parsing import query_month
from ucj.indicators.region import chart_specs, region_monev
from ucj.regions.models import Level, Region
from ucj.regions.selectors import ancestors, children_with_counts


@login_required
@require_safe
def region_list(request):
    """The region master of the provinces whose aggregates the user reads (their own; every
    province for a national viewer: issue 21), each with its regencies/cities."""
    mine = aggregates_q(request.user, path="")
    provinces = Region.objects.filter(mine, level=Level.PROVINCE).order_by("code")
    counts = dict(Region.objects.filter(mine).values_list("level").annotate(n=Count("id")))
    return render(request, "regions/list.html", {
        "provinces": [(p, children_with_counts(p)) for p in provinces],
        "counts": counts,
    })


@login_required
@require_safe
def region_detail(request, code: str):
    """A region and its sub-regions; a regency's or a province's monev figures. The body is kept
    as HTML until the next write (ucj/core/pagecache.py)."""
    region = _readable_or_404(request, code)

    def context() -> dict:
        monev = region_monev(region, month_param(request))
        charts = chart_specs(monev, {
            "coverage": _("Coverage"), "trajectory": _("Target trajectory"),
            "paid": _("Contributions for the month"), "cumulative": _("Paid so far"),
        }) if monev else None
        return {"region": region, "ancestors": ancestors(region),
                "children": children_with_counts(region), "monev": monev, "charts": charts}

    return render(request, "regions/detail.html", {
        "region": region, "charted": region.level in (Level.PROVINCE, Level.REGENCY),
        "body": cached_part(request, "region", "regions/_detail_body.html", context),
    })


def month_param(request):
    """The month of ``?bulan=YYYY-MM`` (None: the latest with participation figures)."""
    return query_month(request.GET.get("bulan", ""))


def _readable_or_404(request, code: str) -> Region:
    """The region of ``code`` if the user reads its aggregates (its province's users, or a
    national viewer: issue 21); otherwise 404, as for a code that does not exist."""
    region = get_object_or_404(Region.objects.defer("geometry"), code=code)
    if not can_read_aggregates(request.user, region):
        raise Http404
    return region


def _monev_or_404(request, code: str, month=None):
    """The monev figures of a regency or province (404 for other regions or without data)."""
    monev = region_monev(_readable_or_404(request, code), month)
    if monev is None:
        raise Http404
    return monev


@login_required
@require_safe
def region_history_export(request, code: str):
    """The region's monthly coverage history as CSV (the table behind its chart)."""
    monev = _monev_or_404(request, code, month_param(request))
    return csv_response(
        f"ucj-cakupan-{code}.csv",
        ["region_code", "month", "active_participants", "workforce_potential", "coverage",
         "target_trajectory"],
        ([code, f"{m:%Y-%m}", p, w, ratio_text(c), ratio_text(t)] for m, p, w, c, t in monev.history))


@login_required
@require_safe
def region_realization_export(request, code: str):
    """The region's payments month by month as CSV (the table behind its chart)."""
    monev = _monev_or_404(request, code, month_param(request))
    # evidence (issue 17): the amount paid with an SP2D recorded (an aggregate, for everyone)
    # and, within the user's scope, the SP2D and BPJS invoice numbers.
    evidence = sp2d_by_month(request.user, monev.region, monev.month.year, monev.month)
    empty = {"with_sp2d": 0, "sp2d": [], "invoices": []}
    return csv_response(
        f"ucj-realisasi-{code}-{monev.month.year}.csv",
        ["region_code", "month", "amount_paid", "workers_paid", "paid_so_far",
         "amount_with_sp2d", "sp2d_numbers", "invoice_numbers"],
        ([code, f"{r['month']:%Y-%m}", r["paid"], r["workers"], r["cumulative"],
          (e := evidence.get(r["month"], empty))["with_sp2d"], "; ".join(e["sp2d"]),
          "; ".join(e["invoices"])]
         for r in monev.realizations))
