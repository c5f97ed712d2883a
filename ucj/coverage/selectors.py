from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from ucj.coverage.models import ParticipationSnapshot, Segment, WorkforceDenominator
from ucj.regions.models import Level, Region


def denominator_for(*, region, year: int) -> WorkforceDenominator | None:
    return WorkforceDenominator.objects.filter(region=region, year=year).first()


def active_total(*, region, month: dt.date, exclude_segment: str | None = None) -> int:
    """Active participants of a region in a month, all segments (but ``exclude_segment``)."""
    qs = ParticipationSnapshot.objects.filter(region=region, month=month)
    if exclude_segment:
        qs = qs.exclude(segment=exclude_segment)
    return qs.aggregate(total=Sum("active"))["total"] or 0


def latest_active_in_year(*, region, year: int) -> tuple[dt.date | None, int]:
    latest = (
        ParticipationSnapshot.objects.filter(region=region, month__year=year)
        .order_by("-month").values_list("month", flat=True).first()
    )
    if latest is None:
        return None, 0
    return latest, active_total(region=region, month=latest)


# --- coverage by segment and of informal workers (issue 16, item 7) ----------------------------

def _ratio(numerator: int | None, denominator: int | None) -> Decimal | None:
    """numerator ÷ denominator, exact; None ("no data") when either is missing or it is 0."""
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


@dataclass
class SegmentLine:
    segment: str
    active: int | None  # None: no row for this segment in the month

    @property
    def label(self) -> str:
        return str(Segment(self.segment).label)


@dataclass
class SegmentCoverage:
    """Active participants of a regency (or a province: the sum of its regencies) by segment
    in one month, each segment's share of all active, and BPU active ÷ informal workers.

    A province counts the regencies that reported the month (``reported`` of ``expected``);
    its informal-worker coverage pairs, regency by regency, BPU active with a stored number
    of informal workers, so a regency without one adds to neither side."""

    region: Region
    month: dt.date
    lines: list[SegmentLine] = field(default_factory=list)
    expected: int = 1  # regencies that should report (1 for a regency)
    reported: int = 0  # of them, those with participation in the month
    paired: int = 0  # of them, those with a BPU figure and informal workers stored
    bpu_paired: int | None = None  # Σ BPU active over the paired regencies
    informal: int | None = None  # Σ informal workers over the paired regencies
    informal_years: tuple[int, ...] = ()  # the denominators' years used
    synthetic: bool = False

    @property
    def is_province(self) -> bool:
        return self.region.level == Level.PROVINCE

    @property
    def active(self) -> int | None:
        """All active participants (every segment reported); None when nothing reported."""
        counted = [line.active for line in self.lines if line.active is not None]
        return sum(counted) if counted else None

    @property
    def has_data(self) -> bool:
        return self.active is not None

    def line(self, segment: str) -> SegmentLine:
        return next(line for line in self.lines if line.segment == segment)

    @property
    def bpu_active(self) -> int | None:
        return self.line(Segment.BPU).active

    def share(self, segment: str) -> Decimal | None:
        """A segment's active participants ÷ all active participants."""
        return _ratio(self.line(segment).active, self.active)

    @property
    def rows(self) -> list[tuple[SegmentLine, Decimal | None]]:
        """(line, share of all active) in the segments' order, for a template."""
        return [(line, self.share(line.segment)) for line in self.lines]

    @property
    def bpu_informal(self) -> Decimal | None:
        """BPU active ÷ informal workers (the paired regencies'); None: no informal workers
        stored."""
        return _ratio(self.bpu_paired, self.informal)

    @property
    def informal_year(self) -> str:
        """"2025", or "2024–2025" when a province's regencies publish different years."""
        if not self.informal_years:
            return ""
        low, high = min(self.informal_years), max(self.informal_years)
        return str(high) if low == high else f"{low}–{high}"

    @property
    def complete(self) -> bool:
        return self.reported == self.expected

    @property
    def informal_complete(self) -> bool:
        return self.paired == self.expected


def _empty(region: Region, month: dt.date, expected: int) -> SegmentCoverage:
    return SegmentCoverage(region=region, month=month, expected=expected,
                           lines=[SegmentLine(segment=s, active=None) for s in Segment.values])


def _segments_of(regencies: list[Region], month: dt.date, where: Q,
                 ) -> dict[int, SegmentCoverage]:
    """Each regency's segment coverage in ``month`` (two queries whatever their number):
    its participation by segment, and its informal workers of the month's year or, when
    that year has none stored, of the latest earlier year that has."""
    found = {r.pk: _empty(r, month, 1) for r in regencies}
    for region_id, segment, active, synthetic in (
            ParticipationSnapshot.objects.filter(where, month=month)
            .values_list("region_id", "segment", "active", "is_synthetic")):
        if region_id in found:
            item = found[region_id]
            item.line(segment).active = active
            item.reported = 1
            item.synthetic |= synthetic
    informal: dict[int, tuple[int, int | None, bool]] = {}  # never None: filtered below
    for region_id, year, number, synthetic in (
            WorkforceDenominator.objects.filter(where, year__lte=month.year,
                                                informal__isnull=False)
            .order_by("region_id", "-year")
            .values_list("region_id", "year", "informal", "is_synthetic")):
        informal.setdefault(region_id, (year, number, synthetic))
    for region_id, item in found.items():
        bpu = item.bpu_active
        if region_id in informal and bpu is not None:
            year, number, synthetic = informal[region_id]
            item.paired, item.bpu_paired, item.informal = 1, bpu, number
            item.informal_years = (year,)
            item.synthetic |= synthetic
    return found


def _province_sum(province: Region, month: dt.date,
                  regencies: list[SegmentCoverage]) -> SegmentCoverage:
    """The province from its regencies: numerators summed over denominators summed."""
    total = _empty(province, month, len(regencies))
    for line in total.lines:
        counted = [active for r in regencies
                   if (active := r.line(line.segment).active) is not None]
        line.active = sum(counted) if counted else None
    total.reported = sum(r.reported for r in regencies)
    paired = [r for r in regencies if r.paired]
    total.paired = len(paired)
    if paired:
        # a paired regency has both figures (_segments_of)
        total.bpu_paired = sum(r.bpu_paired for r in paired if r.bpu_paired is not None)
        total.informal = sum(r.informal for r in paired if r.informal is not None)
        total.informal_years = tuple(sorted({y for r in paired for y in r.informal_years}))
    total.synthetic = any(r.synthetic for r in regencies)
    return total


def segment_coverages(*, province: Region, month: dt.date,
                      ) -> tuple[SegmentCoverage, dict[int, SegmentCoverage]]:
    """The province's segment coverage and each of its regencies' (by region id) for a
    month; three queries whatever the number of regions."""
    regencies = list(Region.objects.filter(parent=province, level=Level.REGENCY)
                     .defer("geometry").order_by("code"))
    rows = _segments_of(regencies, month, Q(region__parent=province,
                                            region__level=Level.REGENCY))
    return _province_sum(province, month, list(rows.values())), rows


def segment_coverage(*, region: Region, month: dt.date) -> SegmentCoverage:
    """Coverage by segment and of informal workers of a regency, or of a province (the sum of
    its regencies), for one month (its first day)."""
    if region.level == Level.PROVINCE:
        return segment_coverages(province=region, month=month)[0]
    if region.level != Level.REGENCY:
        raise ValueError("segment coverage is computed for a province or a regency/city")
    return _segments_of([region], month, Q(region=region))[region.pk]
