"""What the province dashboard shows, from the indicator engine: the headline figures, the
ranking of regencies, the collective effect and the alerts. A fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from ucj.budget.models import Allocation, Realization
from ucj.budget.selectors import enacted_by
from ucj.core.formatting import format_int, format_month, format_ratio_pct
from ucj.core.lookups import month_shift
from ucj.coverage.models import ParticipationMonth
from ucj.indicators import selectors as ind
from ucj.regions.models import Region
from ucj.submissions.models import State
from ucj.submissions.selectors import approved_regions

SORTS = {"coverage", "growth", "gap_share", "adequacy", "realization_rate", "status", "name",
         "target_attainment", "projected_coverage"}
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


@dataclass
class Dashboard:
    province: Region
    month: dt.date
    total: dict
    rows: list[RegionRow]
    stages: list[dict] = field(default_factory=list)  # allocated/realized per budget stage
    alerts: list[dict] = field(default_factory=list)
    synthetic: bool = False
    inputs: ind.Inputs | None = None  # the province's, for the trajectory's start
    limits: dict = field(default_factory=dict)

    @property
    def without_own_money(self) -> list[RegionRow]:
        """Regencies with no money of their own in APBD murni of the year (as of the month):
        province money on their workers does not count."""
        return [r for r in sorted(self.rows, key=lambda r: r.region.code)
                if not r.values["own_budgeted_stages"][0]["budgeted"]]

    @property
    def pair(self) -> list[dict]:
        """The Vice Governor's pair for every regency: own money in APBD-P of the year and in
        APBD murni of the next, with the year's murni, as of the month."""
        return [{"region": r.region, "budget_status": r.values["budget_status"],
                 "stages": r.values["own_budgeted_stages"]}
                for r in sorted(self.rows, key=lambda r: r.region.code)]

    @property
    def due_stages(self) -> list[bool]:
        """Whether each stage of the pair is asked for by the month (the engine's rule)."""
        return [s["due"] for s in self.total["own_budgeted_stages"]]

    def lacking(self, index: int) -> list[RegionRow]:
        """The regencies (by code) with no own money in stage ``index`` of the pair."""
        return [r for r in sorted(self.rows, key=lambda r: r.region.code)
                if not r.values["own_budgeted_stages"][index]["budgeted"]]

    @property
    def unassigned_target_text(self) -> str | None:
        """The warning when the regencies' targets cannot add up to the province's."""
        unassigned = self.total["target_unassigned_workers"]
        if unassigned is None or unassigned <= 0:
            return None
        return _("The regencies' targets add up to %(assigned)s workers of the province's "
                 "%(target)s: %(rest)s are assigned to no regency.") % {
            "assigned": format_int(self.inputs.assigned_workers),
            "target": format_int(self.inputs.target_workers), "rest": format_int(unassigned)}


def dashboard(*, province: Region, month: dt.date | None = None, sort: str = "coverage"
              ) -> Dashboard | None:
    month = month or ind.latest_month(province)
    if month is None:
        return None
    total_inputs, inputs = ind.inputs_for(province, month)
    limits = ind.thresholds(province)
    rows = [RegionRow(region=i.region, values=ind.figures(i, total_inputs, limits),
                      synthetic=i.synthetic) for i in inputs.values()]
    by_id = {r.region.pk: r for r in rows}
    before = month_shift(month, -1)
    active_before: dict[int, int] = {}
    for item in (ParticipationMonth.objects.filter(region__parent=province,  # decision 186
                                                   month__in=[month, before])
                 .values("region_id", "month", "active", "lapsed")):
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
                       synthetic=total_inputs.synthetic, inputs=total_inputs,
                       limits=limits)
    result.stages = _stages(province, month)
    result.rows = sort_rows(rows, sort)
    result.alerts = _alerts(result, limits)
    return result


def _stages(province: Region, month: dt.date) -> list[dict]:
    """The budget stages of the pair in the province as of ``month``: APBD murni of the year,
    APBD-P of the year and APBD murni of the next, each with what is allocated (enacted by the
    month, every payer), how much of it is the regencies' own money and the province's, and
    what is realized by the month. One query each way."""

    year = month.year
    wanted = [(year, "murni"), (year, "perubahan"), (year + 1, "murni")]
    in_province = Q(region=province) | Q(region__parent=province)
    allocated: dict[tuple, dict] = {}
    for r in (Allocation.objects.filter(in_province, enacted_by(month),
                                        fiscal_year__in=[year, year + 1])
              .values("fiscal_year", "stage", "payer").annotate(total=Sum("amount"))):
        entry = allocated.setdefault((r["fiscal_year"], r["stage"]), {})
        entry[r["payer"]] = r["total"] or 0
    realized = {(r["allocation__fiscal_year"], r["allocation__stage"]): r["total"] for r in
                Realization.objects.filter(Q(allocation__region=province)
                                           | Q(allocation__region__parent=province),
                                           allocation__fiscal_year=year, month__lte=month)
                .values("allocation__fiscal_year", "allocation__stage")
                .annotate(total=Sum("amount_paid"))}
    return [{"year": y, "stage": s, "allocated": sum(allocated.get((y, s), {}).values()),
             "regency_own": allocated.get((y, s), {}).get("regency", 0),
             "province_own": allocated.get((y, s), {}).get("province", 0),
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


def _names(rows) -> str:
    return ", ".join(rows)


def _alerts(board: Dashboard, limits) -> list[dict]:
    """A handful of lines, each naming every region it concerns: missing own money in a stage
    asked for, realization behind schedule, falling participants, rising lapses, reports not
    in, and targets that cannot add up."""
    alerts = []
    month = format_month(board.month)
    rows = sorted(board.rows, key=lambda r: r.region.code)
    y = board.month.year
    without = [r.region.short_name for r in board.without_own_money]
    if without:
        alerts.append({"level": "red", "text": _(
            "No money of their own in %(stage)s: %(regions)s.") % {
            "stage": ind.stage_name(y, "murni"), "regions": _names(without)}})
    due = [(index, year, stage) for index, (year, stage) in
           enumerate(((y, "murni"), (y, "perubahan"), (y + 1, "murni"))) if board.due_stages[index]]
    for index, year, stage in due[1:]:  # those without the year's murni are named above
        missing = [r.region.short_name for r in board.lacking(index)
                   if r.values["own_budgeted_stages"][0]["budgeted"]]
        if missing:
            alerts.append({"level": "amber", "text": _(
                "No money of their own in %(stage)s: %(regions)s.") % {
                "stage": ind.stage_name(year, stage), "regions": _names(missing)}})
    # fewer own workers than a year before (those with none at all are named above)
    dropped = [r.region.short_name for r in rows
               if r.values["own_budgeted_stages"][0]["dropped"]
               and r.values["own_budgeted_stages"][0]["budgeted"]]
    if dropped:
        alerts.append({"level": "amber", "text": _(
            "Fewer workers in their own %(stage)s than a year before: %(regions)s.") % {
            "stage": ind.stage_name(y, "murni"), "regions": _names(dropped)}})
    behind = [f"{r.region.short_name} ({format_ratio_pct(r.values['realization_schedule'], 0)})"
              for r in rows if r.values["realization_schedule"] is not None
              and r.values["realization_schedule"] < limits["amber-schedule"]]
    if behind:
        alerts.append({"level": "amber", "text": _(
            "Paid less than %(limit)s of what their allocations schedule by %(month)s: "
            "%(regions)s.") % {"limit": format_ratio_pct(limits["amber-schedule"], 0),
                               "month": month, "regions": _names(behind)}})
    fell = [f"{r.region.short_name} (−{format_int(-r.growth)})" for r in rows
            if r.growth is not None and r.growth < 0]
    if fell:
        alerts.append({"level": "amber", "text": _(
            "Active participants fell in %(month)s: %(regions)s.") % {
            "month": month, "regions": _names(fell)}})
    rise = limits["alert-lapse-rise"]
    lapsing = [f"{r.region.short_name} ({format_int(r.lapsed_before)} → {format_int(r.lapsed)})"
               for r in rows if r.lapsed is not None and r.lapsed_before is not None
               and r.lapsed > r.lapsed_before * (1 + rise)]
    if lapsing:
        alerts.append({"level": "amber", "text": _(
            "Participants lapsed in %(month)s rose by more than %(rise)s: %(regions)s.") % {
            "month": month, "rise": format_ratio_pct(rise, 0), "regions": _names(lapsing)}})
    completeness = board.total["completeness"]
    if completeness["carried"] or completeness["missing"]:
        alerts.append({"level": "amber", "text": _(
            "Participation of %(month)s not reported by %(regions)s: the province counts "
            "their last value.") % {"month": month, "regions": _names(
                [f"{c['name']} ({c['from']})" for c in completeness["carried"]]
                + [c["name"] for c in completeness["missing"]])}})
    if board.unassigned_target_text:
        alerts.append({"level": "amber", "text": board.unassigned_target_text})
    waiting = [r.region.short_name for r in rows if not r.submitted]
    if waiting:
        alerts.append({"level": "info", "text": _(
            "Participation of %(month)s not yet submitted or approved: %(regions)s.") % {
            "month": month, "regions": _names(waiting)}})
    order = {"red": 0, "amber": 1, "info": 2}
    return sorted(alerts, key=lambda a: order[a["level"]])


TREND_MONTHS = 12


def trends(board: Dashboard, codes: list[str]) -> dict:
    """Coverage of the province and the chosen regencies over the last 12 months, with the
    province's target trajectory for the current year (two aggregate queries)."""
    month = board.month
    start = month_shift(month, -(TREND_MONTHS - 1))
    series = ind.coverage_series(board.province, start, month, codes=set(codes))
    target = board.total["target_coverage"]
    # As the engine: a straight line from last December's coverage (else the target itself),
    # whether or not last December is in the window.
    base = ind.ratio(board.inputs.base_active, board.inputs.base_workforce)
    trajectory = [ind.trajectory_at(base, target, when.month) if when.year == month.year
                  else None for when, *_rest in series[board.province.code]]
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
