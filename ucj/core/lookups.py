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


DB = DbLookups()
