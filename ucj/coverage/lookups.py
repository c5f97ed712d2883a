"""The facts about coverage records that plausibility checks need, behind one small interface.

``CoverageLookups`` asks the database, one record at a time (forms). The budget app extends it
with the budget's facts (``ucj.budget.lookups.DbLookups``), and the importer with a subclass
that answers from data loaded once plus the rows of the file, so that the same rules check
100,000 rows without a query per row.
"""

from __future__ import annotations

import datetime as dt

from ucj.core import plausibility
from ucj.core.lookups import NEARBY_MONTHS, month_shift
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.coverage.selectors import active_total, denominator_for, latest_active_in_year


class CoverageLookups:
    def denominator(self, region, year: int):
        return denominator_for(region=region, year=year)

    def active_total(self, region, month: dt.date, exclude_segment: str | None = None) -> int:
        """Active participants of a region in a month, all segments but ``exclude_segment``."""
        return active_total(region=region, month=month, exclude_segment=exclude_segment)

    def latest_active_in_year(self, region, year: int) -> tuple[dt.date | None, int]:
        return latest_active_in_year(region=region, year=year)

    # --- for the plausibility rules of ucj/core/plausibility.py ---------------------------------

    def today(self) -> dt.date:
        return plausibility.today()

    def denominator_nearby(self, region, year: int):
        """The same region's denominator of the nearest year before ``year``, else of the
        nearest year after it (None without another year)."""
        others = WorkforceDenominator.objects.filter(region=region).exclude(year=year)
        return (others.filter(year__lt=year).order_by("-year").first()
                or others.filter(year__gt=year).order_by("year").first())

    def active_nearby(self, region, segment: str, month: dt.date) -> tuple[dt.date | None, int]:
        """Active participants of the same region and segment in the nearest month before
        ``month`` (at most NEARBY_MONTHS back), else the nearest after it (as far ahead)."""
        first, last = month_shift(month, -NEARBY_MONTHS), month_shift(month, NEARBY_MONTHS)
        rows = ParticipationSnapshot.objects.filter(region=region, segment=segment)
        found = (rows.filter(month__lt=month, month__gte=first).order_by("-month")
                 .values_list("month", "active").first()
                 or rows.filter(month__gt=month, month__lte=last).order_by("month")
                 .values_list("month", "active").first())
        return found or (None, 0)


DB = CoverageLookups()
