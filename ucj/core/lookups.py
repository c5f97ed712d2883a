"""The facts plausibility checks need about other records, behind one small interface.

``DbLookups`` asks the database, one record at a time (forms). The importer uses a subclass
that answers from data loaded once plus the rows of the file, so that the same rules check
100,000 rows without a query per row.
"""

from __future__ import annotations

import datetime as dt


class DbLookups:
    def denominator(self, region, year: int):
        from ucj.coverage.selectors import denominator_for

        return denominator_for(region=region, year=year)

    def active_total(self, region, month: dt.date, exclude_segment: str | None = None) -> int:
        """Active participants of a region in a month, all segments but ``exclude_segment``."""
        from ucj.coverage.selectors import active_total

        return active_total(region=region, month=month, exclude_segment=exclude_segment)

    def latest_active_in_year(self, region, year: int) -> tuple[dt.date | None, int]:
        from ucj.coverage.selectors import latest_active_in_year

        return latest_active_in_year(region=region, year=year)

    def realized_total(self, allocation, exclude_month: dt.date | None = None) -> int:
        """Paid against an allocation, all months but ``exclude_month``."""
        from ucj.budget.selectors import realized_total

        return realized_total(allocation=allocation, exclude_month=exclude_month) if allocation.pk else 0

    def tariff(self, package, on: dt.date):
        from ucj.budget.selectors import tariff_in_force

        return tariff_in_force(package=package, on=on)

    # --- for the plausibility rules of ucj/core/plausibility.py ---------------------------------

    def today(self) -> dt.date:
        from ucj.core import plausibility

        return plausibility.today()

    def denominator_nearby(self, region, year: int):
        """The same region's denominator of the nearest year before ``year``, else of the
        nearest year after it (None without another year)."""
        from ucj.coverage.models import WorkforceDenominator

        others = WorkforceDenominator.objects.filter(region=region).exclude(year=year)
        return (others.filter(year__lt=year).order_by("-year").first()
                or others.filter(year__gt=year).order_by("year").first())

    def active_nearby(self, region, segment: str, month: dt.date) -> tuple[dt.date | None, int]:
        """Active participants of the same region and segment in the nearest month before
        ``month`` (at most NEARBY_MONTHS back), else the nearest after it (as far ahead)."""
        from ucj.coverage.models import ParticipationSnapshot

        first, last = month_shift(month, -NEARBY_MONTHS), month_shift(month, NEARBY_MONTHS)
        rows = ParticipationSnapshot.objects.filter(region=region, segment=segment)
        found = (rows.filter(month__lt=month, month__gte=first).order_by("-month")
                 .values_list("month", "active").first()
                 or rows.filter(month__gt=month, month__lte=last).order_by("month")
                 .values_list("month", "active").first())
        return found or (None, 0)

    def allocation_of(self, region, fiscal_year: int, stage: str, funding_source: str,
                      payer: str, exclude_pk=None):
        """The allocation with this natural key (not ``exclude_pk``), or None."""
        from ucj.budget.models import Allocation

        found = Allocation.objects.filter(region=region, fiscal_year=fiscal_year, stage=stage,
                                          funding_source=funding_source, payer=payer)
        if exclude_pk is not None:
            found = found.exclude(pk=exclude_pk)
        return found.first()


# How far the participation of another month is looked for (either way).
NEARBY_MONTHS = 12


def month_shift(month: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before) ``month``."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


DB = DbLookups()
