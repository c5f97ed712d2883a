"""Reading what Indonesian offices write: the one parser of numbers, percentages, months and
dates, shared by the forms (ucj.core.fields), the imports (ucj.imports.cells) and the
registry.

``parse_integer("-Rp 1.234.567")`` → -1234567, ``parse_integer("Rp 500.000,-")`` → 500000,
``parse_decimal("62,22%")`` → Decimal("62.22"), ``parse_month("Juni 2025")`` → 2025-06-01,
``parse_date("15/05/1985")`` → 1985-05-15.

A sign may stand anywhere offices put it: before or after "Rp" (``-Rp 5``, ``Rp -5``), after
the number (``5-``, as accounting software writes), or as parentheses (``(5)``); the minus may
be the ASCII hyphen or the Unicode minus sign (−, as this app itself shows negatives), the en
dash or a full-width minus. ``,-`` at the end means "no cents", not a sign. A value with two
signs is not a number. Pure functions: they raise ``ParseError`` with a code; forms and
importers turn the code into a message.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

MINUS_SIGNS = "-\u2212\u2013\u2012\ufe63\uff0d"  # - − – ‒ ﹣ －
_MINUS = f"[{re.escape(MINUS_SIGNS)}]"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_CURRENCY = re.compile(r"^(rp\.?|idr)", re.IGNORECASE)
_NO_CENTS = re.compile(rf"[.,]{_MINUS}$")  # "Rp 500.000,-"
_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_ZERO_CENTS = re.compile(r"^(?P<whole>\d{1,3}(?:(?P<sep>[.,])\d{3})*|\d+)(?P<dec>[.,])0{1,2}$")


class ParseError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "invalid", "not_integer", "negative"


NumberFormatError = ParseError  # the name the forms and importers knew first


def _signed(text) -> tuple[str, bool]:
    """The digits and separators of ``text`` and whether it is negative: spaces (also
    no-break ones) removed, a currency (Rp, Rp., IDR) and one sign taken off wherever it
    stands. ``%`` is left for the caller."""
    s = _SPACES.sub("", str(text))
    s = _NO_CENTS.sub("", s)
    signs = 0
    negative = False
    for _ in range(3):  # currency, parentheses and sign in any order, each at most once
        before = s
        s = _CURRENCY.sub("", s)
        if len(s) > 1 and s[0] == "(" and s[-1] == ")":
            s, negative, signs = s[1:-1], True, signs + 1
        elif s[:1] and s[0] in MINUS_SIGNS:
            s, negative, signs = s[1:], True, signs + 1
        elif s[:1] == "+":
            s, signs = s[1:], signs + 1
        elif s[-1:] and s[-1] in MINUS_SIGNS:
            s, negative, signs = s[:-1], True, signs + 1
        if s == before:
            break
    if signs > 1:
        raise ParseError("invalid")
    return s, negative


def _whole(s: str) -> int:
    """A whole number without sign: 1234567, 1.234.567, 1,234,567, 1.234.567,00, 1234567.00."""
    if _PLAIN.match(s):
        return int(s)
    if _GROUPED_DOT.match(s):
        return int(s.replace(".", ""))
    if _GROUPED_COMMA.match(s):
        return int(s.replace(",", ""))
    zero = _ZERO_CENTS.match(s)
    if zero and zero["dec"] != zero["sep"]:
        return int(re.sub(r"[.,]", "", zero["whole"]))
    _decimal_body(s)  # a number with decimals (not_integer), or not a number (invalid)
    raise ParseError("not_integer")


def _decimal_body(s: str) -> Decimal:
    """A decimal without sign; the last separator is the decimal one when both appear, a
    single comma is decimal (62,22), a single dot too (62.22), repeated ones group thousands."""
    if not s:
        raise ParseError("invalid")
    if "," in s and "." in s:
        decimal_sep = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        whole, _, frac = s.rpartition(decimal_sep)
        if not (_PLAIN.match(whole) or re.match(rf"^\d{{1,3}}(\{thousands}\d{{3}})+$", whole)):
            raise ParseError("invalid")
        s = whole.replace(thousands, "") + "." + frac
    elif s.count(",") > 1 or s.count(".") > 1:
        if not (_GROUPED_DOT.match(s) or _GROUPED_COMMA.match(s)):
            raise ParseError("invalid")
        s = re.sub(r"[.,]", "", s)
    else:
        s = s.replace(",", ".")
    if not re.match(r"^\d+(\.\d+)?$", s):
        raise ParseError("invalid")
    try:
        return Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above guards this
        raise ParseError("invalid") from exc


def parse_integer(text: str | int, *, allow_negative: bool = False) -> int:
    """A whole number as offices write it (see the module's doc)."""
    if isinstance(text, bool):
        raise ParseError("invalid")
    if isinstance(text, int):
        value = text
    else:
        s = str(text)
        if s.isdigit() and s.isascii():  # the common case
            return int(s)
        s, negative = _signed(s)
        value = _whole(s)
        value = -value if negative else value
    if value < 0 and not allow_negative:
        raise ParseError("negative")
    return value


def parse_decimal(text: str | int | float | Decimal) -> Decimal:
    """A decimal: '62,22', '62.22', '62,22%', '1.234,5', '-0,5'."""
    if isinstance(text, bool):
        raise ParseError("invalid")
    if isinstance(text, Decimal):
        return text
    if isinstance(text, (int, float)):
        return Decimal(repr(text)) if isinstance(text, float) else Decimal(text)
    s, negative = _signed(text)
    s = s.removesuffix("%")
    value = _decimal_body(s)
    return -value if negative else value


def percent_of_fraction(value: float | int | Decimal) -> Decimal:
    """The percentage a percent-formatted spreadsheet cell shows: its value × 100 (the cell
    holding 1 shows 100%, 0.6222 shows 62,22%), without the float's noise."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return (number * 100).quantize(Decimal("1e-8")).normalize() + Decimal(0)


# --- months and dates ------------------------------------------------------------------------

MONTH_NAMES = {
    # Indonesian and English month names and abbreviations
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "pebruari": 2,
    "peb": 2, "maret": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7, "agustus": 8, "agu": 8,
    "agt": 8, "agst": 8, "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10, "november": 11, "nov": 11,
    "nopember": 11, "nop": 11, "desember": 12, "des": 12, "dec": 12, "december": 12,
}
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug aside)
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")  # 10000 (1927) … 99999 (2173): a date stored as a number
_MONTH_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$"),
    re.compile(r"^(?P<m>\d{1,2})[/.-](?P<y>\d{4})$"),
]
_NAMED_MONTH = re.compile(r"^(?P<name>[^\W\d_]+)\.?[\s\-/]*(?P<y>\d{4}|\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_DMY_DATE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_NAMED_DATE = re.compile(r"^(\d{1,2})[\s\-/]*([^\W\d_]+)\.?[\s\-/]*(\d{4})$")


def excel_serial_date(serial: int | float) -> dt.date:
    """The date an Excel serial number stands for (a date cell whose format was lost)."""
    if isinstance(serial, bool) or serial != int(serial) or not 1 <= serial <= 2_958_465:
        raise ParseError("invalid")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _in_years(value: dt.date, years: tuple[int, int]) -> dt.date:
    if not years[0] <= value.year <= years[1]:
        raise ParseError("out_of_range")
    return value


def parse_date(text, *, years: tuple[int, int] = (1900, 2100)) -> dt.date:
    """A date: 2025-07-25, 25/07/2025, 25-07-2025, 25.07.2025, 25 Juli 2025, 25-Jul-2025, a
    date or datetime value, or an Excel serial (45863). Day first, as Indonesia writes it."""
    if isinstance(text, dt.datetime):
        return _in_years(text.date(), years)
    if isinstance(text, dt.date):
        return _in_years(text, years)
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return _in_years(excel_serial_date(text), years)
    raw = _SPACES.sub(" ", str(text)).strip()
    found = None
    try:
        if match := _ISO_DATE.match(raw):
            found = dt.date(int(match[1]), int(match[2]), int(match[3]))
        elif match := _DMY_DATE.match(raw):
            found = dt.date(int(match[4]), int(match[3]), int(match[1]))
        elif (match := _NAMED_DATE.match(raw)) and match[2].lower() in MONTH_NAMES:
            found = dt.date(int(match[3]), MONTH_NAMES[match[2].lower()], int(match[1]))
        elif _SERIAL.match(raw):
            found = excel_serial_date(int(float(raw)))
    except ValueError as exc:  # 31 June, month 13, year 0
        raise ParseError("no_such_date") from exc
    if found is None:
        raise ParseError("invalid")
    return _in_years(found, years)


def parse_month(text, *, years: tuple[int, int] = (2000, 2100)) -> dt.date:
    """A month, as its first day: 2025-06, 2025/06, 06/2025, 6-2025, Juni 2025, Jun-25, a full
    date (2025-06-01, 01/06/2025), a date value or an Excel serial."""
    if isinstance(text, (dt.date, dt.datetime, int, float)) and not isinstance(text, bool):
        return parse_date(text, years=years).replace(day=1)
    raw = _SPACES.sub(" ", str(text)).strip()
    for pattern in _MONTH_PATTERNS:
        if match := pattern.match(raw):
            year, month = int(match["y"]), int(match["m"])
            if not 1 <= month <= 12:
                raise ParseError("invalid")
            return _in_years(dt.date(year, month, 1), years)
    if (match := _NAMED_MONTH.match(raw)) and match["name"].lower() in MONTH_NAMES:
        year = int(match["y"])
        year = 2000 + year if year < 100 else year
        return _in_years(dt.date(year, MONTH_NAMES[match["name"].lower()], 1), years)
    return parse_date(raw, years=years).replace(day=1)


_QUERY_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def query_month(raw: str) -> dt.date | None:
    """A month as a page's ``?bulan=`` carries it (the month picker's YYYY-MM), as its first
    day; None for anything else (the pages then show their latest month)."""
    match = _QUERY_MONTH.fullmatch(raw or "")
    return dt.date(int(match[1]), int(match[2]), 1) if match else None
