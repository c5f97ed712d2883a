"""The national report and the national public page (issue 21), from the national board
(``ucj.indicators.national``): the 38 provinces' coverage against target, own-APBD budgeting of
their regencies, realization and lights, the national totals and the map of the provinces.

* ``national_pdf(period)``: the national monev report, an A4 PDF drawn by WeasyPrint for the
  period's *reference month* (the latest month with participation anywhere within it), as the
  province's monev report is. Made on request for the national viewers, and kept until the
  next write (docs/decisions.md 178: not archived as a ``Report``, whose region is required).
* ``csv_header``/``csv_rows``: the public CSV, Indonesian column names as ``/publik/``'s.

Only aggregates: no record, no person."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ucj.core import dataversion
from ucj.core.formatting import format_month
from ucj.core.pdf import render_pdf
from ucj.coverage.models import ParticipationSnapshot
from ucj.indicators import national
from ucj.indicators import selectors as ind
from ucj.regions.models import Level
from ucj.reports.periods import Period, parse_period
from ucj.reports.svgmap import Area, choropleth_svg


def province_areas(board: national.NationalBoard) -> list[Area]:
    """The provinces as map areas (their simplified boundaries), coloured by coverage."""
    shapes = national.shapes(Level.PROVINCE)
    return [Area(code=r.region.code, name=r.region.short_name,
                 geometry=shapes.get(r.region.code), value=r.values["coverage"])
            for r in board.rows]


def province_map_svg(board: national.NationalBoard, *, width: int) -> str:
    return choropleth_svg(
        province_areas(board), width=width,
        title=_("Coverage by province, %(month)s") % {"month": format_month(board.month)},
        legend_title=_("Coverage (active participants ÷ workforce potential)"))


def without_boundary(board: national.NationalBoard) -> list[str]:
    shapes = national.shapes(Level.PROVINCE)
    return [r.region.name for r in board.rows if r.region.code not in shapes]


# --- the national monev report ------------------------------------------------------------------

def reference_month(period: Period) -> dt.date | None:
    """The latest month within the period with participation in any regency."""
    return (ParticipationSnapshot.objects
            .filter(region__level=Level.REGENCY, month__gte=period.start, month__lte=period.end)
            .aggregate(m=Max("month"))["m"])


def default_period() -> str:
    """The quarter of the latest month with data anywhere ("" without data)."""
    latest = national.latest_national_month()
    return f"{latest.year}-Q{(latest.month - 1) // 3 + 1}" if latest else ""


def notes(board: national.NationalBoard) -> list[str]:
    """What a reader of the report should know: provinces without data, those red, the budget
    stage asked for."""
    out = []
    empty = [r.region.name for r in board.rows if not r.has_data]
    if empty:
        out.append(_("No figures yet: %(names)s.") % {"names": ", ".join(empty)})
    red = [r.region.name for r in board.rows if r.values["status"] == "red"]
    if red:
        out.append(_("Red overall: %(names)s.") % {"names": ", ".join(red)})
    lacking = [f"{r.region.name} ({r.budgeted_due}/{r.regencies})" for r in board.rows
               if r.has_data and r.regencies and r.budgeted_due < r.regencies]
    if lacking:
        out.append(_("Regencies without their own money in the budget stage due: %(names)s.")
                   % {"names": ", ".join(lacking)})
    return out


def national_pdf(period: Period | str) -> bytes:
    """The national monev report of ``period`` as PDF bytes, kept until the next write."""
    period = period if isinstance(period, Period) else parse_period(period)
    language = translation.get_language()
    return dataversion.cached("national-pdf", (period.code, language, timezone.localdate()),
                              lambda: _render(period))


def _render(period: Period) -> bytes:
    month = reference_month(period)
    board = national.national_board(month) if month else None
    context = {"period": period, "board": board, "generated_at": timezone.localtime()}
    if board is not None:
        context.update(rows=national.sort_rows(board.rows, "name"),
                       map_svg=province_map_svg(board, width=680), notes=notes(board),
                       missing=without_boundary(board), light_keys=national.UNLIT_KEYS[:3],
                       stage_names=[ind.stage_name(s["fiscal_year"], s["stage"]) for s in
                                    board.rows[0].values["own_budgeted_stages"]])
    return render_pdf("reports/national_pdf.html", context)


# --- the public CSV -----------------------------------------------------------------------------

CSV_HEADER = ["kode_provinsi", "nama_provinsi", "bulan", "jumlah_kabupaten_kota",
              "peserta_aktif", "potensi_tenaga_kerja", "cakupan_persen",
              "target_cakupan_persen", "capaian_target_persen", "tahap_anggaran_diminta",
              "kabupaten_kota_dengan_apbd_sendiri", "alokasi_rp", "realisasi_rp",
              "realisasi_persen", "status", "data_sintetis"]


def _percent(value) -> str:
    if value is None:
        return ""
    return format((Decimal(value) * 100).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP), "f")


def csv_rows(board: national.NationalBoard) -> list[list]:
    """One row per province by code, then Indonesia's total: ratios as percentages with a
    decimal point, money as integer Rupiah, the status as its Indonesian label, no data as an
    empty cell."""
    month = f"{board.month:%Y-%m}"
    out = []
    with translation.override("id"):
        for r in national.sort_rows(board.rows, "name"):
            v, stage = r.values, r.due_stage
            out.append([r.region.code, r.region.name, month, r.regencies,
                        v["active_participants"] if v["active_participants"] is not None else "",
                        v["workforce_potential"] or "", _percent(v["coverage"]),
                        _percent(v["target_coverage"]), _percent(v["target_attainment"]),
                        str(ind.stage_name(stage["fiscal_year"], stage["stage"])),
                        r.budgeted_due, v["allocated"], v["realized"],
                        _percent(v["realization_rate"]),
                        str(ind.STATUS_LABELS[v["status"]]) if v["status"] else "",
                        "1" if r.synthetic else "0"])
        t = board.total
        out.append(["", "Indonesia", month, t["regencies"],
                    t["active_participants"] if t["active_participants"] is not None else "",
                    t["workforce_potential"] or "", _percent(t["coverage"]),
                    _percent(t["target_coverage"]), _percent(t["target_attainment"]), "",
                    t["budgeted_due"], t["allocated"], t["realized"],
                    _percent(t["realization_rate"]), "", "1" if board.synthetic else "0"])
    return out
