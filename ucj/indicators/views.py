"""The province dashboard (every signed-in user sees the aggregates of every region), and the
status thresholds page (everyone reads them; the province admin edits them)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from ucj.accounts.scope import (
    Cap,
    aggregate_province,
    allows,
    require,
)
from ucj.core import dataversion
from ucj.core.csvexport import csv_response
from ucj.core.fields import PercentField
from ucj.core.formatting import (
    format_int,
    format_month,
    format_ratio_pct,
    format_rupiah,
    ratio_text,
)
from ucj.core.pagecache import cached_part
from ucj.core.parsing import query_month
from ucj.indicators.dashboard import dashboard, default_trend_codes, trends
from ucj.indicators.models import StatusThreshold
from ucj.indicators.selectors import SCALAR_KEYS, STATUS_KEYS, STATUS_LABELS, shows_next_need
from ucj.indicators.services import threshold_update
from ucj.indicators.templatetags.indicators import status_light
from ucj.policy.tenancy import in_force, in_force_q, settings_province  # issue 21
from ucj.regions.models import Level, Region


class ThresholdForm(forms.Form):
    value = PercentField(label=gettext_lazy("Value (%)"))


class MonthThresholdForm(forms.Form):
    value = forms.IntegerField(label=gettext_lazy("Month (1–12)"), min_value=1, max_value=12)


@login_required
@require_safe
def threshold_list(request):
    """The thresholds of the user's province: its own and the national defaults it inherits
    (issue 21); the province admin changes them for the province alone."""
    province = settings_province(request.user)
    return render(request, "indicators/thresholds.html", {
        "thresholds": in_force(StatusThreshold.objects.select_related("updated_by"), province,
                               key=lambda t: t.key),
        "province": province,
        "can_edit": province is not None and allows(request.user, Cap.MANAGE_THRESHOLDS,
                                                    province),
    })


@login_required
@require_POST
def threshold_edit(request, pk: int):
    require(request.user, Cap.MANAGE_THRESHOLDS)
    # a default or the user's province's own; another province's answers 404 (issue 21)
    threshold = get_object_or_404(StatusThreshold.objects.filter(
        in_force_q(settings_province(request.user))), pk=pk)
    form = (MonthThresholdForm if threshold.is_month else ThresholdForm)(request.POST)
    if form.is_valid():
        value = form.cleaned_data["value"]
        try:
            threshold_update(actor=request.user, threshold=threshold,
                             value=Decimal(value) if threshold.is_month else value / 100)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": threshold.label})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("threshold_list")


# --- the province dashboard ---------------------------------------------------------------------

def _dashboard_province(request) -> Region:
    """The province asked for (``?provinsi=``; default the user's own; a national viewer's
    default is the first by code), if the user reads its aggregates (issue 21), else 404."""
    province = aggregate_province(request.user, request.GET.get("provinsi", ""))
    if province is None:
        raise Http404
    return province


def _board(request, province: Region):
    """The dashboard of ``province`` for the month (``?bulan=``) and order (``?urut=``) asked."""
    return dashboard(province=province, month=query_month(request.GET.get("bulan", "")),
                     sort=request.GET.get("urut", "coverage"))


def _dashboard(request):
    return _board(request, _dashboard_province(request))


COLLECTIVE_BARS = 20


@login_required
@require_safe
def dashboard_page(request):
    """The dashboard; its body is kept as HTML until the next write (ucj/core/pagecache.py)."""
    province = _dashboard_province(request)
    body = cached_part(request, "dashboard", "indicators/_dashboard_body.html",
                       lambda: _dashboard_context(request, province))
    return render(request, "indicators/dashboard.html", {"body": body})


def _dashboard_context(request, province: Region) -> dict:
    board = _board(request, province)
    approved = sum(1 for r in board.rows if r.submitted) if board else 0
    collective = []
    if board:
        collective = sorted(
            ((r.region, r.values["collective_effect_alone"]) for r in board.rows
             if r.values["collective_effect_alone"] is not None),
            key=lambda item: item[1], reverse=True)
    # A province of hundreds of regencies: the bars of the twenty that matter most; all of
    # them are in the ranking table and the CSV.
    collective_more = max(0, len(collective) - COLLECTIVE_BARS)
    collective = collective[:COLLECTIVE_BARS]
    mode = "status" if request.GET.get("peta") == "status" else "coverage"
    trend = charts = None
    chosen: list[str] = []
    if board:
        chosen = request.GET.getlist("daerah") or default_trend_codes(board)
        trend = trends(board, chosen)
        charts = _chart_specs(board, trend)
    return {
        "board": board, "sort": request.GET.get("urut", "coverage"),
        "submitted_count": approved, "collective": collective, "map_mode": mode,
        "collective_more": collective_more,
        "map_data": _map_data(board, mode) if board else None,
        "trend": trend, "charts": charts, "chosen": chosen,
        "trend_rows": _trend_rows(trend) if trend else [],
        "ranking_rows": _ranking_rows(board) if board else "",
        "limits": board.limits if board else {},
        "need_next": bool(board) and need_column(board) == "apbd_need_next",
    }


def _ranking_rows(board):
    """The ranking's rows as HTML, built here rather than in the template: a province may have
    hundreds of regencies, and this is the page's largest table."""
    labels = [_("Region"), _("Coverage"), _("Target"), _("Projected year-end"), _("Growth"),
              _("Share of the gap"), _("APBD need"), _("Adequacy"), _("Realization"),
              _("Status")]
    light_names = [_("Coverage"), _("Budgeting"), _("Realization")]
    need_key = need_column(board)
    unapproved = format_html(' <span class="badge badge-muted">{}</span>', _("not yet approved"))
    prefix = reverse("region_list")

    def growth(value):
        if value is None:
            return "–"
        return f"+{format_int(value)}" if value > 0 else format_int(value)

    def cells(r):
        v = r.values
        return (labels[0], prefix, r.region.code, f"{board.month:%Y-%m}", r.region.short_name,
                "" if r.submitted else unapproved,
                labels[1], format_ratio_pct(v["coverage"]),
                labels[2], format_ratio_pct(v["target_coverage"]),
                labels[3], format_ratio_pct(v["projected_coverage"]),
                labels[4], growth(r.growth),
                labels[5], format_ratio_pct(v["gap_share"]),
                labels[6], format_rupiah(v[need_key]),
                labels[7], format_ratio_pct(v["adequacy"]),
                labels[8], format_ratio_pct(v["realization_rate"]),
                labels[9], status_light(v["status"]),
                format_html_join(" ", '<span class="minilight">{}: {}</span>',
                                 ((name, status_light(v[key])) for name, key in zip(
                                     light_names, STATUS_KEYS[:3], strict=True))))

    return format_html_join(
        "\n",
        '<tr><td data-label="{}"><a href="{}{}/?bulan={}">{}</a>{}</td>'
        '<td data-label="{}" class="num">{}</td><td data-label="{}" class="num">{}</td>'
        '<td data-label="{}" class="num">{}</td><td data-label="{}" class="num">{}</td>'
        '<td data-label="{}" class="num">{}</td><td data-label="{}" class="num">{}</td>'
        '<td data-label="{}" class="num">{}</td><td data-label="{}" class="num">{}</td>'
        '<td data-label="{}">{}<div class="lights small">{}</div></td></tr>',
        (cells(r) for r in board.rows))


def need_column(board) -> str:
    """From October the ranking prices next year's APBD murni (this year's need shrinks to
    nothing by December)."""
    return "apbd_need_next" if shows_next_need(board.month) else "apbd_need"


def _trend_rows(trend) -> list[list[str]]:
    """The trend chart as table rows, formatted for reading."""
    rows = []
    for i, (month, *_rest, coverage) in enumerate(trend["province"]):
        rows.append([format_month(month), format_ratio_pct(coverage),
                     format_ratio_pct(trend["trajectory"][i]),
                     *[format_ratio_pct(series[i][3]) for _c, _n, series in trend["regions"]]])
    return rows


def _pct(value):
    return float(value * 100) if value is not None else None


def _chart_specs(board, trend) -> dict:
    """Specs of the trend and budget-against-need charts (drawn as SVG by ucj/reports/webcharts.py)."""
    months = [f"{m:%Y-%m}" for m in trend["months"]]
    traces = [{"type": "scatter", "mode": "lines+markers", "name": board.province.name,
               "x": months, "y": [_pct(c) for *_, c in trend["province"]],
               "line": {"color": "#05603a", "width": 3}},
              {"type": "scatter", "mode": "lines", "name": _("Target trajectory"),
               "x": months, "y": [_pct(t) for t in trend["trajectory"]],
               "line": {"color": "#b54708", "dash": "dash"}}]
    for _code, name, series in trend["regions"]:
        traces.append({"type": "scatter", "mode": "lines", "name": name, "x": months,
                       "y": [_pct(c) for *_, c in series]})
    rows = sorted(board.rows, key=lambda r: r.region.code)
    budget = [
        {"type": "bar", "name": _("APBD need"), "x": [r.region.short_name for r in rows],
         "y": [r.values["apbd_need"] for r in rows], "marker": {"color": "#fdb022"}},
        {"type": "bar", "name": _("Allocated"), "x": [r.region.short_name for r in rows],
         "y": [r.values["allocated"] for r in rows], "marker": {"color": "#12b76a"}},
    ]
    return {
        "trend": {"traces": traces,
                  "layout": {"yaxis": {"ticksuffix": "%", "rangemode": "tozero"},
                             "xaxis": {"type": "category"}}},
        "budget": {"traces": budget,
                   "layout": {"barmode": "group",
                              "yaxis": {"tickprefix": "Rp ", "tickformat": ",.0f",
                                        "automargin": True}}},
    }


@login_required
@require_safe
def dashboard_trend_export(request):
    """The coverage trend behind the dashboard's chart, as CSV."""
    board = _dashboard(request)
    if board is None:
        raise Http404
    trend = trends(board, request.GET.getlist("daerah") or default_trend_codes(board))
    rows = [[board.province.code, f"{m:%Y-%m}", p, w, ratio_text(c), ratio_text(t)]
            for (m, p, w, c), t in zip(trend["province"], trend["trajectory"], strict=True)]
    for code, _name, series in trend["regions"]:
        rows += [[code, f"{m:%Y-%m}", p, w, ratio_text(c), ""] for m, p, w, c in series]
    return csv_response(f"ucj-tren-{board.month:%Y-%m}.csv",
                        ["region_code", "month", "active_participants", "workforce_potential",
                         "coverage", "target_trajectory"], rows)




def _ring_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False))


def for_d3(geometry: dict) -> dict:
    """GeoJSON rings in d3-geo's winding: outer rings clockwise, holes counter-clockwise.
    RFC 7946 files wind the other way, and d3 would then fill the whole globe except the
    region. (The map is now SVG drawn with the even-odd rule, which needs no winding.)"""
    def polygon(rings):
        fixed = []
        for index, ring in enumerate(rings):
            clockwise = _ring_area(ring) < 0
            wanted = index == 0  # the outer ring clockwise, holes not
            fixed.append(ring if clockwise == wanted else ring[::-1])
        return fixed

    if geometry.get("type") == "Polygon":
        return {**geometry, "coordinates": polygon(geometry["coordinates"])}
    if geometry.get("type") == "MultiPolygon":
        return {**geometry, "coordinates": [polygon(p) for p in geometry["coordinates"]]}
    return geometry


def _boundaries(province) -> dict[str, dict]:
    """The regencies' boundaries in d3's winding, by code: decoded and turned once, then
    cached until the next write (ucj/core/dataversion.py; issue 18)."""
    return dataversion.cached("boundaries", (province.pk,), lambda: {
        code: for_d3(geometry) for code, geometry in
        Region.objects.filter(parent=province, level=Level.REGENCY).exclude(geometry=None)
        .values_list("code", "geometry")})


def _map_data(board, mode: str) -> dict:
    """GeoJSON of the regencies and their values, for the choropleth (one query)."""
    names = {key: str(label) for key, label in STATUS_LABELS.items()}
    geometry = _boundaries(board.province)
    rows = [r for r in sorted(board.rows, key=lambda r: r.region.code)
            if r.region.code in geometry]
    values = [float(r.values["coverage"] * 100) if r.values["coverage"] is not None else None
              for r in rows]
    present = [v for v in values if v is not None] or [0, 100]
    return {
        "mode": mode,
        "geojson": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": r.region.code,
             "properties": {"code": r.region.code, "name": r.region.short_name},
             "geometry": geometry[r.region.code]} for r in rows]},
        "codes": [r.region.code for r in rows],
        "values": values,
        "zmin": min(present), "zmax": max(present),
        "status_values": [{"red": 0, "amber": 1, "green": 2}.get(r.values["status"])
                          for r in rows],
        "status_names": [names["red"], names["amber"], names["green"]],
        "labels": [
            f"{r.region.short_name}<br>{_('Coverage')}: {format_ratio_pct(r.values['coverage'])}"
            f"<br>{_('Target')}: {format_ratio_pct(r.values['target_coverage'])}"
            f"<br>{_('Status')}: {names.get(r.values['status'], '–')}" for r in rows],
        "urls": [reverse("region_detail", args=[r.region.code]) for r in rows],
        "unit": _("Coverage"),
    }


# The CSV holds the scalar indicators; the own money of the pair's stages and whether the
# month was reported take one column each.
STAGE_COLUMNS = ["own_murni_year", "own_perubahan_year", "own_murni_next_year"]


def _csv_values(values: dict) -> list:
    stages = values["own_budgeted_stages"]
    completeness = values["completeness"]
    return [*[ratio_text(values[k]) for k in SCALAR_KEYS], *[s["amount"] for s in stages],
            f"{completeness['received']}/{completeness['expected']}"]


@login_required
@require_safe
def dashboard_export(request):
    board = _dashboard(request)
    header = ["region_code", "region_name", "month", *SCALAR_KEYS, *STAGE_COLUMNS,
              "reported", "growth", "synthetic"]
    rows = [] if board is None else [
        [r.region.code, r.region.short_name, f"{board.month:%Y-%m}", *_csv_values(r.values),
         r.growth, "1" if r.synthetic else "0"]
        for r in sorted(board.rows, key=lambda r: r.region.code)]
    if board:
        rows.append([board.province.code, board.province.name, f"{board.month:%Y-%m}",
                     *_csv_values(board.total), "", "1" if board.synthetic else "0"])
    return csv_response(f"ucj-indikator-{board.month:%Y-%m}.csv" if board else "ucj-indikator.csv",
                        header, rows)
