"""The indicator engine: every indicator of DESIGN §6, under its key.

Two layers:

1. ``inputs_for`` gathers the raw counts of a province's regencies and of the province itself
   for one month, with a fixed number of aggregate queries whatever the number of regions (no
   loop over records). ``Inputs`` holds them: P (active participants), W (workforce
   potential), the target T, the funded workers, the allocations, realizations and what the
   allocations' linear schedule expects by the month, the tariff in force.
2. One small, documented function per indicator turns ``Inputs`` into the figure. Ratios are
   exact ``Decimal``; money is integer Rupiah; a ratio whose denominator is missing or zero is
   ``None`` ("no data"), never 0 and never an error.

The province (``52``) is built from sums over its regencies — numerators summed, denominators
summed, never an average of percentages — with the province's own target. A regency's pair
(P, W) counts in the province only when both are known, so that a region with no data does
not lower the province's coverage.

Periods: a month (stocks such as P are month-end figures; flows such as realizations are
year-to-date up to that month), a year (its latest month with participation data), and trend
series (``coverage_series``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy

from ucj.budget.models import Allocation, Commitment, ContributionPackage, Realization
from ucj.budget.selectors import tariff_in_force
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.regions.models import Level, Region

KEYS = [
    "active_participants", "workforce_potential", "coverage", "target_coverage",
    "target_trajectory", "target_gap_workers", "funded_workers", "vulnerable_coverage",
    "budget_need", "allocated", "realized", "adequacy", "realization_rate",
    "realization_schedule", "gap_share", "collective_effect_alone", "collective_effect_all",
    "status",
]
RATIO_KEYS = {"coverage", "target_coverage", "target_trajectory", "vulnerable_coverage",
              "adequacy", "realization_rate", "realization_schedule", "gap_share",
              "collective_effect_alone", "collective_effect_all"}
MONEY_KEYS = {"budget_need", "allocated", "realized"}
# Names of the indicators, e.g. for the indicators a forum challenge is linked to.
LABELS = {
    "active_participants": gettext_lazy("Active participants"),
    "workforce_potential": gettext_lazy("Workforce potential"),
    "coverage": gettext_lazy("Coverage"),
    "target_coverage": gettext_lazy("Target coverage"),
    "target_trajectory": gettext_lazy("Target trajectory"),
    "target_gap_workers": gettext_lazy("Workers short of the target"),
    "funded_workers": gettext_lazy("Government-funded workers"),
    "vulnerable_coverage": gettext_lazy("Vulnerable-worker coverage"),
    "budget_need": gettext_lazy("Budget need"),
    "allocated": gettext_lazy("Allocated"),
    "realized": gettext_lazy("Realized"),
    "adequacy": gettext_lazy("Budget adequacy"),
    "realization_rate": gettext_lazy("Realization rate"),
    "realization_schedule": gettext_lazy("Realization against schedule"),
    "gap_share": gettext_lazy("Share of the province's gap"),
    "collective_effect_alone": gettext_lazy("Province coverage if this region meets its target"),
    "collective_effect_all": gettext_lazy("Province coverage if all regions meet their targets"),
    "status": gettext_lazy("Status"),
}
STATUS_LABELS = {"red": gettext_lazy("red"), "amber": gettext_lazy("amber"),
                 "green": gettext_lazy("green")}


def ratio(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator as an exact Decimal; None ("no data") if either is missing or
    the denominator is zero."""
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


@dataclass
class Inputs:
    """The raw counts of one region (or the province) for one month."""

    region: Region
    month: dt.date
    active: int | None = None  # P(r, m)
    funded: int | None = None
    workforce: int | None = None  # W(r, y)
    workforce_year: int | None = None
    vulnerable_target: int | None = None
    target_pct: Decimal | None = None  # T(r, y) in percent, from the commitment
    target_from: str = ""  # "commitment" | "province" | ""
    allocated: int = 0  # Σ allocations of year y, all stages and sources
    allocations: int = 0  # how many
    realized: int = 0  # Σ realizations of year y up to month m
    expected: int = 0  # what the allocations' linear schedule expects by month m
    base_active: int | None = None  # P in December of y−1 (the start of the trajectory)
    base_workforce: int | None = None  # W of y−1
    tariff: int | None = None  # monthly contribution in force at month m
    planning: bool = False  # a coming year: budget need counts 12 months
    synthetic: bool = False
    gaps: dict = field(default_factory=dict)  # for the province: G(r) of each regency
    gap_sum: int | None = None  # Σ of those gaps, once computed

    @property
    def year(self) -> int:
        return self.month.year


# --- one function per indicator ---------------------------------------------------------------

def active_participants(i: Inputs) -> int | None:
    """P(r, m): active participants at the end of month m (all segments)."""
    return i.active


def workforce_potential(i: Inputs) -> int | None:
    """W(r, y): the UCJ denominator of year y, as published (or the latest earlier year)."""
    return i.workforce


def coverage(i: Inputs) -> Decimal | None:
    """P(r, m) ÷ W(r, y)."""
    return ratio(i.active, i.workforce)


def target_coverage(i: Inputs) -> Decimal | None:
    """T(r, y): the region's committed target (else the province's), as a fraction."""
    return i.target_pct / 100 if i.target_pct is not None else None


def target_trajectory(i: Inputs) -> Decimal | None:
    """Where coverage should be in month m on a straight line from December of y−1 to T at
    December of y. Without last December's coverage, the line starts at the target."""
    target = target_coverage(i)
    if target is None:
        return None
    base = ratio(i.base_active, i.base_workforce)
    if base is None:
        return target
    return base + (target - base) * Decimal(i.month.month) / 12


def target_gap_workers(i: Inputs) -> int | None:
    """G = max(0, ⌈T · W⌉ − P): the workers still to cover to reach the target."""
    target = target_coverage(i)
    if target is None or i.workforce is None or i.active is None:
        return None
    return max(0, math.ceil(target * i.workforce) - i.active)


def funded_workers(i: Inputs) -> int | None:
    """Active participants paid by government budgets, all funding sources."""
    return i.funded


def vulnerable_coverage(i: Inputs) -> Decimal | None:
    """funded_workers ÷ the vulnerable-worker target population of year y."""
    return ratio(i.funded, i.vulnerable_target)


def months_left(i: Inputs) -> int:
    """Months of year y after month m (12 when planning a coming year)."""
    return 12 if i.planning else 12 - i.month.month


def budget_need(i: Inputs) -> int | None:
    """G × monthly contribution (tariff in force) × months left in the year."""
    from ucj.planner.selectors import contribution_cost  # the one implementation of cost

    gap = target_gap_workers(i)
    if gap is None or i.tariff is None:
        return None
    return contribution_cost(workers=gap, monthly_tariff=i.tariff, months=months_left(i))


def allocated(i: Inputs) -> int:
    """Σ allocations of year y, all stages and funding sources (Rupiah)."""
    return i.allocated


def realized(i: Inputs) -> int:
    """Σ realizations of year y up to month m (Rupiah)."""
    return i.realized


def adequacy(i: Inputs) -> Decimal | None:
    """allocated ÷ budget need; no data when nothing is needed."""
    return ratio(i.allocated, budget_need(i))


def realization_rate(i: Inputs) -> Decimal | None:
    """realized ÷ allocated."""
    return ratio(i.realized, i.allocated)


def realization_schedule(i: Inputs) -> Decimal | None:
    """realized ÷ what the allocations' linear schedule expects by month m (each allocation
    spread evenly over the months it covers)."""
    return ratio(i.realized, i.expected)


def _gap_sum(province: Inputs) -> int:
    """Σ G over the province's regencies (those with a gap), computed once."""
    if province.gap_sum is None:
        province.gap_sum = sum(v for v in province.gaps.values() if v)
    return province.gap_sum


def gap_share(i: Inputs, province: Inputs) -> Decimal | None:
    """G(r) ÷ Σ G over the province's regencies."""
    return ratio(target_gap_workers(i), _gap_sum(province) or None)


def collective_effect_alone(i: Inputs, province: Inputs) -> Decimal | None:
    """Provincial coverage if region r alone met its target: (P₅₂ + G(r)) ÷ W₅₂."""
    gap = target_gap_workers(i)
    if gap is None or province.active is None:
        return None
    return ratio(province.active + gap, province.workforce)


def collective_effect_all(province: Inputs) -> Decimal | None:
    """Provincial coverage if every regency met its target: (P₅₂ + Σ G(r)) ÷ W₅₂."""
    if province.active is None:
        return None
    return ratio(province.active + _gap_sum(province), province.workforce)


def status(i: Inputs, thresholds: dict[str, Decimal]) -> str | None:
    """red: no allocation in the year, or coverage below the red fraction of its trajectory;
    amber: below the amber fraction, or realization behind the amber fraction of its
    schedule; green otherwise. No data without coverage and a target."""
    if not i.allocations:
        return "red"
    current, trajectory = coverage(i), target_trajectory(i)
    if current is None or trajectory is None:
        return None
    if current < thresholds["red-trajectory"] * trajectory:
        return "red"
    schedule = realization_schedule(i)
    if current < thresholds["amber-trajectory"] * trajectory or (
            schedule is not None and schedule < thresholds["amber-schedule"]):
        return "amber"
    return "green"


# --- gathering the inputs ----------------------------------------------------------------------

def thresholds() -> dict[str, Decimal]:
    """The status thresholds as stored (the province admin edits them)."""
    from ucj.indicators.models import DEFAULT_VALUES, StatusThreshold

    return {**DEFAULT_VALUES, **dict(StatusThreshold.objects.values_list("key", "value"))}


def need_package() -> ContributionPackage | None:
    """The contribution package budget need is priced with (``UCJ_NEED_PACKAGE``)."""
    return ContributionPackage.objects.filter(code=settings.UCJ_NEED_PACKAGE).first()


def latest_month(province: Region, year: int | None = None) -> dt.date | None:
    """The latest month with participation data in the province (in ``year`` if given)."""
    qs = ParticipationSnapshot.objects.filter(region__parent=province)
    if year:
        qs = qs.filter(month__year=year)
    return qs.aggregate(m=Max("month"))["m"]


def inputs_for(province: Region, month: dt.date, *, planning: bool = False,
               ) -> tuple[Inputs, dict[int, Inputs]]:
    """The inputs of the province and of each of its regencies (by region id) for a month."""
    year = month.year
    regencies = list(Region.objects.filter(parent=province, level=Level.REGENCY)
                     .defer("geometry").order_by("code"))
    rows = {r.pk: Inputs(region=r, month=month, planning=planning) for r in regencies}
    # The province's regencies by their parent (a join), not by a list of hundreds of ids.
    in_regencies = Q(region__parent=province, region__level=Level.REGENCY)
    in_province = in_regencies | Q(region=province)
    in_province_allocation = (Q(allocation__region__parent=province,
                                allocation__region__level=Level.REGENCY)
                              | Q(allocation__region=province))
    funded = (Sum("funded_apbd_prov") + Sum("funded_apbd_kabkota") + Sum("funded_dbhcht")
              + Sum("funded_dana_desa") + Sum("funded_other"))
    synthetic = Count("id", filter=Q(is_synthetic=True))
    last_december = dt.date(year - 1, 12, 1)
    for item in (ParticipationSnapshot.objects
                 .filter(in_regencies, month__in=[month, last_december])
                 .values("region_id", "month")
                 .annotate(active=Sum("active"), funded=funded, synthetic=synthetic)):
        row = rows[item["region_id"]]
        if item["month"] == month:
            row.active, row.funded = item["active"], item["funded"]
            row.synthetic |= bool(item["synthetic"])
        else:
            row.base_active = item["active"]
    # Workforce potential of year y (or the latest earlier), and of y−1 for the trajectory.
    for d in (WorkforceDenominator.objects.filter(in_regencies, year__lte=year)
              .order_by("region_id", "-year")
              .values_list("region_id", "year", "workforce_potential", "vulnerable_target",
                           "is_synthetic")):
        region_id, d_year, potential, vulnerable, is_synthetic = d
        row = rows[region_id]
        if row.workforce_year is None:
            row.workforce, row.workforce_year = potential, d_year
            row.vulnerable_target = vulnerable
            row.synthetic |= is_synthetic
        if d_year <= year - 1 and row.base_workforce is None:
            row.base_workforce = potential
    targets = dict(Commitment.objects.filter(in_province, year=year)
                   .values_list("region_id", "target_coverage"))
    province_target = targets.get(province.pk)
    for pk, row in rows.items():
        if pk in targets:
            row.target_pct, row.target_from = targets[pk], "commitment"
        elif province_target is not None:
            row.target_pct, row.target_from = province_target, "province"
    # What the allocations' schedule expects by month m: each allocation's amount spread
    # over its months, counted for the months already elapsed (in SQL, per allocation).
    whole = BigIntegerField()
    elapsed = Least(Greatest(ExpressionWrapper(Value(month.month + 1) - F("start_month"),
                                               output_field=whole), Value(0), output_field=whole),
                    F("months_covered"), output_field=whole)
    expected = ExpressionWrapper(F("amount") * elapsed / F("months_covered"), output_field=whole)
    province_row = Inputs(region=province, month=month, planning=planning)
    for item in (Allocation.objects.filter(in_province, fiscal_year=year)
                 .values("region_id")
                 .annotate(total=Sum("amount"), n=Count("id"),
                           expected=Sum(expected))):
        row = rows.get(item["region_id"], province_row)
        row.allocated, row.allocations = item["total"] or 0, item["n"]
        row.expected = item["expected"] or 0
    for item in (Realization.objects.filter(in_province_allocation,
                                            allocation__fiscal_year=year, month__lte=month)
                 .values("allocation__region_id").annotate(total=Sum("amount_paid"))):
        rows.get(item["allocation__region_id"], province_row).realized = item["total"] or 0
    package = need_package()
    rate = tariff_in_force(package=package, on=dt.date(year + 1, 1, 1) if planning else month) \
        if package else None
    tariff = rate.per_worker() if rate else None
    for row in rows.values():
        row.tariff = tariff
    return _province_totals(province_row, list(rows.values()), province_target, tariff), rows


def _province_totals(total: Inputs, rows: list[Inputs], target_pct, tariff) -> Inputs:
    """The province from its regencies: sums of numerators over sums of denominators."""
    paired = [r for r in rows if r.active is not None and r.workforce]
    if paired:
        total.active = sum(r.active for r in paired)
        total.workforce = sum(r.workforce for r in paired)
        total.workforce_year = max(r.workforce_year for r in paired)
    with_funded = [r for r in rows if r.funded is not None]
    total.funded = sum(r.funded for r in with_funded) if with_funded else None
    with_vulnerable = [r for r in rows if r.vulnerable_target]
    total.vulnerable_target = (sum(r.vulnerable_target for r in with_vulnerable)
                               if with_vulnerable else None)
    base = [r for r in rows if r.base_active is not None and r.base_workforce]
    if base:
        total.base_active = sum(r.base_active for r in base)
        total.base_workforce = sum(r.base_workforce for r in base)
    total.target_pct = target_pct
    total.target_from = "commitment" if target_pct is not None else ""
    # Province-level allocations (not yet assigned to a regency) count in the province only.
    total.allocated += sum(r.allocated for r in rows)
    total.allocations += sum(r.allocations for r in rows)
    total.realized += sum(r.realized for r in rows)
    total.expected += sum(r.expected for r in rows)
    total.tariff = tariff
    total.synthetic = any(r.synthetic for r in rows)
    total.gaps = {r.region.pk: target_gap_workers(r) for r in rows}
    return total


def figures(i: Inputs, province: Inputs, limits: dict[str, Decimal]) -> dict:
    """Every indicator of DESIGN §6 for one region (or the province), under its key."""
    is_province = i is province
    return {
        "active_participants": active_participants(i),
        "workforce_potential": workforce_potential(i),
        "coverage": coverage(i),
        "target_coverage": target_coverage(i),
        "target_trajectory": target_trajectory(i),
        "target_gap_workers": target_gap_workers(i),
        "funded_workers": funded_workers(i),
        "vulnerable_coverage": vulnerable_coverage(i),
        "budget_need": budget_need(i),
        "allocated": allocated(i),
        "realized": realized(i),
        "adequacy": adequacy(i),
        "realization_rate": realization_rate(i),
        "realization_schedule": realization_schedule(i),
        "gap_share": Decimal(1) if is_province and any(province.gaps.values())
        else (None if is_province else gap_share(i, province)),
        "collective_effect_alone": None if is_province else collective_effect_alone(i, province),
        "collective_effect_all": collective_effect_all(province),
        "status": status(i, limits),
    }


def indicators(region: Region, month: dt.date, *, planning: bool = False) -> dict:
    """All indicators of a regency, or of a province (``52``), for a month."""
    province = region if region.level == Level.PROVINCE else region.parent
    total, rows = inputs_for(province, month, planning=planning)
    inputs = total if region.pk == province.pk else rows[region.pk]
    return figures(inputs, total, thresholds())


def coverage_series(province: Region, start: dt.date, end: dt.date,
                    codes: set[str] | None = None) -> dict[str, list]:
    """Monthly coverage from ``start`` to ``end`` (first days of months) of the province and of
    its regencies (only those in ``codes`` if given), by region code: [(month, P, W,
    coverage)]. Three queries (regions, participation, denominators)."""
    regencies = {r.pk: r.code for r in Region.objects.filter(parent=province,
                                                             level=Level.REGENCY)}
    active: dict[tuple[int, dt.date], int] = {
        (row["region_id"], row["month"]): row["active"] for row in
        ParticipationSnapshot.objects.filter(region__parent=province, month__gte=start,
                                             month__lte=end)
        .values("region_id", "month").annotate(active=Sum("active"))}
    published: dict[int, list[tuple[int, int]]] = {}
    for region_id, year, potential in (WorkforceDenominator.objects
                                       .filter(region__parent=province, year__lte=end.year)
                                       .order_by("region_id", "year")
                                       .values_list("region_id", "year", "workforce_potential")):
        published.setdefault(region_id, []).append((year, potential))
    # W of each region for each year shown: that year's, else the latest earlier one.
    by_year: dict[tuple[int, int], int | None] = {}
    for region_id in regencies:
        for year in range(start.year, end.year + 1):
            found = [p for y, p in published.get(region_id, []) if y <= year]
            by_year[(region_id, year)] = found[-1] if found else None

    def potential_of(region_id: int, year: int) -> int | None:
        return by_year[(region_id, year)]

    months = []
    month = start
    while month <= end:
        months.append(month)
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    shown = {region_id: code for region_id, code in regencies.items()
             if codes is None or code in codes}
    series: dict[str, list] = {code: [] for code in shown.values()}
    series[province.code] = []
    for month in months:
        p_total = w_total = 0
        paired = False
        for region_id, code in regencies.items():
            p, w = active.get((region_id, month)), potential_of(region_id, month.year)
            if region_id in shown:
                series[code].append((month, p, w, ratio(p, w)))
            if p is not None and w:
                p_total, w_total, paired = p_total + p, w_total + w, True
        series[province.code].append(
            (month, p_total if paired else None, w_total if paired else None,
             ratio(p_total, w_total) if paired else None))
    return series
