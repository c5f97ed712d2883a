"""Months around a month, for the checks and reads that compare a figure with its neighbours.

The lookups plausibility checks ask live with the records they read:
``ucj.coverage.lookups.CoverageLookups`` and ``ucj.budget.lookups.DbLookups``.
"""

from __future__ import annotations

import datetime as dt

# How far the participation of another month is looked for (either way).
NEARBY_MONTHS = 12


def month_shift(month: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before) ``month``."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
