"""What a region's page shows: its indicators beside the province's, its coverage history
against its target trajectory, its commitment, its allocations by stage and source, and its
realization month by month. Aggregates only: visible to every signed-in user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Sum

from ucj.budget.models import Allocation, Commitment, Realization
from ucj.budget.selectors import enacted_by
from ucj.core.lookups import month_shift
from ucj.coverage.selectors import segment_coverage
from ucj.indicators import selectors as ind
from ucj.regions.models import Level, Region
from ucj.submissions.selectors import state_of

HISTORY_MONTHS = 24


@dataclass
class RegionMonev:
    region: Region
    province: Region
    month: dt.date
    values: dict
    province_values: dict
    history: list[tuple] = field(default_factory=list)  # (month, P, W, coverage, trajectory)
    commitment: Commitment | None = None
    allocations: list[Allocation] = field(default_factory=list)
    realizations: list[dict] = field(default_factory=list)  # month, paid, workers, cumulative
    participation_state: str = ""
    segments: object = None  # coverage by segment and of informal workers

    @property
    def pair(self) -> list[dict]:
        return self.values["own_budgeted_stages"]

    @property
    def is_province(self) -> bool:
        return self.region.pk == self.province.pk


def region_monev(region: Region, month: dt.date | None = None) -> RegionMonev | None:
    if region.level == Level.PROVINCE:
        province = region
    elif region.level == Level.REGENCY and region.parent_id:
        province = Region.objects.defer("geometry").get(pk=region.parent_id)
    else:
        return None
    month = month or ind.latest_month(province)
    if month is None:
        return None
    total, rows = ind.inputs_for(province, month)
    limits = ind.thresholds(province)
    inputs = total if region.pk == province.pk else rows[region.pk]
    result = RegionMonev(region=region, province=province, month=month,
                         values=ind.figures(inputs, total, limits),
                         province_values=ind.figures(total, total, limits))
    series = ind.coverage_series(province, month_shift(month, -(HISTORY_MONTHS - 1)), month,
                                 codes={region.code})
    target = ind.target_coverage(inputs)
    base = ind.ratio(inputs.base_active, inputs.base_workforce)
    for when, active, potential, coverage in series[region.code]:
        trajectory = ind.trajectory_at(base, target, when.month) if when.year == month.year \
            else None
        result.history.append((when, active, potential, coverage, trajectory))
    result.segments = segment_coverage(region=region, month=month)
    result.commitment = (Commitment.objects.filter(region=region, year=month.year)
                         .first())
    if region.pk != province.pk:  # is the month's participation of this region approved?
        result.participation_state = state_of(region=region, dataset="participation",
                                              period=f"{month:%Y-%m}")
    # As of the month: allocations enacted by then, payments up to then.
    result.allocations = list(Allocation.objects.filter(enacted_by(month), region=region,
                                                        fiscal_year=month.year)
                              .select_related("package")
                              .order_by("stage", "funding_source", "payer"))
    cumulative = 0
    for row in (Realization.objects.filter(allocation__region=region,
                                           allocation__fiscal_year=month.year,
                                           month__lte=month)
                .values("month").annotate(paid=Sum("amount_paid"), workers=Sum("workers_paid"))
                .order_by("month")):
        cumulative += row["paid"] or 0
        result.realizations.append({**row, "cumulative": cumulative})
    return result


def chart_specs(monev: RegionMonev, labels: dict) -> dict:
    """Specs of the region page's charts (data and layout only; drawn as SVG by
    ucj/reports/webcharts.py)."""
    months = [f"{m:%Y-%m}" for m, *_ in monev.history]
    pct = [float(c * 100) if c is not None else None for _m, _p, _w, c, _t in monev.history]
    trajectory = [float(t * 100) if t is not None else None for *_, t in monev.history]
    coverage_chart = {
        "traces": [
            {"type": "scatter", "mode": "lines+markers", "name": labels["coverage"],
             "x": months, "y": pct, "line": {"color": "#05603a"}},
            {"type": "scatter", "mode": "lines", "name": labels["trajectory"], "x": months,
             "y": trajectory, "line": {"color": "#b54708", "dash": "dash"}},
        ],
        "layout": {"yaxis": {"ticksuffix": "%", "rangemode": "tozero"},
                   "xaxis": {"type": "category"}},
    }
    realization_chart = {
        "traces": [
            {"type": "bar", "name": labels["paid"], "x": [f"{r['month']:%Y-%m}"
                                                          for r in monev.realizations],
             "y": [r["paid"] for r in monev.realizations], "marker": {"color": "#12b76a"}},
            {"type": "scatter", "mode": "lines+markers", "name": labels["cumulative"],
             "x": [f"{r['month']:%Y-%m}" for r in monev.realizations],
             "y": [r["cumulative"] for r in monev.realizations], "line": {"color": "#05603a"}},
        ],
        "layout": {"xaxis": {"type": "category"},
                   "yaxis": {"tickprefix": "Rp ", "tickformat": ",.0f", "automargin": True}},
    }
    return {"coverage": coverage_chart, "realization": realization_chart}
