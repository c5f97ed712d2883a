"""Form fields that read what people type (through ucj.core.parsing, the parser the imports
use too): Rupiah with dots and signs, percentages, months as YYYY-MM or "Juni 2025"."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ucj.core.formatting import format_int
from ucj.core.parsing import ParseError, parse_decimal, parse_integer, parse_month

NUMBER_MESSAGES = {
    "invalid": _("Enter a whole number, e.g. 1.234.567."),
    "not_integer": _("Enter a whole number without decimals."),
    "negative": _("The value cannot be negative."),
}


class WholeNumberField(forms.CharField):
    """A count or an amount: accepts '1234567', '1.234.567' and 'Rp 1.234.567'."""

    def __init__(self, *, min_value: int | None = 0, max_value: int | None = None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_int(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            number = parse_integer(value, allow_negative=True)
        except ParseError as exc:
            raise ValidationError(NUMBER_MESSAGES[exc.code], code=exc.code) from exc
        if self.min_value is not None and number < self.min_value:
            if self.min_value == 0:
                raise ValidationError(NUMBER_MESSAGES["negative"], code="negative")
            raise ValidationError(
                _("The value must be at least %(min)s.") % {"min": format_int(self.min_value)},
                code="min_value",
            )
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(
                _("The value must be at most %(max)s.") % {"max": format_int(self.max_value)},
                code="max_value",
            )
        return number


class RupiahField(WholeNumberField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "Rp 0"})
        )
        super().__init__(**kwargs)


class PercentField(forms.CharField):
    """A percentage typed as '62,22' or '62.22' (%), stored as a Decimal between 0 and 100,
    with at most ``max_decimals`` decimals (2, or 3 for a percentage of the wage)."""

    def __init__(self, *, max_decimals: int = 2, **kwargs):
        self.max_decimals = max_decimals
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return str(value).replace(".", ",")

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(value)
        except ParseError as exc:
            raise ValidationError(_("Enter a percentage, e.g. 62,22."), code="invalid") from exc
        if number < 0 or number > 100:
            raise ValidationError(_("A percentage lies between 0 and 100."), code="range")
        if number.as_tuple().exponent < -self.max_decimals:
            message = (_("Use at most three decimals.") if self.max_decimals == 3
                       else _("Use at most two decimals."))
            raise ValidationError(message, code="decimals")
        return number


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (the browser's month picker) or MM/YYYY; stored as its 1st."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "month", "placeholder": "2025-06"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            return f"{value:%Y-%m}"
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_month(value)
        except ValueError as exc:
            raise ValidationError(
                _("Enter a month as YYYY-MM, e.g. 2025-06."), code="invalid"
            ) from exc


class YearField(forms.IntegerField):
    """A (fiscal) year such as 2026."""

    default_error_messages = {"invalid": _("Enter a year as four digits, e.g. 2026.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        super().__init__(**kwargs)
