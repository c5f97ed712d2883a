"""Reading numbers the way Indonesian offices write them.

``parse_integer("Rp 1.234.567")`` → 1234567, ``parse_decimal("62,22%")`` → Decimal("62.22").
Pure functions: they raise ``NumberFormatError`` with a code; forms and importers turn the
code into a message.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation


class NumberFormatError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "invalid", "not_integer", "negative"


_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_PLAIN = re.compile(r"^\d+$")


def _without_currency(s: str) -> str:
    low = s[:3].lower()
    if low == "rp.":
        return s[3:]
    if low.startswith("rp"):
        return s[2:]
    return s[3:] if low == "idr" else s


def _strip(text: str) -> tuple[str, bool]:
    """Spaces (also no-break ones), a leading Rp/IDR and a trailing % taken off; the sign."""
    s = str(text)
    if s.isdigit():  # the common case
        return s, False
    s = _without_currency("".join(s.split()))
    negative = False
    if s.startswith(("-", "−")):
        negative, s = True, s[1:]
    s = s.removesuffix("%")
    return _without_currency(s), negative


def parse_integer(text: str | int, *, allow_negative: bool = False) -> int:
    """A whole number: '1234567', '1.234.567', '1,234,567', 'Rp 1.234.567,00', '1 234 567'."""
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        s, negative = _strip(text)
        if s[:1].isdigit() and s.replace(".", "").isdigit() and _GROUPED_DOT.match(s):
            return int(s.replace(".", ""))  # 1.234.567, the Indonesian way, quickly
        # Zero decimals as written by accounting software: 1.234.567,00 or 1234567.00
        s = re.sub(r",0{1,2}$", "", s) if "," in s and "." in s else s
        if _PLAIN.match(s):
            value = int(s)
        elif _GROUPED_DOT.match(s):
            value = int(s.replace(".", ""))
        elif _GROUPED_COMMA.match(s):
            value = int(s.replace(",", ""))
        elif re.match(r"^\d+[.,]0{1,2}$", s):
            value = int(re.split(r"[.,]", s)[0])
        elif re.match(r"^\d+[.,]\d+$", s) or re.match(r"^[\d.]+,\d+$", s):
            raise NumberFormatError("not_integer")
        else:
            raise NumberFormatError("invalid")
        if negative:
            value = -value
    if value < 0 and not allow_negative:
        raise NumberFormatError("negative")
    return value


def parse_decimal(text: str | int | float | Decimal) -> Decimal:
    """A decimal: '62,22', '62.22', '62,22%', '1.234,5' (the last separator is the decimal one)."""
    if isinstance(text, Decimal):
        return text
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return Decimal(str(text))
    s, negative = _strip(text)
    if not s:
        raise NumberFormatError("invalid")
    if "," in s and "." in s:
        decimal_sep = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        s = s.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in s:
        if s.count(",") > 1:
            raise NumberFormatError("invalid")
        s = s.replace(",", ".")
    elif s.count(".") > 1:
        if not _GROUPED_DOT.match(s):
            raise NumberFormatError("invalid")
        s = s.replace(".", "")
    if not re.match(r"^\d+(\.\d+)?$", s):
        raise NumberFormatError("invalid")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the regex above guards this
        raise NumberFormatError("invalid") from exc
    return -value if negative else value
