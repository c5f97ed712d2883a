"""The facts plausibility checks need about coverage and budget records (``DbLookups``): the
coverage's (``ucj.coverage.lookups``) plus the budget's, one record at a time (forms); the
importer subclasses it to answer from data loaded once."""

from __future__ import annotations

import datetime as dt

from ucj.budget.models import Allocation, TariffRate
from ucj.budget.selectors import period_among, realized_total
from ucj.coverage.lookups import CoverageLookups
from ucj.policy.tenancy import province_id_of
from ucj.regions.models import Region


class DbLookups(CoverageLookups):
    def realized_total(self, allocation, exclude_month: dt.date | None = None) -> int:
        """Paid against an allocation, all months but ``exclude_month``."""
        return realized_total(allocation=allocation, exclude_month=exclude_month) if allocation.pk else 0

    def tariff(self, package, on: dt.date, region_id: int | None = None):
        """The package's rate in force on a date in the province of the region ``region_id``
        (its own rate before the national one; issue 21)."""
        return period_among(self.rates_of(package), on=on,
                            province_id=self.province_id(region_id))

    def rates_of(self, package) -> list:
        return list(TariffRate.objects.filter(package=package).order_by("-valid_from"))

    def province_id(self, region_id: int | None) -> int | None:
        """The id of the province of the region ``region_id`` (a province or a regency)."""
        if region_id is None:
            return None
        region = Region.objects.only("level", "parent_id").filter(pk=region_id).first()
        return province_id_of(region) if region is not None else None

    def allocation_of(self, region, fiscal_year: int, stage: str, funding_source: str,
                      payer: str, exclude_pk=None):
        """The allocation with this natural key (not ``exclude_pk``), or None."""
        found = Allocation.objects.filter(region=region, fiscal_year=fiscal_year, stage=stage,
                                          funding_source=funding_source, payer=payer)
        if exclude_pk is not None:
            found = found.exclude(pk=exclude_pk)
        return found.first()


DB = DbLookups()
