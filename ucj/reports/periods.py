"""Report periods: a month (``2025-06``), a quarter (``2025-Q2``) or a year (``2025``).

A report describes its period by the latest month with participation data within it (the
*reference month*): monthly figures (participants, coverage, status) are those of that month,
yearly ones (targets, budgets) those of its year, exactly as the indicator engine computes
them for that month."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Max
from django.utils.translation import gettext as _

from ucj.core.formatting import format_month
from ucj.coverage.models import ParticipationSnapshot
from ucj.regions.models import Region

QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}
PATTERN = re.compile(r"^\s*(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])))?\s*$")


@dataclass(frozen=True)
class Period:
    kind: str  # "month", "quarter" or "year"
    year: int
    start: dt.date  # first day of the first month
    end: dt.date  # first day of the last month

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.year)

    @property
    def last_day(self) -> dt.date:
        """The period's last day (30 June 2025 for 2025-Q2)."""
        following = dt.date(self.end.year + self.end.month // 12, self.end.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def months(self) -> list[dt.date]:
        return [dt.date(self.year, m, 1) for m in range(self.start.month, self.end.month + 1)]

    @property
    def label(self) -> str:
        """In the interface language: "Juni 2025", "Triwulan II 2025", "Tahun 2025"."""
        if self.kind == "month":
            return format_month(self.start)
        if self.kind == "quarter":
            quarter = QUARTER_NAMES[(self.start.month - 1) // 3 + 1]
            return _("Quarter %(q)s %(year)s") % {"q": quarter, "year": self.year}
        return _("Year %(year)s") % {"year": self.year}

    def __str__(self) -> str:
        return self.code


def parse_period(text: str) -> Period:
    """``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``; ValueError (with a message for the user) otherwise."""
    match = PATTERN.match(text or "")
    year = int(match.group(1)) if match else 0
    if not match or not 2000 <= year <= 2100:
        raise ValueError(_("“%(text)s” is not a period: write YYYY-MM (a month), YYYY-Qn (a "
                           "quarter) or YYYY (a year), e.g. 2025-06, 2025-Q2 or 2025.")
                         % {"text": text})
    month, quarter = match.group(2), match.group(3)
    if month:
        number = int(month)
        if not 1 <= number <= 12:
            raise ValueError(_("“%(text)s”: the month must be 01 to 12.") % {"text": text})
        first = dt.date(year, number, 1)
        return Period(kind="month", year=year, start=first, end=first)
    if quarter:
        q = int(quarter)
        return Period(kind="quarter", year=year, start=dt.date(year, 3 * q - 2, 1),
                      end=dt.date(year, 3 * q, 1))
    return Period(kind="year", year=year, start=dt.date(year, 1, 1), end=dt.date(year, 12, 1))


def province_of(region: Region) -> Region:
    return region if region.parent_id is None else (
        region.parent if region.parent.parent_id is None else province_of(region.parent))


def reference_month(province: Region, period: Period) -> dt.date | None:
    """The latest month within the period with participation data in the province."""
    return (ParticipationSnapshot.objects
            .filter(region__parent=province, month__gte=period.start, month__lte=period.end)
            .aggregate(m=Max("month"))["m"])
