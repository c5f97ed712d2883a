"""The national dashboard (``/nasional/``, issue 21) and its CSV: every province's aggregates for
one month, for the national viewers (``Cap.READ_NATIONAL``; everyone else 403). The body is
kept as HTML until the next write (ucj/core/pagecache.py); the figures are
``ucj.indicators.national``'s."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ucj.accounts.scope import Cap, require
from ucj.core.csvexport import csv_response
from ucj.core.formatting import format_ratio_pct, ratio_text
from ucj.core.pagecache import cached_part
from ucj.core.parsing import query_month
from ucj.indicators import national
from ucj.indicators import selectors as ind
from ucj.regions.models import Level

LIGHT_FILTER = "lampu"  # ?lampu=red|amber|green|none
TEXT_FILTER = "cari"


def _board(request):
    return national.national_board(query_month(request.GET.get("bulan", "")))


def _rows(request, board) -> list[national.ProvinceRow]:
    rows = national.filter_rows(board.rows, light=request.GET.get(LIGHT_FILTER, ""),
                                text=request.GET.get(TEXT_FILTER, ""))
    return national.sort_rows(rows, request.GET.get("urut", "name"))


def province_url(code: str, month) -> str:
    """The province's own dashboard, as of the same month."""
    return f"{reverse('dashboard')}?provinsi={code}&bulan={month:%Y-%m}"


@login_required
@require_safe
def national_dashboard(request):
    require(request.user, Cap.READ_NATIONAL)
    body = cached_part(request, "national", "indicators/_national_body.html",
                       lambda: _context(request))
    return render(request, "indicators/national.html", {"body": body})


def _facets(request, board) -> list[dict]:
    """The overall lights as filters, each with its count of provinces (as datasette's
    facets): a link that keeps the other parameters."""
    names = {**{k: str(v) for k, v in ind.STATUS_LABELS.items()}, "none": _("no light")}
    counts = board.counts
    chosen = request.GET.get(LIGHT_FILTER, "")
    out = []
    for key in (*national.LIGHTS, "none"):
        query = request.GET.copy()
        query[LIGHT_FILTER] = key
        out.append({"key": key, "label": names[key], "count": counts[None if key == "none"
                                                                     else key],
                    "query": query.urlencode(), "chosen": chosen == key})
    return out


def _context(request) -> dict:
    board = _board(request)
    if board is None:
        return {"board": None}
    rows = _rows(request, board)
    mode = "status" if request.GET.get("peta") == "status" else "coverage"
    cleared = request.GET.copy()
    cleared.pop(LIGHT_FILTER, None)
    cleared.pop(TEXT_FILTER, None)
    provinces_map, provinces_missing = province_map(board, mode)
    return {
        "board": board, "rows": rows, "sort": request.GET.get("urut", "name"),
        "facets": _facets(request, board),
        "filtered": bool(request.GET.get(LIGHT_FILTER) or request.GET.get(TEXT_FILTER)),
        "cleared": cleared.urlencode(), "text": request.GET.get(TEXT_FILTER, ""),
        "map_mode": mode, "provinces_map": provinces_map,
        "provinces_missing": provinces_missing,
        "limits": ind.thresholds(),
        # (stage name, regencies with own money in it) of the pair, nationally
        "stage_counts": list(zip([ind.stage_name(s["fiscal_year"], s["stage"])
                                  for s in board.rows[0].values["own_budgeted_stages"]],
                                 board.total["budgeted"], strict=True)) if board.rows else [],
    }


@login_required
@require_safe
def national_regency_map(request):
    """The map of every regency and city (~230 KB of SVG for 514 regions): loaded by the
    dashboard when it scrolls into view (htmx), or a page of its own without JavaScript, so
    that the dashboard itself stays light. Kept until the next write, as the dashboard."""
    require(request.user, Cap.READ_NATIONAL)
    body = cached_part(request, "national-regencies", "indicators/_national_regency_map.html",
                       lambda: _regency_context(request))
    if request.headers.get("HX-Request"):
        return HttpResponse(body)
    return render(request, "indicators/national_regency_map.html", {"body": body})


def _regency_context(request) -> dict:
    board = _board(request)
    if board is None:
        return {"board": None}
    mode = "status" if request.GET.get("peta") == "status" else "coverage"
    regencies_map, regencies_missing = regency_map(board, mode)
    return {"board": board, "map_mode": mode, "regencies_map": regencies_map,
            "regencies_missing": regencies_missing}


# --- the maps ----------------------------------------------------------------------------------

def _map_data(cells: list[tuple], geometry: dict, mode: str, *, names: bool) -> dict:
    """``{% region_map %}``'s data (as the province dashboard's ``_map_data``) of cells
    (code, name, coverage, status, tooltip lines, url) that have a boundary."""
    labels = {key: str(label) for key, label in ind.STATUS_LABELS.items()}
    drawn = [c for c in cells if c[0] in geometry]
    values = [float(c[2] * 100) if c[2] is not None else None for c in drawn]
    present = [v for v in values if v is not None] or [0, 100]
    return {
        "mode": mode, "names": names, "stroke": 1 if names else 0.4,
        "one_drawing": not names,  # 514 regions: one drawing that scales, not two
        "geojson": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": c[0], "properties": {"code": c[0], "name": c[1]},
             "geometry": geometry[c[0]]} for c in drawn]},
        "codes": [c[0] for c in drawn], "values": values,
        "zmin": min(present), "zmax": max(present),
        "status_values": [{"red": 0, "amber": 1, "green": 2}.get(c[3]) for c in drawn],
        "status_names": [labels["red"], labels["amber"], labels["green"]],
        "labels": ["<br>".join(c[4]) for c in drawn],
        "urls": [c[5] for c in drawn], "unit": _("Coverage"),
    }


def _tip(name: str, coverage, status) -> list[str]:
    labels = {key: str(label) for key, label in ind.STATUS_LABELS.items()}
    return [name, f"{_('Coverage')}: {format_ratio_pct(coverage)}",
            f"{_('Status')}: {labels.get(status, '–')}"]


def province_map(board, mode: str) -> tuple[dict, list[str]]:
    """The provinces coloured by coverage or status, each a link to its dashboard; and the
    names of the provinces without a boundary (listed, not drawn)."""
    geometry = national.shapes(Level.PROVINCE)
    cells = [(r.region.code, r.region.short_name, r.values["coverage"], r.values["status"],
              _tip(r.region.name, r.values["coverage"], r.values["status"]),
              province_url(r.region.code, board.month)) for r in board.rows]
    missing = [c[1] for c in cells if c[0] not in geometry]
    return _map_data(cells, geometry, mode, names=True), missing


def regency_map(board, mode: str) -> tuple[dict, list[str]]:
    """Every regency and city coloured by coverage or status (no names on the map: 514 would
    hide it), each a link to its region page; and those without a boundary."""
    geometry = national.shapes(Level.REGENCY)
    prefix = reverse("region_list")
    cells = [(c.code, c.name, c.coverage, c.status, _tip(c.name, c.coverage, c.status),
              f"{prefix}{c.code}/?bulan={board.month:%Y-%m}") for c in board.regencies]
    missing = [c[1] for c in cells if c[0] not in geometry]
    return _map_data(cells, geometry, mode, names=False), missing


# --- the CSV -----------------------------------------------------------------------------------

CSV_HEADER = [
    "province_code", "province_name", "month", "regencies", "active_participants",
    "workforce_potential", "coverage", "target_coverage", "target_attainment",
    "target_gap_workers", "own_budgeted_murni_year", "own_budgeted_perubahan_year",
    "own_budgeted_murni_next_year", "stage_due", "own_budgeted_stage_due", "allocated",
    "own_allocated", "realized", "realization_rate", "coverage_status", "budget_status",
    "realization_status", "status", "synthetic",
]


def csv_row(r: national.ProvinceRow, month) -> list:
    v = r.values
    stage = r.due_stage
    return [r.region.code, r.region.name, f"{month:%Y-%m}", r.regencies,
            v["active_participants"], v["workforce_potential"], ratio_text(v["coverage"]),
            ratio_text(v["target_coverage"]), ratio_text(v["target_attainment"]),
            v["target_gap_workers"], *r.budgeted, f"{stage['fiscal_year']}-{stage['stage']}",
            r.budgeted_due, v["allocated"], v["own_allocated"], v["realized"],
            ratio_text(v["realization_rate"]), v["coverage_status"] or "",
            v["budget_status"] or "", v["realization_status"] or "", v["status"] or "",
            "1" if r.synthetic else "0"]


@login_required
@require_safe
def national_export(request):
    """The table as CSV with the page's filters (``?lampu=``, ``?cari=``) and order; the last
    row is the national total when no filter is set."""
    require(request.user, Cap.READ_NATIONAL)
    board = _board(request)
    if board is None:
        return csv_response("ucj-nasional.csv", CSV_HEADER, [])
    rows = _rows(request, board)
    out = [csv_row(r, board.month) for r in rows]
    if not (request.GET.get(LIGHT_FILTER) or request.GET.get(TEXT_FILTER)):
        t = board.total
        out.append(["", "Indonesia", f"{board.month:%Y-%m}", t["regencies"],
                    t["active_participants"], t["workforce_potential"],
                    ratio_text(t["coverage"]), ratio_text(t["target_coverage"]),
                    ratio_text(t["target_attainment"]), t["target_gap_workers"],
                    *t["budgeted"], "", t["budgeted_due"], t["allocated"], t["own_allocated"],
                    t["realized"], ratio_text(t["realization_rate"]), "", "", "", "",
                    "1" if board.synthetic else "0"])
    return csv_response(f"ucj-nasional-{board.month:%Y-%m}.csv", CSV_HEADER, out)
