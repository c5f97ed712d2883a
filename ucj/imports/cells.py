"""Parsing one cell as offices write it. Each parser takes the raw value (str from CSV; str,
int, float, date, datetime or bool from .xlsx) and returns the value or raises CellError with
the reason, in Indonesian."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ucj.core.csvexport import FORMULA_PREFIXES
from ucj.core.fields import parse_month
from ucj.core.formatting import format_int
from ucj.core.numbers import NumberFormatError, parse_decimal, parse_integer


class CellError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


MONTH_NAMES = {
    # Indonesian and English month names and abbreviations
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "pebruari": 2,
    "maret": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6,
    "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7, "agustus": 8, "agu": 8, "agt": 8,
    "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "oct": 10, "october": 10, "november": 11, "nov": 11, "nopember": 11, "desember": 12,
    "des": 12, "dec": 12, "december": 12,
}


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def row_is_blank(row) -> bool:
    for value in row:
        if value is None or value == "" or (type(value) is str and not value.strip()):
            continue
        return False
    return True


def text(value, *, max_length: int = 2000) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if result.startswith("'") and result[1:].startswith(FORMULA_PREFIXES):
        result = result[1:]  # a CSV export's guard against formula injection, taken off again
    if len(result) > max_length:
        raise CellError(_("the text is longer than %(n)s characters.") % {"n": max_length})
    return result


def whole_number(value, *, minimum: int = 0, maximum: int | None = None) -> int:
    if type(value) is str and value.isdigit() and value.isascii():  # the common case, fast
        number = int(value)
        if number >= minimum and (maximum is None or number <= maximum):
            return number
    if isinstance(value, bool):
        raise CellError(_("not a whole number."))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("has decimals; a whole number is needed."))
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, (dt.date, dt.datetime)):
        raise CellError(_("is a date; a whole number is needed."))
    else:
        try:
            number = parse_integer(str(value), allow_negative=True)
        except NumberFormatError as exc:
            if exc.code == "not_integer":
                raise CellError(_("has decimals; a whole number is needed.")) from exc
            raise CellError(_("not a whole number (write e.g. 1.234.567).")) from exc
    if number < minimum:
        if minimum == 0:
            raise CellError(_("cannot be negative."))
        raise CellError(_("must be at least %(min)s.") % {"min": format_int(minimum)})
    if maximum is not None and number > maximum:
        raise CellError(_("must be at most %(max)s.") % {"max": format_int(maximum)})
    return number


def year(value) -> int:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    number = whole_number(value, minimum=0)
    if not 2000 <= number <= 2100:
        raise CellError(_("not a year between 2000 and 2100."))
    return number


def month(value) -> dt.date:
    """A month: 2025-06, 06/2025, 2025-06-01, Juni 2025, or a date cell → its first day."""
    if isinstance(value, (dt.datetime, dt.date)):
        return dt.date(value.year, value.month, 1)
    raw = text(value)
    try:
        return parse_month(raw)
    except ValueError:
        pass
    found = None
    try:
        match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", raw)
        if match:  # a full date: it must exist (2025-06-31 does not)
            found = dt.date(int(match[1]), int(match[2]), int(match[3])).replace(day=1)
        match = re.match(r"^([A-Za-z]+)\.?\s+(\d{4})$", raw)
        if match and match[1].lower() in MONTH_NAMES:
            found = dt.date(int(match[2]), MONTH_NAMES[match[1].lower()], 1)
    except ValueError:  # month 13, day 31 of June, year 0: not a month either
        found = None
    if found is None or not 2000 <= found.year <= 2100:
        raise CellError(_("not a month (write e.g. 2025-06)."))
    return found


def month_number(value) -> int:
    """A month of the year: 1–12 or a month name."""
    raw = text(value).lower().rstrip(".")
    if raw in MONTH_NAMES:
        return MONTH_NAMES[raw]
    return whole_number(value, minimum=1, maximum=12)


def date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    for pattern, order in ((r"^(\d{4})-(\d{1,2})-(\d{1,2})$", "ymd"),
                           (r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", "dmy")):
        match = re.match(pattern, raw)
        if match:
            a, b, c = (int(g) for g in match.groups())
            y, m, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return dt.date(y, m, d)
            except ValueError as exc:
                raise CellError(_("this date does not exist.")) from exc
    match = re.match(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$", raw)
    if match and match[2].lower() in MONTH_NAMES:
        try:
            return dt.date(int(match[3]), MONTH_NAMES[match[2].lower()], int(match[1]))
        except ValueError as exc:
            raise CellError(_("this date does not exist.")) from exc
    raise CellError(_("not a date (write e.g. 2025-07-25 or 25/07/2025)."))


def percentage(value) -> Decimal:
    """A percentage between 0 and 100 written as 62,22 / 62.22 / 62,22%."""
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime)):
        raise CellError(_("not a percentage."))
    try:
        number = (Decimal(str(value)) if isinstance(value, (int, float))
                  else parse_decimal(str(value)))
    except (NumberFormatError, InvalidOperation) as exc:
        raise CellError(_("not a percentage (write e.g. 62,22).")) from exc
    if isinstance(value, float) and 0 < number < 1:
        raise CellError(_("looks like a fraction; write the percentage itself, e.g. 62,22 "
                          "for 62,22%."))
    if not 0 <= number <= 100:
        raise CellError(_("a percentage lies between 0 and 100."))
    if number.as_tuple().exponent < -2:
        raise CellError(_("use at most two decimals."))
    return number


def region_code(value) -> str:
    """A Kemendagri code as typed: 52.03, 5203, 52.3 is refused, ' 52.03 ' is fine."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = re.sub(r"\s+", "", str(value))
    if re.fullmatch(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?", raw):
        return raw
    if re.fullmatch(r"\d+", raw) and len(raw) in (2, 4, 6, 10):
        parts = [raw[:2], raw[2:4], raw[4:6], raw[6:10]]
        return ".".join(p for p in parts if p)
    if isinstance(value, float):  # 52.03 typed into a number cell arrives as 52.03
        formatted = f"{value:.2f}"
        if re.fullmatch(r"\d{2}\.\d{2}", formatted):
            return formatted
    raise CellError(_("not a Kemendagri region code (write e.g. 52.03)."))


def choice(value, options: dict[str, str], shown: list[str]) -> str:
    """One of a coded list; ``options`` maps every accepted spelling (lower case) to the code,
    ``shown`` are the spellings the message suggests."""
    raw = re.sub(r"\s+", " ", text(value)).lower()
    if raw in options:
        return options[raw]
    raise CellError(_("not one of: %(options)s.") % {"options": ", ".join(shown)})
