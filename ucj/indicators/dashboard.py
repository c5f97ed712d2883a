"""What the province dashboard shows, from the indicator engine: the headline figures, the
ranking of regencies, the collective effect and the alerts. A fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from ucj.budget.models import Allocation, Realization
from ucj.core.formatting import format_int, format_month, format_ratio_pct
from ucj.coverage.models import ParticipationSnapshot
from ucj.indicators import selectors as ind
from ucj.regions.models import Region
from ucj.submissions.models import State
from ucj.submissions.selectors import approved_regions

# The budget stages the Vice Governor asked for: APBD-P of the year before, APBD of the year.
SORTS = {"coverage", "growth", "gap_share", "adequacy", "realization_rate", "status", "name"}
STATUS_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}


@dataclass
class RegionRow:
    region: Region
    values: dict
    growth: int | None = None  # P(m) − P(m−1)
    lapsed: int | None = None
    lapsed_before: int | None = None
    submitted: bool = False
    synthetic: bool = False
    stages: set = field(default_factory=set)  # (fiscal year, stage) with an allocation


@dataclass
class Dashboard:
    province: Region
    month: dt.date
    total: dict
    rows: list[RegionRow]
    stages: list[dict] = field(default_factory=list)  # allocated/realized per budget stage
    alerts: list[dict] = field(default_factory=list)
    synthetic: bool = False

    @property
    def without_allocation(self) -> list[RegionRow]:
        return [r for r in self.rows if not r.values["allocated"]]


def _previous(month: dt.date) -> dt.date:
    return dt.date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def dashboard(*, province: Region, month: dt.date | None = None, sort: str = "coverage"
              ) -> Dashboard | None:
    month = month or ind.latest_month(province)
    if month is None:
        return None
    total_inputs, inputs = ind.inputs_for(province, month)
    limits = ind.thresholds()
    rows = [RegionRow(region=i.region, values=ind.figures(i, total_inputs, limits),
                      synthetic=i.synthetic) for i in inputs.values()]
    by_id = {r.region.pk: r for r in rows}
    before = _previous(month)
    active_before: dict[int, int] = {}
    for item in (ParticipationSnapshot.objects.filter(region__parent=province,
                                                      month__in=[month, before])
                 .values("region_id", "month").annotate(active=Sum("active"),
                                                        lapsed=Sum("lapsed"))):
        row = by_id[item["region_id"]]
        if item["month"] == month:
            row.lapsed = item["lapsed"]
        else:
            row.lapsed_before = item["lapsed"]
            active_before[item["region_id"]] = item["active"]
    for region_id, row in by_id.items():  # growth needs both months
        now = row.values["active_participants"]
        if now is not None and region_id in active_before:
            row.growth = now - active_before[region_id]
    submitted = approved_regions({"participation": f"{month:%Y-%m}"},
                                 states=(State.SUBMITTED, State.APPROVED))["participation"]
    for region_id in submitted & by_id.keys():
        by_id[region_id].submitted = True
    result = Dashboard(province=province, month=month,
                       total=ind.figures(total_inputs, total_inputs, limits), rows=rows,
                       synthetic=total_inputs.synthetic)
    result.stages = _stages(province, month)
    for region_id, year, stage in (Allocation.objects.filter(
            region__parent=province, fiscal_year__in=[month.year - 1, month.year])
            .values_list("region_id", "fiscal_year", "stage").distinct()):
        by_id[region_id].stages.add((year, stage))
    result.rows = sort_rows(rows, sort)
    result.alerts = _alerts(result, limits)
    return result


def _stages(province: Region, month: dt.date) -> list[dict]:
    """Allocated and realized in the province (regencies and province level) for APBD-P of the
    previous year and APBD (murni) of the year, one query each way; realized as of ``month``
    (payments for later months are not counted in a past month's view)."""
    year = month.year
    wanted = [(year - 1, "perubahan"), (year, "murni")]
    in_province = Q(region=province) | Q(region__parent=province)
    allocated = {(r["fiscal_year"], r["stage"]): r["total"] for r in
                 Allocation.objects.filter(in_province, fiscal_year__in=[year - 1, year])
                 .values("fiscal_year", "stage").annotate(total=Sum("amount"))}
    realized = {(r["allocation__fiscal_year"], r["allocation__stage"]): r["total"] for r in
                Realization.objects.filter(Q(allocation__region=province)
                                           | Q(allocation__region__parent=province),
                                           allocation__fiscal_year__in=[year - 1, year],
                                           month__lte=month)
                .values("allocation__fiscal_year", "allocation__stage")
                .annotate(total=Sum("amount_paid"))}
    return [{"year": y, "stage": s, "allocated": allocated.get((y, s)) or 0,
             "realized": realized.get((y, s)) or 0} for y, s in wanted]


def sort_rows(rows: list[RegionRow], sort: str) -> list[RegionRow]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        key, descending = "coverage", False
    if key == "name":
        return sorted(rows, key=lambda r: r.region.code, reverse=descending)
    if key == "status":
        return sorted(rows, key=lambda r: STATUS_ORDER[r.values["status"]], reverse=descending)
    value = (lambda r: r.growth) if key == "growth" else (lambda r: r.values[key])
    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]  # no data: always last
    return sorted(present, key=value, reverse=descending) + missing


def _alerts(board: Dashboard, limits) -> list[dict]:
    alerts = []
    month = format_month(board.month)
    for row in sorted(board.rows, key=lambda r: r.region.code):
        name = row.region.short_name
        if not row.values["allocated"]:
            alerts.append({"level": "red", "region": row.region, "text": _(
                "%(region)s has no budget allocation for %(year)s.") % {
                "region": name, "year": board.month.year}})
        for stage in board.stages:  # the budget stages the province asked for
            if row.values["allocated"] and (stage["year"], stage["stage"]) not in row.stages:
                alerts.append({"level": "amber", "region": row.region, "text": _(
                    "%(region)s has no allocation in %(stage)s %(year)s.") % {
                    "region": name, "year": stage["year"],
                    "stage": "APBD-P" if stage["stage"] == "perubahan" else "APBD"}})
        schedule = row.values["realization_schedule"]
        if schedule is not None and schedule < limits["amber-schedule"]:
            alerts.append({"level": "amber", "region": row.region, "text": _(
                "%(region)s has paid %(pct)s of what its allocations schedule by %(month)s.") % {
                "region": name, "pct": format_ratio_pct(schedule, 0), "month": month}})
        if row.growth is not None and row.growth < 0:
            alerts.append({"level": "amber", "region": row.region, "text": _(
                "Active participants in %(region)s fell by %(n)s in %(month)s.") % {
                "region": name, "n": format_int(-row.growth), "month": month}})
        if (row.lapsed is not None and row.lapsed_before is not None
                and row.lapsed > row.lapsed_before):
            alerts.append({"level": "amber", "region": row.region, "text": _(
                "Lapsed participants in %(region)s rose from %(before)s to %(now)s in "
                "%(month)s.") % {"region": name, "month": month,
                                 "before": format_int(row.lapsed_before),
                                 "now": format_int(row.lapsed)}})
        if not row.submitted:
            alerts.append({"level": "info", "region": row.region, "text": _(
                "The participation of %(region)s for %(month)s has not been submitted or "
                "approved.") % {"region": name, "month": month}})
    order = {"red": 0, "amber": 1, "info": 2}
    return sorted(alerts, key=lambda a: order[a["level"]])


TREND_MONTHS = 12


def trends(board: Dashboard, codes: list[str]) -> dict:
    """Coverage of the province and the chosen regencies over the last 12 months, with the
    province's target trajectory for the current year (two aggregate queries)."""
    month = board.month
    index = month.year * 12 + month.month - 1 - (TREND_MONTHS - 1)
    start = dt.date(index // 12, index % 12 + 1, 1)
    series = ind.coverage_series(board.province, start, month, codes=set(codes))
    target = board.total["target_coverage"]
    # As the engine: a straight line from last December's coverage (else the target itself).
    base = next((c for m, _p, _w, c in series[board.province.code]
                 if m == dt.date(month.year - 1, 12, 1)), None)
    trajectory = []
    for when, *_rest in series[board.province.code]:
        if when.year == month.year and target is not None:
            start_value = base if base is not None else target
            trajectory.append(start_value + (target - start_value) * when.month / 12)
        else:
            trajectory.append(None)
    names = {r.region.code: r.region.short_name for r in board.rows}
    chosen = [c for c in codes if c in names]
    return {"months": [m for m, *_ in series[board.province.code]],
            "province": series[board.province.code], "trajectory": trajectory,
            "regions": [(c, names[c], series[c]) for c in chosen]}


def default_trend_codes(board: Dashboard) -> list[str]:
    """The three regencies that hold the province back most (largest share of the gap)."""
    with_gap = [r for r in board.rows if r.values["gap_share"] is not None]
    return [r.region.code for r in sorted(with_gap, key=lambda r: r.values["gap_share"],
                                          reverse=True)[:3]]
