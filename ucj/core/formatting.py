"""Display formats: Rupiah as ``Rp 1.234.567``, counts as ``1.234.567``, ratios as ``30,7%``,
months as ``Juni 2025`` and dates as ``25 Juli 2025`` (in the active language)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext


def _separators() -> tuple[str, str]:
    """(thousands, decimal) for the active language."""
    return (",", ".") if (get_language() or "id").startswith("en") else (".", ",")


def format_int(value) -> str:
    if value is None or value == "":
        return "–"
    thousands, _ = _separators()
    n = int(value)
    text = f"{abs(n):,}".replace(",", thousands)
    return f"−{text}" if n < 0 else text


def format_rupiah(value) -> str:
    if value is None or value == "":
        return "–"
    n = int(value)
    text = "Rp " + format_int(abs(n))
    return f"−{text}" if n < 0 else text


def format_decimal(value, places: int = 1) -> str:
    if value is None:
        return "–"
    thousands, decimal_sep = _separators()
    q = Decimal(1).scaleb(-places)
    d = Decimal(value).quantize(q, rounding=ROUND_HALF_UP)
    sign = "−" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    whole = f"{int(whole):,}".replace(",", thousands)
    return f"{sign}{whole}{decimal_sep}{frac}" if places else f"{sign}{whole}"


def format_ratio_pct(ratio, places: int = 1) -> str:
    """A ratio (0.3071) as a percentage (30,7%). None (no data) shows as 'no data'."""
    if ratio is None:
        return gettext("no data")
    return format_decimal(Decimal(ratio) * 100, places) + "%"


def format_duration(milliseconds) -> str:
    """A duration kept in milliseconds as a reader says it: "3,2 detik", "2 menit 5 detik"."""
    if milliseconds is None or milliseconds == "":
        return "–"
    seconds = Decimal(int(milliseconds)) / 1000
    if seconds < 60:
        return gettext("%(n)s seconds") % {"n": format_decimal(seconds, 1)}
    minutes, rest = divmod(int(seconds.to_integral_value(rounding=ROUND_HALF_UP)), 60)
    return gettext("%(m)s min %(s)s s") % {"m": format_int(minutes), "s": rest}


def format_month(value: dt.date | None) -> str:
    return date_format(value, "F Y") if value else "–"


def format_date(value: dt.date | dt.datetime | None) -> str:
    """25 Juli 2025; an aware date-time gives its local day (TIME_ZONE), not its UTC one."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "j F Y") if value else "–"


# --- machine-readable figures (CSV and JSON exports) -------------------------------------------

RATIO_PLACES = Decimal("0.000001")


def ratio_text(value):
    """A Decimal ratio for a CSV cell: '0.225000' (six places, no binary float); other values
    as they are, no data (None) as an empty cell."""
    if value is None:
        return ""
    return format(value.quantize(RATIO_PLACES), "f") if isinstance(value, Decimal) else value


def ratio_number(value):
    """A Decimal ratio for JSON: a plain number (0.3071), rounded to six places; None stays
    None (null)."""
    return float(value.quantize(RATIO_PLACES)) if isinstance(value, Decimal) else value
