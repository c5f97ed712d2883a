"""The plausibility warnings of an import, computed with the same functions as the forms
(``ucj.budget.services``, ``ucj.coverage.services``, ``ucj.core.plausibility``) but answered by
``BatchLookups`` from data loaded once, with the file's own rows laid over the database's; and
what the sheet says besides its values (a region name that is not the code's, a hidden row or
column)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict

from django.db.models import Sum
from django.utils.translation import gettext as _

from ucj.budget import services as budget
from ucj.budget.lookups import DbLookups
from ucj.budget.models import Allocation, Realization, TariffRate
from ucj.core.lookups import NEARBY_MONTHS, month_shift
from ucj.coverage import services as coverage
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.imports import cells
from ucj.imports.plan import PlannedRow, shown_value
from ucj.imports.readers import Table, column_letter
from ucj.imports.specs import Spec

# The warnings of each dataset's records, as the forms compute them.
WARNINGS = {
    "denominators": coverage.denominator_warnings,
    "participation": coverage.participation_warnings,
    "commitments": budget.commitment_warnings,
    "allocations": budget.allocation_warnings,
    "realizations": budget.realization_warnings,
}


class BatchLookups(DbLookups):
    """Answers the plausibility checks from the database as it is plus the rows of the file."""

    def __init__(self):
        self._provinces: dict[int | None, int | None] = {}
        self.denominators: dict[tuple[int, int], WorkforceDenominator | None] = {}
        self.active: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(dict)
        self.realized: dict[int, dict[dt.date, int]] = defaultdict(dict)
        self.realized_totals: dict[int, int] = {}  # filled on first use, after loading
        self.active_totals: dict[tuple, int] = {}  # likewise
        self.rates: dict[int, list[TariffRate]] = defaultdict(list)
        self._latest: dict[tuple[int, int], tuple[dt.date | None, int]] = {}
        # for the plausibility rules (ucj/core/plausibility.py), the file's rows laid over:
        self._today: dt.date | None = None  # one day for the whole import
        self.denominator_years: dict[int, dict[int, WorkforceDenominator]] = defaultdict(dict)
        self.series: dict[tuple[int, str], dict[dt.date, int]] = defaultdict(dict)
        self._series_months: dict[tuple[int, str], list[dt.date]] = {}  # sorted, on first use
        self.allocations: dict[tuple, Allocation] = {}  # natural key → allocation

    def load_denominators(self, region_ids, years) -> None:
        for d in WorkforceDenominator.objects.filter(region_id__in=region_ids, year__in=years):
            self.denominators[(d.region_id, d.year)] = d

    def load_active(self, region_ids, months) -> None:
        rows = (ParticipationSnapshot.objects.filter(region_id__in=region_ids, month__in=months)
                .values_list("region_id", "month", "segment", "active"))
        for region_id, month, segment, active in rows:
            self.active[(region_id, month)][segment] = active

    def load_latest_active(self, region_ids, years) -> None:
        rows = (ParticipationSnapshot.objects
                .filter(region_id__in=region_ids, month__year__in=years)
                .values("region_id", "month").annotate(total=Sum("active")))
        for row in rows:
            key = (row["region_id"], row["month"].year)
            if key not in self._latest or row["month"] > self._latest[key][0]:
                self._latest[key] = (row["month"], row["total"] or 0)

    def load_realized(self, allocation_ids) -> None:
        rows = (Realization.objects.filter(allocation_id__in=allocation_ids)
                .values_list("allocation_id", "month", "amount_paid"))
        for allocation_id, month, amount in rows:
            self.realized[allocation_id][month] = amount

    def load_rates(self) -> None:
        for rate in TariffRate.objects.order_by("-valid_from"):
            self.rates[rate.package_id].append(rate)

    def load_denominator_years(self, region_ids) -> None:
        """Every year's denominator of the regions (a region has one a year: a small table)."""
        for d in WorkforceDenominator.objects.filter(region_id__in=region_ids):
            self.denominator_years[d.region_id][d.year] = d

    def load_active_series(self, region_ids, months) -> None:
        """Active participants per region, segment and month, NEARBY_MONTHS around the file's."""
        first = month_shift(min(months), -NEARBY_MONTHS)
        last = month_shift(max(months), NEARBY_MONTHS)
        rows = (ParticipationSnapshot.objects
                .filter(region_id__in=region_ids, month__gte=first, month__lte=last)
                .values_list("region_id", "segment", "month", "active"))
        for region_id, segment, month, active in rows:
            self.series[(region_id, segment)][month] = active

    def load_allocations(self, region_ids, years) -> None:
        fields = ("id", "region_id", "fiscal_year", "stage", "funding_source", "payer", "amount",
                  "workers_planned", "start_month", "months_covered")
        for a in Allocation.objects.filter(region_id__in=region_ids,
                                           fiscal_year__in=years).only(*fields):
            self.allocations[(a.region_id, a.fiscal_year, a.stage, a.funding_source, a.payer)] = a

    # the DbLookups interface
    def denominator(self, region, year: int):
        return self.denominators.get((region.id, year))

    def active_total(self, region, month, exclude_segment=None) -> int:
        key = (region.id, month)
        by_segment = self.active.get(key)
        if not by_segment:
            return 0
        total = self.active_totals.get(key)
        if total is None:
            total = self.active_totals[key] = sum(by_segment.values())
        return total - by_segment.get(exclude_segment, 0)

    def latest_active_in_year(self, region, year: int):
        return self._latest.get((region.id, year), (None, 0))

    def realized_total(self, allocation, exclude_month=None) -> int:
        if not allocation.id:
            return 0
        by_month = self.realized.get(allocation.id)
        if not by_month:
            return 0
        total = self.realized_totals.get(allocation.id)
        if total is None:
            total = self.realized_totals[allocation.id] = sum(by_month.values())
        return total - by_month.get(exclude_month, 0)

    def rates_of(self, package) -> list:
        return self.rates.get(package.id, [])  # newest first, loaded once

    def province_id(self, region_id: int | None) -> int | None:
        """As the database's, asked once per region of the file (issue 21)."""
        if region_id not in self._provinces:
            self._provinces[region_id] = super().province_id(region_id)
        return self._provinces[region_id]

    def today(self) -> dt.date:
        if self._today is None:
            self._today = super().today()
        return self._today

    def denominator_nearby(self, region, year: int):
        years = self.denominator_years.get(region.id)
        if not years:
            return None
        earlier = [y for y in years if y < year]
        if earlier:
            return years[max(earlier)]
        later = [y for y in years if y > year]
        return years[min(later)] if later else None

    def active_nearby(self, region, segment: str, month: dt.date):
        key = (region.id, segment)
        by_month = self.series.get(key)
        if not by_month:
            return None, 0
        months = self._series_months.get(key)
        if months is None:
            months = self._series_months[key] = sorted(by_month)
        at = bisect.bisect_left(months, month)
        if at > 0 and months[at - 1] >= month_shift(month, -NEARBY_MONTHS):
            return months[at - 1], by_month[months[at - 1]]
        at = bisect.bisect_right(months, month)
        if at < len(months) and months[at] <= month_shift(month, NEARBY_MONTHS):
            return months[at], by_month[months[at]]
        return None, 0

    def allocation_of(self, region, fiscal_year, stage, funding_source, payer, exclude_pk=None):
        found = self.allocations.get((region.id, fiscal_year, stage, funding_source, payer))
        if found is None or (exclude_pk is not None and found.pk == exclude_pk):
            return None
        return found


def load_lookups(slug: str, rows: list[PlannedRow], lookups: BatchLookups) -> None:
    """Load what the warnings of the rows written need, then lay the file's rows over it."""
    written = [r for r in rows if r.action in ("create", "update")]
    if not written:
        return
    region_ids = {r.region.pk for r in written}
    if slug == "denominators":
        lookups.load_latest_active(region_ids, {r.instance.year for r in written})
        lookups.load_denominator_years(region_ids)
        for r in written:  # the file's figures replace the database's
            lookups.denominator_years[r.region.id][r.instance.year] = r.instance
    elif slug == "participation":
        months = {r.instance.month for r in written}
        lookups.load_denominators(region_ids, {m.year for m in months})
        lookups.load_active(region_ids, months)
        lookups.load_active_series(region_ids, months)
        for r in rows:  # the file's figures replace the database's
            values = r.values
            lookups.active[(r.region.id, values["month"])][values["segment"]] = values["active"]
            lookups.series[(r.region.id, values["segment"])][values["month"]] = values["active"]
    elif slug == "commitments":
        lookups.load_denominators(region_ids, {r.instance.year for r in written})
    elif slug == "allocations":
        lookups.load_rates()
        lookups.load_realized({r.instance.pk for r in written if r.instance.pk})
        years = {r.instance.fiscal_year for r in written}
        lookups.load_allocations(region_ids, years | {y - 1 for y in years})
        for r in written:  # the file's figures replace the database's
            a = r.instance
            lookups.allocations[(r.region.id, a.fiscal_year, a.stage, a.funding_source,
                                 a.payer)] = a
    elif slug == "realizations":
        lookups.load_rates()
        lookups.load_realized({r.instance.allocation_id for r in written})
        for r in rows:
            values = r.values
            lookups.realized[values["allocation"].id][values["month"]] = values["amount_paid"]


_REGION_WORDS = re.compile(r"^(kabupaten|kab\.?|kota|provinsi|prov\.?)\s+")


def _name_key(name) -> str:
    """A region name compared without case, spacing, punctuation or its kind (Kabupaten,
    Kab., Kota, Provinsi)."""
    text = re.sub(r"\s+", " ", str(name)).strip().lower()
    text = _REGION_WORDS.sub("", text)
    return re.sub(r"[^0-9a-z]", "", text)


def sheet_warnings(r: PlannedRow, table: Table, columns: dict[str, int], spec: Spec) -> list[str]:
    """What the row says besides its values: a region name that is not the coded region's,
    a hidden row, a filled cell in a hidden column."""
    warnings = []
    raw = table.rows[r.row - 1]
    name_at = columns.get("region_name")
    if name_at is not None and name_at < len(raw) and not cells.is_blank(raw[name_at]):
        written = shown_value(raw[name_at])
        if _name_key(written) not in {_name_key(r.region.name), _name_key(r.region.short_name)}:
            warnings.append(_(
                "the region name “%(name)s” is not that of code %(code)s (%(region)s); the row "
                "is entered for %(region)s. Check the code."
            ) % {"name": written, "code": r.region.code, "region": r.region.name})
    if r.row - 1 in table.hidden_rows:
        warnings.append(_("row %(row)s is hidden in the spreadsheet; check that it belongs in the "
                          "file.") % {"row": r.row})
    for key, index in columns.items():
        if index in table.hidden_columns and index < len(raw) and not cells.is_blank(raw[index]):
            warnings.append(_("column %(letter)s (“%(label)s”) is hidden in the spreadsheet; "
                              "check its value.") % {"letter": column_letter(index),
                                                     "label": spec.column(key).label})
    return warnings


def add_warnings(slug: str, rows: list[PlannedRow], lookups: BatchLookups, *, table: Table,
                 columns: dict[str, int], spec: Spec) -> None:
    """Set the warnings of each row that creates or changes a record (``lookups`` loaded)."""
    warn = WARNINGS[slug]
    for r in rows:
        if r.action in ("create", "update"):
            r.warnings = [*sheet_warnings(r, table, columns, spec),
                          *(str(w) for w in warn(r.instance, lookups))]
