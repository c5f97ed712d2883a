"""The rules of the plausibility warnings shared by several datasets (docs/decisions.md 53).

A warning never refuses a value: the form or the import shows it and saves only after the user
confirms (``ucj.core.services.ConfirmationRequired``). The checks that need other records ask
a lookups object (``ucj.core.lookups``); the ones here need only the value and today's date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ucj.core.formatting import format_date, format_decimal, format_int, format_month

# A value at least this many times (or at most 1/this) the same series' previous figure looks
# like three zeros too many or too few. Real growth of a region's figures stays far below it.
SCALE_RATIO = 500
# ... once the larger of the two is at least this (3 → 1.500 participants is growth of a new
# segment, not a slip; 17 → 17.000 is a slip).
SCALE_FLOOR = 1_000


def today() -> dt.date:
    """Today in the project's time zone (``TIME_ZONE``, WITA for NTB), whatever the server's or
    the request's. Tests replace this function to freeze the day."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def scale_jump(value, other) -> int:
    """0 when ``value`` and ``other`` are of the same order; otherwise the rounded ratio, positive
    when ``value`` is the larger (×), negative when it is the smaller (÷)."""
    if not value or not other or value <= 0 or other <= 0 or max(value, other) < SCALE_FLOOR:
        return 0
    if value >= SCALE_RATIO * other:
        return round(value / other)
    if other >= SCALE_RATIO * value:
        return -round(other / value)
    return 0


def scale_warning(field_label, value, other, when, fmt=format_int) -> str | None:
    """The warning of ``scale_jump`` for a field, naming both values and whose the other is.
    ``when`` (the other's period) may be a function: it is called only for a warning, as the
    labels (lazy texts) are translated only then: imports check 100,000 rows."""
    ratio = scale_jump(value, other)
    if not ratio:
        return None
    values = {"field": capfirst(str(field_label)), "value": fmt(value), "other": fmt(other),
              "when": when() if callable(when) else when, "ratio": format_int(abs(ratio))}
    if ratio > 0:
        return _("%(field)s %(value)s is %(ratio)s times the figure of %(when)s (%(other)s): "
                 "check for three zeros too many (×1000).") % values
    return _("%(field)s %(value)s is only 1/%(ratio)s of the figure of %(when)s (%(other)s): "
             "check for three zeros too few (÷1000).") % values


def year_window(on: dt.date) -> tuple[int, int]:
    """The budget years that need no confirmation: last year to the year after next."""
    return on.year - 1, on.year + 2


def budget_year_warning(year: int | None, on: dt.date, field_label) -> str | None:
    if not year:
        return None
    first, last = year_window(on)
    if first <= year <= last:
        return None
    return _("%(field)s %(year)s is outside %(first)s–%(last)s (last year to the year after "
             "next): check the year.") % {"field": capfirst(str(field_label)), "year": year,
                                          "first": first, "last": last}


def late_year_warning(year: int | None, on: dt.date, field_label) -> str | None:
    """For figures kept for past years too (denominators): only the far future is unusual."""
    if not year:
        return None
    last = year_window(on)[1]
    if year <= last:
        return None
    return _("%(field)s %(year)s is after %(last)s (the year after next): check the year.") % {
        "field": capfirst(str(field_label)), "year": year, "last": last}


def future_month_warning(month: dt.date | None, on: dt.date) -> str | None:
    """A month after the current one (the current month itself is fine: it is being reported)."""
    if month is None or (month.year, month.month) <= (on.year, on.month):
        return None
    return _("%(month)s is after the current month (%(current)s): figures for a month that has "
             "not come yet.") % {"month": format_month(month), "current": format_month(on)}


def future_date_warning(day: dt.date | None, on: dt.date, field_label) -> str | None:
    if day is None or day <= on:
        return None
    return _("%(field)s %(date)s is after today (%(today)s).") % {
        "field": capfirst(str(field_label)), "date": format_date(day), "today": format_date(on)}


def _percent(value: Decimal) -> str:
    text = format_decimal(value, 2)
    return text.rstrip("0").rstrip(",.") if any(s in text for s in ",.") else text


def fraction_percent_warning(value, field_label) -> str | None:
    """A percentage between 0 and 1 (exclusive) was probably typed as a fraction: 0,45 for 45%."""
    if value is None or not 0 < value < 1:
        return None
    return _("%(field)s %(value)s%% is below 1%%: did you mean %(meant)s%%? Write the percentage "
             "itself (45 for 45%%), not a fraction (0,45).") % {
        "field": capfirst(str(field_label)), "value": _percent(Decimal(value)),
        "meant": _percent(Decimal(value) * 100)}
