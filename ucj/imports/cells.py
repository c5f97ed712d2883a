"""Parsing one cell as offices write it. Each parser takes the raw value (str from CSV; str,
int, float, date, datetime or bool from .xlsx) and returns the value or raises CellError with
the reason, in Indonesian."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ucj.core.csvexport import FORMULA_PREFIXES
from ucj.core.formatting import format_int
from ucj.core.parsing import (
    MONTH_NAMES,
    ParseError,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_month,
    percent_of_fraction,
)


class CellError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


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
        except ParseError as exc:
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
    """A month: 2025-06, 06/2025, 2025-06-01, Juni 2025, Jun-25, a date cell or an Excel
    serial → its first day (ucj.core.parsing.parse_month)."""
    if isinstance(value, bool):
        raise CellError(_("not a month (write e.g. 2025-06)."))
    try:
        return parse_month(value if isinstance(value, (dt.date, int, float)) else text(value))
    except ParseError as exc:
        raise CellError(_("not a month (write e.g. 2025-06).")) from exc


def month_number(value) -> int:
    """A month of the year: 1–12 or a month name."""
    raw = text(value).lower().rstrip(".")
    if raw in MONTH_NAMES:
        return MONTH_NAMES[raw]
    return whole_number(value, minimum=1, maximum=12)


def date(value) -> dt.date:
    """A date: 2025-07-25, 25/07/2025, 25.07.2025, 25 Juli 2025, a date cell or an Excel
    serial (ucj.core.parsing.parse_date)."""
    if isinstance(value, bool):
        raise CellError(_("not a date (write e.g. 2025-07-25 or 25/07/2025)."))
    try:
        return parse_date(value if isinstance(value, (dt.date, int, float)) else text(value))
    except ParseError as exc:
        if exc.code == "no_such_date":
            raise CellError(_("this date does not exist.")) from exc
        raise CellError(_("not a date (write e.g. 2025-07-25 or 25/07/2025).")) from exc


def percentage(value, *, percent_cell: bool = False) -> Decimal:
    """A percentage between 0 and 100 written as 62,22 / 62.22 / 62,22%; ``percent_cell``: a
    spreadsheet cell formatted as a percentage, whose value is the fraction it shows × 100
    (1 shows 100%, 0.45 shows 45%)."""
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime)):
        raise CellError(_("not a percentage."))
    try:
        if percent_cell and isinstance(value, (int, float)):
            number = percent_of_fraction(value)
        else:
            number = (Decimal(repr(value)) if isinstance(value, float)
                      else parse_decimal(value if isinstance(value, int) else str(value)))
    except (ParseError, InvalidOperation) as exc:
        raise CellError(_("not a percentage (write e.g. 62,22).")) from exc
    if isinstance(value, float) and not percent_cell and 0 < number < 1:
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
