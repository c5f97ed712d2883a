"""The facts plausibility checks need about coverage and budget records (``DbLookups``): the
coverage's (``ucj.coverage.lookups``) plus the budget's, one record at a time (forms); the
importer subclasses it to answer from data loaded once."""

from __future__ import annotations

import datetime as dt

from ucj.budget.models import Allocation
from ucj.budget.selectors import realized_total, tariff_in_force
from ucj.coverage.lookups import CoverageLookups


class DbLookups(CoverageLookups):
    def realized_total(self, allocation, exclude_month: dt.date | None = None) -> int:
        """Paid against an allocation, all months but ``exclude_month``."""
        return realized_total(allocation=allocation, exclude_month=exclude_month) if allocation.pk else 0

    def tariff(self, package, on: dt.date):
        return tariff_in_force(package=package, on=on)

    def allocation_of(self, region, fiscal_year: int, stage: str, funding_source: str,
                      payer: str, exclude_pk=None):
        """The allocation with this natural key (not ``exclude_pk``), or None."""
        found = Allocation.objects.filter(region=region, fiscal_year=fiscal_year, stage=stage,
                                          funding_source=funding_source, payer=payer)
        if exclude_pk is not None:
            found = found.exclude(pk=exclude_pk)
        return found.first()


DB = DbLookups()
