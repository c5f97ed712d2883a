"""Aggregate figures per region for the home page.

Aggregates of every region are visible to every signed-in user (peer comparison), so these
selectors do not filter by the user's scope; they never return records or personal data.
A fixed number of queries whatever the number of regions; ratios are exact Decimals and
``None`` (no data) when the denominator is missing or zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from ucj.budget.models import Allocation, Commitment, Realization
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator, funded_sum
from ucj.regions.models import Level, Region


def ratio(numerator, denominator) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


@dataclass
class RegionFigures:
    region: Region | None  # None for the province total row
    label: str = ""
    workforce_potential: int | None = None
    denominator_year: int | None = None
    active: int | None = None
    funded: int | None = None
    target_pct: Decimal | None = None
    allocated: int = 0
    realized: int = 0
    synthetic: bool = False
    sources: set[str] = field(default_factory=set)

    @property
    def coverage(self) -> Decimal | None:
        return ratio(self.active, self.workforce_potential)

    @property
    def target(self) -> Decimal | None:
        return self.target_pct / 100 if self.target_pct is not None else None

    @property
    def realization_rate(self) -> Decimal | None:
        return ratio(self.realized, self.allocated)


@dataclass
class HomeSummary:
    month: dt.date | None
    year: int
    rows: list[RegionFigures]
    total: RegionFigures


def latest_participation_month() -> dt.date | None:
    return ParticipationSnapshot.objects.aggregate(m=Max("month"))["m"]


def home_summary(*, province: Region, month: dt.date | None = None) -> HomeSummary:
    month = month or latest_participation_month()
    year = month.year if month else timezone.localdate().year
    regencies = list(Region.objects.filter(parent=province, level=Level.REGENCY)
                     .defer("geometry").order_by("code"))
    rows = {r.pk: RegionFigures(region=r, label=r.short_name) for r in regencies}
    ids = list(rows)

    synthetic = Count("id", filter=Q(is_synthetic=True))
    if month:
        for item in (ParticipationSnapshot.objects.filter(region_id__in=ids, month=month)
                     .values("region_id").annotate(
                         active=Sum("active"), synthetic=synthetic,
                         funded=funded_sum())):
            row = rows[item["region_id"]]
            row.active, row.funded = item["active"], item["funded"]
            row.synthetic |= bool(item["synthetic"])
    # The denominator of the reference year, or the latest earlier one.
    for d in (WorkforceDenominator.objects.filter(region_id__in=ids, year__lte=year)
              .order_by("region_id", "-year")):
        row = rows[d.region_id]
        if row.denominator_year is None:
            row.workforce_potential, row.denominator_year = d.workforce_potential, d.year
            row.synthetic |= d.is_synthetic
    province_target = (Commitment.objects.filter(region=province, year=year)
                       .values_list("target_coverage", flat=True).first())
    targets = dict(Commitment.objects.filter(region_id__in=ids, year=year)
                   .values_list("region_id", "target_coverage"))
    for pk, row in rows.items():
        row.target_pct = targets.get(pk, province_target)
    for budgeted in (Allocation.objects.filter(region_id__in=ids, fiscal_year=year)
                     .values("region_id").annotate(total=Sum("amount"), synthetic=synthetic)):
        rows[budgeted["region_id"]].allocated = budgeted["total"] or 0
        rows[budgeted["region_id"]].synthetic |= bool(budgeted["synthetic"])
    for paid in (Realization.objects.filter(allocation__region_id__in=ids,
                                            allocation__fiscal_year=year)
                 .values("allocation__region_id").annotate(total=Sum("amount_paid"))):
        rows[paid["allocation__region_id"]].realized = paid["total"] or 0

    ordered = [rows[r.pk] for r in regencies]
    total = RegionFigures(region=None, label=province.name, target_pct=province_target)
    with_both = [(r.active, r.workforce_potential) for r in ordered
                 if r.active is not None and r.workforce_potential]
    if with_both:
        # Province coverage = sum of numerators over sum of denominators, never an average.
        total.active = sum(active for active, _ in with_both)
        total.workforce_potential = sum(potential for _, potential in with_both)
    total.funded = sum(r.funded or 0 for r in ordered) if month else None
    province_allocated, province_realized = _province_level(province, year)
    total.allocated = sum(r.allocated for r in ordered) + province_allocated
    total.realized = sum(r.realized for r in ordered) + province_realized
    total.synthetic = any(r.synthetic for r in ordered)
    return HomeSummary(month=month, year=year, rows=ordered, total=total)


def _province_level(province: Region, year: int) -> tuple[int, int]:
    """Allocations kept at province level (not yet assigned to a regency)."""
    allocated = (Allocation.objects.filter(region=province, fiscal_year=year)
                 .aggregate(t=Sum("amount"))["t"] or 0)
    realized = (Realization.objects.filter(allocation__region=province,
                                           allocation__fiscal_year=year)
                .aggregate(t=Sum("amount_paid"))["t"] or 0)
    return allocated, realized
