"""What the public transparency page shows (``/publik/``): aggregates of the province and of
each of its regencies and cities for one month, from the indicator engine
(``ucj.indicators.dashboard``), with the approval state of the figures, when they were last
changed and whether they are synthetic.

Only aggregates: no person, no user, no document, no record. Figures that are not yet
approved are included, as everywhere in the app, and labelled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import translation

from ucj.budget.models import Allocation, Commitment, Realization
from ucj.core.formatting import ratio_text
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.indicators import selectors as ind
from ucj.indicators.dashboard import dashboard
from ucj.regions.models import Level, Region
from ucj.reports.svgmap import Area, areas
from ucj.submissions.selectors import approved_regions

# The figures of a row, in the order of the table and the CSV (engine keys).
KEYS = ["coverage", "target_coverage", "active_participants", "workforce_potential", "status",
        "allocated", "realized", "realization_rate"]


@dataclass
class PublicRow:
    code: str
    name: str
    values: dict  # KEYS → the engine's value
    participation_approved: bool = False
    allocations_approved: bool = False
    synthetic: bool = False
    province_level: bool = False  # allocations kept at the province, not yet per regency

    @property
    def approved(self) -> bool:
        if self.province_level:
            return self.allocations_approved
        return self.participation_approved and self.allocations_approved


@dataclass
class PublicFigures:
    province: Region
    month: dt.date
    total: dict  # KEYS → the province's value
    rows: list[PublicRow]  # regencies by code, then the province-level allocations if any
    areas: list[Area] = field(default_factory=list)
    months: list[dt.date] = field(default_factory=list)  # months with data, latest first
    updated_at: dt.datetime | None = None
    synthetic: bool = False
    thresholds: dict = field(default_factory=dict)
    pair: list[dict] = field(default_factory=list)  # own money by regency (the dashboard's)
    without_own_money: list = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.month.year

    @property
    def regencies(self) -> list[PublicRow]:
        return [r for r in self.rows if not r.province_level]

    @property
    def approved(self) -> bool:
        """Every figure shown is approved (the participation of the month and the allocations
        of the year of every region)."""
        return bool(self.rows) and all(r.approved for r in self.rows)

    @property
    def participation_approved_count(self) -> int:
        return sum(1 for r in self.regencies if r.participation_approved)

    @property
    def allocations_approved_count(self) -> int:
        return sum(1 for r in self.regencies if r.allocations_approved)


def public_province() -> Region | None:
    """The province the page is about: ``UCJ_PUBLIC_PROVINCE`` if set, else the first
    province by code that holds participation figures (with the national region master
    loaded, issue 21), else the first by code."""
    provinces = Region.objects.filter(level=Level.PROVINCE).defer("geometry")
    code = getattr(settings, "UCJ_PUBLIC_PROVINCE", "")
    if code:
        return provinces.filter(code=code).first()
    reporting = provinces.filter(pk__in=ParticipationSnapshot.objects.values(
        "region__parent_id")).order_by("code").first()
    return reporting or provinces.order_by("code").first()


def months_with_data(province: Region) -> list[dt.date]:
    """The months with participation figures in the province's regencies, latest first."""
    return list(ParticipationSnapshot.objects.filter(region__parent=province,
                                                     region__level=Level.REGENCY)
                .values_list("month", flat=True).distinct().order_by("-month"))


def public_figures(*, province: Region, month: dt.date | None = None) -> PublicFigures | None:
    """The page's figures for ``month`` (default: the latest month with participation data);
    None if the province has no participation figures for it."""
    months = months_with_data(province)
    if not months:
        return None
    month = month or months[0]
    if month not in months:
        return None
    board = dashboard(province=province, month=month, sort="name")
    if board is None:
        return None
    year = month.year
    approved = approved_regions({"participation": f"{month:%Y-%m}", "allocations": str(year)})
    rows, coverage = [], []
    for r in sorted(board.rows, key=lambda r: r.region.code):
        coverage.append((r.region, r.values["coverage"]))
        rows.append(PublicRow(
            code=r.region.code, name=r.region.short_name,
            values={k: r.values[k] for k in KEYS},
            participation_approved=r.region.pk in approved["participation"],
            allocations_approved=r.region.pk in approved["allocations"],
            synthetic=r.synthetic))
    total = {k: board.total[k] for k in KEYS}
    # Allocations kept at the province itself (not yet assigned to a regency) count in the
    # province's total only: shown as their own row so that the table adds up.
    kept_allocated = total["allocated"] - sum(r.values["allocated"] for r in rows)
    kept_realized = total["realized"] - sum(r.values["realized"] for r in rows)
    if kept_allocated or kept_realized:
        values = dict.fromkeys(KEYS)
        values.update(allocated=kept_allocated, realized=kept_realized,
                      realization_rate=ind.ratio(kept_realized, kept_allocated))
        rows.append(PublicRow(code=province.code, name=province.name, values=values,
                              allocations_approved=province.pk in approved["allocations"],
                              province_level=True))
    updated_at, synthetic = _last_change(province, month)
    shapes = areas(coverage)
    return PublicFigures(province=province, month=month, total=total, rows=rows, areas=shapes,
                         months=months, updated_at=updated_at,
                         synthetic=board.synthetic or synthetic, thresholds=ind.thresholds(province),
                         pair=board.pair, without_own_money=board.without_own_money)


def _last_change(province: Region, month: dt.date) -> tuple[dt.datetime | None, bool]:
    """The latest ``updated_at`` of the records behind the figures shown (participation of
    the month, the workforce potential in force, the year's commitments, allocations and
    realizations up to the month), and whether any of them is synthetic. Five queries."""
    year = month.year
    in_regencies = Q(region__parent=province, region__level=Level.REGENCY)
    in_province = in_regencies | Q(region=province)
    stamps = []
    synthetic = False
    summary = {"last": Max("updated_at"), "synthetic": Count("id", filter=Q(is_synthetic=True))}
    for queryset in (
            ParticipationSnapshot.objects.filter(in_regencies, month=month),
            Commitment.objects.filter(in_province, year=year),
            Allocation.objects.filter(in_province, fiscal_year=year),
            Realization.objects.filter(Q(allocation__region__parent=province,
                                         allocation__region__level=Level.REGENCY)
                                       | Q(allocation__region=province),
                                       allocation__fiscal_year=year, month__lte=month)):
        found = queryset.aggregate(**summary)
        stamps.append(found["last"])
        synthetic |= bool(found["synthetic"])
    # The workforce potential in force: each regency's latest year up to the month's year.
    seen: set[int] = set()
    for region_id, updated, is_synthetic in (
            WorkforceDenominator.objects.filter(in_regencies, year__lte=year)
            .order_by("region_id", "-year")
            .values_list("region_id", "updated_at", "is_synthetic")):
        if region_id not in seen:
            seen.add(region_id)
            stamps.append(updated)
            synthetic |= is_synthetic
    stamps = [s for s in stamps if s is not None]
    return (max(stamps) if stamps else None), synthetic


# The CSV's columns, in Indonesian for its readers (issue 19); ratios as percentages.
CSV_COLUMNS = {
    "coverage": "cakupan_persen", "target_coverage": "target_cakupan_persen",
    "active_participants": "peserta_aktif", "workforce_potential": "potensi_tenaga_kerja",
    "status": "status", "allocated": "alokasi_rp", "realized": "realisasi_rp",
    "realization_rate": "realisasi_persen",
}
PERCENT_KEYS = {"coverage", "target_coverage", "realization_rate"}
ROW_KINDS = {"regency": "kabupaten_kota", "province_level": "tingkat_provinsi", "total": "total"}


def csv_header() -> list[str]:
    return ["kode_wilayah", "nama_wilayah", "jenis_baris", "bulan",
            *(CSV_COLUMNS[k] for k in KEYS), "kepesertaan_disetujui", "alokasi_disetujui",
            "data_sintetis"]


def _percent(value):
    """A ratio (0.307123) as a percentage with four places (30.7123): the same precision as the
    engine's six-place ratio; no data as an empty cell."""
    if value is None:
        return ""
    return format((Decimal(value) * 100).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP), "f")


def csv_rows(figures: PublicFigures) -> list[list]:
    """The table's rows, then the province's total, with machine values: ratios as
    percentages with a decimal point (``30.7000``), money as integer Rupiah, the status as its
    Indonesian label, no data as an empty cell, yes/no as 1/0. The ``jenis_baris`` column tells
    a regency or city (``kabupaten_kota``), allocations kept at the province
    (``tingkat_provinsi``) and the province's total (``total``) apart."""

    def flag(value: bool) -> str:
        return "1" if value else "0"

    def cells(values: dict) -> list:
        out = []
        for k in KEYS:
            value = values[k]
            if k in PERCENT_KEYS:
                out.append(_percent(value))
            elif k == "status":
                out.append(str(ind.STATUS_LABELS[value]) if value in ind.STATUS_LABELS else "")
            else:
                out.append(ratio_text(value))
        return out

    month = f"{figures.month:%Y-%m}"
    out = []
    with translation.override("id"):
        for r in figures.rows:
            out.append([r.code, r.name,
                        ROW_KINDS["province_level" if r.province_level else "regency"], month,
                        *cells(r.values),
                        "" if r.province_level else flag(r.participation_approved),
                        flag(r.allocations_approved), flag(r.synthetic)])
        regencies = figures.regencies
        out.append([figures.province.code, figures.province.name, ROW_KINDS["total"], month,
                    *cells(figures.total),
                    flag(all(r.participation_approved for r in regencies)),
                    flag(all(r.allocations_approved for r in figures.rows)),
                    flag(figures.synthetic)])
    return out
